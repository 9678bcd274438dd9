namespace AiScheduler.Functions.EventGrid;

/// <summary>
/// A feature's handling of one Event Grid event type (IncomingCall here, RecordingFileStatusUpdated in Calls/Recordings).
/// <c>/api/eventgrid</c> checks each delivered event with <see cref="CheckAsync"/> before it accepts the delivery and
/// stores it in the call inbox; <see cref="EventGridEvents"/> then hands it to <see cref="HandleAsync"/> once.
/// </summary>
public interface IEventGridHandler
{
    /// <summary>The event type handled, e.g. <c>Microsoft.Communication.IncomingCall</c>.</summary>
    string EventType { get; }

    /// <summary>The inbox lane prefix: each event gets its own lane (<c>{Lane}:{id}</c>), so none waits for another.</summary>
    string Lane { get; }

    /// <summary>
    /// Null when the event may be accepted, or why it is refused; a <see cref="FormatException"/> naming the field when
    /// its data cannot be read.
    /// </summary>
    Task<EventRefusal?> CheckAsync(DeliveredEvent delivered, CancellationToken cancellationToken);

    /// <summary>Handles the event; a <see cref="FormatException"/> is final, any other failure gets it delivered again.</summary>
    Task HandleAsync(DeliveredEvent delivered, CancellationToken cancellationToken);
}

/// <summary>Why a delivery is refused: a 400 problem with <paramref name="Errors"/> keyed by the JSON path of each field.</summary>
public sealed record EventRefusal(string Title, string Detail, IDictionary<string, string[]> Errors);
