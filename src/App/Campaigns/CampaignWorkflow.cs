using AiScheduler.Domain.Campaigns;
using Microsoft.DurableTask;
using AiScheduler.Functions.Calls.Attempts;

namespace AiScheduler.Functions.Campaigns;

/// <summary>The input of the Campaign orchestration; <c>Generation</c> counts its ContinueAsNew restarts.</summary>
public sealed record CampaignRunInput
{
    public CampaignRunInput(Guid campaignId, Guid workspaceId, int generation = 0, bool paused = false)
    {
        if (campaignId == Guid.Empty || workspaceId == Guid.Empty)
        {
            throw new ArgumentException("the Campaign orchestration needs the campaign id and its workspace id");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(generation);
        CampaignId = campaignId;
        WorkspaceId = workspaceId;
        Generation = generation;
        Paused = paused;
    }

    public Guid CampaignId { get; }

    public Guid WorkspaceId { get; }

    public int Generation { get; }

    /// <summary>Carried over ContinueAsNew so a paused campaign stays paused.</summary>
    public bool Paused { get; }
}

/// <summary>What a run works with, read when it (or a new generation of it) begins.</summary>
public sealed record CampaignRunPlan(int Concurrency, TimeSpan MinimumWait, int CallsPerGeneration, string Status);

/// <summary>Asks for up to <paramref name="Limit"/> due leads, claimed with <paramref name="Claim"/>.</summary>
public sealed record PickRequest(Guid CampaignId, Guid WorkspaceId, string Claim, int Limit);

/// <summary>Records a status the orchestration reached.</summary>
public sealed record CampaignStatusChange(Guid CampaignId, Guid WorkspaceId, string Status);

/// <summary>The custom status: progress counted from the store plus what the orchestration knows (calls in flight, paused).</summary>
public sealed record CampaignRunStatus(string Status, int Due, int InFlight, int Settled, int Waiting, IReadOnlyDictionary<string, int> ByOutcome,
    DateTimeOffset? NextDueAt, int Generation);

/// <summary>How a run ended: completed (nothing due; <c>waiting</c> leads wait for a callback time) or cancelled.</summary>
public sealed record CampaignRunResult(Guid CampaignId, string Status, int Settled, int Waiting, IReadOnlyDictionary<string, int> ByOutcome);

/// <summary>
/// Campaign(campaignId), eternal until nothing is due: keeps at most <c>concurrency</c> CallAttempt sub-orchestrations
/// in flight (<c>call:{campaign}:{lead}:{attempt}</c>), picking due leads through an activity (pending, or whose retry
/// or callback time passed, inside their own calling window, never a do-not-call number). Between picks it waits for a
/// call to finish, a durable timer until the next lead is due, or a <c>pause</c>/<c>resume</c>/<c>cancel</c> event.
/// After <c>Campaigns:CallsPerGeneration</c> calls it drains its calls and continues as new. It completes when no lead
/// is due, in flight or waiting for a policy retry; leads waiting for a requested callback are reported as waiting.
/// </summary>
[DurableTask(Name)]
public sealed class CampaignOrchestration : TaskOrchestrator<CampaignRunInput, CampaignRunResult>
{
    public const string Name = "Campaign";
    public const string PauseEvent = "pause";
    public const string ResumeEvent = "resume";
    public const string CancelEvent = "cancel";

    private static readonly TaskOptions Retry = CallAttemptOrchestration.Retry;

    public override async Task<CampaignRunResult> RunAsync(TaskOrchestrationContext context, CampaignRunInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var plan = await context.CallActivityAsync<CampaignRunPlan>(BeginCampaignRun.Name, input, Retry);
        if (plan.Status == CampaignStatus.Cancelled.ToWireName())
        {
            return new CampaignRunResult(input.CampaignId, plan.Status, 0, 0, new Dictionary<string, int>(StringComparer.Ordinal));
        }

        // The calls in flight, each removed by its own continuation when it ends; `freed` completes when one does. A round
        // (wake, pick, start) then costs the same however many calls are in flight, which matters because every step
        // replays every round of the generation: waiting on all of them with Task.WhenAny re-registered a continuation
        // on each in-flight call per round, quadratic in the generation's length. The durable actions (and so the
        // history) are the same as before.
        var inFlight = new HashSet<string>(StringComparer.Ordinal);
        var freed = new TaskCompletionSource(TaskCreationOptions.None);
        var paused = input.Paused;
        var cancelled = false;
        var started = 0;
        var rounds = 0;
        while (true)
        {
            if (freed.Task.IsCompleted)
            {
                freed = new TaskCompletionSource(TaskCreationOptions.None);
            }

            // Enough history for one execution: stop starting calls, let the ones in flight end, then start afresh.
            var draining = started >= plan.CallsPerGeneration || rounds >= plan.CallsPerGeneration * 4;
            var room = paused || cancelled || draining ? 0 : plan.Concurrency - inFlight.Count;
            var pick = await context.CallActivityAsync<PickResult>(PickDueLeads.Name,
                new PickRequest(input.CampaignId, input.WorkspaceId, context.NewGuid().ToString("N"), room), Retry);
            foreach (var lead in pick.Leads)
            {
                var attempt = new CallAttemptInput(input.CampaignId, input.WorkspaceId, lead.LeadId, lead.Attempt);
                inFlight.Add(attempt.InstanceId);
                _ = TrackAsync(context.CallSubOrchestratorAsync<CallAttemptResult>(CallAttemptOrchestration.Name, attempt,
                    new SubOrchestrationOptions { InstanceId = attempt.InstanceId }), attempt.InstanceId);
                started++;
            }

            rounds++;
            var progress = pick.Progress;
            var status = cancelled ? CampaignStatus.Cancelled : paused ? CampaignStatus.Paused : CampaignStatus.Running;
            context.SetCustomStatus(new CampaignRunStatus(status.ToWireName(), progress.Due, inFlight.Count, progress.Settled, progress.Waiting,
                progress.ByOutcome, pick.NextDueAt, input.Generation));

            if (inFlight.Count == 0)
            {
                if (cancelled)
                {
                    return await FinishAsync(context, input, CampaignStatus.Cancelled, progress);
                }

                if (draining)
                {
                    context.ContinueAsNew(new CampaignRunInput(input.CampaignId, input.WorkspaceId, input.Generation + 1, paused));
                    return new CampaignRunResult(input.CampaignId, "continued", progress.Settled, progress.Waiting, progress.ByOutcome);
                }

                // Nothing running, nothing due now, no policy retry or window opening ahead: the campaign is done.
                if (!paused && pick.Leads.Count == 0 && pick.NextDueAt is null)
                {
                    return await FinishAsync(context, input, CampaignStatus.Completed, progress);
                }
            }

            using var race = new CancellationTokenSource();
            var waits = new List<Task>(6);
            if (inFlight.Count > 0)
            {
                waits.Add(freed.Task);
            }

            if (!paused && !cancelled && !draining && room > pick.Leads.Count && pick.NextDueAt is { } due)
            {
                var earliest = context.CurrentUtcDateTime + plan.MinimumWait;
                waits.Add(context.CreateTimer(due.UtcDateTime > earliest ? due.UtcDateTime : earliest, race.Token));
            }

            var pause = paused || cancelled ? null : context.WaitForExternalEvent<string?>(PauseEvent, race.Token);
            var resume = paused && !cancelled ? context.WaitForExternalEvent<string?>(ResumeEvent, race.Token) : null;
            var cancel = cancelled ? null : context.WaitForExternalEvent<string?>(CancelEvent, race.Token);
            foreach (var signal in new Task?[] { pause, resume, cancel })
            {
                if (signal is not null)
                {
                    waits.Add(signal);
                }
            }

            var winner = await Task.WhenAny(waits);
            // Synchronously: the losing waits are withdrawn before the orchestration goes on.
            race.Cancel();
            if (winner == cancel)
            {
                cancelled = true;
                await context.CallActivityAsync<string>(SetCampaignStatus.Name,
                    new CampaignStatusChange(input.CampaignId, input.WorkspaceId, CampaignStatus.Cancelled.ToWireName()), Retry);
            }
            else if (winner == pause)
            {
                paused = true;
                await context.CallActivityAsync<string>(SetCampaignStatus.Name,
                    new CampaignStatusChange(input.CampaignId, input.WorkspaceId, CampaignStatus.Paused.ToWireName()), Retry);
            }
            else if (winner == resume)
            {
                paused = false;
                await context.CallActivityAsync<string>(SetCampaignStatus.Name,
                    new CampaignStatusChange(input.CampaignId, input.WorkspaceId, CampaignStatus.Running.ToWireName()), Retry);
            }
        }

        // Runs inside the orchestration when the call's sub-orchestration ends, failed ones included: the campaign only
        // needs the slot back (each attempt records its own outcome), as it did when it polled the tasks for completion.
        async Task TrackAsync(Task<CallAttemptResult> call, string instanceId)
        {
            try
            {
                await call;
            }
#pragma warning disable CA1031 // Any end of the sub-orchestration frees its slot; its failure is the attempt's own record.
            catch (Exception)
#pragma warning restore CA1031
            {
            }

            inFlight.Remove(instanceId);
            freed.TrySetResult();
        }
    }

    private static async Task<CampaignRunResult> FinishAsync(TaskOrchestrationContext context, CampaignRunInput input, CampaignStatus status,
        CampaignProgress progress)
    {
        await context.CallActivityAsync<string>(SetCampaignStatus.Name,
            new CampaignStatusChange(input.CampaignId, input.WorkspaceId, status.ToWireName()), Retry);
        context.SetCustomStatus(new CampaignRunStatus(status.ToWireName(), progress.Due, 0, progress.Settled, progress.Waiting, progress.ByOutcome,
            null, input.Generation));
        return new CampaignRunResult(input.CampaignId, status.ToWireName(), progress.Settled, progress.Waiting, progress.ByOutcome);
    }
}
