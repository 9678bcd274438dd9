using AiScheduler.Domain.Permissions;
using AiScheduler.Domain.Phones;
using AiScheduler.Functions.Calls.Attempts;
using AiScheduler.Functions.Campaigns;
using AiScheduler.Functions.DoNotCall;
using AiScheduler.Functions.Leads;
using AiScheduler.Functions.Leads.Consents;
using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.Permissions;

/// <summary>
/// Gathers what the call-permission decision needs about a lead (its number and zone, consent records, the do-not-call
/// list, every earlier call attempt) and runs <see cref="CallPermissions.Decide"/>. The dialer (campaign picks and call
/// attempts) and <c>GET /api/leads/{id}/call-permission</c> both ask here, so they always agree.
/// </summary>
public sealed class LeadCallPermissions(LeadStore leads, ConsentStore consents, DoNotCallList doNotCall, CallAttemptStore attempts,
    CallDecisionLog log, IOptions<CallingRulesOptions> options)
{
    /// <summary>Refusal rule for a lead whose number was erased or never valid.</summary>
    public const string NoNumberRule = "no-number";

    /// <summary>The decision for <paramref name="leadId"/> at <paramref name="at"/>, within <paramref name="campaign"/> when given; null for an unknown lead.</summary>
    public async Task<CallPermission?> DecideAsync(Guid workspaceId, Guid leadId, DateTimeOffset at, CampaignSettings? campaign,
        CancellationToken cancellationToken)
    {
        var lead = await leads.GetAsync(workspaceId, leadId, cancellationToken);
        if (lead is null)
        {
            return null;
        }

        if (lead.Phone is null || !PhoneNumber.TryParse(lead.Phone, null, out var phone, out _))
        {
            return new CallPermission(false, NoNumberRule, "The lead has no callable phone number (erased or never valid).", null, "", "none");
        }

        var campaignOptions = campaign?.ToOptions();
        var zone = CampaignStore.ZoneOf(lead.TimeZone, campaignOptions?.Zone ?? TimeZoneInfo.Utc);
        var history = await attempts.HistoryAsync(leadId, cancellationToken);
        var request = new CallPermissionRequest(
            phone,
            zone,
            [.. (await consents.ListAsync(workspaceId, leadId, cancellationToken)).Select(c => c.ToRecord())],
            await doNotCall.ContainsAsync(workspaceId, phone.E164, cancellationToken),
            [.. history.Where(h => h.At <= at).Select(h => new PastCall(h.At, IsRefusal(h.Outcome)))],
            campaignOptions?.CallingWindow,
            campaign?.RequiresConsent ?? false,
            options.Value.Enabled);
        return CallPermissions.Decide(request, at);
    }

    /// <summary>
    /// Decides for a campaign's dial and records the decision in the audit trail: every decision right before dialing,
    /// and the refusals made while the campaign picks leads (an allowed pick is followed by its dial decision).
    /// </summary>
    public async Task<CallPermission?> DecideAndRecordAsync(Guid workspaceId, Guid leadId, DateTimeOffset at, Campaign campaign, int attempt,
        string stage, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        var decision = await DecideAsync(workspaceId, leadId, at, campaign.Settings, cancellationToken);
        if (decision is not null && (stage == DecisionStage.Dial || !decision.Allowed))
        {
            await log.RecordAsync(workspaceId, leadId, campaign.Id, attempt, stage, at, decision, cancellationToken);
        }

        return decision;
    }

    /// <summary>How a lead refused for good leaves a campaign: do-not-call, no-consent or not-permitted.</summary>
    public static LeadStatus SettlementFor(CallPermission decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        return decision.Rule == CallPermissions.DoNotCallRule ? LeadStatus.DoNotCall
            : decision.ForLackOfConsent ? LeadStatus.NoConsent
            : LeadStatus.NotPermitted;
    }

    private static bool IsRefusal(string? outcome) =>
        string.Equals(outcome, "not-interested", StringComparison.Ordinal) || string.Equals(outcome, "opted-out", StringComparison.Ordinal);
}
