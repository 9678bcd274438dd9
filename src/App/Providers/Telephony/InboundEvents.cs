namespace AiScheduler.Functions.Providers.Telephony;

/// <summary>Someone is calling the app; answer with <see cref="ITelephony.AnswerCallAsync"/> and the context.</summary>
public sealed record IncomingCall(string From, string To, string IncomingCallContext, string? ServerCallId, string? CorrelationId);

/// <summary>A finished recording (chunk) that can be fetched with <see cref="ITelephony.DownloadRecordingAsync"/>.</summary>
public sealed record RecordingFileReady(
    string? RecordingId,
    string DocumentId,
    int ChunkIndex,
    Uri ContentLocation,
    Uri? MetadataLocation,
    Uri? DeleteLocation,
    DateTimeOffset? StartedAt,
    TimeSpan? Duration);
