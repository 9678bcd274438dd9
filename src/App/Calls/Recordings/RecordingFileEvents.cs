using AiScheduler.Functions.EventGrid;
using AiScheduler.Functions.Hosting;
using AiScheduler.Functions.Providers.Telephony;
using Azure.Messaging.EventGrid;

namespace AiScheduler.Functions.Calls.Recordings;

/// <summary>
/// RecordingFileStatusUpdated events (<see cref="Azure.Messaging.EventGrid.SystemEvents.AcsRecordingFileStatusUpdatedEventData"/>),
/// dispatched here by the Event Grid webhook: checked when delivered (every location must be one recordings are fetched
/// from), then stored by <see cref="CallRecordings"/> from the inbox.
/// </summary>
internal sealed class RecordingFileEvents(CallRecordings recordings, RecordingSources sources, ILogger<RecordingFileEvents> logger) : IEventGridHandler
{
    public string EventType => SystemEventNames.AcsRecordingFileStatusUpdated;

    public string Lane => "recording";

    // A recording event names where to fetch the audio; a forged one could make the app sign a request to any host. Each
    // location must be the telephony service's (or the configured storage account's), or the whole delivery is refused.
    public async Task<EventRefusal?> CheckAsync(DeliveredEvent delivered, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivered);
        var chunks = AcsEvents.ParseRecordingFiles(DataOf(delivered));
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        for (var i = 0; i < chunks.Count; i++)
        {
            var locations = new (string Field, Uri? Location)[]
            {
                ("contentLocation", chunks[i].ContentLocation), ("metadataLocation", chunks[i].MetadataLocation), ("deleteLocation", chunks[i].DeleteLocation),
            };
            foreach (var (field, location) in locations)
            {
                if (location is not null && !await sources.AllowsAsync(location, cancellationToken))
                {
                    var path = $"data.recordingStorageInfo.recordingChunks[{i}].{field}";
                    Log.RecordingLocationRefused(logger, LogValues.Clean(delivered.Id), path, LogValues.Clean(location.GetLeftPart(UriPartial.Authority)));
                    errors[path] = [$"'{location.GetLeftPart(UriPartial.Authority)}' is not the telephony service or the configured storage; recordings are fetched only from those."];
                }
            }
        }

        return errors.Count == 0 ? null : new EventRefusal(
            "Recording location not allowed",
            $"Event {delivered.Id} names a recording location on a host this app does not fetch recordings from.",
            errors);
    }

    public async Task HandleAsync(DeliveredEvent delivered, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivered);
        var data = DataOf(delivered);
        await recordings.StoreAsync(AcsEvents.RecordingServerCallId(data, delivered.Subject), AcsEvents.ParseRecordingFiles(data), cancellationToken);
    }

    private static BinaryData DataOf(DeliveredEvent delivered) =>
        delivered.Data ?? throw new FormatException($"The {delivered.Type} event {delivered.Id} has no data object.");
}
