using AiScheduler.Functions.Providers.Telephony;

namespace AiScheduler.Functions.Calls.Callbacks;

/// <summary>
/// Receives every authenticated, de-duplicated telephony event, after the callback request has already been answered.
/// The call session implements this. Events of one call arrive one at a time in delivery order, which may differ from
/// the order they happened in (compare <see cref="CallEvent.Time"/> and operation contexts); an event can still repeat
/// after the dispatcher forgot its id, so handling must be idempotent.
/// </summary>
public interface ICallEventHandler
{
    /// <param name="callId">Our id of the call, from the callback URL (<c>/api/callbacks/acs/{callId}</c>).</param>
    /// <param name="callEvent">The event, already mapped to our records.</param>
    /// <param name="ct">Cancelled when the host shuts down.</param>
    Task HandleAsync(string callId, CallEvent callEvent, CancellationToken ct);
}
