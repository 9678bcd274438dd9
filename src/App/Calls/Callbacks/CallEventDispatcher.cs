using System.Threading.Channels;
using AiScheduler.Functions.Hosting;
using AiScheduler.Functions.Providers.Telephony;

namespace AiScheduler.Functions.Calls.Callbacks;

/// <summary>An event accepted by the callback endpoint, waiting for the handlers.</summary>
public sealed record ReceivedCallEvent(string CallId, CallEvent Event);

/// <summary>
/// The in-process hand-off between the callback endpoint (which must answer at once) and the handlers, used when there
/// is no store (the telephony component on its own): a bounded channel, de-duplicated by event id, drained by
/// <see cref="CallEventPump"/>. Nothing survives a restart; the app uses the durable <see cref="CallInbox"/> instead.
/// </summary>
public sealed class CallEventDispatcher : ICallEventIntake
{
    private readonly Channel<ReceivedCallEvent> channel = Channel.CreateBounded<ReceivedCallEvent>(
        new BoundedChannelOptions(10_000) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    private readonly RecentEventIds recent = new(50_000);

    internal ChannelReader<ReceivedCallEvent> Reader => channel.Reader;

    /// <summary>Queues the event unless its id was seen recently; returns whether it was queued.</summary>
    public async ValueTask<bool> AcceptAsync(string callId, CallEvent callEvent, string cloudEvent, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(callEvent);
        if (!recent.TryAdd(callEvent.EventId))
        {
            return false;
        }

        await channel.Writer.WriteAsync(new ReceivedCallEvent(callId, callEvent), ct);
        return true;
    }
}

/// <summary>Delivers queued events to every <see cref="ICallEventHandler"/>; a failing handler is logged and skipped.</summary>
internal sealed class CallEventPump(CallEventDispatcher dispatcher, IEnumerable<ICallEventHandler> handlers, ILogger<CallEventPump> logger) : BackgroundService
{
    private readonly ICallEventHandler[] handlers = handlers.ToArray();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var received in dispatcher.Reader.ReadAllAsync(stoppingToken))
        {
            if (handlers.Length == 0)
            {
                CallbackLog.NoHandler(logger, received.Event.GetType().Name, LogValues.Clean(received.CallId));
                continue;
            }

            foreach (var handler in handlers)
            {
                try
                {
                    await handler.HandleAsync(received.CallId, received.Event, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    // One bad event must not stop every other call's events; the session sees the failure in its logs.
                    CallbackLog.HandlerFailed(logger, e, received.Event.GetType().Name, LogValues.Clean(received.CallId));
                }
            }
        }
    }
}
