namespace AiScheduler.Functions.Meetings;

internal static partial class Log
{
    [LoggerMessage(EventId = 3701, Level = LogLevel.Warning,
        Message = "Meeting {MeetingId}: the {Kind} email was not sent because the attendee address is not usable")]
    public static partial void EmailSkipped(ILogger logger, Guid meetingId, string kind);

    [LoggerMessage(EventId = 3702, Level = LogLevel.Information, Message = "Meeting {MeetingId} rescheduled to sequence {Sequence}")]
    public static partial void Rescheduled(ILogger logger, Guid meetingId, int sequence);

    [LoggerMessage(EventId = 3703, Level = LogLevel.Information, Message = "Meeting {MeetingId} cancelled at sequence {Sequence}")]
    public static partial void Cancelled(ILogger logger, Guid meetingId, int sequence);

    [LoggerMessage(EventId = 3704, Level = LogLevel.Information, Message = "Meeting {MeetingId}: the AI's call ended (answered {Answered}, {Outcome})")]
    public static partial void MeetingCallEnded(ILogger logger, Guid meetingId, bool answered, string outcome);

    [LoggerMessage(EventId = 3705, Level = LogLevel.Warning, Message = "Could not tell the meeting that call {CallId} ended; its orchestration reads the session when its wait times out")]
    public static partial void RelayFailed(ILogger logger, Exception exception, string callId);

    [LoggerMessage(EventId = 3706, Level = LogLevel.Information, Message = "Meeting {MeetingId}: {Action} requested")]
    public static partial void Requested(ILogger logger, Guid meetingId, string action);
}
