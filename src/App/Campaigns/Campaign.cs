using System.Globalization;
using AiScheduler.Domain.Campaigns;
using AiScheduler.Domain.Conversation;
using AiScheduler.Domain.Scheduling;
using DomainRetryPolicy = AiScheduler.Domain.Campaigns.RetryPolicy;

namespace AiScheduler.Functions.Campaigns;

/// <summary>
/// How a campaign retries, as stored and sent on the wire. Defaults: 4 calls in total for a lead who does not pick
/// up (the first call and 3 retries, waiting 30, 60 and then 120 minutes), a voicemail retried at most once, up to 2
/// requested callbacks. The "up to 3 attempts, 30/60/120 minutes" names three intervals, so the default allows
/// three retries and the 120-minute wait is reachable.
/// </summary>
public sealed record RetrySettings(
    int MaxAttempts = 4,
    IReadOnlyList<TimeSpan>? Delays = null,
    int MaxVoicemailRetries = 1,
    int MaxCallbacks = 2,
    TimeSpan? CallbackWithoutTime = null,
    TimeSpan? MinimumCallbackNotice = null)
{
    public static RetrySettings Default { get; } = new();

    /// <summary>The domain policy; throws <see cref="ArgumentException"/> naming the setting that is wrong.</summary>
    public DomainRetryPolicy ToPolicy() => new(MaxAttempts,
        Delays ?? [TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(60), TimeSpan.FromMinutes(120)],
        MaxVoicemailRetries, MaxCallbacks, CallbackWithoutTime, MinimumCallbackNotice);
}

/// <summary>Which leads a campaign calls: listed ids, or every lead matching the filter (all new leads by default).</summary>
public sealed record LeadSelection(IReadOnlyList<Guid>? LeadIds = null, string? Status = null, string? Language = null, string? Region = null)
{
    public static LeadSelection AllNew { get; } = new(Status: "new");
}

/// <summary>A campaign's settings as stored (JSON) and returned. <see cref="Pitch"/> is null for campaigns saved
/// before pitches existed (and for those saved without one): they speak the product's default
/// (<see cref="CampaignPitch.Default"/>), so no stored row needs rewriting. <see cref="RequiresConsent"/>: call only
/// leads with a consent record, wherever they are (without it, consent is required where the lead's country requires it).</summary>
public sealed record CampaignSettings(
    string CallingWindow,
    int Concurrency,
    string TimeZone,
    RetrySettings Retry,
    DateTimeOffset? StartAt,
    string? Cron,
    CampaignPitch? Pitch = null,
    bool RequiresConsent = false)
{
    /// <summary>What the campaign's calls say about why they call.</summary>
    public CampaignPitch SpokenPitch => Pitch ?? CampaignPitch.Default;

    /// <summary>The validated domain options; throws <see cref="ArgumentException"/> naming what is wrong.</summary>
    public CampaignOptions ToOptions()
    {
        if (!Domain.Scheduling.CallingWindow.TryParse(CallingWindow, out var window, out var windowError))
        {
            throw new ArgumentException($"callingWindow '{CallingWindow}' is not usable: {windowError} Write it like \"Mon-Fri 09:00-18:00\".");
        }

        CronSchedule? cron = null;
        if (!string.IsNullOrWhiteSpace(Cron) && !CronSchedule.TryParse(Cron, out cron, out var cronError))
        {
            throw new ArgumentException($"cron '{Cron}' is not usable: {cronError}");
        }

        return new CampaignOptions(window, Concurrency, Retry.ToPolicy(), TimeZone, StartAt, cron);
    }
}

/// <summary>A campaign as the API returns it.</summary>
public sealed record Campaign(
    Guid Id,
    Guid WorkspaceId,
    string Name,
    string Status,
    CampaignSettings Settings,
    LeadSelection Selection,
    DateTimeOffset? LastStartAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public CampaignStatus ParsedStatus => CampaignLifecycle.TryParseStatus(Status, out var status)
        ? status.Value
        : throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"Campaign {Id} has an unknown status '{Status}'."));

    /// <summary>The one Campaign orchestration of this campaign: <c>campaign:{id}</c>.</summary>
    public static string InstanceIdFor(Guid campaignId) => $"campaign:{campaignId:D}";
}

/// <summary>Where a lead stands within one campaign (<c>campaign_leads.state</c>).</summary>
public static class CampaignLeadState
{
    /// <summary>Not called yet.</summary>
    public const string Pending = "pending";

    /// <summary>A CallAttempt is in flight.</summary>
    public const string Calling = "calling";

    /// <summary>Called again at <c>next_at</c> (policy retry).</summary>
    public const string Retry = "retry";

    /// <summary>The lead asked to be called back at <c>next_at</c>.</summary>
    public const string Callback = "callback";

    /// <summary>Done: <c>settlement</c> says how.</summary>
    public const string Settled = "settled";
}

/// <summary>A campaign's progress, counted from the store.</summary>
/// <param name="Total">Leads in the campaign.</param>
/// <param name="Due">Leads that may be called now (pending or retry/callback time passed, inside their window).</param>
/// <param name="InFlight">Leads with a call attempt running.</param>
/// <param name="Settled">Leads done with.</param>
/// <param name="Waiting">Leads waiting for a retry or callback time, or for their calling window to open.</param>
/// <param name="ByOutcome">Settled leads by settlement (booked, not-interested, unreachable, ...).</param>
/// <param name="NextDueAt">When the next waiting lead becomes due (a policy retry or a window opening), if any.</param>
public sealed record CampaignProgress(int Total, int Due, int InFlight, int Settled, int Waiting, IReadOnlyDictionary<string, int> ByOutcome,
    DateTimeOffset? NextDueAt);
