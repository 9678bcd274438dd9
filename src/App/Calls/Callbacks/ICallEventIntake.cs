using AiScheduler.Functions.Providers.Telephony;

namespace AiScheduler.Functions.Calls.Callbacks;

/// <summary>
/// Where the callback endpoint hands an authenticated event before it answers. With a store the app uses the durable
/// <see cref="CallInbox"/> (the event is written before the 200); the telephony component alone (no store) uses the
/// in-process <see cref="CallEventDispatcher"/>.
/// </summary>
public interface ICallEventIntake
{
    /// <summary>
    /// Takes the event for handling; returns false when it was taken before (same event id).
    /// <paramref name="cloudEvent"/> is the event's CloudEvent JSON as delivered, kept so it can be handled again after a restart.
    /// </summary>
    ValueTask<bool> AcceptAsync(string callId, CallEvent callEvent, string cloudEvent, CancellationToken ct);
}
