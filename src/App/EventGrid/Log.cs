namespace AiScheduler.Functions.EventGrid;

internal static partial class Log
{
    [LoggerMessage(EventId = 5200, Level = LogLevel.Warning, Message = "Event Grid request rejected: {Reason}")]
    public static partial void Rejected(ILogger logger, string reason);

    [LoggerMessage(EventId = 5201, Level = LogLevel.Information, Message = "Event Grid subscription validated (event {EventId})")]
    public static partial void SubscriptionValidated(ILogger logger, string eventId);

    [LoggerMessage(EventId = 5202, Level = LogLevel.Information, Message = "Event Grid abuse-protection handshake answered for origin {Origin}")]
    public static partial void HandshakeAnswered(ILogger logger, string origin);

    [LoggerMessage(EventId = 5203, Level = LogLevel.Information, Message = "Event {EventId} of type {EventType} acknowledged without handling: no handler for this type")]
    public static partial void UnknownEventType(ILogger logger, string eventId, string eventType);

    [LoggerMessage(EventId = 5204, Level = LogLevel.Debug, Message = "Event {EventId} ({EventType}) was handled already; repeat delivery ignored")]
    public static partial void Duplicate(ILogger logger, string eventId, string eventType);

    [LoggerMessage(EventId = 5205, Level = LogLevel.Error, Message = "Event {EventId} ({EventType}) failed; Event Grid will deliver it again")]
    public static partial void Failed(ILogger logger, Exception exception, string eventId, string eventType);

    [LoggerMessage(EventId = 5206, Level = LogLevel.Information, Message = "Inbound call from {Caller} answered as call {CallId} (known lead: {KnownLead})")]
    public static partial void InboundAnswered(ILogger logger, string caller, string callId, bool knownLead);

    [LoggerMessage(EventId = 5207, Level = LogLevel.Warning, Message = "Inbound call from {Caller} could not be answered ({Status} {Code}); the call is gone, the event is not retried")]
    public static partial void InboundNotAnswered(ILogger logger, string caller, int status, string code);

    [LoggerMessage(EventId = 5211, Level = LogLevel.Information, Message = "EventGrid:Key is not set: /api/eventgrid accepts the key generated at first start and kept in the store (table event_grid_keys, name '{Name}'); print it with 'eventgrid-key' (dotnet run --project src/Host -- eventgrid-key) and use it as ?code=<key> in the subscription URL")]
    public static partial void GeneratedKeyInUse(ILogger logger, string name);
}
