namespace AiScheduler.Functions.Meetings.Room;

internal static partial class Log
{
    [LoggerMessage(EventId = 3771, Level = LogLevel.Information, Message = "Meeting {MeetingId}: a {Role} joined the room")]
    public static partial void Joined(ILogger logger, Guid meetingId, string role);

    [LoggerMessage(EventId = 3772, Level = LogLevel.Information, Message = "Meeting {MeetingId}: room connection refused, the meeting is {Status}")]
    public static partial void RoomRefused(ILogger logger, Guid meetingId, string status);

    [LoggerMessage(EventId = 3773, Level = LogLevel.Information, Message = "Meeting {MeetingId}: the room interview ended ({Reason}); InterviewEnded raised on the meeting's orchestration")]
    public static partial void InterviewEnded(ILogger logger, Guid meetingId, string reason);

    [LoggerMessage(EventId = 3775, Level = LogLevel.Information, Message = "Meeting {MeetingId}: room link refused ({Problem})")]
    public static partial void LinkRefused(ILogger logger, Guid meetingId, RoomTokenProblem problem);

    [LoggerMessage(EventId = 3776, Level = LogLevel.Warning, Message = "Meeting {MeetingId}: could not push to the room; its pages catch up when they read the room again")]
    public static partial void BroadcastFailed(ILogger logger, Exception exception, Guid meetingId);
}
