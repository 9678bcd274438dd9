namespace AiScheduler.Functions.Providers.Calendar;

// Attendees are personal data: logs carry meeting ids and the service account, never an attendee's address.
internal static partial class Log
{
    [LoggerMessage(EventId = 3701, Level = LogLevel.Warning,
        Message = "Google refused attendees for service account {ServiceAccount} (forbiddenForServiceAccounts): events are created without attendees and the iCalendar email is the invitation. Grant domain-wide delegation and set Calendar:Google:ImpersonateUser to invite through Google.")]
    public static partial void AttendeesDropped(ILogger logger, string serviceAccount);

    [LoggerMessage(EventId = 3702, Level = LogLevel.Debug, Message = "Google event of meeting {MeetingId} written without attendees")]
    public static partial void EventWithoutAttendees(ILogger logger, Guid meetingId);
}
