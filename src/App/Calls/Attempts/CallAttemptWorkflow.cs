using System.Globalization;
using AiScheduler.Domain.Conversation;
using Microsoft.DurableTask;
using AiScheduler.Functions.Campaigns;
using AiScheduler.Functions.Meetings;

namespace AiScheduler.Functions.Calls.Attempts;

/// <summary>The input of a CallAttempt: which lead of which campaign, and which attempt (from 1, callbacks included).</summary>
public sealed record CallAttemptInput
{
    public CallAttemptInput(Guid campaignId, Guid workspaceId, Guid leadId, int attempt)
    {
        if (campaignId == Guid.Empty || workspaceId == Guid.Empty || leadId == Guid.Empty)
        {
            throw new ArgumentException("a call attempt needs its campaign, workspace and lead ids");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        CampaignId = campaignId;
        WorkspaceId = workspaceId;
        LeadId = leadId;
        Attempt = attempt;
    }

    public Guid CampaignId { get; }

    public Guid WorkspaceId { get; }

    public Guid LeadId { get; }

    public int Attempt { get; }

    /// <summary><c>call:{campaignId}:{leadId}:{attempt}</c>: one instance per attempt, so an attempt is never started twice.</summary>
    public string InstanceId => InstanceIdFor(CampaignId, LeadId, Attempt);

    public static string InstanceIdFor(Guid campaignId, Guid leadId, int attempt) =>
        string.Create(CultureInfo.InvariantCulture, $"call:{campaignId:D}:{leadId:D}:{attempt}");
}

/// <summary>The <c>CallEnded</c> event: the call's session settled with <paramref name="Outcome"/> (wire name).</summary>
public sealed record CallEnded(string CallId, string Outcome, DateTimeOffset? CallbackAt);

/// <summary>
/// Whether the lead may be called now (the call-permission decision); if not, the rule that refused, why, and when it
/// may next be called (<paramref name="OpensAt"/>), or, when never in this campaign, how it is settled.
/// </summary>
public sealed record AttemptCheck(bool MayCall, bool DoNotCall, DateTimeOffset? OpensAt, string? Rule = null, string? Reason = null,
    string? Settlement = null);

/// <summary>
/// The call placed for an attempt; <paramref name="Ended"/> is set when it could not be placed at all.
/// <paramref name="WaitFor"/> is how long to wait for its end (Campaigns:CallEndedTimeout, read when it was placed).
/// </summary>
public sealed record PlacedCall(string CallId, CallEnded? Ended, TimeSpan WaitFor);

/// <summary>Asks for the outcome of a call whose end was not reported in time.</summary>
public sealed record ConcludeCallRequest(string CallId, string InstanceId);

/// <summary>Records an attempt's outcome against the campaign's retry policy.</summary>
public sealed record RecordAttemptRequest(CallAttemptInput Attempt, string? CallId, string Outcome, DateTimeOffset? CallbackAt);

/// <summary>How the attempt ended and what follows for the lead.</summary>
public sealed record CallAttemptResult(Guid LeadId, int Attempt, string? CallId, string Outcome, string State, DateTimeOffset? NextAt,
    string? Settlement, Guid? MeetingId);

/// <summary>
/// CallAttempt(lead, attempt): asks the call-permission decision (do-not-call list, consent, the lead's country and
/// region rules, caps, holidays, the campaign window in the lead's zone; recorded in the audit trail), places the call
/// (idempotently, keyed by this instance id), waits for <c>CallEnded</c> with a timeout (then asks the session, hangs up
/// and settles the call as failed), and records the outcome through the campaign's retry policy: a booking starts the
/// Meeting orchestration; a retry or callback leaves the lead waiting with its time, which the Campaign turns into the
/// next attempt; an opt-out puts the number on the do-not-call list.
/// </summary>
[DurableTask(Name)]
public sealed class CallAttemptOrchestration : TaskOrchestrator<CallAttemptInput, CallAttemptResult>
{
    public const string Name = "CallAttempt";
    public const string CallEndedEvent = "CallEnded";

    internal static readonly TaskOptions Retry = TaskOptions.FromRetryPolicy(new RetryPolicy(5, TimeSpan.FromSeconds(1), 2.0, TimeSpan.FromSeconds(30)));

    public override async Task<CallAttemptResult> RunAsync(TaskOrchestrationContext context, CallAttemptInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        context.SetCustomStatus(new { stage = "checking" });
        var check = await context.CallActivityAsync<AttemptCheck>(CheckCallAttempt.Name, input, Retry);
        if (!check.MayCall)
        {
            // Refused for now: the lead goes back to the campaign with its next allowed instant, which the Campaign
            // orchestration waits for with a durable timer. Refused for good: the lead is settled, and counted, as such.
            var settlement = check.OpensAt is null ? check.Settlement ?? (check.DoNotCall ? "do-not-call" : "not-permitted") : null;
            await context.CallActivityAsync<string>(ReleaseCallAttempt.Name, new ReleaseRequest(input, check.OpensAt, settlement), Retry);
            var state = settlement is null ? CampaignLeadState.Retry : CampaignLeadState.Settled;
            return new CallAttemptResult(input.LeadId, input.Attempt, null, settlement ?? "not-permitted-now", state, check.OpensAt, settlement, null);
        }

        var placed = await context.CallActivityAsync<PlacedCall>(PlaceCampaignCall.Name, input, Retry);
        context.SetCustomStatus(new { stage = "in-call", placed.CallId });
        var ended = placed.Ended;
        if (ended is null)
        {
            try
            {
                ended = await context.WaitForExternalEvent<CallEnded>(CallEndedEvent, placed.WaitFor);
            }
            catch (TaskCanceledException)
            {
                // No CallEnded in time: the session is the truth; an unfinished call is hung up and settled as failed.
                ended = await context.CallActivityAsync<CallEnded>(ConcludeCall.Name, new ConcludeCallRequest(placed.CallId, context.InstanceId), Retry);
            }
        }

        var record = await context.CallActivityAsync<AttemptRecord>(RecordCallAttempt.Name,
            new RecordAttemptRequest(input, placed.CallId, ended.Outcome, ended.CallbackAt), Retry);
        if (record.MeetingId is { } meetingId && string.Equals(ended.Outcome, CallOutcome.Booked.ToWireName(), StringComparison.Ordinal))
        {
            await context.CallActivityAsync<string>(StartMeetingWorkflow.Name, new MeetingWorkflowInput(meetingId, input.WorkspaceId), Retry);
        }

        context.SetCustomStatus(new { stage = "done", ended.Outcome, record.State });
        return new CallAttemptResult(input.LeadId, input.Attempt, placed.CallId, ended.Outcome, record.State, record.NextAt, record.Settlement,
            record.MeetingId);
    }
}

/// <summary>Hands a lead back to its campaign without a call: waiting until <paramref name="RetryAt"/>, or settled with <paramref name="Settlement"/>.</summary>
public sealed record ReleaseRequest(CallAttemptInput Attempt, DateTimeOffset? RetryAt, string? Settlement = null);
