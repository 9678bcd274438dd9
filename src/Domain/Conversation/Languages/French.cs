namespace AiScheduler.Domain.Conversation.Languages;

/// <summary>French (fr-FR; serves every "fr-*" lead, including fr-CA).</summary>
public sealed class French : LanguagePack
{
    private static readonly Lexicon Words = new()
    {
        Intents = new Dictionary<Intent, string[]>
        {
            [Intent.OptOut] =
            [
                "ne m'appelez plus", "ne plus m'appeler", "ne me rappelez (pas|plus|jamais)", "retirez moi", "retirez mon numero",
                "supprimez mon numero", "effacez mon numero", "arretez de m'appeler", "arretez d'appeler", "liste rouge",
                "ne m'appelez pas", "desinscri\\w*", "bloctel",
            ],
            [Intent.Hostile] =
            [
                "arnaque\\w*", "connard", "merde", "foutez moi la paix", "fichez moi la paix", "degage\\w*", "va te faire",
                "allez vous faire", "idiot", "escroc\\w*", "harcel\\w*",
            ],
            [Intent.WrongNumber] =
            [
                "mauvais numero", "faux numero", "erreur de numero", "il n'y a pas de \\w+ ici", "pas de \\w+ ici",
                "vous vous trompez", "vous vous etes trompee?", "trompee? de numero", "vous faites erreur", "connais pas", "ne connais personne", "ce n'est pas (lui|elle|moi)",
            ],
            [Intent.Repeat] =
            [
                "repet\\w*", "pardon", "vous pouvez repeter", "j'ai pas compris", "je n'ai pas compris", "pas entendu",
                "comment\\s*$", "encore une fois", "redites", "^(allo|oui allo|allo oui|allo allo)$",
            ],
            [Intent.CallLater] =
            [
                "rappelez moi", "rappeler plus tard", "rappelez plus tard", "me rappeler", "pas le moment", "pas un bon moment",
                "je suis occupee?", "(?<!(le|la|celui|celle) )plus tard", "rappelez", "je conduis", "en reunion", "(il|elle) n'est pas (la|disponible)",
                "(il|elle) est absente?", "pas disponible", "je ne peux pas parler", "pas maintenant", "pas le temps", "rappeler", "rappelle[rz]",
            ],
            [Intent.AskNumberSource] =
            [
                "(comment|ou) avez vous (eu|trouve|obtenu) mon numero", "mon numero", "d'ou vient",
            ],
            [Intent.AskIdentity] =
            [
                "qui est a l'appareil", "qui etes vous", "c'est qui", "qui appelle", "vous etes qui", "qui parle",
                "un robot", "quelle (societe|entreprise)",
            ],
            [Intent.AskPurpose] =
            [
                "c'est a quel sujet", "c'est pour quoi", "c'est pourquoi", "pourquoi (vous )?(m')?appelez", "de quoi s'agit",
                "de quoi il s'agit", "c'est a propos de quoi", "qu'est ce que vous voulez", "que voulez vous", "quel est le but",
                "dites m'en plus",
            ],
            [Intent.NotInterested] =
            [
                "pas interessee?", "(ca )?ne (m'|nous )interesse(nt)? (\\w+ )?pas", "ca m'interesse pas", "non merci", "pas besoin",
                "j'ai change d'avis", "laissez tomber", "sans facon",
            ],
            [Intent.Deny] =
            [
                "non", "pas vraiment", "c'est faux", "pas correct", "incorrect", "aucun", "aucune", "ni l'un ni l'autre",
                "ca ne (me )?va pas", "ca ne marche pas", "pas possible", "je ne peux pas",
            ],
            [Intent.WantsToSchedule] = ["rendez vous", "reserver", "planifier", "une reunion", "on fixe", "fixer"],
            [Intent.Affirm] =
            [
                "oui", "ouais", "d'accord", "bien sur", "volontiers", "ca marche", "parfait", "exactement", "c'est ca",
                "c'est correct", "c'est bien ca", "interessee?", "ok", "tres bien", "avec plaisir", "pourquoi pas",
                "allez y", "entendu", "peut etre", "ca me va", "ca me convient", "super", "absolument", "exact", "impeccable", "nickel", "genial",
            ],
            [Intent.PickEarlier] =
            [
                "(le|la|celui|celle) (qui est )?(le |la )?plus tot", "le plus matinal", "la plus matinale", "(celui|celle) d'avant",
            ],
            [Intent.PickLater] =
            [
                "(le|la|celui|celle) (qui est )?(le |la )?plus tard", "le plus tardif", "la plus tardive", "(celui|celle) d'apres",
            ],
            [Intent.Goodbye] =
            [
                "au revoir", "bonne journee", "bonne soiree", "a bientot", "a plus tard", "ciao", "bonne fin de journee",
            ],
        },
        MarkerWords =
        [
            "oui", "je", "vous", "c'est", "qui", "pas", "bonjour", "est", "merci", "d'accord", "allo", "ne", "parle",
            "francais", "suis", "ca", "quoi", "non", "bien", "avec", "votre", "mon", "moi", "tres",
        ],
        Weekdays = [["dimanche"], ["lundi"], ["mardi"], ["mercredi"], ["jeudi"], ["vendredi"], ["samedi"]],
        Months =
        [
            ["janvier"], ["fevrier"], ["mars"], ["avril"], ["mai"], ["juin"], ["juillet"], ["aout"], ["septembre"],
            ["octobre"], ["novembre"], ["decembre"],
        ],
        RelativeDays = new Dictionary<string, int>
        {
            ["aujourd'hui"] = 0, ["aujourd hui"] = 0, ["ce soir"] = 0, ["demain"] = 1, ["apres demain"] = 2,
            ["dans (deux|2) jours"] = 2, ["dans (trois|3) jours"] = 3, ["dans quelques jours"] = 3, ["dans (une|1) semaine"] = 7,
            ["dans huit jours"] = 7, ["dans (quinze|15) jours"] = 14, ["dans (deux|2) semaines"] = 14, ["dans (trois|3) semaines"] = 21,
        },
        NextWeek = ["la semaine prochaine", "semaine prochaine", "la semaine suivante", "la semaine d'apres"],
        NextDayQualifiers = ["prochaine?", "qui vient"],
        Morning = ["dans la matinee", "le matin", "du matin", "matin", "matinee", "ce matin", "a la premiere heure", "en debut de matinee"],
        Afternoon = ["dans l'apres midi", "l'apres midi", "de l'apres midi", "apres midi", "dans l'aprem", "aprem", "cet apres midi"],
        Evening = ["le soir", "du soir", "soir", "ce soir", "en soiree", "dans la soiree"],
        Noon = ["midi"],
        Numbers = NumberWords(),
        ClockPatterns =
        [
            new("{h} ?(h|heures?) (et demie|et demi|trente)", ClockKind.HalfPast),
            new("(?<h>midi) (et demie|et demi|trente)", ClockKind.HalfPast),
            new("{h} ?(h|heures?) et quart", ClockKind.QuarterPast),
            new("(?<h>midi) et quart", ClockKind.QuarterPast),
            new("{h} ?(h|heures?) moins (le )?quart", ClockKind.QuarterTo),
            new("(?<h>midi) moins (le )?quart", ClockKind.QuarterTo),
            new("{h} ?(h|heures?) moins (?<m>cinq|dix|vingt|vingt cinq|5|10|20|25)", ClockKind.MinutesTo),
            new("{h}:{m}", ClockKind.Hour),
            // "pendant deux heures" is a duration, not two o'clock.
            new("(?<!(pendant|durant|depuis|en|les|des|dans) ){h} ?(h|heures?)( ?{m})?", ClockKind.Hour),
            new("(a|vers|pour) (?<h>\\d{1,2})", ClockKind.Hour),
            new("entre {h}(?= et )", ClockKind.Hour),
        ],
        RangeStarts = ["entre"],
        CountNouns =
        [
            "personnes?", "gens", "enfants", "salaries", "employes", "collaborateurs", "euros?", "dollars?", "pour ?cent",
            "fois", "jours", "semaines", "mois", "ans", "annees", "minutes", "postes", "licences",
        ],
        Corrections =
        [
            "non non", "non", "pardon", "attendez", "attends", "je veux dire", "ou plutot", "plutot", "en fait", "finalement",
            "desolee?", "excusez moi", "je me trompe", "je corrige", "enfin",
        ],
        PmMarkers = ["de l'apres midi", "du soir"],
        AmMarkers = ["du matin"],
        Durations = ["dans {n} (?<hours>heures?)", "dans {n} (?<minutes>minutes?)"],
        FixedDurations = new Dictionary<string, int>
        {
            ["dans une demi heure"] = 30, ["dans une heure et demie"] = 90, ["dans une heure"] = 60,
        },
        Ordinals = new Dictionary<string, int>
        {
            ["le premier"] = 1, ["la premiere"] = 1, ["premier"] = 1, ["premiere"] = 1, ["le deuxieme"] = 2,
            ["la deuxieme"] = 2, ["le second"] = 2, ["la seconde"] = 2, ["deuxieme"] = 2, ["le troisieme"] = 3,
            ["la troisieme"] = 3, ["troisieme"] = 3, ["le dernier"] = -1, ["la derniere"] = -1, ["dernier"] = -1,
            ["(le|la|celui|celle) (le )?plus tard"] = -1, ["le plus tardif"] = -1, ["la plus tardive"] = -1,
            ["(le|la|celui|celle) (le )?plus tot"] = 1,
        },
        DatePatterns = ["(le )?{d}(er|e)? {mon}"],
        DayOfMonthPatterns =
        [
            "(le )?{wd},? (le )?({d}(er)?|{dw})(?! ?(h|heures?)(?![\\p{L}]))(?!:)", "le {d}(er)?(?! ?(h|heures?)(?![\\p{L}]))(?! ?\\d)",
        ],
        DayWords = DayWordsOf(),
        VoicemailStrong =
        [
            "laissez (moi )?(un|votre) message", "apres le (bip|signal|signal sonore)", "messagerie", "repondeur",
            "vous etes bien (sur|chez)", "boite vocale",
        ],
        VoicemailWeak =
        [
            "pas disponible", "indisponible", "je vous rappellerai", "je vous rappelle des que", "rappellerai", "absente?",
        ],
        EmailWords = new Dictionary<string, string>
        {
            ["arobase"] = "@", ["arrobase"] = "@", ["at"] = "@", ["point"] = ".", ["tiret bas"] = "_", ["underscore"] = "_",
            ["tiret"] = "-",
        },
    };

    private static string[] Units => ["", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf"];

    /// <summary>Numbers 1-59 as said ("vingt et une", "quarante cinq"; hyphens are spaces once normalised) and "midi".</summary>
    private static Dictionary<string, int> NumberWords()
    {
        var words = DayWordsOf();
        words.Remove("premier");
        words["une"] = 1;
        words["midi"] = 12;
        string[] tens = ["", "", "vingt", "trente", "quarante", "cinquante"];
        for (var t = 2; t < tens.Length; t++)
        {
            words[tens[t]] = 10 * t;
            words[$"{tens[t]} et un"] = (10 * t) + 1;
            words[$"{tens[t]} et une"] = (10 * t) + 1;
            for (var unit = 2; unit <= 9; unit++)
            {
                words[$"{tens[t]} {Units[unit]}"] = (10 * t) + unit;
            }
        }

        return words;
    }

    /// <summary>Days of the month as said ("jeudi dix", "le premier"): cardinals except the first.</summary>
    private static Dictionary<string, int> DayWordsOf()
    {
        var words = new Dictionary<string, int>(StringComparer.Ordinal) { ["premier"] = 1, ["un"] = 1 };
        string[] teens = ["dix", "onze", "douze", "treize", "quatorze", "quinze", "seize", "dix sept", "dix huit", "dix neuf"];
        for (var unit = 2; unit <= 9; unit++)
        {
            words[Units[unit]] = unit;
        }

        for (var n = 0; n < teens.Length; n++)
        {
            words[teens[n]] = 10 + n;
        }

        words["vingt"] = 20;
        words["vingt et un"] = 21;
        for (var unit = 2; unit <= 9; unit++)
        {
            words[$"vingt {Units[unit]}"] = 20 + unit;
        }

        words["trente"] = 30;
        words["trente et un"] = 31;
        return words;
    }

    public override string Tag => "fr-FR";

    public override IReadOnlyList<string> VoiceRegions { get; } = ["FR", "CA", "BE", "CH"];

    public override Lexicon Lexicon => Words;

    protected override string AtWord => "arobase";

    protected override string DotWord => "point";

    protected override string Or => "ou";

    public override string Opening(CallContext context) =>
        $"Bonjour {context.LeadName}, ici {context.AgentName}, un assistant d'intelligence artificielle qui appelle pour {context.CompanyName}. "
        + (context.RecordingEnabled ? "Cet appel est enregistré. " : "")
        + $"{Purpose(context)} {PitchQuestion(context)}";

    public override string PitchQuestion(CallContext context) =>
        "Seriez-vous d'accord pour un court rendez-vous avec notre équipe ?";

    protected override string PurposeSentence(string purpose) => $"L'objet de mon appel : {purpose}.";

    public override PitchText DefaultPitch { get; } = new("une courte présentation de nos services");

    public override string Identity(CallContext context) =>
        $"Je suis {context.AgentName}, un assistant d'intelligence artificielle qui appelle pour {context.CompanyName}.";

    public override string NumberSource(CallContext context) =>
        $"{context.CompanyName} a votre numéro dans ses contacts ; si vous le souhaitez, je peux le retirer tout de suite.";

    public override string OfferSlots(IReadOnlyList<string> slots) =>
        $"Je peux vous proposer {Alternatives(slots)}. Lequel vous convient ?";

    public override string ProposedTimeTaken(string proposed, IReadOnlyList<string> alternatives) =>
        $"{proposed} n'est pas libre, mais je peux vous proposer {Alternatives(alternatives)}. Lequel vous convient ?";

    public override string SlotTaken(IReadOnlyList<string> alternatives) =>
        $"Désolé, ce créneau vient d'être pris. Je peux vous proposer {Alternatives(alternatives)} à la place. Lequel vous convient ?";

    public override string NoSlots() =>
        "Désolé, je n'ai aucun créneau libre pour le moment. Nous vous rappellerons pour en trouver un. Au revoir.";

    public override string WhichSlot(IReadOnlyList<string> slots) => $"Lequel préférez-vous : {Alternatives(slots)} ?";

    public override string OnlyHave(IReadOnlyList<string> slots) => slots.Count == 1
        ? $"Je n'ai que {slots[0]} ; est-ce que cela vous convient, ou préférez-vous un autre jour ?"
        : $"Je n'ai que {Alternatives(slots)} ; lequel vous convient, ou préférez-vous un autre jour ?";

    public override string AskOtherTime() => "Pas de problème. Quel jour et quelle heure vous conviendraient mieux ?";

    public override string ConfirmEmail(string slot, string spokenEmail) =>
        $"Le créneau du {slot} est libre. Dois-je le réserver et envoyer l'invitation à {spokenEmail} ?";

    public override string AskEmail(string slot) =>
        $"Le créneau du {slot} est libre. À quelle adresse e-mail dois-je envoyer l'invitation ?";

    public override string AskEmailAgain() => "Pourriez-vous m'épeler votre adresse e-mail, s'il vous plaît ?";

    public override string ReadBackEmail(string spokenEmail) => $"L'adresse est {spokenEmail}. C'est bien ça ?";

    public override string Booked(string slot, string spokenEmail) =>
        $"J'ai réservé votre rendez-vous pour {slot}. L'invitation part à {spokenEmail}. Merci et au revoir !";

    public override string AskCallbackTime() => "Bien sûr. Quand puis-je vous rappeler ?";

    public override string CallbackScheduled(string? when) =>
        when is null ? "Bien sûr, nous vous rappellerons plus tard. Au revoir !" : $"Bien sûr, je vous rappellerai {when}. Au revoir !";

    public override string NotInterested() => "Je comprends. Merci pour votre temps, au revoir.";

    public override string OptedOut() =>
        "Entendu. J'ai retiré votre numéro et nous ne vous rappellerons plus. Au revoir.";

    public override string WrongNumber() => "Excusez-moi pour l'erreur. Bonne journée, au revoir.";

    public override string Hostile() => "Désolé de vous avoir dérangé. Au revoir.";

    public override string NotHeard() => "Pardon, je n'ai pas bien entendu.";

    public override string GiveUp() => "J'ai du mal à vous entendre. Nous réessaierons une autre fois. Au revoir.";

    public override string Voicemail(CallContext context) =>
        $"Bonjour {context.LeadName}, ici {context.AgentName}, un assistant d'intelligence artificielle pour {context.CompanyName}. "
        + $"{PurposeOnly(context)} Nous essaierons de vous joindre à nouveau bientôt. Au revoir.";

    public override string SwitchedLanguage() => "D'accord, continuons en français.";

    public override string FormatSlot(DateTime local) => Format(local, "dddd d MMMM 'à' H 'h' mm");

    public override string FormatTime(DateTime local) => Format(local, "H 'h' mm");

    public override string FormatCallback(DateTime local) => "le " + FormatSlot(local);
}
