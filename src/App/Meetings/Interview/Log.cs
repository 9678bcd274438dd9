namespace AiScheduler.Functions.Meetings.Interview;

internal static partial class Log
{
    [LoggerMessage(EventId = 14200, Level = LogLevel.Warning, Message = "Personalising the interview plan of meeting {MeetingId} failed; the rule-based plan is used")]
    public static partial void PlanPersonaliserFailed(ILogger logger, Exception exception, Guid meetingId);

    [LoggerMessage(EventId = 14201, Level = LogLevel.Information, Message = "Interview of meeting {MeetingId} began on {Channel}")]
    public static partial void InterviewBegan(ILogger logger, Guid meetingId, string channel);

    [LoggerMessage(EventId = 14202, Level = LogLevel.Information, Message = "Interview of meeting {MeetingId} ended: {Reason}")]
    public static partial void InterviewEnded(ILogger logger, Guid meetingId, string reason);

    [LoggerMessage(EventId = 14203, Level = LogLevel.Error, Message = "A subscriber to the interview of meeting {MeetingId} failed")]
    public static partial void SubscriberFailed(ILogger logger, Exception exception, Guid meetingId);
}
