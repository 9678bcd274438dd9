using AiScheduler.Functions.Calls.Callbacks;

namespace AiScheduler.Functions.EventGrid;

/// <summary>Handles the Event Grid events stored in the call inbox: the event is read back as delivered and handled once.</summary>
internal sealed class EventGridInboxHandler(EventGridEvents events) : IInboxEntryHandler
{
    public const string SourceName = "eventgrid";

    public string Source => SourceName;

    public async Task HandleAsync(InboxEntry entry, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await events.HandleAsync(EventGridDelivery.Parse(BinaryData.FromString(entry.Body))[0], ct);
    }
}
