namespace AiScheduler.Functions.Calls.Compliance;

internal static partial class Log
{
    [LoggerMessage(EventId = 2370, Level = LogLevel.Warning, Message = "Continuous DTMF recognition did not start for call {CallId}; only spoken opt-outs are heard")]
    public static partial void KeypadNotListening(ILogger logger, Exception exception, string callId);
}
