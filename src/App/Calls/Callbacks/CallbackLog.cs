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
}
