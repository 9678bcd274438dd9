namespace AiScheduler.Domain.Conversation.Languages;

/// <summary>How a clock pattern's groups turn into a time of day.</summary>
public enum ClockKind
{
    /// <summary>Group h is the hour, optional group m the minutes.</summary>
    Hour,

    /// <summary>h:30 ("half past three", "trois heures et demie", "tres y media", "שלוש וחצי").</summary>
    HalfPast,

    /// <summary>(h-1):30, the German "halb drei" = 2:30.</summary>
    HalfBefore,

    /// <summary>h:15.</summary>
    QuarterPast,

    /// <summary>(h-1):45.</summary>
    QuarterTo,

    /// <summary>(h-1):(60-m), "ten to four", "zehn vor vier", "quatre heures moins dix", "las cuatro menos diez", "עשרה לארבע".</summary>
    MinutesTo,

    /// <summary>(h-1):(30-m), the German "fünf vor halb vier" = 3:25.</summary>
    MinutesBeforeHalf,

    /// <summary>(h-1):(30+m), the German "fünf nach halb vier" = 3:35.</summary>
    MinutesAfterHalf,
}

/// <summary>
/// A clock-time pattern in a language. Placeholders: {h} hour (digits or number word), {m} minutes. A pattern may name
/// its own groups instead (e.g. <c>(?&lt;h&gt;\d{1,2})</c> for digits only), and mark a twelve-hour suffix with the
/// groups <c>am</c> and <c>pm</c> ("3pm").
/// </summary>
public sealed record ClockPattern(string Pattern, ClockKind Kind);

/// <summary>
/// What callers say in one language, written in <see cref="SpokenText.Normalize"/> form (lower case, no diacritics).
/// Phrases are regular-expression fragments matched on word boundaries; <see cref="WordPrefix"/> lets Hebrew attach
/// its one-letter prepositions (ב, ל, ה, ו) to any phrase.
/// </summary>
public sealed record Lexicon
{
    /// <summary>Phrases per intent. Checked in <see cref="Intent"/> order, so the first listed intent wins ties.</summary>
    public required IReadOnlyDictionary<Intent, string[]> Intents { get; init; }

    /// <summary>Frequent words that mark the language (used to notice a caller answering in another language).
    /// Keep them distinctive: words shared with another supported language ("no", "la", "de") mislead.</summary>
    public required string[] MarkerWords { get; init; }

    /// <summary>Day names indexed by <see cref="DayOfWeek"/> (Sunday first), each with its spoken variants.</summary>
    public required string[][] Weekdays { get; init; }

    /// <summary>Month names, January first.</summary>
    public required string[][] Months { get; init; }

    public required IReadOnlyDictionary<string, int> RelativeDays { get; init; }

    public required string[] NextWeek { get; init; }

    public required string[] Morning { get; init; }

    public required string[] Afternoon { get; init; }

    public required string[] Evening { get; init; }

    public required string[] Noon { get; init; }

    /// <summary>Phrases removed before reading times because they contain time words with another meaning
    /// ("guten Morgen" is a greeting, not "tomorrow").</summary>
    public string[] Noise { get; init; } = [];

    /// <summary>Number words (hours, minutes 0-59, small counts).</summary>
    public required IReadOnlyDictionary<string, int> Numbers { get; init; }

    public required ClockPattern[] ClockPatterns { get; init; }

    /// <summary>Marks an afternoon hour besides <see cref="Afternoon"/> and <see cref="Evening"/> ("tonight", "de la
    /// tarde"); right after the time it decides for that time, elsewhere for every time said. An hour 1-7 without a
    /// marker is read as afternoon too, since meetings happen in business hours. A "pm" glued to a clock time is the
    /// clock pattern's own <c>pm</c> group.</summary>
    public string[] PmMarkers { get; init; } = [];

    public string[] AmMarkers { get; init; } = [];

    /// <summary>Words that, right after a number, make it a count or an amount rather than a clock time ("two people",
    /// "about 20 dollars", "בשלושה ימים").</summary>
    public string[] CountNouns { get; init; } = [];

    /// <summary>
    /// Words with which callers take back what they just said ("no wait", "non pardon", "nein, lieber", "perdón",
    /// "לא, רגע"): between two stated times they mark a correction, and the later value wins.
    /// </summary>
    public string[] Corrections { get; init; } = [];

    /// <summary>Words that open a range of times ("between 2 and 3", "entre 14 h et 15 h"): the meeting starts at the
    /// first time of the range, not the last one said.</summary>
    public string[] RangeStarts { get; init; } = [];

    /// <summary>Words that, next to a day name, mean its next occurrence ("next Tuesday", "mardi prochain"), never today.</summary>
    public string[] NextDayQualifiers { get; init; } = [];

    /// <summary>Day-of-month words ("tenth", "zehnten", "dix") for the {dw} placeholder of <see cref="DayOfMonthPatterns"/>.</summary>
    public IReadOnlyDictionary<string, int> DayWords { get; init; } = new Dictionary<string, int>();

    /// <summary>"in two hours" style phrases: {n} is the count; the unit group is named "hours" or "minutes".</summary>
    public required string[] Durations { get; init; }

    /// <summary>Whole phrases that are a duration by themselves, in minutes ("in half an hour", "בעוד שעתיים").</summary>
    public IReadOnlyDictionary<string, int> FixedDurations { get; init; } = new Dictionary<string, int>();

    /// <summary>Choices among offered slots: 1 = first, 2 = second, ..., -1 = last.</summary>
    public required IReadOnlyDictionary<string, int> Ordinals { get; init; }

    /// <summary>Month-name date patterns; {d} is the day, {mon} the month.</summary>
    public required string[] DatePatterns { get; init; }

    /// <summary>A day of the month without its month ("the 10th", "le 10", "am 10."): this month's, or next month's
    /// once it has passed; {d} is the day in digits, {dw} the day as a word of <see cref="DayWords"/>, and {wd} a day
    /// name ("Thursday the 10th" is the next 10th that is a Thursday).</summary>
    public string[] DayOfMonthPatterns { get; init; } = [];

    /// <summary>True for en-US "3/4" = March 4; false for "3/4" = 3 April.</summary>
    public bool MonthFirstNumericDates { get; init; }

    /// <summary>Phrases only a machine says ("after the tone"); one is enough for a voicemail.</summary>
    public required string[] VoicemailStrong { get; init; }

    /// <summary>Phrases a machine and a person may both say ("not available"); a voicemail needs two, or one in a
    /// long monologue.</summary>
    public required string[] VoicemailWeak { get; init; }

    /// <summary>Spoken forms of e-mail symbols and common domains ("arobase" → "@", "Punkt" → ".").</summary>
    public required IReadOnlyDictionary<string, string> EmailWords { get; init; }

    /// <summary>Prepositions glued to the next word (Hebrew), as a regex fragment; empty for other languages.</summary>
    public string WordPrefix { get; init; } = "";
}
