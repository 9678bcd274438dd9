namespace AiScheduler.Functions.Calls.Callbacks;

internal static partial class CallbackLog
{
    [LoggerMessage(4101, LogLevel.Warning, "Rejected ACS callback for call {CallId}: {Reason}")]
    public static partial void Rejected(ILogger logger, string callId, string reason);

    [LoggerMessage(4102, LogLevel.Debug, "Ignored duplicate {EventType} {EventId} for call {CallId}")]
    public static partial void Duplicate(ILogger logger, string eventType, string eventId, string callId);

    [LoggerMessage(4103, LogLevel.Warning, "No call event handler is registered; dropped {EventType} for call {CallId}")]
    public static partial void NoHandler(ILogger logger, string eventType, string callId);

    [LoggerMessage(4104, LogLevel.Error, "Handling {EventType} for call {CallId} failed")]
    public static partial void HandlerFailed(ILogger logger, Exception exception, string eventType, string callId);

    [LoggerMessage(4105, LogLevel.Warning, "Could not load ACS OpenID metadata from {MetadataUri}: {Reason}")]
    public static partial void MetadataUnavailable(ILogger logger, Uri metadataUri, string reason);

    [LoggerMessage(4106, LogLevel.Warning, "Inbox entry {Seq} ({Source} {EventId}, lane {Lane}) failed on try {Attempt} of {MaxAttempts}; retrying")]
    public static partial void InboxRetry(ILogger logger, Exception exception, long seq, string source, string eventId, string lane, int attempt, int maxAttempts);

    [LoggerMessage(4107, LogLevel.Error, "Inbox entry {Seq} ({Source} {EventId}, lane {Lane}) failed {MaxAttempts} times and is closed as failed")]
    public static partial void InboxGaveUp(ILogger logger, Exception exception, long seq, string source, string eventId, string lane, int maxAttempts);

    [LoggerMessage(4108, LogLevel.Information, "Inbox took over {Count} unhandled entries (their process stopped or restarted)")]
    public static partial void InboxRecovered(ILogger logger, int count);

    [LoggerMessage(4109, LogLevel.Warning, "Inbox housekeeping failed; trying again next sweep")]
    public static partial void InboxSweepFailed(ILogger logger, Exception exception);

    [LoggerMessage(4110, LogLevel.Error, "Inbox entry {Seq} names source {Source}, which has no handler here; closed as failed")]
    public static partial void InboxNoSource(ILogger logger, long seq, string source);

    [LoggerMessage(4111, LogLevel.Critical, "Telephony:CallbackBaseUri {BaseUri} cannot be reached by this app ({Reason}); refusing to start (set Telephony:CheckCallbackBaseUri=false behind a proxy)")]
    public static partial void CallbackBaseUnreachable(ILogger logger, Uri baseUri, string reason);
}
