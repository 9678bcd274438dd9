using AiScheduler.Domain.Conversation;
using AiScheduler.Functions.Calls.Callbacks;
using AiScheduler.Functions.Store;
using Dapper;
using Microsoft.DurableTask.Client;

namespace AiScheduler.Functions.Calls.Attempts;

/// <summary>
/// Tells a CallAttempt that its call ended by raising <c>CallEnded</c> on the attempt's instance, a durable external
/// event. Called from the call inbox while it handles the event that ended the call: a failure to raise fails that
/// inbox entry, which is retried (and taken over by another process if this one dies), so the signal is not lost. The
/// reconciler also resends the ends of settled calls whose attempt has not recorded them yet. Raising twice is harmless:
/// an attempt reads one <c>CallEnded</c>, and attempts that already recorded their end are skipped.
/// </summary>
internal sealed class CallEndSignals(CallAttemptStore attempts, CallSessionStore sessions, DataStore store, DurableTaskClient durable,
    TimeProvider clock, ILogger<CallEndSignals> logger) : ICallSettledHandler
{
    private const int ResendBatch = 500;

    public async Task CallSettledAsync(string callId, CancellationToken ct)
    {
        var attempt = await attempts.FindByCallAsync(callId, ct);
        if (attempt is null || attempt.State == CallAttemptState.Ended)
        {
            // Not a campaign call (placed by hand, or inbound), or its attempt has the end already.
            return;
        }

        var session = await sessions.GetAsync(callId, ct);
        if (session is not { Phase: CallPhase.Ended })
        {
            return;
        }

        var outcome = (session.Outcome ?? session.State.Outcome ?? CallOutcome.Failed).ToWireName();
        var callbackAt = session.CallbackAtUtc ?? session.State.CallbackAtUtc;
        try
        {
            await durable.RaiseEventAsync(attempt.InstanceId, CallAttemptOrchestration.CallEndedEvent, new CallEnded(callId, outcome, callbackAt), ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // An instance that finished (it timed out and concluded the call itself) or is gone needs no signal.
            var instance = await durable.GetInstanceAsync(attempt.InstanceId, getInputsAndOutputs: false, ct);
            if (instance is null || instance.IsCompleted)
            {
                return;
            }

            throw;
        }
    }

    public async Task<int> ResendMissedAsync(TimeSpan olderThan, CancellationToken ct)
    {
        List<string> callIds;
        await using (var connection = await store.OpenConnectionAsync(ct))
        {
            callIds = (await connection.QueryAsync<string>(new CommandDefinition(
                """
                SELECT a.call_id FROM call_attempts a JOIN call_sessions s ON s.call_id = a.call_id
                WHERE a.state <> 'ended' AND s.phase = 'ended' AND s.ended_at < @before
                ORDER BY s.ended_at LIMIT @limit
                """,
                new { before = clock.GetUtcNow() - olderThan, limit = ResendBatch }, cancellationToken: ct))).ToList();
        }

        var sent = 0;
        foreach (var callId in callIds)
        {
            try
            {
                await CallSettledAsync(callId, ct);
                sent++;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Tried again on the next round.
                Log.RelayFailed(logger, e, callId);
            }
        }

        return sent;
    }
}
