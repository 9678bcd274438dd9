using System.Text.Json;
using AiScheduler.Functions.Hosting;
using AiScheduler.Functions.Providers.Telephony;

namespace AiScheduler.Functions.EventGrid;

/// <summary>
/// Handles delivered events, each once: the event id is claimed in the store first (Event Grid delivers at least once,
/// and several host processes share one subscription), and given back if handling fails so the redelivery is handled.
/// </summary>
public sealed class EventGridEvents(EventGridStore store, InboundCalls inbound, CallRecordings recordings, ILogger<EventGridEvents> logger)
{
    private const string ServerCallIdMarker = "/serverCallId/";

    /// <summary>
    /// Checks a delivered event before it is accepted: false for a type this app does not handle (acknowledged and
    /// dropped); a <see cref="FormatException"/> naming the problem when a handled type's data cannot be read.
    /// </summary>
    public static bool Validate(DeliveredEvent delivered)
    {
        ArgumentNullException.ThrowIfNull(delivered);
        if (delivered.Type is not (DeliveredEvent.IncomingCall or DeliveredEvent.RecordingFileStatusUpdated))
        {
            return false;
        }

        if (delivered.Data.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"The {delivered.Type} event {delivered.Id} has no data object.");
        }

        _ = delivered.Type == DeliveredEvent.IncomingCall
            ? (object)AcsEvents.ParseIncomingCall(delivered.Data)
            : AcsEvents.ParseRecordingFiles(delivered.Data);
        return true;
    }

    public async Task HandleAsync(DeliveredEvent delivered, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivered);
        if (delivered.Type is not (DeliveredEvent.IncomingCall or DeliveredEvent.RecordingFileStatusUpdated))
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
            if (delivered.Data.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException($"The {delivered.Type} event {delivered.Id} has no data object.");
            }

            if (delivered.Type == DeliveredEvent.IncomingCall)
            {
                await inbound.AnswerAsync(AcsEvents.ParseIncomingCall(delivered.Data), cancellationToken);
            }
            else
            {
                await recordings.StoreAsync(ServerCallIdOf(delivered), AcsEvents.ParseRecordingFiles(delivered.Data), cancellationToken);
            }
        }
        catch (Exception e) when (e is not FormatException)
        {
            Log.Failed(logger, e, LogValues.Clean(delivered.Id), delivered.Type);
            await store.ReleaseAsync(delivered.Id, CancellationToken.None);
            throw;
        }
    }

    // The data carries serverCallId in some API versions; the subject always ends in /serverCallId/{id}.
    private static string? ServerCallIdOf(DeliveredEvent delivered)
    {
        if (delivered.Data.TryGetProperty("serverCallId", out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } id)
        {
            return id;
        }

        var subject = delivered.Subject ?? "";
        var at = subject.LastIndexOf(ServerCallIdMarker, StringComparison.Ordinal);
        return at < 0 ? null : subject[(at + ServerCallIdMarker.Length)..];
    }
}
