using System.Globalization;
using AiScheduler.Domain.Scheduling;

namespace AiScheduler.Domain.Campaigns;

/// <summary>
/// How a campaign calls: the calling window (read in each lead's own zone), the most calls in flight at once, the retry
/// policy, the zone used for leads whose zone is unknown and for the schedule, and when it starts: at a start time, on a
/// recurring cron schedule, both (the schedule counts from the start time), or neither (started by hand).
/// </summary>
public sealed record CampaignOptions
{
    public const int MaxConcurrency = 200;

    public CampaignOptions(
        CallingWindow callingWindow,
        int concurrency,
        RetryPolicy retryPolicy,
        string timeZone,
        DateTimeOffset? startAtUtc = null,
        CronSchedule? recurrence = null)
    {
        ArgumentNullException.ThrowIfNull(callingWindow);
        ArgumentNullException.ThrowIfNull(retryPolicy);
        if (concurrency is < 1 or > MaxConcurrency)
        {
            throw new ArgumentOutOfRangeException(nameof(concurrency), concurrency,
                string.Create(CultureInfo.InvariantCulture, $"concurrency is the most calls in flight at once; it must be between 1 and {MaxConcurrency}"));
        }

        if (string.IsNullOrWhiteSpace(timeZone) || !TimeZoneInfo.TryFindSystemTimeZoneById(timeZone.Trim(), out var zone))
        {
            throw new ArgumentException(
                $"'{timeZone}' is not a time zone; use an IANA id such as 'Europe/London' or 'America/New_York'", nameof(timeZone));
        }

        CallingWindow = callingWindow;
        Concurrency = concurrency;
        RetryPolicy = retryPolicy;
        TimeZone = timeZone.Trim();
        Zone = zone;
        StartAtUtc = startAtUtc?.ToUniversalTime();
        Recurrence = recurrence;
    }

    public CallingWindow CallingWindow { get; }

    public int Concurrency { get; }

    public RetryPolicy RetryPolicy { get; }

    /// <summary>IANA id of the campaign's zone: the fallback for leads of unknown zone, and where the cron schedule is read.</summary>
    public string TimeZone { get; }

    public TimeZoneInfo Zone { get; }

    public DateTimeOffset? StartAtUtc { get; }

    public CronSchedule? Recurrence { get; }

    /// <summary>
    /// The start that is due at <paramref name="nowUtc"/>, or null. <paramref name="lastStartUtc"/> is the occurrence the
    /// campaign last started for (null if never). A one-off start time is due once; a recurring schedule is due at each
    /// occurrence after the last start (or after the start time, or <paramref name="createdUtc"/>), the latest one when
    /// several were missed, so a host that was down does not start a campaign several times in a row.
    /// </summary>
    public DateTimeOffset? DueStart(DateTimeOffset nowUtc, DateTimeOffset createdUtc, DateTimeOffset? lastStartUtc)
    {
        if (Recurrence is null)
        {
            return StartAtUtc is { } at && lastStartUtc is null && at <= nowUtc ? at : null;
        }

        if (StartAtUtc is { } begin && begin > nowUtc)
        {
            return null;
        }

        // The start time, when set, is itself the first run; afterwards the schedule decides.
        if (StartAtUtc is { } first && lastStartUtc is null)
        {
            return LatestOccurrenceUpTo(first, nowUtc) ?? first;
        }

        return LatestOccurrenceUpTo(lastStartUtc ?? createdUtc, nowUtc);
    }

    private DateTimeOffset? LatestOccurrenceUpTo(DateTimeOffset after, DateTimeOffset nowUtc)
    {
        DateTimeOffset? latest = null;
        var cursor = after;
        // Bounded: a campaign's schedule that fired thousands of times while the host was down starts once.
        for (var i = 0; i < 10_000; i++)
        {
            var next = Recurrence!.Next(cursor, Zone);
            if (next > nowUtc)
            {
                break;
            }

            latest = next;
            cursor = next;
        }

        return latest;
    }
}
