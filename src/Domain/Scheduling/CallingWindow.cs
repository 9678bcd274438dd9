using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace AiScheduler.Domain.Scheduling;

/// <summary>
/// When a lead may be called: some days of the week between a local start and end time, read in the lead's own zone.
/// The end is exclusive. Wall-clock semantics across DST: on a spring-forward day a start time that does not exist
/// opens at the first valid instant; on a fall-back day a repeated start time opens at its first occurrence.
/// </summary>
public sealed class CallingWindow : IEquatable<CallingWindow>
{
    private static readonly DayOfWeek[] WeekOrder =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday];

    // Countries whose working week runs Sunday to Thursday (weekend Friday-Saturday).
    private static readonly FrozenSet<string> SundayToThursday = FrozenSet.Create(
        StringComparer.OrdinalIgnoreCase, "IL", "SA", "KW", "QA", "BH", "OM", "JO", "EG", "IQ", "DZ", "LY", "SD", "YE", "SY");

    private readonly int _mask;

    public CallingWindow(IEnumerable<DayOfWeek> days, TimeOnly start, TimeOnly end)
    {
        ArgumentNullException.ThrowIfNull(days);
        foreach (var day in days)
        {
            if (!Enum.IsDefined(day))
            {
                throw new ArgumentOutOfRangeException(nameof(days), day, "not a day of the week");
            }

            _mask |= 1 << (int)day;
        }

        if (_mask == 0)
        {
            throw new ArgumentException("a calling window needs at least one day of the week", nameof(days));
        }

        if (start >= end)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"the window must start before it ends (got {start:HH\\:mm}-{end:HH\\:mm}); windows do not cross midnight"),
                nameof(end));
        }

        Start = start;
        End = end;
        Days = WeekOrder.Where(d => (_mask & (1 << (int)d)) != 0).ToFrozenSet();
    }

    /// <summary>Monday to Friday, 09:00 to 18:00.</summary>
    public static CallingWindow Default { get; } = new(WeekOrder[..5], new TimeOnly(9, 0), new TimeOnly(18, 0));

    /// <summary>Sunday to Thursday, 09:00 to 18:00: the working week in Israel and much of the Arab world.</summary>
    public static CallingWindow SundayToThursdayDefault { get; } =
        new([DayOfWeek.Sunday, DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday], new TimeOnly(9, 0), new TimeOnly(18, 0));

    public IReadOnlySet<DayOfWeek> Days { get; }

    public TimeOnly Start { get; }

    public TimeOnly End { get; }

    /// <summary>The usual business hours of a country: Sunday-Thursday where that is the working week, otherwise Monday-Friday.</summary>
    public static CallingWindow ForRegion(string? regionCode) =>
        regionCode is not null && SundayToThursday.Contains(regionCode.Trim()) ? SundayToThursdayDefault : Default;

    /// <summary>True when the wall clock in <paramref name="zone"/> at <paramref name="instant"/> is inside the window.</summary>
    public bool IsOpen(DateTimeOffset instant, TimeZoneInfo zone)
    {
        var local = WallClock.ToLocal(instant, zone);
        var time = TimeOnly.FromDateTime(local);
        return Includes(local.DayOfWeek) && time >= Start && time < End;
    }

    /// <summary>The first instant at or after <paramref name="after"/> when the window is open; <paramref name="after"/> itself when open.</summary>
    public DateTimeOffset NextOpening(DateTimeOffset after, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        return IsOpen(after, zone)
            ? after
            : FirstChange(after, zone, Start, becomesOpen: true)
              ?? throw new InvalidOperationException("no opening within three weeks; the window has at least one day, so the zone data is broken");
    }

    /// <summary>
    /// When the window open at <paramref name="instant"/> closes, or, when closed, when the next opening closes.
    /// Campaigns use it to stop dialling a lead whose local day is over.
    /// </summary>
    public DateTimeOffset NextClosing(DateTimeOffset instant, TimeZoneInfo zone)
    {
        var opening = NextOpening(instant, zone);
        return FirstChange(opening, zone, End, becomesOpen: false)
            ?? throw new InvalidOperationException("no closing within three weeks; the zone data is broken");
    }

    // The window's state only changes where the wall clock reaches a boundary (in either occurrence of a repeated
    // hour) or where it jumps at a DST transition; the earliest such instant after `from` with the wanted state wins.
    private DateTimeOffset? FirstChange(DateTimeOffset from, TimeZoneInfo zone, TimeOnly boundary, bool becomesOpen)
    {
        DateTimeOffset? best = null;
        var date = DateOnly.FromDateTime(WallClock.ToLocal(from, zone)).AddDays(-1);
        for (var i = 0; i < 23; i++, date = date.AddDays(1))
        {
            if (best is { } found && WallClock.ToInstant(date.AddDays(-1), TimeOnly.MinValue, zone) > found)
            {
                break; // a whole local day past the best candidate: nothing later can be earlier
            }

            if (!Includes(date.DayOfWeek))
            {
                continue;
            }

            foreach (var candidate in BoundaryInstants(date, boundary, zone))
            {
                if (candidate > from && IsOpen(candidate, zone) == becomesOpen && (best is null || candidate < best))
                {
                    best = candidate;
                }
            }
        }

        return best is { } result ? TimeZoneInfo.ConvertTime(result, zone) : null;
    }

    private static IEnumerable<DateTimeOffset> BoundaryInstants(DateOnly date, TimeOnly time, TimeZoneInfo zone)
    {
        var local = date.ToDateTime(time);
        yield return WallClock.ToInstant(local, zone);
        var dayStart = WallClock.ToInstant(date, TimeOnly.MinValue, zone);
        var dayEnd = WallClock.ToInstant(date.AddDays(1), TimeOnly.MinValue, zone);
        var startOffset = zone.GetUtcOffset(dayStart);
        var endOffset = zone.GetUtcOffset(dayEnd);
        yield return new DateTimeOffset(local, startOffset);
        if (endOffset != startOffset)
        {
            yield return new DateTimeOffset(local, endOffset);
        }

        if (WallClock.TransitionBetween(dayStart, dayEnd, zone) is { } transition)
        {
            yield return transition;
        }
    }

    public bool Includes(DayOfWeek day) => (_mask & (1 << (int)day)) != 0;

    /// <summary>"Mon-Fri 09:00-18:00", "Sun-Thu 09:00-18:00", "Mon,Wed,Fri 10:00-16:30".</summary>
    public override string ToString()
    {
        // A run of three or more consecutive days (possibly wrapping, like Sun-Thu) is written as a range.
        var runStarts = WeekOrder.Where(d => Includes(d) && !Includes(WeekOrder[(Array.IndexOf(WeekOrder, d) + 6) % 7])).ToList();
        string dayText;
        if (Days.Count == 7)
        {
            dayText = "Mon-Sun";
        }
        else if (runStarts.Count == 1 && Days.Count >= 3)
        {
            var first = Array.IndexOf(WeekOrder, runStarts[0]);
            dayText = $"{Abbreviation(WeekOrder[first])}-{Abbreviation(WeekOrder[(first + Days.Count - 1) % 7])}";
        }
        else
        {
            dayText = string.Join(',', WeekOrder.Where(Includes).Select(Abbreviation));
        }

        return string.Create(CultureInfo.InvariantCulture, $"{dayText} {Start:HH\\:mm}-{End:HH\\:mm}");
    }

    /// <summary>Parses the <see cref="ToString"/> form; day names in English, ranges may wrap (Sun-Thu, Fri-Mon).</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out CallingWindow? window, [NotNullWhen(false)] out string? error)
    {
        window = null;
        var parts = text?.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [];
        if (parts.Length != 2)
        {
            error = $"'{text}' is not a calling window: write days and hours like 'Mon-Fri 09:00-18:00' or 'Sun,Tue 10:00-12:30'";
            return false;
        }

        var days = new List<DayOfWeek>();
        foreach (var item in parts[0].Split(','))
        {
            var range = item.Split('-');
            if (range.Length is < 1 or > 2 || !range.All(r => TryDay(r, out _)))
            {
                error = $"'{item}' is not a day or day range: use Mon, Tue, Wed, Thu, Fri, Sat, Sun or a range like Sun-Thu";
                return false;
            }

            TryDay(range[0], out var first);
            TryDay(range[^1], out var last);
            var index = Array.IndexOf(WeekOrder, first);
            days.Add(first);
            while (WeekOrder[index] != last)
            {
                index = (index + 1) % 7;
                days.Add(WeekOrder[index]);
            }
        }

        var hours = parts[1].Split('-');
        if (hours.Length != 2
            || !TimeOnly.TryParseExact(hours[0], "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start)
            || !TimeOnly.TryParseExact(hours[1], "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var end))
        {
            error = $"'{parts[1]}' is not an hour range: write it like 09:00-18:00";
            return false;
        }

        if (start >= end)
        {
            error = $"'{parts[1]}' must start before it ends; windows do not cross midnight";
            return false;
        }

        window = new CallingWindow(days, start, end);
        error = null;
        return true;
    }

    public static CallingWindow Parse(string text) =>
        TryParse(text, out var window, out var error) ? window : throw new FormatException(error);

    public bool Equals(CallingWindow? other) => other is not null && _mask == other._mask && Start == other.Start && End == other.End;

    public override bool Equals(object? obj) => Equals(obj as CallingWindow);

    public override int GetHashCode() => HashCode.Combine(_mask, Start, End);

    private static string Abbreviation(DayOfWeek day) => day.ToString()[..3];

    private static bool TryDay(string text, out DayOfWeek day)
    {
        foreach (var candidate in WeekOrder)
        {
            var name = candidate.ToString();
            if (text.Length >= 2 && name.StartsWith(text, StringComparison.OrdinalIgnoreCase) && text.Length <= name.Length)
            {
                day = candidate;
                return true;
            }
        }

        day = default;
        return false;
    }
}
