using AiScheduler.Functions.Hosting;
using AiScheduler.Functions.Providers.Telephony;

namespace AiScheduler.Functions.Calls.Callbacks;

/// <summary>
/// Handles the inbox's ACS callbacks: the CloudEvent is read back, given to every <see cref="ICallEventHandler"/> in
/// registration order (the call session first), and when the call has ended with it, to every
/// <see cref="ICallSettledHandler"/> (which tells the campaign's attempt, durably).
/// </summary>
internal sealed class AcsInboxHandler(IEnumerable<ICallEventHandler> handlers, IEnumerable<ICallSettledHandler> settled, CallSessionStore sessions,
    ILogger<AcsInboxHandler> logger) : IInboxEntryHandler
{
    private readonly ICallEventHandler[] handlers = handlers.ToArray();
    private readonly ICallSettledHandler[] settled = settled.ToArray();

    public string Source => CallInbox.AcsSource;

    public async Task HandleAsync(InboxEntry entry, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var callEvent = AcsEvents.ParseCallback(Azure.Messaging.CloudEvent.Parse(BinaryData.FromString(entry.Body), skipValidation: true)
            ?? throw new FormatException($"Inbox entry {entry.EventId} holds no CloudEvent."));

        if (handlers.Length == 0)
        {
            CallbackLog.NoHandler(logger, callEvent.GetType().Name, LogValues.Clean(entry.Lane));
        }

        foreach (var handler in handlers)
        {
            await handler.HandleAsync(entry.Lane, callEvent, ct);
        }

        if (settled.Length > 0 && callEvent is CallDisconnected or CreateCallFailed or AnswerFailed
            && await sessions.GetAsync(entry.Lane, ct) is { Phase: CallPhase.Ended })
        {
            foreach (var handler in settled)
            {
                await handler.CallSettledAsync(entry.Lane, ct);
            }
        }
    }
}
