using System.Globalization;
using AiScheduler.Domain.Conversation;
using AiScheduler.Domain.Scheduling;

namespace AiScheduler.Domain.Campaigns;

/// <summary>
/// How a campaign follows up each call outcome. Attempts are counted from 1 and include every call placed to the lead,
/// callbacks too. Defaults: at most 3 attempts for an unanswered lead, waiting 30, then 60, then 120 minutes (the last
/// interval repeats when more attempts are allowed), a voicemail retried at most once, and up to 2 callbacks on request.
/// </summary>
public sealed class RetryPolicy
{
    public const int MaxAttemptsLimit = 20;
    public const int MaxCallbacksLimit = 10;
    private static readonly TimeSpan LongestDelay = TimeSpan.FromDays(7);

    public RetryPolicy(
        int maxAttempts = 3,
        IReadOnlyList<TimeSpan>? delays = null,
        int maxVoicemailRetries = 1,
        int maxCallbacks = 2,
        TimeSpan? callbackWithoutTime = null,
        TimeSpan? minimumCallbackNotice = null)
    {
        if (maxAttempts is < 1 or > MaxAttemptsLimit)
        {
            throw new ArgumentOutOfRangeException(nameof(maxAttempts), maxAttempts,
                string.Create(CultureInfo.InvariantCulture, $"max attempts must be between 1 and {MaxAttemptsLimit}"));
        }

        delays ??= [TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(60), TimeSpan.FromMinutes(120)];
        if (delays.Count == 0)
        {
            throw new ArgumentException("give at least one retry interval, e.g. 30 minutes", nameof(delays));
        }

        foreach (var delay in delays)
        {
            if (delay <= TimeSpan.Zero || delay > LongestDelay)
            {
                throw new ArgumentOutOfRangeException(nameof(delays), delay, "each retry interval must be more than zero and at most 7 days");
            }
        }

        if (maxVoicemailRetries is < 0 or > MaxAttemptsLimit)
        {
            // More voicemail retries than attempts is harmless: max attempts still bounds them.
            throw new ArgumentOutOfRangeException(nameof(maxVoicemailRetries), maxVoicemailRetries,
                string.Create(CultureInfo.InvariantCulture, $"voicemail retries must be between 0 and {MaxAttemptsLimit}"));
        }

        if (maxCallbacks is < 0 or > MaxCallbacksLimit)
        {
            throw new ArgumentOutOfRangeException(nameof(maxCallbacks), maxCallbacks,
                string.Create(CultureInfo.InvariantCulture, $"max callbacks must be between 0 and {MaxCallbacksLimit}"));
        }

        var withoutTime = callbackWithoutTime ?? TimeSpan.FromDays(1);
        if (withoutTime <= TimeSpan.Zero || withoutTime > LongestDelay)
        {
            throw new ArgumentOutOfRangeException(nameof(callbackWithoutTime), withoutTime,
                "the callback delay used when the lead names no time must be more than zero and at most 7 days");
        }

        var notice = minimumCallbackNotice ?? TimeSpan.FromMinutes(5);
        if (notice < TimeSpan.Zero || notice > TimeSpan.FromDays(1))
        {
            throw new ArgumentOutOfRangeException(nameof(minimumCallbackNotice), notice, "the minimum callback notice must be between 0 and 1 day");
        }

        MaxAttempts = maxAttempts;
        Delays = [.. delays];
        MaxVoicemailRetries = maxVoicemailRetries;
        MaxCallbacks = maxCallbacks;
        CallbackWithoutTime = withoutTime;
        MinimumCallbackNotice = notice;
    }

    public static RetryPolicy Default { get; } = new();

    /// <summary>Most calls to a lead that keeps not answering (busy, no answer, voicemail, failed), the first included.</summary>
    public int MaxAttempts { get; }

    /// <summary>Wait after attempt n is <c>Delays[n - 1]</c>; past the end of the list the last interval repeats.</summary>
    public IReadOnlyList<TimeSpan> Delays { get; }

    /// <summary>How many times a lead whose call reached voicemail is called again, over the whole campaign.</summary>
    public int MaxVoicemailRetries { get; }

    /// <summary>How many requested callbacks are honoured; they come on top of <see cref="MaxAttempts"/>.</summary>
    public int MaxCallbacks { get; }

    /// <summary>When a lead asks for a callback without a time, call again after this long.</summary>
    public TimeSpan CallbackWithoutTime { get; }

    /// <summary>A callback is never placed sooner than this after the call ended (a "call me now" is not a loop).</summary>
    public TimeSpan MinimumCallbackNotice { get; }

    /// <summary>The wait after attempt <paramref name="attemptNumber"/>.</summary>
    public TimeSpan DelayAfter(int attemptNumber)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attemptNumber, 1);
        return Delays[Math.Min(attemptNumber, Delays.Count) - 1];
    }

    /// <summary>
    /// Decides what follows the call attempt number <paramref name="attemptNumber"/> that ended at
    /// <paramref name="endedUtc"/> with <paramref name="outcome"/>. Retries and callbacks are moved to the next opening
    /// of <paramref name="window"/> in the lead's zone.
    /// </summary>
    /// <param name="outcome">How the call ended.</param>
    /// <param name="attemptNumber">The attempt that ended, counted from 1, callbacks included.</param>
    /// <param name="endedUtc">When it ended.</param>
    /// <param name="callbackAtUtc">The time the lead asked to be called back, if the outcome is a callback and a time was named.</param>
    /// <param name="window">The campaign's calling window.</param>
    /// <param name="leadZone">The lead's own time zone, where the window is read.</param>
    /// <param name="previousVoicemails">Earlier attempts of this lead that reached voicemail (not counting this one).</param>
    /// <param name="previousCallbacks">Callbacks already placed to this lead (not counting one requested now).</param>
    public AttemptDecision Decide(
        CallOutcome outcome,
        int attemptNumber,
        DateTimeOffset endedUtc,
        DateTimeOffset? callbackAtUtc,
        CallingWindow window,
        TimeZoneInfo leadZone,
        int previousVoicemails = 0,
        int previousCallbacks = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attemptNumber, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(previousVoicemails);
        ArgumentOutOfRangeException.ThrowIfNegative(previousCallbacks);
        ArgumentNullException.ThrowIfNull(window);
        ArgumentNullException.ThrowIfNull(leadZone);

        switch (outcome)
        {
            case CallOutcome.Booked:
                return new AttemptDecision.Done(LeadSettlement.Booked);
            case CallOutcome.NotInterested:
                return new AttemptDecision.Done(LeadSettlement.NotInterested);
            case CallOutcome.WrongNumber:
                return new AttemptDecision.Done(LeadSettlement.WrongNumber);
            case CallOutcome.OptedOut:
                return AttemptDecision.DoNotCall.Instance;
            case CallOutcome.CallbackRequested:
                if (previousCallbacks >= MaxCallbacks)
                {
                    return new AttemptDecision.Done(LeadSettlement.Unreachable);
                }

                var earliest = endedUtc + MinimumCallbackNotice;
                var requested = callbackAtUtc ?? endedUtc + CallbackWithoutTime;
                var at = requested > earliest ? requested : earliest;
                return new AttemptDecision.Callback(window.NextOpening(at, leadZone).ToUniversalTime(), attemptNumber + 1);
            case CallOutcome.Voicemail or CallOutcome.CallScreening when previousVoicemails >= MaxVoicemailRetries:
                return new AttemptDecision.Done(LeadSettlement.Unreachable);
            case CallOutcome.NoAnswer or CallOutcome.Busy or CallOutcome.Voicemail or CallOutcome.CallScreening or CallOutcome.Failed:
                // Callbacks the lead asked for do not use up the attempts for an unanswered lead.
                if (attemptNumber - previousCallbacks >= MaxAttempts)
                {
                    return new AttemptDecision.Done(outcome == CallOutcome.Failed ? LeadSettlement.Failed : LeadSettlement.Unreachable);
                }

                var retryAt = window.NextOpening(endedUtc + DelayAfter(attemptNumber - previousCallbacks), leadZone);
                return new AttemptDecision.Retry(retryAt.ToUniversalTime(), attemptNumber + 1);
            default:
                throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "Unknown call outcome.");
        }
    }
}
