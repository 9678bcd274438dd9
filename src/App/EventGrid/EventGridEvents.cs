using AiScheduler.Functions.Hosting;

namespace AiScheduler.Functions.EventGrid;

/// <summary>
/// Dispatches delivered events to the feature that handles their type (<see cref="IEventGridHandler"/>), each once: the
/// event id is claimed in the store first (Event Grid delivers at least once, and several host processes share one
/// subscription), and given back if handling fails so the redelivery is handled.
/// </summary>
public sealed class EventGridEvents(IEnumerable<IEventGridHandler> handlers, EventGridStore store, ILogger<EventGridEvents> logger)
{
    private readonly Dictionary<string, IEventGridHandler> byType = handlers.ToDictionary(h => h.EventType, StringComparer.Ordinal);

    /// <summary>The handler of <paramref name="delivered"/>'s type; null for a type this app does not handle (acknowledged and dropped).</summary>
    public IEventGridHandler? HandlerOf(DeliveredEvent delivered)
    {
        ArgumentNullException.ThrowIfNull(delivered);
        return byType.GetValueOrDefault(delivered.Type);
    }

    public async Task HandleAsync(DeliveredEvent delivered, CancellationToken cancellationToken)
    {
        if (HandlerOf(delivered) is not { } handler)
        {
            Log.UnknownEventType(logger, LogValues.Clean(delivered.Id), LogValues.Clean(delivered.Type));
            return;
        }

        if (!await store.TryClaimAsync(delivered.Id, delivered.Type, cancellationToken))
        {
            Log.Duplicate(logger, LogValues.Clean(delivered.Id), delivered.Type);
            return;
        }

        try
        {
            await handler.HandleAsync(delivered, cancellationToken);
        }
        catch (Exception e) when (e is not FormatException)
        {
            Log.Failed(logger, e, LogValues.Clean(delivered.Id), delivered.Type);
            await store.ReleaseAsync(delivered.Id, CancellationToken.None);
            throw;
        }
    }
}
