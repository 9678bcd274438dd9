namespace AiScheduler.Domain.Conversation.Languages;

/// <summary>German (de-DE; serves every "de-*" lead).</summary>
public sealed class German : LanguagePack
{
    private static readonly Lexicon Words = new()
    {
        Intents = new Dictionary<Intent, string[]>
        {
            [Intent.OptOut] =
            [
                "rufen sie (mich )?nicht mehr an", "nicht mehr anrufen", "nie wieder anrufen", "nie mehr anrufen",
                "rufen sie (mich )?nie wieder", "nicht wieder anrufen", "loschen sie meine nummer", "entfernen sie (mich|meine nummer)",
                "horen sie auf( mich)? anzurufen", "streichen sie (mich|meine nummer)", "meine nummer (loschen|streichen|entfernen)", "keine anrufe mehr", "sperrliste", "rufen sie hier nicht",
            ],
            [Intent.Hostile] =
            [
                "verpiss\\w*", "idiot\\w*", "betrug\\w*", "abzocke\\w*", "lassen sie mich in ruhe", "scheiss\\w*",
                "halt die klappe", "belastig\\w*", "unverschamt\\w*", "frechheit",
            ],
            [Intent.WrongNumber] =
            [
                "falsch verbunden", "falsche nummer", "hier gibt es kein\\w*", "kenne ich nicht", "hier wohnt kein\\w*",
                "verwahlt", "kenne keine?n? \\w+", "das bin ich nicht", "(da )?sind sie falsch",
            ],
            [Intent.Repeat] =
            [
                "wiederhol\\w*", "wie bitte", "^(bitte )?(nochmal|noch einmal)( bitte)?$", "(sagen sie|sag) das (nochmal|noch einmal)", "nicht verstanden", "was haben sie gesagt", "^(hallo|ja hallo|hallo ja|hallo hallo)$",
            ],
            [Intent.CallLater] =
            [
                "rufen sie (mich )?(spater|morgen|nachste|am|um|in|nochmal|wieder|ein anderes mal)", "spater", "keine zeit",
                "ich bin beschaftigt", "zuruckrufen", "rufen sie zuruck", "(er|sie) ist (nicht da|nicht erreichbar|gerade nicht|unterwegs|nicht im haus)",
                "gerade nicht", "passt (gerade|jetzt) nicht", "ich fahre", "im meeting", "in einer besprechung",
                "kann (gerade|jetzt) nicht", "nicht jetzt", "ein ander(e|es )?mal", "versuchen sie es (spater|morgen|nochmal|noch mal|wieder|ein)",
                "rufen sie( mich| uns)?( \\w+){0,6} (wieder|nochmal|noch mal|zuruck|spater) an", "(jetzt|gerade) passt es (gar |grad |uberhaupt )?nicht",
                "passt es (jetzt|gerade) (gar |uberhaupt )?nicht",
            ],
            [Intent.AskNumberSource] =
            [
                "woher haben sie (meine|die|diese) nummer", "meine nummer", "wie kommen sie an",
            ],
            [Intent.AskIdentity] =
            [
                "wer ist (da|dran|das)", "wer spricht", "wer sind sie", "mit wem spreche ich", "wer ruft", "ein roboter",
                "welche firma",
            ],
            [Intent.AskPurpose] =
            [
                "worum geht (es|s)", "worum gehts", "um was geht (es|s)", "was wollen sie", "warum rufen sie",
                "was ist der grund", "was mochten sie", "erzahlen sie mehr",
            ],
            [Intent.NotInterested] =
            [
                "kein interesse", "nicht interessiert", "interessiert mich nicht", "nein danke", "brauche ich nicht", "brauchen wir nicht",
                "anders uberlegt", "lieber nicht", "kein bedarf", "vergessen sie es",
            ],
            [Intent.Deny] =
            [
                "nein", "nee", "nicht wirklich", "das ist falsch", "falsch", "stimmt nicht", "keiner", "keine davon",
                "passt nicht", "geht nicht", "passt mir nicht",
            ],
            [Intent.WantsToSchedule] = ["termin", "buchen", "vereinbaren", "ausmachen", "treffen"],
            [Intent.Affirm] =
            [
                "ja", "jawohl", "gerne", "gern", "klar", "genau", "richtig", "okay", "ok", "einverstanden", "passt",
                "stimmt", "interessiert", "naturlich", "sehr gut", "gut", "super", "prima", "in ordnung", "sicher", "perfekt", "vielleicht",
                "korrekt", "wunderbar", "toll", "geht klar", "machen wir", "von mir aus", "na gut",
            ],
            [Intent.PickEarlier] =
            [
                "(den|der|die|das) fruhere(n)?", "fruheren termin", "fruhere termin", "(den|der|die|das) fruheste(n)?",
            ],
            [Intent.PickLater] =
            [
                "(den|der|die|das) spatere(n)?", "spateren termin", "spatere termin", "(den|der|die|das) spateste(n)?",
            ],
            [Intent.Goodbye] =
            [
                "auf wiederhoren", "auf wiedersehen", "tschuss", "ciao", "schonen tag", "bis dann", "bis bald", "machen sie es gut",
            ],
        },
        MarkerWords =
        [
            "ja", "ich", "nicht", "sie", "wer", "das", "ist", "guten", "tag", "bitte", "danke", "hallo", "und", "ein",
            "eine", "spreche", "deutsch", "was", "wie", "mit", "habe", "kein", "nein", "gerne", "genau", "wir", "bin",
        ],
        Weekdays =
        [
            ["sonntag"], ["montag"], ["dienstag"], ["mittwoch"], ["donnerstag"], ["freitag"], ["samstag", "sonnabend"],
        ],
        Months =
        [
            ["januar", "janner"], ["februar"], ["marz", "maerz"], ["april"], ["mai"], ["juni"], ["juli"], ["august"],
            ["september"], ["oktober"], ["november"], ["dezember"],
        ],
        RelativeDays = new Dictionary<string, int>
        {
            ["heute"] = 0, ["morgen"] = 1, ["ubermorgen"] = 2, ["uebermorgen"] = 2, ["in (zwei|2) tagen"] = 2,
            ["in (drei|3) tagen"] = 3, ["in ein paar tagen"] = 3, ["in (einer|1) woche"] = 7, ["in acht tagen"] = 7,
            ["in (zwei|2) wochen"] = 14, ["in (vierzehn|14) tagen"] = 14, ["in (drei|3) wochen"] = 21,
        },
        NextWeek = ["nachste woche", "nachsten woche", "nachster woche", "kommende woche", "kommenden woche", "kommender woche"],
        NextDayQualifiers = ["nachsten", "nachster", "nachste", "kommenden", "kommender", "kommende"],
        Morning = ["am morgen", "morgens", "vormittags?", "am vormittag", "in der fruh", "fruh"],
        Afternoon = ["am nachmittag", "nachmittags?"],
        Evening = ["am abend", "abends?"],
        Noon = ["mittags?", "zu mittag"],
        Noise = ["guten morgen", "guten tag", "guten abend"],
        Numbers = NumberWords(),
        ClockPatterns =
        [
            new("(um |gegen )?(?<m>funf|zehn|5|10)( minuten)? vor halb {h}", ClockKind.MinutesBeforeHalf),
            new("(um |gegen )?(?<m>funf|zehn|5|10)( minuten)? nach halb {h}", ClockKind.MinutesAfterHalf),
            new("(um |gegen |ab )?halb {h}( uhr)?", ClockKind.HalfBefore),
            new("(um |gegen )?viertel (nach|uber) {h}", ClockKind.QuarterPast),
            new("(um |gegen )?(viertel vor|dreiviertel) {h}", ClockKind.QuarterTo),
            new("(um |gegen )?(?<m>funf|zehn|zwanzig|funfundzwanzig|5|10|20|25)( minuten)? nach {h}", ClockKind.Hour),
            new("(um |gegen )?(?<m>funf|zehn|zwanzig|funfundzwanzig|5|10|20|25)( minuten)? vor {h}", ClockKind.MinutesTo),
            new("{h}[:.]{m}( uhr)?", ClockKind.Hour),
            new("{h} uhr( {m})?", ClockKind.Hour),
            new("(um|gegen|ab) {h}( {m})?", ClockKind.Hour),
            new("zwischen {h}(?= (uhr )?und )", ClockKind.Hour),
            new("{h}(?= (morgens|vormittags|nachmittags|abends|fruh|am (morgen|vormittag|nachmittag|abend)))", ClockKind.Hour),
        ],
        RangeStarts = ["zwischen", "von"],
        CountNouns =
        [
            "leute", "personen", "kinder", "mitarbeiter(innen)?", "angestellte", "euro", "dollar", "franken", "prozent",
            "mal", "tagen?", "wochen", "monaten?", "jahren?", "minuten", "stunden", "stuck", "lizenzen", "platze",
        ],
        Corrections =
        [
            "nein nein", "nein", "warte", "warten sie", "moment", "ich meine", "ich meinte", "oder besser", "lieber", "besser",
            "eher", "sondern", "korrektur", "halt", "ach nein", "quatsch", "sorry", "entschuldigung", "doch",
        ],
        PmMarkers = ["nachmittags", "abends", "am nachmittag", "am abend"],
        AmMarkers = ["morgens", "vormittags", "am vormittag"],
        Durations = ["in {n} (?<hours>stunden?)", "in {n} (?<minutes>minuten)"],
        FixedDurations = new Dictionary<string, int>
        {
            ["in einer halben stunde"] = 30, ["in anderthalb stunden"] = 90, ["in einer stunde"] = 60,
        },
        Ordinals = new Dictionary<string, int>
        {
            ["den ersten"] = 1, ["der erste"] = 1, ["die erste"] = 1, ["ersten"] = 1, ["erste"] = 1,
            ["den zweiten"] = 2, ["der zweite"] = 2, ["die zweite"] = 2, ["zweiten"] = 2, ["zweite"] = 2,
            ["den dritten"] = 3, ["der dritte"] = 3, ["die dritte"] = 3, ["dritten"] = 3, ["dritte"] = 3,
            ["den letzten"] = -1, ["der letzte"] = -1, ["die letzte"] = -1, ["letzten"] = -1, ["letzte"] = -1,
            ["(den|der|die|das) spateren?"] = -1, ["spateren termin"] = -1, ["(den|der|die|das) fruheren?"] = 1, ["fruheren termin"] = 1,
        },
        DatePatterns = ["((am|den|dem) )?{d}\\.? {mon}"],
        DayOfMonthPatterns = ["(am )?{wd},? (den|dem|der) ({d}\\.?|{dw})", "am {d}\\.(?!\\d)", "am {dw}"],
        DayWords = DayWordsOf(),
        VoicemailStrong =
        [
            "nach dem (signalton|piepton|ton)", "hinterlassen sie", "mailbox", "anrufbeantworter", "sprachnachricht",
            "nachricht hinterlassen", "sie sind verbunden mit", "nach dem signal",
        ],
        VoicemailWeak =
        [
            "nicht erreichbar", "nicht verfugbar", "rufe (sie )?zuruck", "so bald wie moglich", "schnellstmoglich",
            "zur zeit nicht", "derzeit nicht",
        ],
        EmailWords = new Dictionary<string, string>
        {
            ["at"] = "@", ["at zeichen"] = "@", ["klammeraffe"] = "@", ["punkt"] = ".", ["unterstrich"] = "_",
            ["bindestrich"] = "-", ["minus"] = "-",
        },
    };

    private static string[] Units => ["", "ein", "zwei", "drei", "vier", "funf", "sechs", "sieben", "acht", "neun"];

    /// <summary>Numbers 1-59 as said ("einundzwanzig", "funfundvierzig" once "ü" is normalised), and "zwo".</summary>
    private static Dictionary<string, int> NumberWords()
    {
        var words = new Dictionary<string, int>(StringComparer.Ordinal) { ["eins"] = 1, ["eine"] = 1, ["zwo"] = 2 };
        string[] small = ["", "ein", "zwei", "drei", "vier", "funf", "sechs", "sieben", "acht", "neun", "zehn", "elf", "zwolf", "dreizehn", "vierzehn", "funfzehn", "sechzehn", "siebzehn", "achtzehn", "neunzehn"];
        for (var n = 1; n < small.Length; n++)
        {
            words[small[n]] = n;
        }

        string[] tens = ["", "", "zwanzig", "dreissig", "vierzig", "funfzig"];
        for (var t = 2; t < tens.Length; t++)
        {
            words[tens[t]] = 10 * t;
            for (var unit = 1; unit <= 9; unit++)
            {
                words[$"{Units[unit]}und{tens[t]}"] = (10 * t) + unit;
            }
        }

        return words;
    }

    /// <summary>Days of the month as ordinals ("den zehnten", "der dritte", "am einunddreissigsten").</summary>
    private static Dictionary<string, int> DayWordsOf()
    {
        string[] stems = ["", "erst", "zweit", "dritt", "viert", "funft", "sechst", "siebt", "acht", "neunt", "zehnt", "elft", "zwolft", "dreizehnt", "vierzehnt", "funfzehnt", "sechzehnt", "siebzehnt", "achtzehnt", "neunzehnt"];
        var words = new Dictionary<string, int>(StringComparer.Ordinal);
        void Add(string stem, int day)
        {
            foreach (var ending in new[] { "e", "en", "er", "em" })
            {
                words[stem + ending] = day;
            }
        }

        for (var n = 1; n < stems.Length; n++)
        {
            Add(stems[n], n);
        }

        Add("zwanzigst", 20);
        Add("dreissigst", 30);
        Add("einunddreissigst", 31);
        for (var unit = 1; unit <= 9; unit++)
        {
            Add($"{Units[unit]}undzwanzigst", 20 + unit);
        }

        return words;
    }

    public override string Tag => "de-DE";

    public override IReadOnlyList<string> VoiceRegions { get; } = ["DE", "AT", "CH"];

    public override Lexicon Lexicon => Words;

    protected override string AtWord => "at";

    protected override string DotWord => "Punkt";

    protected override string Or => "oder";

    public override string Opening(CallContext context) =>
        $"Guten Tag {context.LeadName}, hier ist {context.AgentName}, ein KI-Assistent im Auftrag von {context.CompanyName}. "
        + (context.RecordingEnabled ? "Dieses Gespräch wird aufgezeichnet. " : "")
        + $"{Purpose(context)} {PitchQuestion(context)}";

    public override string PitchQuestion(CallContext context) =>
        "Hätten Sie Interesse an einem kurzen Termin mit unserem Team?";

    protected override string PurposeSentence(string purpose) => $"Der Grund meines Anrufs: {purpose}.";

    public override PitchText DefaultPitch { get; } = new("eine kurze Vorstellung unserer Leistungen");

    public override string Identity(CallContext context) =>
        $"Ich bin {context.AgentName}, ein KI-Assistent, der im Auftrag von {context.CompanyName} anruft.";

    public override string NumberSource(CallContext context) =>
        $"{context.CompanyName} hat Ihre Nummer aus seinen Kontaktdaten; wenn Sie möchten, lösche ich sie sofort.";

    public override string OfferSlots(IReadOnlyList<string> slots) =>
        $"Ich kann Ihnen {Alternatives(slots)} anbieten. Welcher Termin passt Ihnen?";

    public override string ProposedTimeTaken(string proposed, IReadOnlyList<string> alternatives) =>
        $"{proposed} ist leider nicht frei, aber ich kann Ihnen {Alternatives(alternatives)} anbieten. Welcher Termin passt Ihnen?";

    public override string SlotTaken(IReadOnlyList<string> alternatives) =>
        $"Das tut mir leid, dieser Termin wurde gerade vergeben. Ich kann Ihnen stattdessen {Alternatives(alternatives)} anbieten. Welcher Termin passt Ihnen?";

    public override string NoSlots() =>
        "Leider habe ich gerade keine freien Termine. Wir rufen Sie zurück, um einen zu finden. Auf Wiederhören.";

    public override string WhichSlot(IReadOnlyList<string> slots) => $"Welchen Termin möchten Sie: {Alternatives(slots)}?";

    public override string OnlyHave(IReadOnlyList<string> slots) => slots.Count == 1
        ? $"Ich habe nur {slots[0]}; passt Ihnen das, oder wäre ein anderer Tag besser?"
        : $"Ich habe nur {Alternatives(slots)}; welcher Termin passt Ihnen, oder wäre ein anderer Tag besser?";

    public override string AskOtherTime() => "Kein Problem. Welcher Tag und welche Uhrzeit passen Ihnen besser?";

    public override string ConfirmEmail(string slot, string spokenEmail) =>
        $"{slot} ist frei. Soll ich den Termin buchen und die Einladung an {spokenEmail} schicken?";

    public override string AskEmail(string slot) =>
        $"{slot} ist frei. An welche E-Mail-Adresse soll ich die Einladung schicken?";

    public override string AskEmailAgain() => "Könnten Sie mir die E-Mail-Adresse bitte buchstabieren?";

    public override string ReadBackEmail(string spokenEmail) => $"Die Adresse lautet {spokenEmail}. Stimmt das?";

    public override string Booked(string slot, string spokenEmail) =>
        $"Ich habe Ihren Termin gebucht: {slot}. Die Einladung geht an {spokenEmail}. Vielen Dank und auf Wiederhören!";

    public override string AskCallbackTime() => "Gerne. Wann darf ich Sie zurückrufen?";

    public override string CallbackScheduled(string? when) =>
        when is null ? "Gerne, wir rufen Sie später zurück. Auf Wiederhören!" : $"Gerne, ich rufe Sie {when} zurück. Auf Wiederhören!";

    public override string NotInterested() => "Ich verstehe. Danke für Ihre Zeit, auf Wiederhören.";

    public override string OptedOut() =>
        "Verstanden. Ich habe Ihre Nummer gelöscht, wir rufen Sie nicht mehr an. Auf Wiederhören.";

    public override string WrongNumber() => "Entschuldigen Sie die Verwechslung. Einen schönen Tag noch, auf Wiederhören.";

    public override string Hostile() => "Entschuldigen Sie die Störung. Auf Wiederhören.";

    public override string NotHeard() => "Entschuldigung, das habe ich nicht verstanden.";

    public override string GiveUp() =>
        "Ich kann Sie leider schlecht verstehen. Wir versuchen es ein anderes Mal. Auf Wiederhören.";

    public override string Voicemail(CallContext context) =>
        $"Guten Tag {context.LeadName}, hier ist {context.AgentName}, ein KI-Assistent im Auftrag von {context.CompanyName}. "
        + $"{PurposeOnly(context)} Wir versuchen es bald wieder. Auf Wiederhören.";

    public override string SwitchedLanguage() => "Gerne, sprechen wir auf Deutsch weiter.";

    public override string FormatSlot(DateTime local) => Format(local, "dddd, d. MMMM 'um' HH:mm 'Uhr'");

    public override string FormatTime(DateTime local) => Format(local, "HH:mm 'Uhr'");

    public override string FormatCallback(DateTime local) => "am " + FormatSlot(local);
}
