namespace AiScheduler.Functions.Calls.Recordings;

// Event ids 5208-5212 were the Event Grid folder's before recordings moved here; they are kept.
internal static partial class Log
{
    [LoggerMessage(EventId = 5208, Level = LogLevel.Information, Message = "Recording {DocumentId} chunk {ChunkIndex} of call {CallId} stored as {BlobName} ({Length} bytes)")]
    public static partial void RecordingStored(ILogger logger, string documentId, int chunkIndex, string callId, string blobName, long length);

    [LoggerMessage(EventId = 5209, Level = LogLevel.Warning, Message = "Recording {DocumentId} belongs to no known call (server call id unknown); stored as {BlobName} unlinked")]
    public static partial void RecordingUnlinked(ILogger logger, string documentId, string blobName);

    [LoggerMessage(EventId = 5210, Level = LogLevel.Warning, Message = "Recording of call {CallId} could not be started ({Status} {Code}); the call goes on unrecorded")]
    public static partial void RecordingNotStarted(ILogger logger, string callId, int status, string code);

    [LoggerMessage(EventId = 5212, Level = LogLevel.Warning, Message = "Recording event {EventId} refused: {Field} points at {Host}, which is not the telephony service or the configured storage")]
    public static partial void RecordingLocationRefused(ILogger logger, string eventId, string field, string host);
}
