namespace AiScheduler.Functions.Meetings.Analysis;

internal static partial class Log
{
    [LoggerMessage(EventId = 3841, Level = LogLevel.Information,
        Message = "Meeting {MeetingId} analysed by {Source}: {Status}, overall {Overall}")]
    public static partial void Analysed(ILogger logger, Guid meetingId, string source, string status, int overall);

    [LoggerMessage(EventId = 3842, Level = LogLevel.Warning,
        Message = "The LLM analysis was not usable ({Reason}); the rule-based analyser answered instead")]
    public static partial void FellBackToRules(ILogger logger, string reason);

    [LoggerMessage(EventId = 3843, Level = LogLevel.Information,
        Message = "The model's own verdict ({ModelOverall}, {ModelStatus}) was replaced by the computed one ({Overall}, {Status})")]
    public static partial void ModelVerdictReplaced(ILogger logger, int modelOverall, string modelStatus, int overall, string status);

    [LoggerMessage(EventId = 3844, Level = LogLevel.Warning,
        Message = "Meeting {MeetingId}: the reschedule email was not sent because the attendee address is not usable")]
    public static partial void RescheduleSkipped(ILogger logger, Guid meetingId);

    [LoggerMessage(EventId = 3845, Level = LogLevel.Warning, Message = "The meeting's rep address is not usable; the summary goes to the sales team only")]
    public static partial void RepAddressUnusable(ILogger logger);

    [LoggerMessage(EventId = 3846, Level = LogLevel.Information,
        Message = "Meeting {MeetingId}: a rep confirmed {Fields} field(s) of the analysis; the lead is now {Status}")]
    public static partial void Confirmed(ILogger logger, Guid meetingId, int fields, string status);
}
