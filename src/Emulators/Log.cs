using Microsoft.Extensions.Logging;

namespace AiScheduler.Emulators;

internal static partial class Log
{
    [LoggerMessage(1001, LogLevel.Information, "Emulator listening on {Endpoint} with {PersonaCount} personas")]
    public static partial void Listening(ILogger logger, Uri endpoint, int personaCount);

    [LoggerMessage(1002, LogLevel.Warning, "Rejected request {Method} {Path}: {Reason}")]
    public static partial void SignatureRejected(ILogger logger, string method, string path, string reason);

    [LoggerMessage(1003, LogLevel.Information, "Call {CallConnectionId} ({Direction}, persona {PersonaId}) is now {State}")]
    public static partial void CallStateChanged(ILogger logger, string callConnectionId, string direction, string personaId, string state);

    [LoggerMessage(1004, LogLevel.Debug, "Dropped callback {EventType} by fault injection")]
    public static partial void CallbackDropped(ILogger logger, string eventType);

    [LoggerMessage(1005, LogLevel.Warning, "Callback {EventType} answered {StatusCode} (attempt {Attempt})")]
    public static partial void CallbackRejected(ILogger logger, string eventType, int statusCode, int attempt);

    [LoggerMessage(1006, LogLevel.Warning, "Callback {EventType} could not be delivered (attempt {Attempt}): {Reason}")]
    public static partial void CallbackUnreachable(ILogger logger, string eventType, int attempt, string reason);

    [LoggerMessage(1007, LogLevel.Warning, "Event Grid event {EventType} could not be delivered: {Reason}")]
    public static partial void EventGridUndelivered(ILogger logger, string eventType, string reason);

    [LoggerMessage(1008, LogLevel.Warning, "Speech rendering with espeak-ng failed, the recording stays silent: {Reason}")]
    public static partial void SpeechRenderingFailed(ILogger logger, string reason);

    [LoggerMessage(1009, LogLevel.Error, "Simulated call {CallConnectionId} failed in the emulator")]
    public static partial void SimulationFailed(ILogger logger, Exception exception, string callConnectionId);
}
