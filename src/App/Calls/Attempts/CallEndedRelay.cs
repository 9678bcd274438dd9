using AiScheduler.Domain.Conversation;
using Microsoft.DurableTask.Client;

namespace AiScheduler.Functions.Calls.Attempts;

/// <summary>
/// Tells a CallAttempt that its call ended: listens to the live call feed of this process (the process that settled
/// the call publishes its end) and raises <c>CallEnded</c> on the attempt's instance. An end
/// missed here (the process died in between) is found by the attempt itself when its wait times out.
/// </summary>
internal sealed class CallEndedRelay(LiveCallFeed feed, CallAttemptStore attempts, CallSessionStore sessions, DurableTaskClient durable,
    ILogger<CallEndedRelay> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var update in feed.SubscribeAsync(stoppingToken))
        {
            if (update.EndedWith is not { } outcome)
            {
                continue;
            }

            try
            {
                await RelayAsync(update.CallId, outcome, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Log.RelayFailed(logger, e, update.CallId);
            }
        }
    }

    private async Task RelayAsync(string callId, CallOutcome outcome, CancellationToken cancellationToken)
    {
        var attempt = await attempts.FindByCallAsync(callId, cancellationToken);
        if (attempt is null)
        {
            // Not a campaign call (a call placed by hand or an inbound call).
            return;
        }

        var session = await sessions.GetAsync(callId, cancellationToken);
        var callbackAt = session?.CallbackAtUtc ?? session?.State.CallbackAtUtc;
        // An attempt waits for one CallEnded; a repeat arriving later is never read and ends with the instance.
        await durable.RaiseEventAsync(attempt.InstanceId, CallAttemptOrchestration.CallEndedEvent,
            new CallEnded(callId, outcome.ToWireName(), callbackAt), cancellationToken);
    }
}
