using System.Security.Claims;
using AiScheduler.Functions.Security;
using System.Globalization;
using AiScheduler.Functions.Calls.Callbacks;
using AiScheduler.Functions.Calls.Compliance;
using AiScheduler.Functions.EventGrid;
using AiScheduler.Functions.Hosting;
using AiScheduler.Functions.Providers.Storage;
using AiScheduler.Functions.Providers.Telephony;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.Calls.Recordings;

/// <summary>
/// Keeps call recordings: on RecordingFileStatusUpdated each chunk is downloaded from the telephony service (which keeps
/// it only for a while) into the blob store under <c>recordings/{callId}/</c> and linked to the call, found by the
/// event's server call id.
/// </summary>
public sealed class CallRecordings(ITelephony telephony, IBlobStore blobs, RecordingStore store, TimeProvider clock, ILogger<CallRecordings> logger)
{
    public const string ContentType = "audio/wav";

    /// <summary>Stores every chunk the event announces; returns the call id, or null when the recording matched no call.</summary>
    public async Task<string?> StoreAsync(string? serverCallId, IReadOnlyList<RecordingFileReady> chunks, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        var callId = serverCallId is { Length: > 0 } ? await store.CallOfServerCallAsync(serverCallId, cancellationToken) : null;
        foreach (var chunk in chunks)
        {
            // A recording of an unknown call is still kept (it may be evidence), just not linked to any call.
            var folder = callId is null ? "recordings/unlinked" : "recordings/" + callId;
            var name = new BlobName($"{folder}/{Segment(chunk.DocumentId)}-{chunk.ChunkIndex.ToString(CultureInfo.InvariantCulture)}.wav");
            StoredBlob stored;
            await using (var audio = await telephony.DownloadRecordingAsync(chunk.ContentLocation, cancellationToken))
            {
                stored = await blobs.PutAsync(name, audio, ContentType, cancellationToken);
            }

            if (callId is null)
            {
                Log.RecordingUnlinked(logger, LogValues.Clean(chunk.DocumentId), name.Value);
                continue;
            }

            await store.SaveRecordingAsync(new CallRecordingFile(callId, chunk.DocumentId, chunk.ChunkIndex, chunk.RecordingId, name.Value,
                ContentType, stored.Length, chunk.Duration is { } d ? (long)d.TotalMilliseconds : null, clock.GetUtcNow()), cancellationToken);
            Log.RecordingStored(logger, LogValues.Clean(chunk.DocumentId), chunk.ChunkIndex, callId, name.Value, stored.Length);
        }

        return callId;
    }

    // Document ids are service-generated; anything but letters, digits and '-' is replaced so the blob name stays one segment.
    private static string Segment(string documentId) =>
        documentId.Length == 0 ? "recording" : string.Concat(documentId.Select(c => char.IsAsciiLetterOrDigit(c) || c == '-' ? c : '_'));
}

/// <summary>
/// On CallConnected: links the call to its server call id (the callback carries it), so a later recording event, which
/// names only the server call id, finds its call; and has <see cref="RecordingStarts"/> start (off the turn path) the
/// recording the agent's opening announces: only calls whose plan announces one (<see cref="CallRecordingPolicy"/>:
/// recorder on, and the lead's country records on notice); calls that ask first are recorded from the lead's yes.
/// Inbound calls are linked when answered as well.
/// </summary>
internal sealed class ConnectedCalls(RecordingStore store, RecordingStarts recordings, CallSessionStore sessions) : ICallEventHandler
{
    public async Task HandleAsync(string callId, CallEvent callEvent, CancellationToken ct)
    {
        if (callEvent is not CallConnected { ServerCallId: { Length: > 0 } serverCallId } connected)
        {
            return;
        }

        await store.LinkServerCallAsync(serverCallId, callId, ct);
        if (await sessions.GetAsync(callId, ct) is not { State.Context.RecordingEnabled: true })
        {
            return;
        }

        // A call without its recording is still a good call; the conversation must not wait on this.
        recordings.Enqueue(callId, new CallConnection(connected.CallConnectionId, serverCallId, connected.CorrelationId, CallConnectionState.Connected));
    }
}

/// <summary><c>GET /api/calls/{id}/recording</c>: the call's recording, as a short-lived direct link or streamed.</summary>
public static class CallRecordingsApi
{
    public static IEndpointRouteBuilder MapCallRecordings(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/calls/{callId}/recording", GetAsync)
            .WithName("GetCallRecording")
            .WithTags("Calls")
            .WithSummary("The call's recording: a redirect to a short-lived read link (Azure Blob Storage) or the audio itself (local store).");
        return endpoints;
    }

    internal static async Task<Results<RedirectHttpResult, FileStreamHttpResult, ProblemHttpResult>> GetAsync(
        ClaimsPrincipal caller, string callId, RecordingStore store, IBlobStore blobs, IOptions<EventGridOptions> options,
        CancellationToken cancellationToken)
    {
        var recording = (await store.RecordingsAsync(caller.WorkspaceId(), callId, cancellationToken)).FirstOrDefault();
        if (recording is null)
        {
            return TypedResults.Problem(
                title: "No recording for this call",
                detail: $"Call '{callId}' has no stored recording. Recordings arrive a little after the call ends (Event Grid RecordingFileStatusUpdated); try again shortly, and check that recording is on.",
                statusCode: StatusCodes.Status404NotFound);
        }

        var name = new BlobName(recording.BlobName);
        if (await blobs.GetReadLinkAsync(name, options.Value.RecordingLinkLifetime, cancellationToken) is { } link)
        {
            return TypedResults.Redirect(link.AbsoluteUri);
        }

        var content = await blobs.OpenReadAsync(name, cancellationToken);
        return content is null
            ? TypedResults.Problem(
                title: "Recording file missing",
                detail: $"Call '{callId}' lists recording blob '{recording.BlobName}', but the blob store no longer has it (deleted by retention?).",
                statusCode: StatusCodes.Status410Gone)
            : TypedResults.Stream(content, recording.ContentType, $"{callId}.wav", enableRangeProcessing: true);
    }
}
