namespace AiScheduler.Functions.Calls.Callbacks;

/// <summary>
/// Told when a call's session has ended: after the inbox handled an event that ended it, and by the reconciler for
/// ended calls whose end may not have been passed on (a crash in between). Must be idempotent; throwing makes the
/// inbox retry the event (and the reconciler try again on its next round).
/// </summary>
public interface ICallSettledHandler
{
    Task CallSettledAsync(string callId, CancellationToken ct);

    /// <summary>Passes on the ends that were missed (settled calls whose end was not acknowledged yet); returns how many.</summary>
    Task<int> ResendMissedAsync(TimeSpan olderThan, CancellationToken ct);
}
