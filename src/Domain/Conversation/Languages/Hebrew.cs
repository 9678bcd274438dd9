namespace AiScheduler.Domain.Conversation.Languages;

/// <summary>Hebrew (he-IL). Phrasing uses the plural of address, which is polite and gender-neutral.</summary>
public sealed class Hebrew : LanguagePack
{
    private static readonly Lexicon Words = new()
    {
        // ו (and), ב (at/in), ל (to) and ה (the) attach to the next word.
        WordPrefix = "(?:ו?[בלה]?)",
        Intents = new Dictionary<Intent, string[]>
        {
            [Intent.OptOut] =
            [
                "תוריד(ו|י)? אותי", "תסיר(ו|י)? אותי", "הסירו אותי", "אל תתקשר(ו|י)?", "לא להתקשר", "תפסיק(ו|י)? להתקשר",
                "תמחק(ו|י)? את המספר", "מהרשימה", "אל תחזר(ו|י)? אלי", "אל תחזור אלי",
            ],
            [Intent.Hostile] =
            [
                "תעזוב(ו|י)? אותי", "נוכלים", "רמאים", "עוקץ", "מטומטמ\\S*", "לך לעזאזל", "לכו לעזאזל", "חרא", "די כבר",
                "חצופים", "ספאם", "מטרידים",
            ],
            [Intent.WrongNumber] =
            [
                "טעות במספר", "טעית(ם)? במספר", "מספר (לא נכון|שגוי)", "אין (פה|כאן) \\S+", "לא מכיר(ה)?", "אין לי מושג מי",
                "זה לא (הוא|היא|אני)", "לא האדם הנכון", "לא האיש הנכון", "לא הכתובת",
            ],
            [Intent.Repeat] =
            [
                "תחזור על", "תחזרי על", "תחזרו על", "לחזור על", "עוד פעם", "לא שמעתי", "לא הבנתי", "מה אמרת", "סליחה מה",
                "אפשר שוב", "^(הלו|כן הלו|הלו כן|הלו הלו)$",
            ],
            [Intent.CallLater] =
            [
                "תתקשר(ו|י)?( אלי| אליי)? (מאוחר|אחר כך|מחר|בשבוע|ביום|עוד|שוב|ב|היום|הערב|בערב|בפעם)", "בפעם אחרת", "לא נוח (לי )?(עכשיו|כרגע|לדבר)", "תחזור(ו|י)? (אלי|אליי)",
                "לחזור (אלי|אליי)", "(?<!ה)מאוחר יותר", "אחר כך", "לא זמן טוב", "זה לא זמן", "אני עסוק(ה)?", "אני נוהג(ת)?",
                "בפגישה", "(הוא|היא) לא (זמין|זמינה|נמצא|נמצאת|פה|כאן|בבית)", "לא יכול(ה)? לדבר", "לא זמין(ה)? כרגע", "לא עכשיו", "אין לי זמן",
            ],
            [Intent.AskNumberSource] =
            [
                "מאיפה (יש לכם|יש לך|השגתם|השגת|קיבלתם|לקחתם)", "איך השגתם", "מי נתן (לכם|לך) את המספר", "מאיפה המספר", "המספר שלי",
            ],
            [Intent.AskIdentity] =
            [
                "מי (זה|מדבר|מדברת|אתה|את|אתם|מתקשר)", "רובוט", "איזו חברה", "מאיזו חברה",
            ],
            [Intent.AskPurpose] =
            [
                "על מה (זה|מדובר)", "במה מדובר", "מה (זה|העניין)", "למה (אתה מתקשר|את מתקשרת|אתם מתקשרים)",
                "מה (אתה רוצה|את רוצה|אתם רוצים)", "מה המטרה", "ספר(ו|י)? לי עוד",
            ],
            [Intent.NotInterested] =
            [
                "לא מעוניי?(ן|נת|נים|נות)", "לא רוצ(ה|ים|ות)", "לא תודה", "לא מעניין", "לא צריך", "לא צריכה", "התחרטתי",
                "שיני?תי את דעתי", "לא רלוונטי",
            ],
            [Intent.Deny] =
            [
                "(?<!למה )לא(?! בעיה)", "ממש לא", "לא נכון", "טעות", "אף אחד מהם", "אף אחת", "לא מתאים", "לא מסתדר",
            ],
            [Intent.WantsToSchedule] = ["לקבוע", "פגישה", "לתאם", "נקבע"],
            [Intent.Affirm] =
            [
                "כן", "בטח", "בסדר", "אוקיי", "אוקי", "מעולה", "נכון", "מעניין", "בשמחה", "סבבה", "יאללה", "אשמח", "מתאים",
                "מצוין", "בהחלט", "בוודאי", "ודאי", "אין בעיה", "טוב", "כמובן", "אולי", "למה לא",
            ],
            [Intent.PickEarlier] =
            [
                "המוקדם( יותר)?", "המוקדמת( יותר)?", "(השעה|המועד) המוקדמ(ת)?",
            ],
            [Intent.PickLater] =
            [
                "המאוחר( יותר)?", "המאוחרת( יותר)?", "(השעה|המועד) המאוחר(ת)?",
            ],
            [Intent.Goodbye] =
            [
                "ביי", "להתראות", "נתראה", "שלום ותודה", "תודה ושלום", "המשך יום (טוב|נעים)",
            ],
        },
        MarkerWords = ["כן", "לא", "מי", "מה", "זה", "שלום", "אני", "אתה", "את", "בסדר", "תודה"],
        // Callers also drop "יום": "נדבר ברביעי" (on Wednesday); only with ב, since "שני" alone is also "second".
        Weekdays =
        [
            ["יום ראשון", "בראשון"], ["יום שני", "בשני"], ["יום שלישי", "בשלישי"], ["יום רביעי", "ברביעי"],
            ["יום חמישי", "בחמישי"], ["יום שישי", "בשישי"], ["שבת", "יום שבת"],
        ],
        Months =
        [
            ["ינואר"], ["פברואר"], ["מרץ", "מרס"], ["אפריל"], ["מאי"], ["יוני"], ["יולי"], ["אוגוסט"], ["ספטמבר"],
            ["אוקטובר"], ["נובמבר"], ["דצמבר"],
        ],
        RelativeDays = new Dictionary<string, int>
        {
            ["היום"] = 0, ["מחר"] = 1, ["מחרתיים"] = 2, ["עוד יומיים"] = 2, ["עוד (שלושה|3) ימים"] = 3, ["עוד כמה ימים"] = 3,
            ["עוד שבוע"] = 7, ["עוד שבועיים"] = 14, ["עוד (שלושה|3) שבועות"] = 21,
        },
        NextWeek = ["שבוע הבא", "השבוע הבא", "שבוע שאחרי"],
        NextDayQualifiers = ["הבא", "הבאה", "הקרוב", "הקרובה"],
        Morning = ["בוקר", "לפני הצהריים", "לפני הצהרים"],
        Afternoon = ["אחר הצהריים", "אחרי הצהריים", "אחר הצהרים", "אחרי הצהרים"],
        Evening = ["ערב", "לילה"],
        Noon = ["צהריים", "הצהריים", "צהרים", "הצהרים"],
        Noise = ["בוקר טוב", "ערב טוב", "צהריים טובים"],
        Numbers = NumberWords(),
        ClockPatterns =
        [
            new("(ב|בשעה )?{h} וחצי", ClockKind.HalfPast),
            new("(ב|בשעה )?{h} ורבע", ClockKind.QuarterPast),
            new("(ב|בשעה )?רבע ל ?{h}", ClockKind.QuarterTo),
            // "עשרה לארבע" is 3:50; "בין חמש לשש" is a range.
            new("(?<!בין )(ב|בשעה )?(?<m>חמש|חמישה|עשר|עשרה|עשרים|עשרים וחמש|עשרים וחמישה|5|10|20|25)( דקות)? ל ?{h}", ClockKind.MinutesTo),
            new("(ב ?|בשעה )?{h}:{m}", ClockKind.Hour),
            new("בין {h}(?= ו?ל)", ClockKind.Hour),
            new("(בשעה |ב ?|בסביבות |סביב |בערך ב ?){h}( ו{m}( דקות)?)?", ClockKind.Hour),
            new("{h}( ו{m})?(?= (בבוקר|בערב|בלילה|אחר הצהריים|אחרי הצהריים|בצהריים|בצהרים|לפני הצהריים))", ClockKind.Hour),
        ],
        CountNouns =
        [
            "אנשים", "ילדים", "עובדים", "משתתפים", "שקל(ים)?", "ש ח", "דולר(ים)?", "יורו", "אחוז(ים)?", "ימים", "שבועות",
            "חודשים", "שנים", "דקות", "שעות", "פעמים", "הימים", "מהם", "מהן",
        ],
        RangeStarts = ["בין"],
        Corrections = ["לא לא", "לא", "רגע", "סליחה", "כלומר", "בעצם", "אלא", "עדיף", "יותר טוב", "טעיתי", "התכוונתי"],
        Durations = ["ב?עוד {n} (?<hours>שעות)", "ב?עוד {n} (?<minutes>דקות)"],
        FixedDurations = new Dictionary<string, int>
        {
            ["עוד שעה"] = 60, ["עוד שעתיים"] = 120, ["עוד חצי שעה"] = 30, ["עוד שעה וחצי"] = 90,
        },
        Ordinals = new Dictionary<string, int>
        {
            ["הראשון"] = 1, ["הראשונה"] = 1, ["השני"] = 2, ["השנייה"] = 2, ["השניה"] = 2, ["השלישי"] = 3,
            ["השלישית"] = 3, ["האחרון"] = -1, ["האחרונה"] = -1, ["המאוחר(ת)?( יותר)?"] = -1, ["המוקדם(ת)?( יותר)?"] = 1,
        },
        DatePatterns = ["(ב ?)?{d} [בל]?{mon}"],
        DayOfMonthPatterns = ["{wd},? ה ?{d}( לחודש)?", "{wd},? ב ?{d} לחודש", "[בה] ?{d} לחודש"],
        VoicemailStrong =
        [
            "השאיר(ו|י)? הודעה", "השאר(ו|י)? הודעה", "להשאיר הודעה", "אחרי הצפצוף", "לאחר הצפצוף", "לאחר הצליל",
            "אחרי הצליל", "תא קולי", "התא הקולי", "הגעת(ם)? ל", "המנוי אינו זמין", "המספר שחייגת",
        ],
        VoicemailWeak =
        [
            "לא זמין", "אינו זמין", "אינה זמינה", "לא יכול(ה)? לענות", "אחזור אלי(ך|כם)", "בהקדם", "תודה שהתקשרת",
        ],
        EmailWords = new Dictionary<string, string>
        {
            ["שטרודל"] = "@", ["כרוכית"] = "@", ["נקודה"] = ".", ["דוט"] = ".", ["קו תחתון"] = "_", ["מקף"] = "-",
            ["ג'ימייל"] = "gmail", ["גימייל"] = "gmail", ["ג'מייל"] = "gmail", ["הוטמייל"] = "hotmail",
            ["יאהו"] = "yahoo", ["אאוטלוק"] = "outlook", ["קום"] = "com", ["נט"] = "net", ["אורג"] = "org",
            ["קו"] = "co", ["איל"] = "il",
            // Common first and family names as they are usually written in Latin letters in addresses.
            ["דנה"] = "dana", ["יוסי"] = "yossi", ["משה"] = "moshe", ["דוד"] = "david", ["רונית"] = "ronit",
            ["אבי"] = "avi", ["נועה"] = "noa", ["מיכל"] = "michal", ["שרה"] = "sara", ["יעל"] = "yael",
            ["תמר"] = "tamar", ["עומר"] = "omer", ["איתי"] = "itay", ["אורי"] = "ori", ["רון"] = "ron",
            ["גיל"] = "gil", ["טל"] = "tal", ["שירה"] = "shira", ["עדי"] = "adi", ["כהן"] = "cohen", ["לוי"] = "levi",
            ["מזרחי"] = "mizrahi", ["אברהם"] = "avraham", ["פרץ"] = "peretz", ["נוי"] = "noy", ["אלון"] = "alon",
        },
    };

    /// <summary>Numbers 1-59 in the feminine form used for the clock ("תשע ועשרים", "עשרים וחמש"), with masculine
    /// variants callers also use.</summary>
    private static Dictionary<string, int> NumberWords()
    {
        string[] feminine = ["", "אחת", "שתיים", "שלוש", "ארבע", "חמש", "שש", "שבע", "שמונה", "תשע"];
        string[] masculine = ["", "אחד", "שניים", "שלושה", "ארבעה", "חמישה", "שישה", "שבעה", "שמונה", "תשעה"];
        var words = new Dictionary<string, int>(StringComparer.Ordinal) { ["שתים"] = 2, ["עשר"] = 10, ["עשרה"] = 10 };
        for (var unit = 1; unit <= 9; unit++)
        {
            words[feminine[unit]] = unit;
            words[masculine[unit]] = unit;
            words[$"{feminine[unit]} עשרה"] = 10 + unit;
        }

        words["שתים עשרה"] = 12;
        string[] tens = ["", "", "עשרים", "שלושים", "ארבעים", "חמישים"];
        for (var t = 2; t < tens.Length; t++)
        {
            words[tens[t]] = 10 * t;
            for (var unit = 1; unit <= 9; unit++)
            {
                words[$"{tens[t]} ו{feminine[unit]}"] = (10 * t) + unit;
                words[$"{tens[t]} ו{masculine[unit]}"] = (10 * t) + unit;
            }
        }

        return words;
    }

    public override string Tag => "he-IL";

    public override IReadOnlyList<string> VoiceRegions { get; } = ["IL"];

    public override Lexicon Lexicon => Words;

    protected override string AtWord => "שטרודל";

    protected override string DotWord => "נקודה";

    protected override string Or => "או";

    public override string Opening(CallContext context) =>
        $"שלום {context.LeadName}, כאן {context.AgentName}, עוזר בינה מלאכותית מטעם {context.CompanyName}. "
        + (context.RecordingEnabled ? "השיחה מוקלטת. " : "")
        + $"{Purpose(context)} {PitchQuestion(context)}";

    public override string PitchQuestion(CallContext context) => "האם תרצו לקבוע פגישה קצרה עם הצוות שלנו?";

    protected override string PurposeSentence(string purpose) => $"מטרת השיחה: {purpose}.";

    public override PitchText DefaultPitch { get; } = new("היכרות קצרה עם השירותים שלנו");

    public override string Identity(CallContext context) =>
        $"אני {context.AgentName}, עוזר בינה מלאכותית מטעם {context.CompanyName}.";

    public override string NumberSource(CallContext context) =>
        $"המספר שלכם מופיע ברשימת אנשי הקשר של {context.CompanyName}; אם תרצו, אסיר אותו מיד.";

    public override string OfferSlots(IReadOnlyList<string> slots) =>
        $"אני יכול להציע {Alternatives(slots)}. איזה מועד מתאים לכם?";

    public override string ProposedTimeTaken(string proposed, IReadOnlyList<string> alternatives) =>
        $"{proposed} לא פנוי, אבל אני יכול להציע {Alternatives(alternatives)}. איזה מועד מתאים לכם?";

    public override string SlotTaken(IReadOnlyList<string> alternatives) =>
        $"מצטער, המועד הזה נתפס הרגע. אני יכול להציע במקום {Alternatives(alternatives)}. איזה מועד מתאים לכם?";

    public override string NoSlots() => "מצטער, אין לי כרגע מועדים פנויים. נחזור אליכם כדי לקבוע. להתראות.";

    public override string WhichSlot(IReadOnlyList<string> slots) => $"איזה מועד תעדיפו: {Alternatives(slots)}?";

    public override string OnlyHave(IReadOnlyList<string> slots) => slots.Count == 1
        ? $"יש לי רק את {slots[0]}; זה מתאים לכם, או שיום אחר יתאים יותר?"
        : $"יש לי רק את {Alternatives(slots)}; איזה מהם מתאים לכם, או שיום אחר יתאים יותר?";

    public override string AskOtherTime() => "אין בעיה. איזה יום ושעה יתאימו לכם יותר?";

    public override string ConfirmEmail(string slot, string spokenEmail) =>
        $"המועד ב{slot} פנוי. לקבוע את הפגישה ולשלוח את ההזמנה ל-{spokenEmail}?";

    public override string AskEmail(string slot) => $"המועד ב{slot} פנוי. לאיזו כתובת מייל לשלוח את ההזמנה?";

    public override string AskEmailAgain() => "תוכלו לאיית לי את כתובת המייל, בבקשה?";

    public override string ReadBackEmail(string spokenEmail) => $"הכתובת היא {spokenEmail}. נכון?";

    public override string Booked(string slot, string spokenEmail) =>
        $"קבעתי את הפגישה ל{slot}. ההזמנה נשלחת ל-{spokenEmail}. תודה רבה ולהתראות!";

    public override string AskCallbackTime() => "בוודאי. מתי יהיה נוח שנחזור אליכם?";

    public override string CallbackScheduled(string? when) =>
        when is null ? "בוודאי, נחזור אליכם מאוחר יותר. להתראות!" : $"בוודאי, נחזור אליכם {when}. להתראות!";

    public override string NotInterested() => "אני מבין. תודה על הזמן, להתראות.";

    public override string OptedOut() => "הבנתי. הסרתי את המספר שלכם ולא נתקשר שוב. להתראות.";

    public override string WrongNumber() => "סליחה על הטעות. יום טוב, להתראות.";

    public override string Hostile() => "מצטער על ההפרעה. להתראות.";

    public override string NotHeard() => "סליחה, לא שמעתי.";

    public override string GiveUp() => "אני מתקשה לשמוע אתכם. ננסה שוב בפעם אחרת. להתראות.";

    public override string Voicemail(CallContext context) =>
        $"שלום {context.LeadName}, כאן {context.AgentName}, עוזר בינה מלאכותית מטעם {context.CompanyName}. "
        + $"{PurposeOnly(context)} ננסה להשיג אתכם שוב בקרוב. להתראות.";

    public override string SwitchedLanguage() => "בסדר, נמשיך בעברית.";

    public override string FormatSlot(DateTime local) => Format(local, "dddd, d 'ב'MMMM 'בשעה' HH:mm");

    public override string FormatTime(DateTime local) => Format(local, "HH:mm");

    public override string FormatCallback(DateTime local) => "ב" + FormatSlot(local);
}
