using System.Globalization;
using System.Text.RegularExpressions;
using AiScheduler.Domain.Conversation.Languages;

namespace AiScheduler.Domain.Conversation;

/// <summary>
/// Reads time expressions in a caller's words relative to the call time in the lead's zone. Pure: the current time
/// is an argument. Each recognised phrase is blanked out before the next step so one word is never read twice
/// (German "am Morgen" is a part of the day, so "morgen" is no longer "tomorrow" afterwards).
/// </summary>
public static partial class TimeExpressionParser
{
    public static TimeMention? Parse(string text, LanguagePack language, DateTimeOffset nowUtc, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(language);
        ArgumentNullException.ThrowIfNull(zone);
        var lexicon = language.Compiled;
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(nowUtc, zone).DateTime);
        var rest = " " + SpokenText.Normalize(text) + " ";
        rest = Blank(rest, lexicon.Noise);
        var mention = new TimeMention();

        // Relative moments first: "in two hours" holds a number that must not become a clock time.
        foreach (var (pattern, minutes) in lexicon.FixedDurations)
        {
            if (Take(ref rest, pattern) is not null)
            {
                mention = mention with { ExactUtc = nowUtc.AddMinutes(minutes) };
                break;
            }
        }

        if (mention.ExactUtc is null)
        {
            foreach (var pattern in lexicon.Durations)
            {
                if (Take(ref rest, pattern) is { } match && lexicon.Number(Squash(match.Groups["n"].Value)) is { } count and > 0)
                {
                    var unit = match.Groups["hours"].Success ? 60 : 1;
                    mention = mention with { ExactUtc = nowUtc.AddMinutes(count * unit) };
                    break;
                }
            }
        }

        mention = mention with { Date = ReadDate(ref rest, lexicon, today) };

        // Parts of the day before relative days: Spanish "mañana por la mañana" is tomorrow morning.
        var pm = lexicon.PmMarkers.IsMatch(rest);
        var am = lexicon.AmMarkers.IsMatch(rest);
        if (Take(ref rest, lexicon.Morning) is not null)
        {
            mention = mention with { Part = DayPart.Morning };
        }
        else if (Take(ref rest, lexicon.Afternoon) is not null)
        {
            mention = mention with { Part = DayPart.Afternoon };
        }
        else if (Take(ref rest, lexicon.Evening) is not null)
        {
            mention = mention with { Part = DayPart.Evening };
        }

        if (Take(ref rest, lexicon.Noon) is not null)
        {
            mention = mention with { Time = new TimeOnly(12, 0) };
        }

        if (mention.Date is null)
        {
            foreach (var (pattern, days) in lexicon.RelativeDays)
            {
                if (Take(ref rest, pattern) is not null)
                {
                    mention = mention with { Date = today.AddDays(days) };
                    break;
                }
            }
        }

        var nextWeek = Take(ref rest, lexicon.NextWeek) is not null;
        var nextMonday = NextAfter(today, DayOfWeek.Monday);
        for (var day = DayOfWeek.Sunday; day <= DayOfWeek.Saturday && mention.Date is null; day++)
        {
            if (Take(ref rest, lexicon.Weekdays[(int)day]) is not null)
            {
                // A bare day name is its next occurrence after today ("Tuesday" said on a Tuesday is next week's);
                // with "next week" it is that day of next week.
                var date = nextWeek ? nextMonday.AddDays(((int)day - (int)DayOfWeek.Monday + 7) % 7) : NextAfter(today, day);
                mention = mention with { Date = date };
            }
        }

        if (nextWeek && mention.Date is null)
        {
            mention = mention with { Date = nextMonday, WeekOnly = true };
        }

        if (mention.Time is null && mention.ExactUtc is null)
        {
            mention = mention with { Time = ReadClock(ref rest, lexicon, pm || mention.Part is DayPart.Afternoon or DayPart.Evening, am || mention.Part is DayPart.Morning) };
        }

        foreach (var (pattern, ordinal) in lexicon.Ordinals)
        {
            if (Take(ref rest, pattern) is not null)
            {
                mention = mention with { Ordinal = ordinal };
                break;
            }
        }

        return mention.NamesTime || mention.Ordinal is not null ? mention : null;
    }

    private static DateOnly NextAfter(DateOnly today, DayOfWeek day)
    {
        var ahead = ((int)day - (int)today.DayOfWeek + 7) % 7;
        return today.AddDays(ahead == 0 ? 7 : ahead);
    }

    private static DateOnly? ReadDate(ref string rest, CompiledLexicon lexicon, DateOnly today)
    {
        foreach (var pattern in lexicon.Dates)
        {
            foreach (Match match in pattern.Matches(rest))
            {
                var day = match.Groups["d"].Value == "premier" ? 1 : int.Parse(match.Groups["d"].Value, CultureInfo.InvariantCulture);
                if (lexicon.MonthByName.TryGetValue(match.Groups["mon"].Value, out var month) && Resolve(today, month, day, null) is { } date)
                {
                    rest = Blank(rest, match);
                    return date;
                }
            }
        }

        foreach (var pattern in lexicon.DaysOfMonth)
        {
            foreach (Match match in pattern.Matches(rest))
            {
                var day = int.Parse(match.Groups["d"].Value, CultureInfo.InvariantCulture);
                var thisMonth = Resolve(today, today.Month, day, today.Year);
                var date = thisMonth is { } current && current >= today
                    ? current
                    : Resolve(today, today.AddMonths(1).Month, day, today.AddMonths(1).Year);
                if (date is not null)
                {
                    rest = Blank(rest, match);
                    return date;
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
                rest = Blank(rest, match);
                return date;
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

    private static TimeOnly? ReadClock(ref string rest, CompiledLexicon lexicon, bool pm, bool am)
    {
        foreach (var (pattern, kind) in lexicon.Clocks)
        {
            foreach (Match match in pattern.Matches(rest))
            {
                if (lexicon.Number(Squash(match.Groups["h"].Value)) is not { } hour)
                {
                    continue;
                }

                var minute = 0;
                if (match.Groups["m"].Success)
                {
                    if (lexicon.Number(Squash(match.Groups["m"].Value)) is not { } minutes)
                    {
                        continue;
                    }

                    minute = minutes;
                }

                (hour, minute) = kind switch
                {
                    ClockKind.HalfPast => (hour, 30),
                    ClockKind.HalfBefore => (hour - 1, 30),
                    ClockKind.QuarterPast => (hour, 15),
                    ClockKind.QuarterTo => (hour - 1, 45),
                    _ => (hour, minute),
                };

                // Twelve-hour readings: an explicit marker decides; otherwise 1-7 are afternoon hours, because nobody
                // books a meeting at three in the morning.
                if (hour < 12 && (pm || (!am && hour is >= 1 and <= 7)))
                {
                    hour += 12;
                }
                else if (hour == 12 && am && !pm)
                {
                    hour = 0;
                }

                if (hour is < 0 or > 23 || minute is < 0 or > 59)
                {
                    continue;
                }

                rest = Blank(rest, match);
                return new TimeOnly(hour, minute);
            }
        }

        return null;
    }

    private static string Squash(string words) => Whitespace().Replace(words.Trim(), " ");

    private static Match? Take(ref string rest, Regex pattern)
    {
        var match = pattern.Match(rest);
        if (!match.Success)
        {
            return null;
        }

        rest = Blank(rest, match);
        return match;
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
}
