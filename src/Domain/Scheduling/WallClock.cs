namespace AiScheduler.Domain.Scheduling;

/// <summary>
/// Turns wall-clock times in a zone into instants, with one rule for the two DST edge cases so every scheduling
/// decision agrees: a time skipped by spring-forward resolves to the first instant after the gap; a time that occurs
/// twice at fall-back resolves to its first occurrence.
/// </summary>
public static class WallClock
{
    /// <summary>The instant of <paramref name="date"/> at <paramref name="time"/> in <paramref name="zone"/>, expressed in the zone's offset.</summary>
    public static DateTimeOffset ToInstant(DateOnly date, TimeOnly time, TimeZoneInfo zone) =>
        ToInstant(date.ToDateTime(time, DateTimeKind.Unspecified), zone);

    /// <summary>The instant of a local wall time, expressed in the zone's offset.</summary>
    public static DateTimeOffset ToInstant(DateTime local, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);

        // Offsets in force around the wall time; a valid wall time maps to an instant under one of them. The distinct
        // offsets, largest first (the larger offset gives the earlier instant: the first occurrence); kept on the stack,
        // as this runs for every slot and window boundary the scheduler considers.
        Span<TimeSpan> offsets = stackalloc TimeSpan[3];
        var count = 0;
        Insert(offsets, ref count, zone.GetUtcOffset(new DateTimeOffset(local.AddDays(-1), TimeSpan.Zero)));
        Insert(offsets, ref count, zone.GetUtcOffset(local));
        Insert(offsets, ref count, zone.GetUtcOffset(new DateTimeOffset(local.AddDays(1), TimeSpan.Zero)));
        offsets = offsets[..count];

        foreach (var offset in offsets)
        {
            var candidate = new DateTimeOffset(local, offset);
            if (zone.GetUtcOffset(candidate) == offset)
            {
                return candidate;
            }
        }

        // Inside a spring-forward gap: find the transition, the first instant whose wall time is at or after `local`.
        var low = new DateTimeOffset(local, offsets[0]).UtcTicks;
        var high = new DateTimeOffset(local, offsets[^1]).UtcTicks;
        while (low < high)
        {
            var middle = low + ((high - low) / 2);
            var wall = TimeZoneInfo.ConvertTime(new DateTimeOffset(middle, TimeSpan.Zero), zone).DateTime;
            if (wall >= local)
            {
                high = middle;
            }
            else
            {
                low = middle + 1;
            }
        }

        return TimeZoneInfo.ConvertTime(new DateTimeOffset(low, TimeSpan.Zero), zone);
    }

    // Adds `offset` to the first `count` entries, kept distinct and in descending order.
    private static void Insert(Span<TimeSpan> offsets, ref int count, TimeSpan offset)
    {
        var at = 0;
        while (at < count && offsets[at] > offset)
        {
            at++;
        }

        if (at < count && offsets[at] == offset)
        {
            return;
        }

        for (var i = count; i > at; i--)
        {
            offsets[i] = offsets[i - 1];
        }

        offsets[at] = offset;
        count++;
    }

    /// <summary>The wall-clock date and time of an instant in a zone.</summary>
    public static DateTime ToLocal(DateTimeOffset instant, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        return TimeZoneInfo.ConvertTime(instant, zone).DateTime;
    }

    /// <summary>
    /// The first instant after <paramref name="from"/> and at or before <paramref name="to"/> where the zone's offset
    /// changes, assuming at most one change in between (true for any span of a day); null when the offset is constant.
    /// </summary>
    public static DateTimeOffset? TransitionBetween(DateTimeOffset from, DateTimeOffset to, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var before = zone.GetUtcOffset(from);
        if (before == zone.GetUtcOffset(to))
        {
            return null;
        }

        var low = from.UtcTicks + 1;
        var high = to.UtcTicks;
        while (low < high)
        {
            var middle = low + ((high - low) / 2);
            if (zone.GetUtcOffset(new DateTimeOffset(middle, TimeSpan.Zero)) != before)
            {
                high = middle;
            }
            else
            {
                low = middle + 1;
            }
        }

        return TimeZoneInfo.ConvertTime(new DateTimeOffset(low, TimeSpan.Zero), zone);
    }
}
