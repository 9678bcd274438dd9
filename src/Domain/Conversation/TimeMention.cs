namespace AiScheduler.Domain.Conversation;

/// <summary>A part of the day a caller named without a clock time.</summary>
public enum DayPart
{
    Morning,
    Afternoon,
    Evening,
}

/// <summary>
/// What a caller said about time, in the lead's local calendar: a date ("Tuesday", "3 March", "tomorrow"), a clock
/// time ("ten", "half past three", "15h30"), a part of the day, a moment relative to now ("in two hours", already in
/// UTC), and/or a choice among offered slots ("the second one", "the earlier one"; -1 is "the last one" or "the later
/// one"). When the caller corrected themselves ("Monday, no wait, Tuesday at 10") each part holds the last value
/// stated and <see cref="Corrected"/> is set.
/// </summary>
public sealed record TimeMention
{
    public DateOnly? Date { get; init; }

    public TimeOnly? Time { get; init; }

    public DayPart? Part { get; init; }

    /// <summary>The caller named a week ("next week") rather than a day; <see cref="Date"/> is its Monday.</summary>
    public bool WeekOnly { get; init; }

    public DateTimeOffset? ExactUtc { get; init; }

    public int? Ordinal { get; init; }

    /// <summary>The caller took back a time they had just named ("lundi, non pardon, mardi"): the "no" or "sorry" in
    /// the same breath is part of the correction, not a refusal or a request to repeat.</summary>
    public bool Corrected { get; init; }

    /// <summary>The date is today because the caller named today's day of the week with a time still ahead ("Friday
    /// at 4" on a Friday morning); the same day next week is the other way to hear it.</summary>
    public bool TodayByWeekday { get; init; }

    /// <summary>True when a date, time, part of day or relative moment was named (not only an ordinal).</summary>
    public bool NamesTime => Date is not null || Time is not null || Part is not null || ExactUtc is not null;

    /// <summary>True when the caller pinned a time of day, not just a day.</summary>
    public bool NamesClockTime => Time is not null || ExactUtc is not null;

    /// <summary>
    /// The moment meant, in UTC: the named date at the named time; a time alone is today's if still ahead, otherwise
    /// tomorrow's; a day without a time is that day at the part's usual hour (morning 9:00, afternoon 14:00, evening
    /// 18:00) or 9:00. Null when no time was named.
    /// </summary>
    public DateTimeOffset? ToUtc(DateTimeOffset nowUtc, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        if (ExactUtc is { } exact)
        {
            return exact;
        }

        var localNow = TimeZoneInfo.ConvertTime(nowUtc, zone).DateTime;
        var time = Time ?? (Part is { } part ? UsualTime(part) : Date is null ? null : new TimeOnly(9, 0));
        if (time is null)
        {
            return null;
        }

        var date = Date ?? DateOnly.FromDateTime(localNow);
        var local = date.ToDateTime(time.Value);
        if (Date is null && local <= localNow)
        {
            local = local.AddDays(1);
        }

        return LocalToUtc(local, zone);
    }

    /// <summary>The hour a part of the day stands for when no clock time was named.</summary>
    public static TimeOnly UsualTime(DayPart part) => part switch
    {
        DayPart.Morning => new TimeOnly(9, 0),
        DayPart.Afternoon => new TimeOnly(14, 0),
        _ => new TimeOnly(18, 0),
    };

    /// <summary>A wall-clock time in <paramref name="zone"/> as UTC; a time skipped by a DST jump moves an hour on.</summary>
    public static DateTimeOffset LocalToUtc(DateTime local, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(unspecified))
        {
            unspecified = unspecified.AddHours(1);
        }

        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(unspecified, zone), TimeSpan.Zero);
    }
}
