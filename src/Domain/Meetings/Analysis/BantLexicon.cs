using System.Text.RegularExpressions;

namespace AiScheduler.Domain.Meetings.Analysis;

/// <summary>
/// What leads say about budget, authority, need and timeline in English, Hebrew, French, German and Spanish, in
/// <see cref="AnalysisText"/> normal form. One lexicon for all five: a lead may switch language mid-meeting, and the
/// phrases of different languages do not collide.
/// </summary>
internal static class BantLexicon
{
    // ---- Budget ----

    /// <summary>Words that name money set aside; a negation shortly before one of them is "no budget".</summary>
    public static readonly Regex BudgetWords = AnalysisText.Phrases(
        "budget", "budgets", "funds", "funding", "money", "spend", "invest",
        "budget", "geld", "mittel", "etat", "investieren", "ausgeben",
        "budget", "argent", "fonds", "enveloppe", "investir", "depenser",
        "presupuesto", "dinero", "fondos", "partida", "invertir", "gastar",
        "תקציב", "כסף", "להשקיע", "לשלם");

    /// <summary>Budget approved or set aside.</summary>
    public static readonly Regex BudgetAllocated = AnalysisText.Phrases(
        @"budget (?:is|was|has been|got) (?:already )?(?:approved|allocated|signed off|set aside|confirmed)", "approved budget",
        "allocated", "set aside", "earmarked", "signed off",
        "freigegeben", "genehmigt", "eingeplant", "bewilligt", "budget steht",
        @"valide", @"approuve", @"alloue", @"prevu au budget", "budgetise",
        "aprobado", "asignado", "presupuestado", "reservado",
        "תקציב מאושר", "אושר", "הקצינו", "תקציב סגור", "תקצבנו");

    /// <summary>Willingness to pay or a budget in place without an amount.</summary>
    public static readonly Regex BudgetMentioned = AnalysisText.Phrases(
        @"(?:we|i) (?:have|got) (?:a |the |some )?budget", "budget for", "willing to (?:pay|invest|spend)", "we can (?:spend|afford|invest)",
        @"wir haben (?:ein |das )?budget", "budget fur", @"bereit(?:, | )(?:zu investieren|zu zahlen|auszugeben)", "konnen wir ausgeben",
        @"(?:nous avons|on a) (?:un |le )?budget", "budget pour", @"pret(?:s)? a (?:investir|payer|depenser)",
        @"tenemos (?:un |el )?presupuesto", "presupuesto para", @"dispuestos a (?:invertir|pagar|gastar)", "podemos (?:pagar|invertir|gastar)",
        "יש לנו תקציב", "יש תקציב", "תקציב של", "מוכנים להשקיע", "מוכנים לשלם");

    /// <summary>Money said to be missing or frozen, in so many words.</summary>
    public static readonly Regex BudgetMissing = AnalysisText.Phrases(
        "can't afford", "cannot afford", "too expensive", "budget freeze", "frozen budget", "out of budget",
        "zu teuer", "budgetstopp", "konnen wir uns nicht leisten",
        "trop cher", "budget gele", "pas les moyens",
        "demasiado caro", "no podemos pagar", "presupuesto congelado",
        "יקר מדי", "אין לנו כסף", "תקציב מוקפא");

    // ---- Authority ----

    /// <summary>Titles and phrases of a person who decides alone.</summary>
    public static readonly Regex DecisionMaker = AnalysisText.Phrases(
        "ceo", "founder", "co-founder", "cofounder", "owner", "president", "managing director", "general manager",
        @"i (?:make|take) the (?:final )?decision", "i decide", "i'm the decision maker", "i am the decision maker", "my decision",
        "i sign", "i approve", "final say", "my call",
        "geschaftsfuhrer", "geschaftsfuhrerin", "inhaber", "inhaberin", "grunder", "grunderin", "vorstand", "vorstandsvorsitzender",
        "ich entscheide", "entscheide ich", "ich unterschreibe", "meine entscheidung",
        "pdg", "directeur general", "directrice generale", "fondateur", "fondatrice", "gerant", "gerante", "patron", "patronne",
        "je decide", "c'est moi qui decide", "je signe", "ma decision",
        "director general", "directora general", "consejero delegado", "fundador", "fundadora", "dueno", "duena", "propietario",
        "propietaria", "gerente general", "yo decido", "decido yo", "yo firmo", "mi decision",
        "מנכ\"ל", "מנכ\"לית", "מנכל", "מנכלית", "בעלים", "הבעלים", "מייסד", "מייסדת", "אני מחליט", "אני מחליטה", "ההחלטה שלי",
        "אני חותם", "אני חותמת");

    /// <summary>C-level titles that usually hold a budget (CFO, CTO...).</summary>
    public static readonly Regex Executive = AnalysisText.Phrases(
        "cfo", "cto", "coo", "cio", "cmo", "cro", "chief [a-z]+ officer", "finanzvorstand", "directeur financier", "directrice financiere",
        "director financiero", "directora financiera", "סמנכ\"ל", "סמנכ\"לית", "סמנכל");

    /// <summary>Senior roles that influence the decision.</summary>
    public static readonly Regex Senior = AnalysisText.Phrases(
        "director", "vp", "vice president", "head of", "partner",
        "direktor", "direktorin", "leiter", "leiterin", "bereichsleiter", "abteilungsleiter", "abteilungsleiterin",
        "directeur", "directrice", "responsable de", "chef de service",
        "directora", "jefe de", "jefa de", "responsable de",
        "ראש צוות", "ראש מחלקת", "מנהל מחלקת", "מנהלת מחלקת", "דירקטור");

    /// <summary>Managers without the last word.</summary>
    public static readonly Regex Manager = AnalysisText.Phrases(
        "manager", "team lead", "team leader", "teamleiter", "teamleiterin", "responsable", "jefe", "jefa", "gerente",
        "מנהל", "מנהלת", "ראש צוות");

    /// <summary>Someone else decides or must approve.</summary>
    public static readonly Regex NeedsSignOff = AnalysisText.Phrases(
        "approval", "sign-off", "sign off from", @"check with (?:my|our|the) (?:boss|manager|ceo|board|team|partner)", "the board",
        @"not (?:my|the) decision", "not the decision maker", @"(?:my|our) boss decides", @"(?:my|our) (?:boss|manager|ceo) (?:has|needs) to",
        "run it by", "decides", "committee",
        "zustimmung", "freigabe von", "mit meinem chef", "mit meiner chefin", "mit der geschaftsfuhrung", "der vorstand entscheidet",
        "nicht meine entscheidung", "ich entscheide nicht", "entscheidet",
        "l'accord de", "validation de", "mon patron", "mon responsable", "ma direction", "ce n'est pas moi qui decide",
        "je ne decide pas", "je dois en parler", "decide",
        "aprobacion", "mi jefe", "mi jefa", "consultarlo", "no soy quien decide", "no decido yo", "tengo que consultar", "decide",
        "אישור", "הבוס שלי", "המנהל שלי", "צריך לבדוק עם", "צריכה לבדוק עם", "לא ההחלטה שלי", "לא אני מחליט", "לא אני מחליטה",
        "ההנהלה", "הדירקטוריון", "מחליט", "מחליטה");

    // ---- Need ----

    /// <summary>A need in the lead's words.</summary>
    public static readonly Regex NeedStatement = AnalysisText.Phrases(
        "we need", "i need", "we're looking for", "we are looking for", "looking for a", "we want to", "we'd like to", "must have",
        "wir brauchen", "ich brauche", "wir suchen", "wir mochten", "wir wollen", "brauchen dringend",
        "nous avons besoin", "on a besoin", "j'ai besoin", "besoin d'", "besoin de", "nous cherchons", "on cherche", "nous voulons",
        "necesitamos", "necesito", "buscamos", "estamos buscando", "queremos",
        "אנחנו צריכים", "אני צריך", "אני צריכה", "צריכים", "מחפשים", "אנחנו רוצים", "רוצים");

    /// <summary>A pain: something that hurts today.</summary>
    public static readonly Regex Pain = AnalysisText.Phrases(
        "problem", "problems", "issue", "issues", "pain", "struggle", "struggling", "frustrat[a-z]*", "losing", "lose", "lost",
        "waste", "wasting", "too slow", "slow", "manual", "manually", "can't keep up", "cannot keep up", "bottleneck", "challenge",
        "error-prone", "mistakes", "churn", "missed",
        "problem", "probleme", "schwierigkeit", "schwierigkeiten", "verlieren", "verloren", "zu langsam", "langsam", "manuell",
        "engpass", "herausforderung", "kommen nicht hinterher", "fehler", "aufwendig",
        "probleme", "problemes", "difficulte", "difficultes", "perdons", "perd", "perdu", "trop lent", "lent", "manuel",
        "manuellement", "defi", "erreurs", "galere",
        "problema", "problemas", "dificultad", "dificultades", "perdemos", "perdiendo", "demasiado lento", "lento", "a mano",
        "reto", "desafio", "errores",
        "בעיה", "בעיות", "קושי", "קשיים", "מאבדים", "מפסידים", "איטי", "ידני", "ידנית", "אתגר", "טעויות", "מתסכל");

    /// <summary>Urgency.</summary>
    public static readonly Regex Urgent = AnalysisText.Phrases(
        "urgent", "urgently", "critical", "top priority", "asap", "dringend", "kritisch", "hochste prioritat", "urgent", "urgente",
        "critique", "priorite absolue", "urgente", "critico", "prioridad", "דחוף", "קריטי", "בעדיפות עליונה");

    /// <summary>No need, in so many words.</summary>
    public static readonly Regex NoNeed = AnalysisText.Phrases(
        "don't need", "do not need", "no need", "not interested", "happy with (?:our|what we have|the current)", "works fine",
        "works well", "not a problem", "no problem",
        "brauchen wir nicht", "brauchen (?:das |so etwas )?nicht", "kein bedarf", "zufrieden mit", "kein interesse", "funktioniert gut",
        "pas besoin", "n'avons pas besoin", "aucun besoin", "satisfaits", "pas interesse", "pas interesses", "fonctionne bien",
        "no necesitamos", "no hace falta", "estamos contentos", "estamos satisfechos", "no nos interesa", "funciona bien",
        "לא צריכים", "אין צורך", "מרוצים", "לא מעוניינים", "עובד טוב");

    /// <summary>Growth or expansion the product could ride.</summary>
    public static readonly Regex Opportunity = AnalysisText.Phrases(
        "expand", "expanding", "expansion", "grow", "growing", "scale", "scaling", "new market", "new markets", "hiring", "new team",
        "new office", "launch", "launching", "replace", "replacing", "switch from",
        "erweitern", "wachsen", "wachstum", "expansion", "skalieren", "neuer markt", "neue markte", "einstellen", "ersetzen", "wechseln",
        "croissance", "developper", "s'agrandir", "nouveau marche", "nouveaux marches", "recruter", "recrutons", "remplacer", "lancer",
        "crecer", "crecimiento", "expandir", "ampliar", "nuevo mercado", "nuevos mercados", "contratar", "reemplazar", "lanzar",
        "להתרחב", "התרחבות", "צמיחה", "לגדול", "גדלים", "שוק חדש", "שווקים חדשים", "מגייסים", "להחליף", "להשיק");

    // ---- Timeline ----

    /// <summary>No time frame, or none soon.</summary>
    public static readonly Regex NoTimeline = AnalysisText.Phrases(
        "no rush", "no hurry", "no timeline", "no timeframe", "no time frame", "not a priority", "not anytime soon", "not soon",
        "not in the near future", "someday", "some day", "no plans",
        "keine eile", "kein zeitplan", "keine prioritat", "nicht so bald", "irgendwann", "keine plane",
        "pas presse", "pas presses", "pas d'urgence", "aucune urgence", "pas de calendrier", "pas prioritaire",
        "sin prisa", "no hay prisa", "no tenemos prisa", "no es prioridad", "no es una prioridad", "algun dia", "sin plazo",
        "אין לחץ", "לא דחוף", "אין לוח זמנים", "לא בעדיפות", "מתישהו", "אין תוכניות");

    // ---- Across dimensions ----

    /// <summary>Hedges: the lead is not sure of what they say.</summary>
    public static readonly Regex Hedge = AnalysisText.Phrases(
        "maybe", "perhaps", "might", "possibly", "probably", "not sure", "i think", "i guess", "i believe", "hopefully", "roughly",
        "vielleicht", "eventuell", "moglicherweise", "wahrscheinlich", "nicht sicher", "ich glaube", "ich denke", "ungefahr", "etwa",
        "peut-etre", "peut etre", "probablement", "pas sur", "pas certain", "je pense", "je crois", "environ", "a peu pres",
        "quizas", "quiza", "tal vez", "a lo mejor", "posiblemente", "probablemente", "no estoy seguro", "no estoy segura", "creo que",
        "mas o menos", "aproximadamente",
        "אולי", "לא בטוח", "לא בטוחה", "אני חושב", "אני חושבת", "כנראה", "יכול להיות", "בערך", "בערך כמו");

    /// <summary>Words that negate what follows them.</summary>
    public static readonly HashSet<string> Negations = new(StringComparer.Ordinal)
    {
        "no", "not", "none", "never", "without", "zero", "don't", "dont", "doesn't", "haven't", "hasn't", "can't", "cannot", "won't",
        "isn't", "aren't", "didn't",
        "kein", "keine", "keinen", "keiner", "keinem", "nicht", "ohne", "nie",
        "pas", "aucun", "aucune", "sans", "jamais",
        "sin", "ningun", "ninguna", "ninguno", "nada", "nunca",
        "אין", "לא", "בלי", "אף",
    };
}
