using AiScheduler.Domain.Conversation;
using AiScheduler.Domain.Permissions;
using Microsoft.DurableTask;
using AiScheduler.Functions.Campaigns;
using AiScheduler.Functions.DoNotCall;
using AiScheduler.Functions.Leads;
using AiScheduler.Functions.Meetings.Booking;
using AiScheduler.Functions.Permissions;
using AiScheduler.Functions.Providers.Telephony;
using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.Calls.Attempts;

/// <summary>Reads the campaign an attempt belongs to, or fails the activity with a message that says which.</summary>
internal static class AttemptCampaign
{
    public static async Task<Campaign> LoadAsync(CampaignStore campaigns, CallAttemptInput input, CancellationToken cancellationToken) =>
        await campaigns.GetAsync(input.WorkspaceId, input.CampaignId, cancellationToken)
        ?? throw new InvalidOperationException($"Campaign {input.CampaignId} does not exist; call attempt {input.InstanceId} cannot run.");
}

/// <summary>
/// May the lead be called now: the call-permission decision for this campaign (do-not-call list, consent, the lead's
/// country and region rules, caps, holidays, the campaign window), recorded in the audit trail as a dial decision.
/// </summary>
[DurableTask(Name)]
public sealed class CheckCallAttempt(CampaignStore campaigns, LeadCallPermissions permissions, TimeProvider clock, IHostApplicationLifetime lifetime)
    : TaskActivity<CallAttemptInput, AttemptCheck>
{
    public const string Name = "CheckCallAttempt";

    public override async Task<AttemptCheck> RunAsync(TaskActivityContext context, CallAttemptInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var ct = lifetime.ApplicationStopping;
        var campaign = await AttemptCampaign.LoadAsync(campaigns, input, ct);
        var now = clock.GetUtcNow();
        var decision = await permissions.DecideAndRecordAsync(input.WorkspaceId, input.LeadId, now, campaign, input.Attempt, DecisionStage.Dial, ct);
        if (decision is null)
        {
            return new AttemptCheck(false, false, null, LeadCallPermissions.NoNumberRule, $"Lead {input.LeadId} no longer exists.", LeadStatus.NotPermitted.Value);
        }

        return decision.Allowed
            ? new AttemptCheck(true, false, null, decision.Rule, decision.Reason)
            : new AttemptCheck(false, decision.Rule == CallPermissions.DoNotCallRule, decision.NextAllowedAt?.ToUniversalTime(), decision.Rule,
                decision.Reason, decision.Never ? LeadCallPermissions.SettlementFor(decision).Value : null);
    }
}

/// <summary>Gives a lead that must not be called now back to its campaign (settled as do-not-call, or waiting for its window).</summary>
[DurableTask(Name)]
public sealed class ReleaseCallAttempt(CampaignStore campaigns, IHostApplicationLifetime lifetime) : TaskActivity<ReleaseRequest, string>
{
    public const string Name = "ReleaseCallAttempt";

    public override async Task<string> RunAsync(TaskActivityContext context, ReleaseRequest input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var campaign = await AttemptCampaign.LoadAsync(campaigns, input.Attempt, lifetime.ApplicationStopping);
        await campaigns.ReleaseAsync(campaign, input.Attempt.LeadId, input.RetryAt, lifetime.ApplicationStopping, input.Settlement);
        return input.RetryAt is null ? CampaignLeadState.Settled : CampaignLeadState.Retry;
    }
}

/// <summary>
/// Places the attempt's call at most once. The attempt's row is inserted before dialing and the call id comes from the
/// instance id, so a repeat of this step (a crash before its result was recorded, a retry) finds the earlier run's
/// session and waits for that call instead of dialing the lead a second time. Only when no session was ever registered
/// (the crash came before it) is it safe to dial.
/// </summary>
[DurableTask(Name)]
public sealed class PlaceCampaignCall(CallAttemptStore attempts, CallSessionStore sessions, LeadStore leads, CampaignStore campaigns,
    OutboundCalls outbound, IOptions<CampaignsOptions> options, ILogger<PlaceCampaignCall> logger, IHostApplicationLifetime lifetime)
    : TaskActivity<CallAttemptInput, PlacedCall>
{
    public const string Name = "PlaceCampaignCall";

    public override async Task<PlacedCall> RunAsync(TaskActivityContext context, CallAttemptInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var ct = lifetime.ApplicationStopping;
        var wait = options.Value.CallEndedTimeout;
        var instanceId = input.InstanceId;
        var callId = CallAttemptStore.CallIdFor(instanceId);
        var earlier = await attempts.ClaimAsync(instanceId, input.CampaignId, input.LeadId, input.Attempt, ct);
        if (earlier is not null)
        {
            if (earlier.State == CallAttemptState.Ended)
            {
                return new PlacedCall(callId, new CallEnded(callId, earlier.Outcome ?? CallOutcome.Failed.ToWireName(), null), wait);
            }

            var session = await sessions.GetAsync(callId, ct);
            if (session is not null)
            {
                Log.NotRedialed(logger, instanceId);
                return session.Phase == CallPhase.Ended && session.Outcome is { } outcome
                    ? new PlacedCall(callId, new CallEnded(callId, outcome.ToWireName(), session.CallbackAtUtc ?? session.State.CallbackAtUtc), wait)
                    : new PlacedCall(callId, null, wait);
            }
        }

        var lead = await leads.GetAsync(input.WorkspaceId, input.LeadId, ct)
            ?? throw new InvalidOperationException($"Lead {input.LeadId} does not exist; call attempt {instanceId} cannot place its call.");
        // The campaign's pitch as it is now (a campaign saved before pitches existed says the product's default).
        var pitch = (await AttemptCampaign.LoadAsync(campaigns, input, ct)).Settings.SpokenPitch;
        try
        {
            await outbound.PlaceAsync(CallTarget.ForLead(lead), callId, pitch, ct);
        }
        catch (TelephonyException e)
        {
            Log.PlaceFailed(logger, e, instanceId);
            await attempts.MarkAsync(instanceId, CallAttemptState.Ended, CallOutcome.Failed.ToWireName(), ct);
            return new PlacedCall(callId, new CallEnded(callId, CallOutcome.Failed.ToWireName(), null), wait);
        }

        await attempts.MarkAsync(instanceId, CallAttemptState.Dialed, null, ct);
        return new PlacedCall(callId, null, wait);
    }
}

/// <summary>
/// For a call whose end was not reported in time: reads the session; a call still going is hung up and its session
/// settled (its held slots released) with what the conversation decided, or as failed, so the attempt can move on.
/// </summary>
[DurableTask(Name)]
public sealed class ConcludeCall(CallSessionStore sessions, ITelephony telephony, SlotBooking booking, TimeProvider clock,
    ILogger<ConcludeCall> logger, IHostApplicationLifetime lifetime) : TaskActivity<ConcludeCallRequest, CallEnded>
{
    public const string Name = "ConcludeCall";

    public override async Task<CallEnded> RunAsync(TaskActivityContext context, ConcludeCallRequest input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var ct = lifetime.ApplicationStopping;
        for (var round = 0; round < 5; round++)
        {
            var session = await sessions.GetAsync(input.CallId, ct);
            if (session is null)
            {
                return new CallEnded(input.CallId, CallOutcome.Failed.ToWireName(), null);
            }

            if (session.Phase == CallPhase.Ended)
            {
                return new CallEnded(input.CallId, (session.Outcome ?? CallOutcome.Failed).ToWireName(), session.CallbackAtUtc ?? session.State.CallbackAtUtc);
            }

            Log.CallTimedOut(logger, input.InstanceId, input.CallId);
            if (session.CallConnectionId is { } connection)
            {
                try
                {
                    await telephony.HangUpAsync(connection, forEveryone: true, ct);
                }
                catch (TelephonyException e)
                {
                    // Most likely gone already; the session is settled below either way.
                    Log.HangUpFailed(logger, e, input.CallId);
                }
            }

            // What the conversation already decided stands (a lead who booked or opted out before the line went
            // quiet must not be called again for it); only an undecided call counts as failed.
            var outcome = session.State.Outcome ?? CallOutcome.Failed;
            var state = session.State with { Outcome = outcome, Stage = DialogueStage.Ended };
            if (await sessions.TryAdvanceAsync(session, session.Version,
                    new SessionChange(CallPhase.Ended, null, state, null, outcome, clock.GetUtcNow()), ct))
            {
                await booking.ReleaseAsync(input.CallId, ct);
                return new CallEnded(input.CallId, outcome.ToWireName(), session.CallbackAtUtc ?? session.State.CallbackAtUtc);
            }
        }

        throw new InvalidOperationException($"Call {input.CallId} kept changing while it was being concluded; the attempt retries.");
    }
}

/// <summary>Records the attempt's outcome through the campaign's retry policy (once per attempt).</summary>
[DurableTask(Name)]
public sealed class RecordCallAttempt(CampaignStore campaigns, CallAttemptStore attempts, IHostApplicationLifetime lifetime) : TaskActivity<RecordAttemptRequest, AttemptRecord>
{
    public const string Name = "RecordCallAttempt";

    public override async Task<AttemptRecord> RunAsync(TaskActivityContext context, RecordAttemptRequest input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var ct = lifetime.ApplicationStopping;
        var campaign = await AttemptCampaign.LoadAsync(campaigns, input.Attempt, ct);
        var outcome = CallOutcomeWire.Parse(input.Outcome);
        await attempts.MarkAsync(input.Attempt.InstanceId, CallAttemptState.Ended, input.Outcome, ct);
        return await campaigns.RecordAttemptAsync(campaign, input.Attempt.LeadId, input.Attempt.Attempt, input.CallId, outcome, input.CallbackAt, ct);
    }
}
