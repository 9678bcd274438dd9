using System.Text.Json;
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
        DeliveredEvent delivered;
        using (var document = JsonDocument.Parse(entry.Body))
        {
            delivered = EventGridDelivery.Parse(document.RootElement)[0];
        }

        await events.HandleAsync(delivered, ct);
    }
}
