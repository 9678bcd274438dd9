namespace AiScheduler.Functions.Calls.Attempts;

internal static partial class Log
{
    [LoggerMessage(EventId = 4101, Level = LogLevel.Information,
        Message = "Call attempt {InstanceId} already has a call registered by an earlier run; waiting for it instead of dialing again")]
    public static partial void NotRedialed(ILogger logger, string instanceId);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Warning, Message = "Call attempt {InstanceId} could not place its call")]
    public static partial void PlaceFailed(ILogger logger, Exception exception, string instanceId);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Warning,
        Message = "Call attempt {InstanceId}: call {CallId} did not report its end in time; hanging up and settling it as failed")]
    public static partial void CallTimedOut(ILogger logger, string instanceId, string callId);

    [LoggerMessage(EventId = 4104, Level = LogLevel.Warning, Message = "Hanging up call {CallId} failed")]
    public static partial void HangUpFailed(ILogger logger, Exception exception, string callId);

    [LoggerMessage(EventId = 4105, Level = LogLevel.Error, Message = "Telling the attempt of call {CallId} that it ended failed")]
    public static partial void RelayFailed(ILogger logger, Exception exception, string callId);
}
