namespace AiScheduler.Domain.Conversation.Languages;

/// <summary>English (en-US; serves every "en-*" lead).</summary>
public sealed class English : LanguagePack
{
    private static readonly Lexicon Words = new()
    {
        Intents = new Dictionary<Intent, string[]>
        {
            [Intent.OptOut] =
            [
                "remove me", "remove my number", "take me off", "take my number off", "don'?t (ever )?call", "do not (ever )?call",
                "stop calling", "never call", "unsubscribe", "do not contact", "don'?t contact", "lose my number",
            ],
            [Intent.Hostile] =
            [
                "fuck\\w*", "shit", "idiot", "scam\\w*", "go to hell", "piss off", "shut up", "stupid", "screw you",
                "get lost", "harass\\w*", "bloody robots?", "leave me alone",
            ],
            [Intent.WrongNumber] =
            [
                "wrong number", "wrong person", "no one (here )?(by|with) that name", "nobody (here )?(by|with) that name",
                "there'?s no \\w+ here", "there is no \\w+ here", "no \\w+ here", "you have the wrong", "you'?ve got the wrong",
                "never heard of", "doesn'?t live here", "not who you think", "not the right person", "try my colleague", "(isn'?t|not) \\w+'?s (phone|number)",
            ],
            [Intent.Repeat] =
            [
                "repeat", "say that again", "say it again", "come again", "didn'?t catch", "didn'?t hear", "what did you say",
                "pardon", "sorry what", "what was that", "line is bad", "breaking up", "can'?t hear you", "once more", "one more time", "again please", "^(hello|hi|hey|speaking)( hello)?$",
            ],
            [Intent.CallLater] =
            [
                "call (me )?(back|later)", "call me (tomorrow|next|on|in|at|this|around)", "call back", "try (me )?(again )?later",
                "not a good time", "bad time", "i'?m busy", "i am busy", "i'?m driving", "in a meeting",
                "(call|try|ring|talk|speak|reach)( \\w+)? later", "try me (again )?(tomorrow|tonight|next|on|in|at|this|around)", "maybe later", "^later", "later please", "don'?t have time( right now| now)?$", "no time right now",
                "(is|isn'?t|not) (available|around|here|in) (right )?now", "not available", "isn'?t available", "can'?t talk",
                "get back to me", "ring (me )?back", "not (right )?now",
                "(call|try|ring|phone)( me| us)?( back| again)? (another|some other|a different) (time|day)",
            ],
            [Intent.AskNumberSource] =
            [
                "(how|where) did you get (my|this) number", "who gave you (my|this) number", "(how|why) do you have (my|this) number", "get my number",
                "my number from",
            ],
            [Intent.AskIdentity] =
            [
                "who is (this|calling|it)", "who'?s (this|calling)", "who are you", "who am i (talking|speaking) (to|with)",
                "are you a (robot|bot|machine|real person|human)", "is this a robot", "which company", "what company", "your company", "who do you work for", "your name", "sorry,? who",
            ],
            [Intent.AskPurpose] =
            [
                "what is (this|it) (about|regarding)", "what'?s (this|it) (about|regarding)", "why are you calling",
                "what do you want", "what is this for", "what'?s this for", "what are you selling", "what is the purpose",
                "tell me more", "what kind of meeting",
            ],
            [Intent.NotInterested] =
            [
                "not interested", "no thanks?", "no thank you", "not for me", "we'?re good", "i'?m good", "don'?t need",
                "do not need", "no need", "time for this", "i'?d rather not", "already have", "we'?re all set", "i'?ll pass", "changed my mind", "forget it", "never mind",
            ],
            [Intent.Deny] =
            [
                "no", "nope", "nah", "not really", "that'?s wrong", "that is wrong", "incorrect", "not correct",
                "(absolutely|certainly|definitely|of course) not", "none of (them|those|these)", "neither", "doesn'?t work", "don'?t work", "can'?t make", "wrong",
            ],
            [Intent.WantsToSchedule] =
            [
                "schedule", "book", "set (it |something |a time |one )?up", "meeting", "appointment", "let'?s do it", "let'?s talk",
                "when can we", "find a time",
            ],
            [Intent.Affirm] =
            [
                "yes", "yeah", "yep", "yup", "sure", "ok", "okay", "sounds good", "sounds great", "interested", "correct",
                "right", "that'?s right", "perfect", "great", "fine", "why not", "go ahead", "absolutely", "of course",
                "definitely", "maybe", "perhaps", "go on", "i'?m listening", "works for me", "that works", "could work", "good", "exactly", "please do",
                "lovely", "brilliant", "splendid", "cool", "awesome", "suits me", "that suits", "will do", "alright", "all right",
            ],
            [Intent.PickEarlier] =
            [
                "the earlier (one|time|slot)", "earlier one", "the sooner (one|time|slot)", "the earliest one", "the first of (them|those)",
            ],
            [Intent.PickLater] =
            [
                "the later (one|time|slot)", "later one", "the latest one", "the last of (them|those)",
            ],
            [Intent.Goodbye] =
            [
                "bye", "goodbye", "good bye", "bye bye", "see you", "talk (to you )?soon", "have a (good|nice|great) (day|one|evening|afternoon)",
                "take care",
            ],
        },
        MarkerWords =
        [
            "the", "yes", "yeah", "what", "who", "is", "i", "i'm", "you", "your", "not", "please", "hello", "hi", "sorry",
            "this", "that", "my", "thanks", "thank", "speak", "english", "it", "can", "me", "interested", "sure", "okay",
        ],
        Weekdays =
        [
            ["sunday"], ["monday"], ["tuesday", "tues"], ["wednesday"], ["thursday", "thurs"], ["friday"], ["saturday"],
        ],
        Months =
        [
            ["january", "jan"], ["february", "feb"], ["march", "mar"], ["april", "apr"], ["may"], ["june", "jun"],
            ["july", "jul"], ["august", "aug"], ["september", "sept", "sep"], ["october", "oct"], ["november", "nov"],
            ["december", "dec"],
        ],
        RelativeDays = new Dictionary<string, int>
        {
            ["today"] = 0, ["tonight"] = 0, ["tomorrow"] = 1, ["day after tomorrow"] = 2, ["the day after tomorrow"] = 2,
            ["in (two|2) days"] = 2, ["in (three|3) days"] = 3, ["in a few days"] = 3, ["in (a|one|1) week"] = 7,
            ["in a week'?s time"] = 7, ["a week from today"] = 7, ["in (two|2) weeks"] = 14, ["in a couple of weeks"] = 14,
            ["in (three|3) weeks"] = 21,
        },
        NextWeek = ["next week", "the week after", "the following week", "later this month"],
        NextDayQualifiers = ["next", "this coming", "coming"],
        // "a.m." is read only right after a clock time: "I am free at 3" is not a morning.
        // "First thing Tuesday" is early on Tuesday, not the first offer.
        Morning = ["first thing( in the morning)?", "in the morning", "this morning", "morning"],
        Afternoon = ["in the afternoon", "this afternoon", "afternoon", "p\\.?m", "after lunch"],
        Evening = ["in the evening", "this evening", "evening", "tonight", "at night"],
        Noon = ["noon", "midday", "lunchtime", "lunch time"],
        // "Just a second" and "first of all" are no choice among offers.
        Noise = ["good morning", "good afternoon", "good evening", "(just |wait |for )?(a|one) sec(ond)?", "first of all", "at first"],
        RangeStarts = ["between", "from"],
        Numbers = NumberWords(),
        ClockPatterns =
        [
            new("half past {h}", ClockKind.HalfPast),
            new("half (?<h>one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\\d{1,2})", ClockKind.HalfPast),
            new("(a )?quarter (past|after) {h}", ClockKind.QuarterPast),
            new("(a )?quarter (to|till|til|of|before) {h}", ClockKind.QuarterTo),
            new("(?<m>five|ten|twenty|twenty five|5|10|20|25)( minutes)? (past|after) {h}", ClockKind.Hour),
            new("(?<!(from|between) )(?<m>five|ten|twenty|twenty five|5|10|20|25)( minutes)? (to|till|til|of|before) {h}", ClockKind.MinutesTo),
            new("{h}:{m} ?((?<am>a\\.?m)|(?<pm>p\\.?m))?", ClockKind.Hour),
            new("{h} {m} ?((?<am>a\\.?m)|(?<pm>p\\.?m))", ClockKind.Hour),
            new("{h} ?((?<am>a\\.?m)|(?<pm>p\\.?m)|o'?clock)", ClockKind.Hour),
            new("(?<h>1[3-9]|2[0-3]|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty( one| two| three)?) hundred( hours)?", ClockKind.Hour),
            new("(at|around|by|about|say|from|like) {h} {m}", ClockKind.Hour),
            new("(?<h>one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve) (?<m>(twenty|thirty|forty|fifty)( (one|two|three|four|five|six|seven|eight|nine))?|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|oh (one|two|three|four|five|six|seven|eight|nine))", ClockKind.Hour),
            new("(at|around|by|about|say|from|between|after|like) {h}", ClockKind.Hour),
            new("{h}(?= (tomorrow|today|tonight)(?![\\p{L}]))", ClockKind.Hour),
            new("{h}(?= (in the (morning|afternoon|evening)|this (morning|afternoon|evening)|at night|tonight))", ClockKind.Hour),
        ],
        PmMarkers = ["tonight", "at night"],
        CountNouns =
        [
            "people", "persons?", "guys", "of us", "of them", "kids", "children", "employees", "staff", "users", "seats",
            "licen[cs]es?", "dollars?", "bucks", "euros?", "pounds?", "cents?", "grand", "percent", "per cent", "times",
            "days", "weeks", "months", "years", "minutes", "hours", "items", "units", "locations", "offices", "stores",
            "hundred", "thousand", "million", "k", "slots", "options", "meetings", "calls", "questions", "things",
        ],
        Corrections =
        [
            "no wait", "wait", "no no", "no", "sorry", "i mean", "i meant", "actually", "or rather", "rather",
            "make (that|it)", "scratch that", "correction", "instead", "on second thought", "hang on", "hold on", "oops",
        ],
        Durations = ["in {n} (?<hours>hours?)", "in {n} (?<minutes>minutes?|mins?)"],
        FixedDurations = new Dictionary<string, int>
        {
            ["in half an hour"] = 30, ["in an hour and a half"] = 90, ["in an hour"] = 60, ["in a couple of hours"] = 120,
            ["in a few hours"] = 180,
        },
        Ordinals = new Dictionary<string, int>
        {
            ["the first( one)?"] = 1, ["first( one)?"] = 1, ["1st"] = 1, ["the second( one)?"] = 2, ["second( one)?"] = 2,
            ["2nd"] = 2, ["the third( one)?"] = 3, ["third( one)?"] = 3, ["3rd"] = 3, ["the last( one)?"] = -1,
            ["last one"] = -1, ["the earliest"] = 1, ["the latest"] = -1, ["the middle one"] = 2,
            ["the later( one| time| slot)?"] = -1, ["later one"] = -1, ["the latter"] = -1,
            ["the earlier( one| time| slot)?"] = 1, ["earlier one"] = 1, ["the former"] = 1,
        },
        DatePatterns =
        [
            "{mon} (the )?{d}(st|nd|rd|th)?", "(the )?{d}(st|nd|rd|th)? (of )?{mon}",
        ],
        // "the 2nd" alone is a choice among offered slots; a day of the month needs "on", or a "th" day.
        DayOfMonthPatterns =
        [
            "(on )?{wd},? (the {d}(st|nd|rd|th)?|{d}(st|nd|rd|th)|(the )?{dw})", "on the ({d}(st|nd|rd|th)|{dw})", "the {d}th",
        ],
        DayWords = DayWordsOf(),
        MonthFirstNumericDates = true,
        VoicemailStrong =
        [
            "leave (me |us )?(a |your )?(message|name|number)", "after the (tone|beep)", "at the (tone|beep)",
            "you'?ve reached", "you have reached", "voice ?mail", "mailbox", "record your message", "is not available to take",
            "the person you are calling", "the number you have dialed",
        ],
        VoicemailWeak =
        [
            "not available", "can'?t (take|come to) (your call|the phone)", "unable to (take|answer)", "get back to you",
            "as soon as (possible|i can)", "thank you for calling", "away from",
        ],
        EmailWords = new Dictionary<string, string>
        {
            ["at"] = "@", ["at sign"] = "@", ["dot"] = ".", ["period"] = ".", ["point"] = ".", ["underscore"] = "_",
            ["dash"] = "-", ["hyphen"] = "-", ["minus"] = "-",
        },
    };

    private static Dictionary<string, int> NumberWords()
    {
        string[] small =
        [
            "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
            "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
        ];
        var words = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var n = 1; n < small.Length; n++)
        {
            words[small[n]] = n;
        }

        string[] tens = ["twenty", "thirty", "forty", "fifty"];
        for (var t = 0; t < tens.Length; t++)
        {
            words[tens[t]] = 20 + (10 * t);
            for (var unit = 1; unit <= 9; unit++)
            {
                words[$"{tens[t]} {small[unit]}"] = 20 + (10 * t) + unit;
            }
        }

        for (var unit = 1; unit <= 9; unit++)
        {
            words[$"oh {small[unit]}"] = unit;
        }

        return words;
    }

    private static Dictionary<string, int> DayWordsOf()
    {
        string[] ordinals =
        [
            "", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh",
            "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth", "nineteenth",
        ];
        var words = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var n = 1; n < ordinals.Length; n++)
        {
            words[ordinals[n]] = n;
        }

        words["twentieth"] = 20;
        words["thirtieth"] = 30;
        words["thirty first"] = 31;
        for (var unit = 1; unit <= 9; unit++)
        {
            words[$"twenty {ordinals[unit]}"] = 20 + unit;
        }

        return words;
    }

    public override string Tag => "en-US";

    public override IReadOnlyList<string> VoiceRegions { get; } = ["US", "GB", "AU", "CA", "IE", "IN", "NZ", "ZA"];

    public override Lexicon Lexicon => Words;

    protected override string AtWord => "at";

    protected override string DotWord => "dot";

    protected override string Or => "or";

    public override string Opening(CallContext context) =>
        $"Hello {context.LeadName}, this is {context.AgentName}, an AI assistant calling on behalf of {context.CompanyName}. "
        + (context.RecordingEnabled ? "This call is recorded. " : "")
        + $"{Purpose(context)} {PitchQuestion(context)}";

    public override string PitchQuestion(CallContext context) => "Would you be open to a short meeting with our team?";

    protected override string PurposeSentence(string purpose) => $"I'm calling about {purpose}.";

    public override PitchText DefaultPitch { get; } = new("a short introduction to our services");

    public override string Identity(CallContext context) =>
        $"I'm {context.AgentName}, an AI assistant calling on behalf of {context.CompanyName}.";

    public override string NumberSource(CallContext context) =>
        $"{context.CompanyName} has your number in its contact records; if you prefer, I can remove it right away.";

    public override string OfferSlots(IReadOnlyList<string> slots) =>
        $"I can offer {Alternatives(slots)}. Which one suits you?";

    public override string ProposedTimeTaken(string proposed, IReadOnlyList<string> alternatives) =>
        $"{proposed} is not free, but I can offer {Alternatives(alternatives)}. Which one suits you?";

    public override string SlotTaken(IReadOnlyList<string> alternatives) =>
        $"I'm sorry, that time was just taken. I can offer {Alternatives(alternatives)} instead. Which one suits you?";

    public override string NoSlots() =>
        "I'm sorry, I have no free times to offer right now. We'll call you back to find one. Goodbye.";

    public override string WhichSlot(IReadOnlyList<string> slots) => $"Which one would you like: {Alternatives(slots)}?";

    public override string OnlyHave(IReadOnlyList<string> slots) => slots.Count == 1
        ? $"I only have {slots[0]}; does that work, or would another day suit you better?"
        : $"I only have {Alternatives(slots)}; which one works, or would another day suit you better?";

    public override string AskOtherTime() => "No problem. Which day and time would suit you better?";

    public override string ConfirmEmail(string slot, string spokenEmail) =>
        $"{slot} is free. Shall I book it and send the invitation to {spokenEmail}?";

    public override string AskEmail(string slot) =>
        $"{slot} is free. What email address should I send the invitation to?";

    public override string AskEmailAgain() => "Could you spell the email address for me, please?";

    public override string ReadBackEmail(string spokenEmail) => $"I have {spokenEmail}. Is that right?";

    public override string Booked(string slot, string spokenEmail) =>
        $"I've booked your meeting for {slot}. The invitation is on its way to {spokenEmail}. Thank you, and goodbye!";

    public override string AskCallbackTime() => "Of course. When would be a good time to call you back?";

    public override string CallbackScheduled(string? when) =>
        when is null ? "Of course, we'll call you back later. Goodbye!" : $"Of course, I'll call you back {when}. Goodbye!";

    public override string NotInterested() => "I understand. Thank you for your time, goodbye.";

    public override string OptedOut() =>
        "Understood. I've removed your number and we won't call you again. Goodbye.";

    public override string WrongNumber() => "I'm sorry for the mix-up. Have a good day, goodbye.";

    public override string Hostile() => "I'm sorry to have bothered you. Goodbye.";

    public override string NotHeard() => "Sorry, I didn't catch that.";

    public override string GiveUp() => "I'm having trouble hearing you. We'll try again another time. Goodbye.";

    public override string Voicemail(CallContext context) =>
        $"Hello {context.LeadName}, this is {context.AgentName}, an AI assistant calling on behalf of {context.CompanyName}. "
        + $"{PurposeOnly(context)} We'll try to reach you again soon. Goodbye.";

    public override string SwitchedLanguage() => "Sure, let's continue in English.";

    public override string FormatSlot(DateTime local) => Format(local, "dddd, MMMM d 'at' h:mm tt");

    public override string FormatTime(DateTime local) => Format(local, "h:mm tt");

    public override string FormatCallback(DateTime local) => "on " + FormatSlot(local);
}
