namespace AiScheduler.Functions.Calls;

internal static partial class Log
{
    [LoggerMessage(EventId = 2300, Level = LogLevel.Warning, Message = "A {EventType} callback arrived for call {CallId}, which has no session")]
    public static partial void UnknownCall(ILogger logger, string callId, string eventType);

    [LoggerMessage(EventId = 2301, Level = LogLevel.Debug, Message = "Ignored {EventType} for call {CallId} in phase {Phase}")]
    public static partial void Ignored(ILogger logger, string eventType, string callId, string phase);

    [LoggerMessage(EventId = 2302, Level = LogLevel.Debug, Message = "Another process advanced call {CallId} first; this callback is left to it")]
    public static partial void LostRace(ILogger logger, string callId);

    [LoggerMessage(EventId = 2303, Level = LogLevel.Warning, Message = "A call command for call {CallId} failed")]
    public static partial void CommandFailed(ILogger logger, Exception exception, string callId);

    [LoggerMessage(EventId = 2304, Level = LogLevel.Error, Message = "Handling {EventType} for call {CallId} failed")]
    public static partial void EventFailed(ILogger logger, Exception exception, string eventType, string callId);

    [LoggerMessage(EventId = 2305, Level = LogLevel.Information, Message = "Call {CallId} ended: {Outcome}")]
    public static partial void Settled(ILogger logger, string callId, string outcome);

    [LoggerMessage(EventId = 2390, Level = LogLevel.Warning, Message = "The usage of call {CallId} could not be recorded for this turn")]
    public static partial void UsageNotRecorded(ILogger logger, Exception exception, string callId);

    [LoggerMessage(EventId = 2306, Level = LogLevel.Information, Message = "The lead on meeting call {CallId} (meeting {MeetingId}) opted out: on the do-not-call list, interview ended")]
    public static partial void MeetingOptOut(ILogger logger, string callId, Guid meetingId);
}
