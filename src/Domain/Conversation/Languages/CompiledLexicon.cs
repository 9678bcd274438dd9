using System.Text.RegularExpressions;

namespace AiScheduler.Domain.Conversation.Languages;

/// <summary>A <see cref="Lexicon"/> turned into regular expressions once per language.</summary>
internal sealed class CompiledLexicon
{
    private const RegexOptions Options = RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture;
    // A bound against pathological input, not a latency budget: on a starved CPU (a loaded 2-core machine) a bound of
    // a few hundred milliseconds failed ordinary matches, and the matching itself takes microseconds.
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    public CompiledLexicon(Lexicon lexicon)
    {
        Lexicon = lexicon;
        Intents = lexicon.Intents.ToDictionary(p => p.Key, p => Phrases(p.Value, lexicon.WordPrefix));
        MarkerWords = new HashSet<string>(lexicon.MarkerWords, StringComparer.Ordinal);
        Weekdays = lexicon.Weekdays.Select(names => Phrases(names, lexicon.WordPrefix)).ToArray();
        RelativeDays = lexicon.RelativeDays
            .OrderByDescending(p => p.Key.Length)
            .Select(p => (Phrases([p.Key], lexicon.WordPrefix), p.Value))
            .ToArray();
        NextWeek = Phrases(lexicon.NextWeek, lexicon.WordPrefix);
        Morning = Phrases(lexicon.Morning, lexicon.WordPrefix);
        Afternoon = Phrases(lexicon.Afternoon, lexicon.WordPrefix);
        Evening = Phrases(lexicon.Evening, lexicon.WordPrefix);
        Noon = Phrases(lexicon.Noon, lexicon.WordPrefix);
        Noise = Phrases(lexicon.Noise, "");
        PmWords = Phrases([.. lexicon.PmMarkers, .. lexicon.Afternoon, .. lexicon.Evening], lexicon.WordPrefix);
        AmWords = Phrases([.. lexicon.AmMarkers, .. lexicon.Morning], lexicon.WordPrefix);
        PmFollows = Following([.. lexicon.PmMarkers, .. lexicon.Afternoon, .. lexicon.Evening], lexicon.WordPrefix);
        AmFollows = Following([.. lexicon.AmMarkers, .. lexicon.Morning], lexicon.WordPrefix);
        NoonFollows = Following(lexicon.Noon, lexicon.WordPrefix);
        CountFollows = Following(lexicon.CountNouns, lexicon.WordPrefix);
        Corrections = Phrases(lexicon.Corrections, "");
        RangeStarts = Phrases(lexicon.RangeStarts, lexicon.WordPrefix);
        NextDayQualifiers = Phrases(lexicon.NextDayQualifiers, lexicon.WordPrefix);
        VoicemailStrong = Phrases(lexicon.VoicemailStrong, lexicon.WordPrefix);
        VoicemailWeak = Phrases(lexicon.VoicemailWeak, lexicon.WordPrefix);
        EmailWords = lexicon.EmailWords
            .OrderByDescending(w => w.Key.Length)
            .Select(w => (Phrases([w.Key], ""), w.Value))
            .ToArray();

        var numbers = Alternation(lexicon.Numbers.Keys);
        var hour = $@"(?<h>\d{{1,2}}|{numbers})";
        var minutes = $@"(?<m>\d{{2}}|{numbers})";
        // After "no wait" a bare number is the corrected hour ("at three, no, four").
        CorrectedHour = new Regex($@"\G[\s,]*{hour}( {minutes})?(?![\p{{L}}\p{{N}}])", Options, Timeout);
        Clocks = lexicon.ClockPatterns
            .Select(c => (Bounded(c.Pattern.Replace("{h}", hour, StringComparison.Ordinal)
                .Replace("{m}", minutes, StringComparison.Ordinal)), c.Kind))
            .ToArray();
        Durations = lexicon.Durations
            .Select(d => Bounded(d.Replace("{n}", $@"(?<n>\d{{1,3}}|{numbers})", StringComparison.Ordinal)))
            .ToArray();
        FixedDurations = lexicon.FixedDurations
            .OrderByDescending(p => p.Key.Length)
            .Select(p => (Phrases([p.Key], lexicon.WordPrefix), p.Value))
            .ToArray();
        Ordinals = lexicon.Ordinals
            .OrderByDescending(p => p.Key.Length)
            .Select(p => (Phrases([p.Key], lexicon.WordPrefix), p.Value))
            .ToArray();

        var months = lexicon.Months
            .SelectMany((names, index) => names.Select(name => (name, index)))
            .OrderByDescending(m => m.name.Length)
            .ToArray();
        MonthByName = months.ToDictionary(m => m.name, m => m.index + 1, StringComparer.Ordinal);
        var monthAlternation = string.Join("|", months.Select(m => Regex.Escape(m.name)));
        Dates = lexicon.DatePatterns
            .Select(p => Bounded(p.Replace("{d}", @"(?<d>\d{1,2}|premier)", StringComparison.Ordinal)
                .Replace("{mon}", $"(?<mon>{monthAlternation})", StringComparison.Ordinal)))
            .ToArray();
        var weekdayNames = Alternation(lexicon.Weekdays.SelectMany(names => names), escape: false);
        var dayWords = lexicon.DayWords.Count == 0 ? "(?!)" : Alternation(lexicon.DayWords.Keys);
        DaysOfMonth = lexicon.DayOfMonthPatterns
            .Select(p => Bounded(p.Replace("{d}", @"(?<d>\d{1,2})", StringComparison.Ordinal)
                .Replace("{dw}", $"(?<d>{dayWords})", StringComparison.Ordinal)
                .Replace("{wd}", $"(?<wd>{lexicon.WordPrefix}(?:{weekdayNames}))", StringComparison.Ordinal)))
            .ToArray();
    }

    public Lexicon Lexicon { get; }

    public Regex[] DaysOfMonth { get; }

    public IReadOnlyDictionary<Intent, Regex> Intents { get; }

    public IReadOnlySet<string> MarkerWords { get; }

    public Regex[] Weekdays { get; }

    public (Regex Pattern, int Days)[] RelativeDays { get; }

    public Regex NextWeek { get; }

    public Regex Morning { get; }

    public Regex Afternoon { get; }

    public Regex Evening { get; }

    public Regex Noon { get; }

    public Regex Noise { get; }

    /// <summary>Anything that puts a clock time after noon: "pm", "in the afternoon", "abends", "בערב".</summary>
    public Regex PmWords { get; }

    /// <summary>Anything that puts a clock time before noon: "am", "in the morning", "le matin", "בבוקר".</summary>
    public Regex AmWords { get; }

    /// <summary><see cref="PmWords"/> right at the start position (after spaces): what follows a clock time.</summary>
    public Regex PmFollows { get; }

    public Regex AmFollows { get; }

    /// <summary>A noon word right after a clock time (Hebrew "שתיים בצהריים" is 14:00).</summary>
    public Regex NoonFollows { get; }

    /// <summary>A counted noun right after a number ("two people").</summary>
    public Regex CountFollows { get; }

    public Regex Corrections { get; }

    public Regex RangeStarts { get; }

    public Regex NextDayQualifiers { get; }

    /// <summary>A bare hour (and minutes) at the start position, read only right after a correction.</summary>
    public Regex CorrectedHour { get; }

    public Regex VoicemailStrong { get; }

    public Regex VoicemailWeak { get; }

    /// <summary>Spoken e-mail words and what they stand for, longest first.</summary>
    public (Regex Pattern, string Written)[] EmailWords { get; }

    public (Regex Pattern, ClockKind Kind)[] Clocks { get; }

    public Regex[] Durations { get; }

    public (Regex Pattern, int Minutes)[] FixedDurations { get; }

    public (Regex Pattern, int Ordinal)[] Ordinals { get; }

    public IReadOnlyDictionary<string, int> MonthByName { get; }

    public Regex[] Dates { get; }

    /// <summary>A number written as digits or as a word of this language.</summary>
    public int? Number(string text)
    {
        if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        return Lexicon.Numbers.TryGetValue(text, out var word) ? word : null;
    }

    /// <summary>A day of the month written as digits or as one of <see cref="Lexicon.DayWords"/>.</summary>
    public int? Day(string text)
    {
        if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        return Lexicon.DayWords.TryGetValue(text, out var word) ? word : null;
    }

    /// <summary>The day of the week a day name (as matched by a {wd} group) stands for.</summary>
    public DayOfWeek? DayOfWeekOf(string name)
    {
        for (var day = 0; day < Weekdays.Length; day++)
        {
            var match = Weekdays[day].Match(" " + name + " ");
            if (match.Success && match.Length >= name.Length)
            {
                return (DayOfWeek)day;
            }
        }

        return null;
    }

    private static string Alternation(IEnumerable<string> words, bool escape = true) =>
        string.Join("|", words.OrderByDescending(w => w.Length)
            .Select(w => escape ? Regex.Escape(w).Replace(@"\ ", @"\s+", StringComparison.Ordinal) : w.Replace(" ", @"\s+", StringComparison.Ordinal)));

    /// <summary>Phrases that must start at the position a match is tried from (after spaces).</summary>
    private static Regex Following(IEnumerable<string> phrases, string prefix)
    {
        var list = phrases.OrderByDescending(p => p.Length).ToArray();
        if (list.Length == 0)
        {
            return new Regex("(?!)", Options, Timeout);
        }

        var body = string.Join("|", list.Select(p => p.Replace(" ", @"\s+", StringComparison.Ordinal)));
        return new Regex($@"\G\s*{prefix}(?:{body})(?![\p{{L}}\p{{N}}])", Options, Timeout);
    }

    /// <summary>Phrases as one regex matched on word boundaries (letters or digits never continue a phrase).</summary>
    private static Regex Phrases(IEnumerable<string> phrases, string prefix)
    {
        var list = phrases.OrderByDescending(p => p.Length).ToArray();
        if (list.Length == 0)
        {
            return new Regex("(?!)", Options, Timeout);
        }

        // Lexicon phrases are regex fragments; a space in them stands for any run of spaces.
        var body = string.Join("|", list.Select(p => p.Replace(" ", @"\s+", StringComparison.Ordinal)));
        return new Regex($@"(?<![\p{{L}}\p{{N}}]){prefix}(?:{body})(?![\p{{L}}\p{{N}}])", Options, Timeout);
    }

    private static Regex Bounded(string pattern) =>
        new($@"(?<![\p{{L}}\p{{N}}])(?:{pattern})(?![\p{{L}}\p{{N}}])", Options, Timeout);
}
