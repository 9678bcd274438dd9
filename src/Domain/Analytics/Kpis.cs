using AiScheduler.Domain.Conversation;
using AiScheduler.Domain.Scheduling;

namespace AiScheduler.Domain.Analytics;

/// <summary>KPI maths over call and meeting facts: pure, so the dashboard, the demo summary and tests agree.</summary>
public static class Kpis
{
    /// <summary>Language used for calls whose language is not known.</summary>
    public const string UnknownLanguage = "unknown";

    /// <summary>More buckets than this is a request error (a year of hours is 8,784).</summary>
    public const int MaxBuckets = 10_000;

    public static KpiOverview Overview(IEnumerable<CallFact> calls, IEnumerable<MeetingFact> meetings, DateTimeOffset nowUtc)
    {
        ArgumentNullException.ThrowIfNull(calls);
        ArgumentNullException.ThrowIfNull(meetings);
        int placed = 0, completed = 0, connected = 0, booked = 0, timed = 0;
        var talk = TimeSpan.Zero;
        foreach (var call in calls)
        {
            placed++;
            if (call.Outcome is null)
            {
                continue;
            }

            completed++;
            if (!call.Connected)
            {
                continue;
            }

            connected++;
            if (call.Outcome == CallOutcome.Booked)
            {
                booked++;
            }

            if (call.Duration is { } duration)
            {
                timed++;
                talk += duration;
            }
        }

        int meetingsBooked = 0, upcoming = 0;
        foreach (var meeting in meetings.Where(m => !m.Cancelled))
        {
            meetingsBooked++;
            if (meeting.StartUtc > nowUtc)
            {
                upcoming++;
            }
        }

        return new KpiOverview(
            placed, completed, placed - completed, connected, Rate(connected, completed), booked, Rate(booked, connected),
            timed == 0 ? TimeSpan.Zero : TimeSpan.FromTicks(talk.Ticks / timed), meetingsBooked, upcoming);
    }

    /// <summary>
    /// Meetings per weekday and hour of the lead's own clock (a zone that is not known counts in UTC), Monday first, only
    /// cells with meetings.
    /// </summary>
    public static IReadOnlyList<BookingTimeCell> BookingsByWeekdayAndHour(IEnumerable<BookedStart> meetings)
    {
        ArgumentNullException.ThrowIfNull(meetings);
        return meetings
            .Select(m => TimeZoneInfo.TryFindSystemTimeZoneById(m.TimeZone, out var zone)
                ? TimeZoneInfo.ConvertTime(m.StartUtc, zone)
                : m.StartUtc.ToUniversalTime())
            .GroupBy(local => (local.DayOfWeek, local.Hour))
            .Select(g => new BookingTimeCell(g.Key.DayOfWeek, g.Key.Hour, g.Count()))
            .OrderBy(c => ((int)c.Day + 6) % 7).ThenBy(c => c.Hour)
            .ToList();
    }

    /// <summary>Every outcome, in the order of <see cref="CallOutcome"/>, with zero counts kept so charts have stable axes.</summary>
    public static IReadOnlyList<OutcomeCount> OutcomeDistribution(IEnumerable<CallFact> calls)
    {
        ArgumentNullException.ThrowIfNull(calls);
        var counts = new int[Enum.GetValues<CallOutcome>().Length];
        var completed = 0;
        foreach (var call in calls)
        {
            if (call.Outcome is { } outcome)
            {
                counts[(int)outcome]++;
                completed++;
            }
        }

        return Enum.GetValues<CallOutcome>().Select(o => new OutcomeCount(o, counts[(int)o], Rate(counts[(int)o], completed))).ToList();
    }

    /// <summary>Calls per language, most calls first (ties by name); calls of unknown language as <see cref="UnknownLanguage"/>.</summary>
    public static IReadOnlyList<LanguageCount> LanguageDistribution(IEnumerable<CallFact> calls)
    {
        ArgumentNullException.ThrowIfNull(calls);
        var list = calls as IReadOnlyCollection<CallFact> ?? calls.ToList();
        var total = list.Count;
        return list
            .GroupBy(c => string.IsNullOrWhiteSpace(c.Language) ? UnknownLanguage : c.Language.Trim(), StringComparer.OrdinalIgnoreCase)
            .Select(g => new LanguageCount(g.Key, g.Count(), g.Count(c => c.Connected), g.Count(c => c.Outcome == CallOutcome.Booked),
                Rate(g.Count(), total)))
            .OrderByDescending(l => l.Calls)
            .ThenBy(l => l.Language, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// Calls placed in [<paramref name="fromUtc"/>, <paramref name="toUtc"/>) counted per hour or per day of the wall clock
    /// in <paramref name="zone"/>, empty buckets included. Buckets follow the zone's days: a spring-forward day has 23
    /// hours, a fall-back day 25, and its repeated hour appears twice (once per offset).
    /// </summary>
    public static IReadOnlyList<CallsInBucket> CallsOverTime(
        IEnumerable<CallFact> calls, DateTimeOffset fromUtc, DateTimeOffset toUtc, TimeBucket bucket, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(calls);
        ArgumentNullException.ThrowIfNull(zone);
        if (toUtc <= fromUtc)
        {
            throw new ArgumentException("the end of the range must come after its start", nameof(toUtc));
        }

        var starts = new List<DateTimeOffset>();
        for (var start = BucketStart(fromUtc, bucket, zone); start < toUtc; start = NextBucketStart(start, bucket, zone))
        {
            if (starts.Count == MaxBuckets)
            {
                throw new ArgumentException(
                    $"the range holds more than {MaxBuckets} {bucket.ToString().ToLowerInvariant()} buckets; shorten it or use days",
                    nameof(toUtc));
            }

            starts.Add(start);
        }

        var tallies = new (int Calls, int Connected, int Booked)[starts.Count];
        foreach (var call in calls)
        {
            if (call.StartedUtc < fromUtc || call.StartedUtc >= toUtc)
            {
                continue;
            }

            var index = starts.BinarySearch(call.StartedUtc);
            index = index >= 0 ? index : ~index - 1;
            var (count, connected, booked) = tallies[index];
            tallies[index] = (count + 1, connected + (call.Connected ? 1 : 0), booked + (call.Outcome == CallOutcome.Booked ? 1 : 0));
        }

        return starts.Select((start, i) => new CallsInBucket(
            start.ToUniversalTime(), TimeZoneInfo.ConvertTime(start, zone), tallies[i].Calls, tallies[i].Connected, tallies[i].Booked))
            .ToList();
    }

    private static DateTimeOffset BucketStart(DateTimeOffset instant, TimeBucket bucket, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(instant, zone);
        if (bucket == TimeBucket.Day)
        {
            return WallClock.ToInstant(local.Date, zone).ToUniversalTime();
        }

        // The hour on the instant's own offset, so the second pass of a repeated hour is its own bucket.
        var hour = new DateTime(local.Year, local.Month, local.Day, local.Hour, 0, 0, DateTimeKind.Unspecified);
        var start = new DateTimeOffset(hour, local.Offset);
        return start <= instant && zone.GetUtcOffset(start) == local.Offset
            ? start.ToUniversalTime()
            : WallClock.ToInstant(hour, zone).ToUniversalTime();
    }

    private static DateTimeOffset NextBucketStart(DateTimeOffset start, TimeBucket bucket, TimeZoneInfo zone)
    {
        // A day is 23 to 25 hours long; 26 hours later is always inside the next day.
        var next = BucketStart(start + (bucket == TimeBucket.Day ? TimeSpan.FromHours(26) : TimeSpan.FromHours(1)), bucket, zone);
        return next > start ? next : start + TimeSpan.FromHours(1);
    }

    private static double Rate(int part, int whole) => whole == 0 ? 0 : (double)part / whole;
}
