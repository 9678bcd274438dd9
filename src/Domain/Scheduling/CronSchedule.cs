using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace AiScheduler.Domain.Scheduling;

/// <summary>
/// A cron schedule as written in <c>host.json</c>: five fields (<c>minute hour day-of-month month day-of-week</c>) or six
/// with seconds first, like Azure Functions' NCRONTAB (<c>"0 */5 * * * *"</c>). Each field takes <c>*</c>, values, ranges
/// (<c>1-5</c>), lists (<c>1,15</c>), steps (<c>*/10</c>, <c>5/15</c>, <c>0-30/10</c>) and names (<c>JAN</c>-<c>DEC</c>,
/// <c>SUN</c>-<c>SAT</c>; day-of-week 0 and 7 are both Sunday); <c>?</c> means "any" in the two day fields.
/// </summary>
/// <remarks>
/// As in NCRONTAB, a day must satisfy both day-of-month and day-of-week (Vixie cron would OR them when both are
/// restricted). Occurrences are evaluated on the wall clock of the given zone:
/// <list type="bullet">
/// <item>a wall time skipped by a spring-forward change fires once, at the first instant after the gap;</item>
/// <item>a wall time repeated by a fall-back change fires at its first pass only, unless the hour field is <c>*</c>
/// (a schedule that repeats within every hour keeps its rhythm through the repeated hour, by elapsed time).</item>
/// </list>
/// </remarks>
public sealed class CronSchedule
{
    private static readonly CronField Seconds = new("second", 0, 59, []);
    private static readonly CronField Minutes = new("minute", 0, 59, []);
    private static readonly CronField Hours = new("hour", 0, 23, []);
    private static readonly CronField DaysOfMonth = new("day-of-month", 1, 31, [], allowsAnyMark: true);
    private static readonly CronField Months = new("month", 1, 12,
        ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]);

    // 7 is accepted as Sunday and folded onto 0 after parsing.
    private static readonly CronField DaysOfWeek = new("day-of-week", 0, 7,
        ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"], allowsAnyMark: true);

    private static readonly int[] DaysInMonthLeap = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

    private readonly ulong _seconds;
    private readonly ulong _minutes;
    private readonly ulong _hours;
    private readonly ulong _daysOfMonth;
    private readonly ulong _months;
    private readonly ulong _daysOfWeek;
    private readonly bool _everyHour;

    private CronSchedule(string expression, bool hasSeconds, ulong seconds, ulong minutes, ulong hours, ulong daysOfMonth,
        ulong months, ulong daysOfWeek)
    {
        Expression = expression;
        HasSeconds = hasSeconds;
        _seconds = seconds;
        _minutes = minutes;
        _hours = hours;
        _daysOfMonth = daysOfMonth;
        _months = months;
        _daysOfWeek = daysOfWeek;
        _everyHour = hours == Hours.AllValues;
    }

    /// <summary>The expression as given (trimmed).</summary>
    public string Expression { get; }

    /// <summary>True for the six-field form (seconds first).</summary>
    public bool HasSeconds { get; }

    /// <summary>Parses <paramref name="expression"/>.</summary>
    /// <exception cref="FormatException">The expression is malformed; the message names the field and what to fix.</exception>
    public static CronSchedule Parse(string expression) =>
        TryParse(expression, out var schedule, out var error) ? schedule : throw new FormatException(error);

    public static bool TryParse(
        string? expression,
        [NotNullWhen(true)] out CronSchedule? schedule,
        [NotNullWhen(false)] out string? error)
    {
        schedule = null;
        if (string.IsNullOrWhiteSpace(expression))
        {
            error = "The cron expression is empty; write 5 fields (minute hour day-of-month month day-of-week) " +
                    "or 6 with seconds first, e.g. \"0 */5 * * * *\".";
            return false;
        }

        var text = expression.Trim();
        var parts = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length is not (5 or 6))
        {
            error = string.Create(CultureInfo.InvariantCulture, $"Cron expression '{text}' has {parts.Length} fields; ") +
                    "write 5 (minute hour day-of-month month day-of-week) or 6 with seconds first, e.g. \"0 */5 * * * *\".";
            return false;
        }

        var hasSeconds = parts.Length == 6;
        var offset = hasSeconds ? 1 : 0;
        ulong seconds = 1; // five-field schedules fire at second 0
        if (hasSeconds && !Seconds.TryParse(parts[0], text, out seconds, out error))
        {
            return false;
        }

        if (!Minutes.TryParse(parts[offset], text, out var minutes, out error) ||
            !Hours.TryParse(parts[offset + 1], text, out var hours, out error) ||
            !DaysOfMonth.TryParse(parts[offset + 2], text, out var daysOfMonth, out error) ||
            !Months.TryParse(parts[offset + 3], text, out var months, out error) ||
            !DaysOfWeek.TryParse(parts[offset + 4], text, out var daysOfWeek, out error))
        {
            return false;
        }

        if ((daysOfWeek & (1UL << 7)) != 0)
        {
            daysOfWeek = (daysOfWeek & ~(1UL << 7)) | 1UL;
        }

        if (!AnyDayExists(daysOfMonth, months))
        {
            error = $"Cron expression '{text}' never fires: no month in the month field '{parts[offset + 3]}' has a day " +
                    $"listed in the day-of-month field '{parts[offset + 2]}'.";
            return false;
        }

        schedule = new CronSchedule(text, hasSeconds, seconds, minutes, hours, daysOfMonth, months, daysOfWeek);
        error = null;
        return true;
    }

    /// <summary>
    /// The first occurrence strictly after <paramref name="after"/>, evaluated on the wall clock of <paramref name="zone"/>,
    /// returned in UTC (offset zero).
    /// </summary>
    public DateTimeOffset Next(DateTimeOffset after, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        // Occurrences fall on whole seconds; the first candidate is the next whole second.
        var ticksIntoSecond = after.UtcTicks % TimeSpan.TicksPerSecond;
        var instant = new DateTimeOffset(after.UtcTicks - ticksIntoSecond, TimeSpan.Zero).AddSeconds(1);

        while (true)
        {
            var local = TimeZoneInfo.ConvertTime(instant, zone);
            var wall = local.DateTime;
            var match = NextWallTime(wall);
            if (match == wall)
            {
                if (_everyHour || !IsSecondPassOfRepeatedHour(local, zone))
                {
                    return instant;
                }

                instant = instant.AddSeconds(1);
                continue;
            }

            if (match - wall > TimeSpan.FromDays(1))
            {
                // Far jumps may cross two offset changes that cancel out; land a day early, where the offset is known.
                instant = new DateTimeOffset(match.AddDays(-1) - local.Offset, TimeSpan.Zero);
                continue;
            }

            // Assume the offset holds until the match; if it changes on the way, restart from the change.
            var candidate = new DateTimeOffset(match - local.Offset, TimeSpan.Zero);
            if (zone.GetUtcOffset(candidate) == local.Offset)
            {
                instant = candidate;
                continue;
            }

            var change = FirstInstantWithNewOffset(instant, candidate, local.Offset, zone);
            var changedWall = TimeZoneInfo.ConvertTime(change, zone).DateTime;
            if (changedWall > wall && match < changedWall)
            {
                // The clock jumped forward over a wall time that matches: fire once, at the end of the gap.
                return change;
            }

            instant = change;
        }
    }

    /// <summary>The next <paramref name="count"/> occurrences after <paramref name="after"/>.</summary>
    public IEnumerable<DateTimeOffset> Occurrences(DateTimeOffset after, TimeZoneInfo zone, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var cursor = after;
        for (var i = 0; i < count; i++)
        {
            cursor = Next(cursor, zone);
            yield return cursor;
        }
    }

    public override string ToString() => Expression;

    private static bool IsSecondPassOfRepeatedHour(DateTimeOffset local, TimeZoneInfo zone)
    {
        if (!zone.IsAmbiguousTime(local))
        {
            return false;
        }

        var offsets = zone.GetAmbiguousTimeOffsets(local);
        return local.Offset == offsets.Min();
    }

    // Binary search on whole seconds: the offset is 'before' at 'from' and something else at 'to'.
    private static DateTimeOffset FirstInstantWithNewOffset(DateTimeOffset from, DateTimeOffset to, TimeSpan before, TimeZoneInfo zone)
    {
        var low = from.ToUnixTimeSeconds();
        var high = to.ToUnixTimeSeconds();
        while (low + 1 < high)
        {
            var middle = low + ((high - low) / 2);
            if (zone.GetUtcOffset(DateTimeOffset.FromUnixTimeSeconds(middle)) == before)
            {
                low = middle;
            }
            else
            {
                high = middle;
            }
        }

        return DateTimeOffset.FromUnixTimeSeconds(high);
    }

    // The first wall-clock time at or after 'from' (whole seconds) whose fields all match.
    private DateTime NextWallTime(DateTime from)
    {
        var t = new DateTime(from.Ticks - (from.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Unspecified);
        var limitYear = t.Year + 30;
        while (t.Year <= limitYear)
        {
            if (!Has(_months, t.Month))
            {
                var month = NextIn(_months, t.Month + 1, 12);
                t = month is { } m ? new DateTime(t.Year, m, 1) : new DateTime(t.Year + 1, 1, 1);
                continue;
            }

            if (!Has(_daysOfMonth, t.Day) || !Has(_daysOfWeek, (int)t.DayOfWeek))
            {
                t = t.Date.AddDays(1);
                continue;
            }

            if (!Has(_hours, t.Hour))
            {
                var hour = NextIn(_hours, t.Hour + 1, 23);
                t = hour is { } h ? t.Date.AddHours(h) : t.Date.AddDays(1);
                continue;
            }

            if (!Has(_minutes, t.Minute))
            {
                var minute = NextIn(_minutes, t.Minute + 1, 59);
                var hourStart = t.Date.AddHours(t.Hour);
                t = minute is { } m ? hourStart.AddMinutes(m) : hourStart.AddHours(1);
                continue;
            }

            if (!Has(_seconds, t.Second))
            {
                var second = NextIn(_seconds, t.Second + 1, 59);
                var minuteStart = t.Date.AddHours(t.Hour).AddMinutes(t.Minute);
                t = second is { } s ? minuteStart.AddSeconds(s) : minuteStart.AddMinutes(1);
                continue;
            }

            return t;
        }

        // Parse rejects schedules that can never fire, so only the end of the calendar gets here.
        throw new InvalidOperationException($"Cron schedule '{Expression}' has no occurrence within 30 years of {from:O}.");
    }

    private static bool AnyDayExists(ulong daysOfMonth, ulong months)
    {
        for (var month = 1; month <= 12; month++)
        {
            if (Has(months, month) && NextIn(daysOfMonth, 1, DaysInMonthLeap[month - 1]) is not null)
            {
                return true;
            }
        }

        return false;
    }

    private static bool Has(ulong set, int value) => (set & (1UL << value)) != 0;

    private static int? NextIn(ulong set, int from, int max)
    {
        for (var value = from; value <= max; value++)
        {
            if (Has(set, value))
            {
                return value;
            }
        }

        return null;
    }

    private sealed class CronField(string name, int min, int max, string[] names, bool allowsAnyMark = false)
    {
        public ulong AllValues { get; } = Range(min, max, 1);

        public bool TryParse(string text, string expression, out ulong set, [NotNullWhen(false)] out string? error)
        {
            set = 0;
            foreach (var item in text.Split(','))
            {
                if (!TryParseItem(item, out var values, out var problem))
                {
                    error = $"Cron expression '{expression}': the {name} field '{text}' is invalid: {problem}";
                    return false;
                }

                set |= values;
            }

            error = null;
            return true;
        }

        private bool TryParseItem(string item, out ulong values, [NotNullWhen(false)] out string? problem)
        {
            values = 0;
            if (item.Length == 0)
            {
                problem = "an empty list item (two commas in a row, or a trailing comma).";
                return false;
            }

            var step = 1;
            var body = item;
            var slash = item.IndexOf('/', StringComparison.Ordinal);
            if (slash >= 0)
            {
                body = item[..slash];
                var stepText = item[(slash + 1)..];
                if (!int.TryParse(stepText, NumberStyles.None, CultureInfo.InvariantCulture, out step) || step <= 0)
                {
                    problem = $"the step '{stepText}' in '{item}' must be a positive whole number.";
                    return false;
                }

                if (step > max - min + 1)
                {
                    problem = string.Create(CultureInfo.InvariantCulture,
                        $"the step {step} in '{item}' is larger than the field's range {min}-{max}.");
                    return false;
                }
            }

            int low;
            int high;
            if (body is "*" || (body is "?" && allowsAnyMark))
            {
                if (body is "?" && slash >= 0)
                {
                    problem = $"'?' takes no step; use '*/{item[(slash + 1)..]}'.";
                    return false;
                }

                (low, high) = (min, max);
            }
            else if (body is "?")
            {
                problem = "'?' is only allowed in the day-of-month and day-of-week fields; use '*'.";
                return false;
            }
            else
            {
                var dash = body.IndexOf('-', StringComparison.Ordinal);
                if (dash >= 0)
                {
                    if (!TryParseValue(body[..dash], out low, out problem) || !TryParseValue(body[(dash + 1)..], out high, out problem))
                    {
                        return false;
                    }

                    if (high < low)
                    {
                        problem = $"the range '{body}' runs backwards; write the smaller value first or use a list.";
                        return false;
                    }
                }
                else
                {
                    if (!TryParseValue(body, out low, out problem))
                    {
                        return false;
                    }

                    // "5/15" means from 5 to the end of the field in steps of 15.
                    high = slash >= 0 ? max : low;
                }
            }

            values = Range(low, high, step);
            problem = null;
            return true;
        }

        private bool TryParseValue(string text, out int value, [NotNullWhen(false)] out string? problem)
        {
            var nameIndex = Array.FindIndex(names, n => string.Equals(n, text, StringComparison.OrdinalIgnoreCase));
            if (nameIndex >= 0)
            {
                value = min + nameIndex;
                problem = null;
                return true;
            }

            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value))
            {
                problem = names.Length > 0
                    ? $"'{text}' is neither a number nor one of {string.Join(", ", names)}."
                    : $"'{text}' is not a whole number.";
                return false;
            }

            if (value < min || value > max)
            {
                problem = string.Create(CultureInfo.InvariantCulture, $"{value} is outside {min}-{max}.");
                return false;
            }

            problem = null;
            return true;
        }

        private static ulong Range(int low, int high, int step)
        {
            ulong set = 0;
            for (var value = low; value <= high; value += step)
            {
                set |= 1UL << value;
            }

            return set;
        }
    }
}
