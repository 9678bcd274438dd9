using System.Globalization;
using System.Text.RegularExpressions;
using AiScheduler.Domain.Conversation.Languages;

namespace AiScheduler.Domain.Conversation;

/// <summary>
/// Reads time expressions in a caller's words relative to the call time in the lead's zone. Pure: the current time
/// is an argument. Each recognised phrase is blanked out before the next step so one word is never read twice
/// (German "am Morgen" is a part of the day, so "morgen" is no longer "tomorrow" afterwards). Of each kind of value
/// (day, clock time, part of the day, relative moment, choice) the one said last wins, so a caller who corrects
/// themselves ("Monday, no wait, Tuesday at 10") is understood as they ended.
/// </summary>
public static partial class TimeExpressionParser
{
    public static TimeMention? Parse(string text, LanguagePack language, DateTimeOffset nowUtc, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(language);
        ArgumentNullException.ThrowIfNull(zone);
        var lexicon = language.Compiled;
        var localNow = TimeZoneInfo.ConvertTime(nowUtc, zone).DateTime;
        var today = DateOnly.FromDateTime(localNow);
        var rest = " " + SpokenText.Normalize(text) + " ";
        rest = Blank(rest, lexicon.Noise);
        var corrections = lexicon.Corrections.Matches(rest).ToArray();

        // Relative moments first: "in two hours" holds a number that must not become a clock time; then dates, whose
        // day numbers must not either.
        var moments = ReadMoments(ref rest, lexicon, nowUtc);
        var dateSpans = new List<(int Start, int End)>();
        var dates = ReadDates(ref rest, lexicon, today, dateSpans);
        var clocks = ReadClocks(ref rest, lexicon, corrections);

        // Parts of the day before relative days: Spanish "mañana por la mañana" is tomorrow morning.
        var parts = new List<Stated<DayPart>>();
        TakeAll(ref rest, lexicon.Morning, at => parts.Add(new(at, DayPart.Morning)));
        TakeAll(ref rest, lexicon.Afternoon, at => parts.Add(new(at, DayPart.Afternoon)));
        TakeAll(ref rest, lexicon.Evening, at => parts.Add(new(at, DayPart.Evening)));

        // "Noon" is a time of its own unless it only placed a clock time ("בשתיים בצהריים" is 14:00).
        var noClock = clocks.Count == 0;
        TakeAll(ref rest, lexicon.Noon, at =>
        {
            if (noClock)
            {
                clocks.Add(new(at, new TimeOnly(12, 0)));
            }
        });

        foreach (var (pattern, days) in lexicon.RelativeDays)
        {
            TakeAll(ref rest, pattern, at => dates.Add(new(at, (today.AddDays(days), false))));
        }

        var clock = Last(clocks);
        var part = Last(parts);
        var laterToday = clock is { } c
            ? c.Said > TimeOnly.FromDateTime(localNow)
            : part is { } p && TimeMention.UsualTime(p.Said) > TimeOnly.FromDateTime(localNow);
        var todayByName = ReadWeekdays(ref rest, lexicon, today, laterToday, dates, dateSpans);

        var ordinals = new List<Stated<int>>();
        foreach (var (pattern, ordinal) in lexicon.Ordinals)
        {
            TakeAll(ref rest, pattern, at => ordinals.Add(new(at, ordinal)));
        }

        var moment = Last(moments);
        if (moment is { } m && clock is { } named)
        {
            // "in two hours, no, at five": whichever was said last.
            if (named.At > m.At)
            {
                moment = null;
            }
            else
            {
                clock = null;
            }
        }

        if (clock is { } taken && part is { } later && later.At > taken.At && corrections.Any(x => x.Index > taken.At && x.Index < later.At))
        {
            // "at three, no, in the morning": the part of the day replaces the clock time.
            clock = null;
        }

        var date = Last(Retained(dates, corrections));
        var ordinalChoice = Last(ordinals);
        var stated = dates.Select(s => s.At).Concat(clocks.Select(s => s.At)).Concat(parts.Select(s => s.At))
            .Concat(moments.Select(s => s.At)).Concat(ordinals.Select(s => s.At)).ToArray();
        var mention = new TimeMention
        {
            Date = date?.Said.Date,
            WeekOnly = date?.Said.WeekOnly ?? false,
            Time = clock?.Said,
            Part = part?.Said,
            ExactUtc = moment?.Said,
            Ordinal = ordinalChoice?.Said,
            Corrected = corrections.Any(x => Corrects(x, stated, dates, clocks)),
            TodayByWeekday = date is { } said && todayByName.Contains(said.At),
        };
        return mention.NamesTime || mention.Ordinal is not null ? mention : null;
    }

    /// <summary>
    /// The days still meant after corrections: a day taken back ("Monday, no wait, Tuesday") stays taken back when it
    /// comes up again after the new one ("... Tuesday at 10. Monday's a mess"), which is a remark, not a third choice.
    /// </summary>
    private static List<Stated<(DateOnly Date, bool WeekOnly)>> Retained(List<Stated<(DateOnly Date, bool WeekOnly)>> dates, Match[] corrections)
    {
        var withdrawn = new HashSet<DateOnly>();
        foreach (var marker in corrections)
        {
            var end = marker.Index + marker.Length;
            var before = dates.Where(d => d.At < marker.Index).Select(d => d.Said.Date).ToHashSet();
            if (dates.Any(d => d.At >= end && !before.Contains(d.Said.Date)))
            {
                withdrawn.UnionWith(before);
            }
        }

        var retained = dates.Where(d => !withdrawn.Contains(d.Said.Date)).ToList();
        return retained.Count > 0 ? retained : dates;
    }

    /// <summary>
    /// A correction word takes back a time: one said before it ("Monday, no wait, Tuesday"), or the first of two said
    /// after it ("no, not Monday, Tuesday").
    /// </summary>
    private static bool Corrects(Match marker, int[] stated, List<Stated<(DateOnly, bool)>> dates, List<Stated<TimeOnly>> clocks)
    {
        var end = marker.Index + marker.Length;
        return stated.Any(at => at >= end)
            && (stated.Any(at => at < marker.Index) || dates.Count(d => d.At >= end) >= 2 || clocks.Count(c => c.At >= end) >= 2);
    }

    private static List<Stated<DateTimeOffset>> ReadMoments(ref string rest, CompiledLexicon lexicon, DateTimeOffset nowUtc)
    {
        var moments = new List<Stated<DateTimeOffset>>();
        foreach (var (pattern, minutes) in lexicon.FixedDurations)
        {
            TakeAll(ref rest, pattern, at => moments.Add(new(at, nowUtc.AddMinutes(minutes))));
        }

        foreach (var pattern in lexicon.Durations)
        {
            foreach (Match match in pattern.Matches(rest))
            {
                if (lexicon.Number(Squash(match.Groups["n"].Value)) is { } count and > 0)
                {
                    var unit = match.Groups["hours"].Success ? 60 : 1;
                    moments.Add(new(match.Index, nowUtc.AddMinutes(count * unit)));
                    rest = Blank(rest, match);
                }
            }
        }

        return moments;
    }

    private static List<Stated<(DateOnly Date, bool WeekOnly)>> ReadDates(ref string rest, CompiledLexicon lexicon, DateOnly today, List<(int Start, int End)> spans)
    {
        var dates = new List<Stated<(DateOnly, bool)>>();
        void Add(ref string text, Match match, DateOnly date)
        {
            dates.Add(new(match.Index, (date, false)));
            spans.Add((match.Index, match.Index + match.Length));
            text = Blank(text, match);
        }

        foreach (var pattern in lexicon.Dates)
        {
            foreach (Match match in pattern.Matches(rest))
            {
                var day = match.Groups["d"].Value == "premier" ? 1 : int.Parse(match.Groups["d"].Value, CultureInfo.InvariantCulture);
                if (lexicon.MonthByName.TryGetValue(match.Groups["mon"].Value, out var month) && Resolve(today, month, day, null) is { } date)
                {
                    Add(ref rest, match, date);
                }
            }
        }

        foreach (var pattern in lexicon.DaysOfMonth)
        {
            foreach (Match match in pattern.Matches(rest))
            {
                var weekday = match.Groups["wd"].Success ? lexicon.DayOfWeekOf(match.Groups["wd"].Value) : null;
                if (lexicon.Day(Squash(match.Groups["d"].Value)) is { } day && DayOfMonth(today, day, weekday) is { } date)
                {
                    Add(ref rest, match, date);
                }
            }
        }

        var numeric = lexicon.Lexicon.MonthFirstNumericDates ? SlashDate() : DayFirstDate();
        foreach (Match match in numeric.Matches(rest))
        {
            var a = int.Parse(match.Groups["a"].Value, CultureInfo.InvariantCulture);
            var b = int.Parse(match.Groups["b"].Value, CultureInfo.InvariantCulture);
            int? year = match.Groups["y"].Success ? int.Parse(match.Groups["y"].Value, CultureInfo.InvariantCulture) : null;
            var (month, day) = lexicon.Lexicon.MonthFirstNumericDates ? (a, b) : (b, a);
            if (Resolve(today, month, day, year) is { } date)
            {
                Add(ref rest, match, date);
            }
        }

        return dates;
    }

    /// <returns>Where a bare day name was read as today (today's day with a time still ahead).</returns>
    private static HashSet<int> ReadWeekdays(ref string rest, CompiledLexicon lexicon, DateOnly today, bool laterToday,
        List<Stated<(DateOnly Date, bool WeekOnly)>> dates, List<(int Start, int End)> dateSpans)
    {
        var todayByName = new HashSet<int>();
        var nextWeek = new List<int>();
        TakeAll(ref rest, lexicon.NextWeek, nextWeek.Add);
        var qualifiers = lexicon.NextDayQualifiers.Matches(rest).ToArray();
        var nextMonday = NextAfter(today, DayOfWeek.Monday);
        var named = false;
        for (var day = DayOfWeek.Sunday; day <= DayOfWeek.Saturday; day++)
        {
            foreach (Match match in lexicon.Weekdays[(int)day].Matches(rest))
            {
                rest = Blank(rest, match);
                named = true;
                // "Thursday, March 12": the day name only confirms the date next to it.
                var text = rest;
                if (dateSpans.Any(span => Adjacent(text, match.Index, match.Index + match.Length, span.Start, span.End)))
                {
                    continue;
                }

                // A bare day name is its next occurrence ("Tuesday" said on a Tuesday is next week's) unless a time
                // still ahead today is named with it; with "next week" it is that day of next week.
                var at = match.Index;
                var qualified = qualifiers.Any(q => Math.Abs(q.Index - at) <= match.Length + q.Length + 4);
                var date = nextWeek.Count > 0 ? nextMonday.AddDays(((int)day - (int)DayOfWeek.Monday + 7) % 7)
                    : day == today.DayOfWeek && laterToday && !qualified ? today
                    : NextAfter(today, day);
                dates.Add(new(match.Index, (date, false)));
                if (date == today)
                {
                    todayByName.Add(match.Index);
                }
            }
        }

        if (!named && nextWeek.Count > 0)
        {
            dates.Add(new(nextWeek[^1], (nextMonday, true)));
        }

        return todayByName;
    }

    private static bool Adjacent(string text, int start, int end, int otherStart, int otherEnd)
    {
        var (from, to) = end <= otherStart ? (end, otherStart) : (otherEnd, start);
        return from <= to && string.IsNullOrWhiteSpace(text[from..to]);
    }

    private static List<Stated<TimeOnly>> ReadClocks(ref string rest, CompiledLexicon lexicon, Match[] corrections)
    {
        var clocks = new List<Stated<TimeOnly>>();
        var ranges = lexicon.RangeStarts.Matches(rest).ToArray();
        var context = new ClockContext(
            lexicon.PmWords.IsMatch(rest),
            lexicon.AmWords.IsMatch(rest),
            lexicon.Noon.IsMatch(Blank(Blank(rest, lexicon.AmWords), lexicon.PmWords)));
        foreach (var (pattern, kind) in lexicon.Clocks)
        {
            foreach (Match match in pattern.Matches(rest))
            {
                if (Clock(rest, match, kind, lexicon, context) is { } time)
                {
                    clocks.Add(new(match.Index, time));
                    rest = Blank(rest, match);
                }
            }
        }

        // "between 2 and 3": the meeting starts at the first time of the range.
        foreach (var range in ranges)
        {
            var inRange = clocks.Where(c => c.At >= range.Index).OrderBy(c => c.At).Take(2).ToArray();
            if (inRange.Length == 2 && inRange[1].At - inRange[0].At <= 30)
            {
                clocks.Remove(inRange[1]);
            }
        }

        foreach (var correction in corrections)
        {
            var end = correction.Index + correction.Length;
            if (clocks.Any(c => c.At < correction.Index) && !clocks.Any(c => c.At >= end)
                && lexicon.CorrectedHour.Match(rest, end) is { Success: true } bare && Clock(rest, bare, ClockKind.Hour, lexicon, context) is { } time)
            {
                clocks.Add(new(bare.Index, time));
                rest = Blank(rest, bare);
            }
        }

        return clocks;
    }

    private static TimeOnly? Clock(string rest, Match match, ClockKind kind, CompiledLexicon lexicon, ClockContext context)
    {
        if (lexicon.Number(Squash(match.Groups["h"].Value)) is not { } hour)
        {
            return null;
        }

        var minute = 0;
        if (match.Groups["m"].Success)
        {
            if (lexicon.Number(Squash(match.Groups["m"].Value)) is not { } minutes)
            {
                return null;
            }

            minute = minutes;
        }

        var end = match.Index + match.Length;
        if (lexicon.CountFollows.IsMatch(rest, end) || GluedToDigits(rest, match))
        {
            return null;
        }

        // Twelve-hour readings, decided on the hour named ("halb eins" is 12:30, "quarter to one" 12:45): a marker
        // right after the time decides, then one elsewhere in the sentence; otherwise 1-7 are afternoon hours,
        // because meetings happen in business hours and nobody books one at three in the morning.
        var (pm, am) = match.Groups["pm"].Success ? (true, false)
            : match.Groups["am"].Success ? (false, true)
            : lexicon.PmFollows.IsMatch(rest, end) ? (true, false)
            : lexicon.AmFollows.IsMatch(rest, end) ? (false, true)
            : lexicon.NoonFollows.IsMatch(rest, end) ? (hour is >= 1 and <= 6, false)
            : ((context.Pm || (context.Noon && hour is >= 1 and <= 6)) && !context.Am, context.Am && !context.Pm);
        if (hour is >= 1 and < 12 && (pm || (!am && hour <= 7)))
        {
            hour += 12;
        }
        else if (hour == 12 && am && !pm)
        {
            hour = 0;
        }

        (hour, minute) = kind switch
        {
            ClockKind.HalfPast => (hour, 30),
            ClockKind.HalfBefore => (hour - 1, 30),
            ClockKind.QuarterPast => (hour, 15),
            ClockKind.QuarterTo => (hour - 1, 45),
            ClockKind.MinutesTo => (hour - 1, 60 - minute),
            ClockKind.MinutesBeforeHalf => (hour - 1, 30 - minute),
            ClockKind.MinutesAfterHalf => (hour - 1, 30 + minute),
            _ => (hour, minute),
        };

        return hour is < 0 or > 23 || minute is < 0 or > 59 ? null : new TimeOnly(hour, minute);
    }

    /// <summary>Digits run on into more digits: a phone number or an amount, never a clock time.</summary>
    private static bool GluedToDigits(string rest, Match match)
    {
        var before = rest.AsSpan(0, match.Index).TrimEnd();
        var after = rest.AsSpan(match.Index + match.Length).TrimStart();
        return (char.IsDigit(match.Value[0]) && before.Length > 0 && char.IsDigit(before[^1]))
            || (char.IsDigit(match.Value[^1]) && after.Length > 0 && char.IsDigit(after[0]));
    }

    private static DateOnly NextAfter(DateOnly today, DayOfWeek day)
    {
        var ahead = ((int)day - (int)today.DayOfWeek + 7) % 7;
        return today.AddDays(ahead == 0 ? 7 : ahead);
    }

    /// <summary>
    /// A day of the month without a month: the next one from today (this month's, else the next month that has that
    /// day); with a day name, this or next month's such day that falls on it ("Thursday the 10th"). A day name that
    /// fits neither ("el viernes once" is Friday at eleven) means the number is no date.
    /// </summary>
    private static DateOnly? DayOfMonth(DateOnly today, int day, DayOfWeek? weekday)
    {
        if (day is < 1 or > 31)
        {
            return null;
        }

        var month = new DateOnly(today.Year, today.Month, 1);
        for (var i = 0; i < 12; i++, month = month.AddMonths(1))
        {
            if (day > DateTime.DaysInMonth(month.Year, month.Month) || new DateOnly(month.Year, month.Month, day) is var candidate && candidate < today)
            {
                continue;
            }

            if (weekday is null || candidate.DayOfWeek == weekday)
            {
                return candidate;
            }

            if (i >= 1)
            {
                return null;
            }
        }

        return null;
    }

    /// <summary>The next occurrence of a day and month (this year, or next year once it has passed).</summary>
    private static DateOnly? Resolve(DateOnly today, int month, int day, int? year)
    {
        if (month is < 1 or > 12 || day < 1)
        {
            return null;
        }

        if (year is { } y)
        {
            var full = y < 100 ? 2000 + y : y;
            return day <= DateTime.DaysInMonth(full, month) ? new DateOnly(full, month, day) : null;
        }

        for (var candidateYear = today.Year; candidateYear <= today.Year + 1; candidateYear++)
        {
            if (day <= DateTime.DaysInMonth(candidateYear, month) && new DateOnly(candidateYear, month, day) is var candidate && candidate >= today)
            {
                return candidate;
            }
        }

        return null;
    }

    private static Stated<T>? Last<T>(List<Stated<T>> found) where T : struct =>
        found.Count == 0 ? null : found.MaxBy(s => s.At);

    private static string Squash(string words) => Whitespace().Replace(words.Trim(), " ");

    /// <summary>Blanks every match of <paramref name="pattern"/>, telling <paramref name="found"/> where each was.</summary>
    private static void TakeAll(ref string rest, Regex pattern, Action<int> found)
    {
        foreach (Match match in pattern.Matches(rest))
        {
            found(match.Index);
            rest = Blank(rest, match);
        }
    }

    private static string Blank(string text, Regex pattern) => pattern.Replace(text, m => new string(' ', m.Length));

    private static string Blank(string text, Match match) =>
        string.Concat(text.AsSpan(0, match.Index), new string(' ', match.Length), text.AsSpan(match.Index + match.Length));

    [GeneratedRegex(@"(?<![\d/])(?<a>\d{1,2})/(?<b>\d{1,2})(/(?<y>\d{2,4}))?(?![\d/])", RegexOptions.ExplicitCapture)]
    private static partial Regex SlashDate();

    // Dotted dates need the closing dot ("3.3.") so a German clock time like "10.30 Uhr" is never read as a date.
    [GeneratedRegex(@"(?<![\d/.])(?<a>\d{1,2})(/(?<b>\d{1,2})(/(?<y>\d{2,4}))?|\.(?<b>\d{1,2})\.(?<y>\d{2,4})?)(?![\d/])", RegexOptions.ExplicitCapture)]
    private static partial Regex DayFirstDate();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    /// <summary>A value and where in the utterance it was said.</summary>
    private readonly record struct Stated<T>(int At, T Said);

    /// <summary>Twelve-hour markers anywhere in the utterance.</summary>
    private readonly record struct ClockContext(bool Pm, bool Am, bool Noon);
}
