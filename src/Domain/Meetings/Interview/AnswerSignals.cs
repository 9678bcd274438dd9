using System.Text.RegularExpressions;
using AiScheduler.Domain.Conversation;
using AiScheduler.Domain.Meetings.Questions;

namespace AiScheduler.Domain.Meetings.Interview;

/// <summary>
/// What an interview answer says besides its content, in all five languages, on text normalised by
/// <see cref="SpokenText.Normalize"/>: a number, a hedge, a competitor, a request to repeat, "I don't know", the lead
/// ending early, a request for another language, an off-topic remark.
/// </summary>
public static partial class AnswerSignals
{
    public static bool HasNumber(string normalized) => Number().IsMatch(normalized);

    public static bool IsVague(string normalized) =>
        Hedge().IsMatch(normalized) || SpokenText.Words(normalized).Length <= 2;

    public static bool IsRepeatRequest(string normalized) => Repeat().IsMatch(normalized);

    public static bool IsDontKnow(string normalized) => DontKnow().IsMatch(normalized) && !HasNumber(normalized);

    public static bool IsEndingEarly(string normalized) => EndingEarly().IsMatch(normalized);

    /// <summary>The competitor named in the answer, as the set spells it, or null.</summary>
    public static string? Competitor(string normalized, IReadOnlyList<string> competitors)
    {
        ArgumentNullException.ThrowIfNull(competitors);
        var padded = $" {normalized} ";
        return competitors.FirstOrDefault(name =>
            SpokenText.Normalize(name) is { Length: > 0 } folded && padded.Contains($" {folded} ", StringComparison.Ordinal));
    }

    /// <summary>The language the lead explicitly asks to continue in ("in French please", "auf Deutsch"), or null.</summary>
    public static string? RequestedLanguage(string normalized)
    {
        var match = LanguageRequest().Match(normalized);
        if (!match.Success)
        {
            return null;
        }

        return match.Value switch
        {
            var v when v.Contains("hebr", StringComparison.Ordinal) || v.Contains("עברית", StringComparison.Ordinal)
                || v.Contains("hebraisch", StringComparison.Ordinal) || v.Contains("hebreu", StringComparison.Ordinal) => InterviewLanguages.Hebrew,
            var v when v.Contains("fran", StringComparison.Ordinal) || v.Contains("french", StringComparison.Ordinal) || v.Contains("צרפתית", StringComparison.Ordinal)
                || v.Contains("frances", StringComparison.Ordinal) => InterviewLanguages.French,
            var v when v.Contains("deutsch", StringComparison.Ordinal) || v.Contains("german", StringComparison.Ordinal)
                || v.Contains("allemand", StringComparison.Ordinal) || v.Contains("aleman", StringComparison.Ordinal)
                || v.Contains("גרמנית", StringComparison.Ordinal) => InterviewLanguages.German,
            var v when v.Contains("espa", StringComparison.Ordinal) || v.Contains("spanish", StringComparison.Ordinal)
                || v.Contains("spanisch", StringComparison.Ordinal) || v.Contains("ספרדית", StringComparison.Ordinal) => InterviewLanguages.Spanish,
            _ => InterviewLanguages.English,
        };
    }

    /// <summary>
    /// Off-topic: small talk (weather, sport, holidays) or a question back that has nothing of the current question's
    /// dimension in it. Never for the open question (<see cref="BantDimension.Other"/>), where anything goes.
    /// </summary>
    public static bool IsOffTopic(string raw, string normalized, BantDimension dimension)
    {
        ArgumentNullException.ThrowIfNull(raw);
        if (dimension == BantDimension.Other || HasNumber(normalized) || Relevant(normalized, dimension))
        {
            return false;
        }

        return SmallTalk().IsMatch(normalized) || raw.TrimEnd().EndsWith('?');
    }

    private static bool Relevant(string normalized, BantDimension dimension) => dimension switch
    {
        BantDimension.Budget => BudgetCue().IsMatch(normalized),
        BantDimension.Authority => AuthorityCue().IsMatch(normalized),
        BantDimension.Timeline => TimelineCue().IsMatch(normalized),
        BantDimension.Need => NeedCue().IsMatch(normalized),
        _ => true,
    };

    [GeneratedRegex(@"\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|hundred|thousand|million|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|vingt|trente|cinquante|cent|mille|million|millions|zwei|drei|vier|funf|sechs|sieben|acht|neun|zehn|zwanzig|dreissig|funfzig|hundert|tausend|millionen?|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|veinte|treinta|cincuenta|cien|mil|millon|millones)\b|אחד|אחת|שניים|שתיים|שלוש|ארבע|חמש|שש|שבע|שמונה|תשע|עשר|עשרים|שלושים|חמישים|מאה|מאות|אלף|אלפים|מיליון")]
    private static partial Regex Number();

    [GeneratedRegex(@"\b(maybe|perhaps|not sure|it depends|depends|kind of|sort of|probably|somewhat|we'll see|well see|hard to say|more or less|peut etre|pas sur|pas sure|ca depend|depend|probablement|on verra|plus ou moins|vielleicht|nicht sicher|kommt darauf an|kommt drauf an|wahrscheinlich|mal sehen|irgendwie|mehr oder weniger|quizas|quiza|tal vez|no estoy segur[oa]|depende|probablemente|ya veremos|mas o menos)\b|אולי|לא בטוח|לא בטוחה|תלוי|נראה|פחות או יותר")]
    private static partial Regex Hedge();

    [GeneratedRegex(@"\b(repeat|say that again|say it again|come again|didn't catch|didnt catch|didn't hear|didnt hear|sorry what|pardon|repeter|repetez|repeter la question|redire|j'ai pas compris|je n'ai pas compris|wiederholen|wie bitte|noch einmal|nochmal|nicht verstanden|repetir|repite|repita|repetirlo|como dice|no entendi|otra vez)\b|תחזור|תחזרי|לחזור על|לא שמעתי|לא הבנתי|שוב בבקשה")]
    private static partial Regex Repeat();

    [GeneratedRegex(@"\b(i don't know|i dont know|i do not know|don't know|dont know|no idea|no clue|can't say|cant say|je ne sais pas|je sais pas|sais pas|aucune idee|weiss nicht|weiss ich nicht|keine ahnung|no se|no lo se|ni idea)\b|לא יודע|לא יודעת|אין לי מושג|אין לי מידע")]
    private static partial Regex DontKnow();

    [GeneratedRegex(@"\b(i have to go|i need to go|i've got to go|i got to go|gotta go|have to run|i must go|i have to leave|i need to leave|can we stop|let's stop|lets stop|stop here|end the call|out of time|no more time|goodbye|bye|je dois y aller|je dois partir|je dois filer|je dois vous laisser|au revoir|plus le temps|ich muss los|ich muss gehen|ich muss jetzt weg|muss weg|keine zeit mehr|tschuss|auf wiedersehen|tengo que irme|me tengo que ir|debo irme|no tengo mas tiempo|no tengo tiempo|adios|hasta luego)\b|צריך ללכת|צריכה ללכת|חייב ללכת|חייבת ללכת|אין לי זמן|ביי|להתראות")]
    private static partial Regex EndingEarly();

    [GeneratedRegex(@"\b(in|speak|continue in|switch to)\s+(english|hebrew|french|german|spanish)\b|\b(en|parler)\s+(anglais|hebreu|francais|allemand|espagnol)\b|\b(auf|in)\s+(englisch|hebraisch|franzosisch|deutsch|spanisch)\b|\ben\s+(ingles|hebreo|frances|aleman|espanol)\b|\bhablar\s+(ingles|hebreo|frances|aleman|espanol)\b|ב(אנגלית|עברית|צרפתית|גרמנית|ספרדית)")]
    private static partial Regex LanguageRequest();

    [GeneratedRegex(@"\b(weather|football|soccer|basketball|the game|the match|movie|vacation|holiday|traffic|lunch|meteo|il fait beau|football|le match|film|vacances|embouteillages|dejeuner|wetter|fussball|das spiel|urlaub|stau|mittagessen|clima|el tiempo|futbol|el partido|pelicula|vacaciones|trafico|almuerzo)\b|מזג האוויר|כדורגל|משחק|חופשה|פקקים|ארוחת צהריים")]
    private static partial Regex SmallTalk();

    [GeneratedRegex(@"\b(budget|cost|costs|price|pricing|money|spend|pay|afford|invest|approved|dollars?|euros?|budget|prix|cout|argent|depenser|payer|kosten|preis|geld|ausgeben|zahlen|presupuesto|costo|coste|precio|dinero|gastar|pagar)\b|תקציב|עלות|מחיר|כסף|לשלם")]
    private static partial Regex BudgetCue();

    [GeneratedRegex(@"\b(i|me|my|we|our|decide|decides|decision|approve|sign|boss|ceo|cfo|cto|board|team|partner|manager|director|owner|je|moi|nous|decide|decision|valide|patron|directeur|equipe|ich|mich|wir|entscheide\w*|chef|geschaftsfuhrer\w*|vorstand|team|yo|nosotros|decid\w*|jefe|director|equipo|socio)\b|אני|אנחנו|מחליט|החלטה|מנכ ?ל|בוס|צוות|שותף")]
    private static partial Regex AuthorityCue();

    [GeneratedRegex(@"\b(soon|now|today|week|weeks|month|months|quarter|year|asap|immediately|january|february|march|april|may|june|july|august|september|october|november|december|bientot|maintenant|semaine|mois|trimestre|annee|bald|jetzt|woche|monat|monaten|quartal|jahr|pronto|ahora|semana|mes|meses|trimestre|ano)\b|בקרוב|עכשיו|שבוע|חודש|רבעון|שנה")]
    private static partial Regex TimelineCue();

    [GeneratedRegex(@"\b(need|problem|issue|challenge|pain|slow|manual|lose|losing|leads|sales|customers|use|using|tool|besoin|probleme|difficulte|clients|ventes|outil|brauchen|problem|kunden|vertrieb|werkzeug|nutzen|necesit\w*|problema|clientes|ventas|herramienta|usamos)\b|צריך|צריכים|בעיה|לקוחות|מכירות|כלי")]
    private static partial Regex NeedCue();
}
