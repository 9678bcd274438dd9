using System.Globalization;
using System.Net;
using AiScheduler.Domain.Calendar;
using AiScheduler.Functions.Emails;
using AiScheduler.Functions.Hosting;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using AiScheduler.Functions.Providers.Calendar;
using AiScheduler.Functions.Providers.Email;
using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.Meetings;

/// <summary>Reads the meeting (and the reminder plan configured now) for the orchestration.</summary>
[DurableTask(Name)]
public sealed class LoadMeeting(MeetingStore meetings, IOptions<MeetingOptions> options, IHostApplicationLifetime lifetime) : MeetingActivity<MeetingWorkflowInput, MeetingSnapshot>(lifetime)
{
    public const string Name = "LoadMeeting";

    protected override async Task<MeetingSnapshot> RunAsync(MeetingWorkflowInput input, CancellationToken ct)
    {
        var meeting = await meetings.GetAsync(input.WorkspaceId, input.MeetingId, ct)
            ?? throw new InvalidOperationException($"Meeting {input.MeetingId} does not exist; the Meeting orchestration needs a booked meeting.");
        return new MeetingSnapshot(input.WorkspaceId, meeting, options.Value.ParsedReminderOffsets) { Join = options.Value.JoinSettings };
    }
}

/// <summary>Creates the meeting's calendar event once; a retry finds the event id recorded by the first run.</summary>
[DurableTask(Name)]
public sealed class CreateMeetingEvent(MeetingStore meetings, ICalendarProvider calendar, IOptions<MeetingOptions> options, IHostApplicationLifetime lifetime)
    : MeetingActivity<MeetingSnapshot, string>(lifetime)
{
    public const string Name = "CreateMeetingEvent";

    protected override async Task<string> RunAsync(MeetingSnapshot input, CancellationToken ct)
    {
        var current = await meetings.GetAsync(input.WorkspaceId, input.Meeting.Id, ct);
        if (current?.CalendarEventId is { } existing)
        {
            return existing;
        }

        var eventId = await calendar.CreateEventAsync(MeetingMessages.CalendarEvent(input.Meeting, options.Value), ct);
        return await meetings.RecordCalendarEventAsync(input.WorkspaceId, input.Meeting.Id, calendar.Provider, eventId, ct);
    }
}

/// <summary>Moves the calendar event to the meeting's new time (the provider's patch is idempotent).</summary>
[DurableTask(Name)]
public sealed class RescheduleMeetingEvent(MeetingStore meetings, ICalendarProvider calendar, IOptions<MeetingOptions> options, IHostApplicationLifetime lifetime)
    : MeetingActivity<MeetingSnapshot, string>(lifetime)
{
    public const string Name = "RescheduleMeetingEvent";

    protected override async Task<string> RunAsync(MeetingSnapshot input, CancellationToken ct)
    {
        var calendarEvent = MeetingMessages.CalendarEvent(input.Meeting, options.Value);
        if (input.Meeting.CalendarEventId is not { } eventId)
        {
            var created = await calendar.CreateEventAsync(calendarEvent, ct);
            return await meetings.RecordCalendarEventAsync(input.WorkspaceId, input.Meeting.Id, calendar.Provider, created, ct);
        }

        return await calendar.RescheduleEventAsync(eventId, calendarEvent, ct);
    }
}

/// <summary>Deletes the calendar event of a cancelled meeting (deleting one already gone succeeds).</summary>
[DurableTask(Name)]
public sealed class CancelMeetingEvent(ICalendarProvider calendar, IHostApplicationLifetime lifetime) : MeetingActivity<MeetingSnapshot, string>(lifetime)
{
    public const string Name = "CancelMeetingEvent";

    protected override async Task<string> RunAsync(MeetingSnapshot input, CancellationToken ct)
    {
        return input.Meeting.CalendarEventId is { } eventId
            ? await calendar.CancelEventAsync(eventId, ct)
            : string.Empty;
    }
}

/// <summary>Which email of a meeting.</summary>
public enum MeetingEmailKind
{
    Invite,
    Reminder,
    Cancel,
}

/// <summary>One email of a meeting: the invite of the snapshot's SEQUENCE, a reminder <paramref name="Before"/> the start, or the cancellation.</summary>
public sealed record MeetingEmailRequest(MeetingSnapshot Snapshot, MeetingEmailKind Kind, TimeSpan? Before = null);

/// <summary>
/// Sends one meeting email through the email dispatcher, keyed <c>invite:{meeting}:{sequence}</c>,
/// <c>reminder:{meeting}:{sequence}:{minutes}</c> or <c>cancel:{meeting}:{sequence}</c>, so a replayed or retried
/// activity never sends a second copy. Returns the email's status (or <c>skipped</c> without a usable address).
/// </summary>
[DurableTask(Name)]
public sealed class SendMeetingEmail(EmailDispatcher emails, IOptions<MeetingOptions> options, TimeProvider clock, ILogger<SendMeetingEmail> logger, IHostApplicationLifetime lifetime)
    : MeetingActivity<MeetingEmailRequest, string>(lifetime)
{
    public const string Name = "SendMeetingEmail";

    protected override async Task<string> RunAsync(MeetingEmailRequest input, CancellationToken ct)
    {
        var meeting = input.Snapshot.Meeting;
        EmailAddress to;
        try
        {
            to = meeting.AttendeeEmail == MeetingStore.ErasedAttendee
                ? throw new ArgumentException("the lead was erased")
                : new EmailAddress(meeting.AttendeeEmail, meeting.LeadName);
        }
        catch (ArgumentException)
        {
            Log.EmailSkipped(logger, meeting.Id, input.Kind.ToString());
            return "skipped";
        }

        var request = MeetingMessages.Email(input, to, options.Value, clock.GetUtcNow());
        var record = await emails.SendAsync(input.Snapshot.WorkspaceId, request, ct);
        if (record.Status == EmailStatus.Failed)
        {
            // Failing the activity lets the orchestration's retry policy try again later; the key keeps it one email.
            throw new InvalidOperationException($"The {request.Kind} email of meeting {meeting.Id} failed: {record.LastError}");
        }

        return record.Status;
    }
}

/// <summary>
/// Starts <c>meeting:{id}</c> without waiting for it (the booking half runs until the meeting starts, days later). For
/// the CallAttempt orchestration: call this activity when a call books, instead of awaiting a sub-orchestration.
/// </summary>
[DurableTask(Name)]
public sealed class StartMeetingWorkflow(DurableTaskClient durable, IHostApplicationLifetime lifetime) : MeetingActivity<MeetingWorkflowInput, string>(lifetime)
{
    public const string Name = "StartMeetingWorkflow";

    protected override Task<string> RunAsync(MeetingWorkflowInput input, CancellationToken ct) =>
        durable.StartOnceAsync(MeetingOrchestration.Name, input, MeetingWorkflowInput.InstanceIdFor(input.MeetingId), ct);
}

/// <summary>The calendar event and the emails of a meeting, built from the meeting and the organizer settings.</summary>
internal static class MeetingMessages
{
    public static string Uid(Guid meetingId) => $"{meetingId:N}@aischeduler";

    public static string Title(MeetingDetails meeting, MeetingOptions options) =>
        string.IsNullOrWhiteSpace(meeting.LeadName) ? options.Title : $"{options.Title} with {meeting.LeadName}";

    public static CalendarEvent CalendarEvent(MeetingDetails meeting, MeetingOptions options) => new(
        meeting.Id, Title(meeting, options), $"Join: {meeting.JoinUrl}", meeting.StartUtc.ToUniversalTime(), meeting.EndUtc.ToUniversalTime(),
        meeting.TimeZone, new CalendarAttendee(meeting.AttendeeEmail, meeting.LeadName), joinUrl: new Uri(meeting.JoinUrl));

    /// <summary>The iCalendar object of the meeting as it is now: REQUEST (or PUBLISH feed entry) with its SEQUENCE, or the CANCEL.</summary>
    public static Invite Invite(MeetingDetails meeting, MeetingOptions options, DateTimeOffset stamp, InviteMethod method) =>
        new(Uid(meeting.Id), Title(meeting, options), meeting.StartUtc, meeting.EndUtc,
            new CalendarParty(options.OrganizerName, options.OrganizerEmail), stamp)
        {
            Sequence = meeting.Sequence,
            Method = method,
            Description = $"Join the meeting: {meeting.JoinUrl}",
            Attendees = meeting.AttendeeEmail == MeetingStore.ErasedAttendee ? [] : [new CalendarParty(meeting.LeadName, meeting.AttendeeEmail)],
            Url = new Uri(meeting.JoinUrl),
            Location = meeting.JoinUrl,
            Status = meeting.Status == MeetingStatus.Cancelled ? EventStatus.Cancelled : EventStatus.Confirmed,
        };

    public static EmailRequest Email(MeetingEmailRequest input, EmailAddress to, MeetingOptions options, DateTimeOffset now)
    {
        var meeting = input.Snapshot.Meeting;
        var when = LocalTime(meeting);
        var title = Title(meeting, options);
        var greeting = string.IsNullOrWhiteSpace(meeting.LeadName) ? "Hello," : $"Hello {meeting.LeadName},";
        var htmlGreeting = WebUtility.HtmlEncode(greeting);
        var link = WebUtility.HtmlEncode(meeting.JoinUrl);
        switch (input.Kind)
        {
            case MeetingEmailKind.Invite:
            {
                var ics = CalendarWriter.Write(Invite(meeting, options, now, InviteMethod.Request));
                var updated = meeting.Sequence > 0;
                var subject = updated ? $"Updated: {title} on {when}" : $"Invitation: {title} on {when}";
                var lead = updated ? $"Your meeting has moved to {when}." : $"Your meeting is booked for {when}.";
                return new EmailRequest(string.Create(CultureInfo.InvariantCulture, $"invite:{meeting.Id:D}:{meeting.Sequence}"), EmailKind.Invite, to,
                    subject, $"{greeting}\r\n\r\n{lead}\r\nJoin: {meeting.JoinUrl}\r\n\r\n{options.OrganizerName}\r\n",
                    $"<p>{htmlGreeting}</p><p>{WebUtility.HtmlEncode(lead)}</p><p><a href=\"{link}\">Join the meeting</a></p><p>{WebUtility.HtmlEncode(options.OrganizerName)}</p>",
                    new CalendarInvite("REQUEST", ics), MeetingId: meeting.Id, LeadId: meeting.LeadId);
            }

            case MeetingEmailKind.Reminder:
            {
                var before = input.Before ?? throw new ArgumentException("a reminder needs its offset before the start", nameof(input));
                var inHow = before >= TimeSpan.FromHours(1) && before.TotalHours % 1 == 0
                    ? string.Create(CultureInfo.InvariantCulture, $"{before.TotalHours:0} hour{(before.TotalHours == 1 ? "" : "s")}")
                    : string.Create(CultureInfo.InvariantCulture, $"{before.TotalMinutes:0.#} minutes");
                var line = $"Reminder: your meeting starts in {inHow}, at {when}.";
                return new EmailRequest(
                    string.Create(CultureInfo.InvariantCulture, $"reminder:{meeting.Id:D}:{meeting.Sequence}:{(long)before.TotalSeconds}"),
                    EmailKind.Reminder, to, $"Reminder: {title} on {when}",
                    $"{greeting}\r\n\r\n{line}\r\nJoin: {meeting.JoinUrl}\r\n",
                    $"<p>{htmlGreeting}</p><p>{WebUtility.HtmlEncode(line)}</p><p><a href=\"{link}\">Join the meeting</a></p>",
                    MeetingId: meeting.Id, LeadId: meeting.LeadId);
            }

            default:
            {
                var ics = CalendarWriter.Write(Invite(meeting, options, now, InviteMethod.Cancel));
                var line = $"The meeting on {when} has been cancelled.";
                return new EmailRequest(string.Create(CultureInfo.InvariantCulture, $"cancel:{meeting.Id:D}:{meeting.Sequence}"), EmailKind.Cancel, to,
                    $"Cancelled: {title} on {when}", $"{greeting}\r\n\r\n{line}\r\n",
                    $"<p>{htmlGreeting}</p><p>{WebUtility.HtmlEncode(line)}</p>",
                    new CalendarInvite("CANCEL", ics), MeetingId: meeting.Id, LeadId: meeting.LeadId);
            }
        }
    }

    /// <summary>The start on the lead's own wall clock, e.g. "Tuesday 24 November 2026, 10:00 (Asia/Jerusalem)".</summary>
    public static string LocalTime(MeetingDetails meeting)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(meeting.TimeZone);
        var local = TimeZoneInfo.ConvertTime(meeting.StartUtc, zone);
        return local.ToString("dddd d MMMM yyyy, HH:mm", CultureInfo.InvariantCulture) + $" ({meeting.TimeZone})";
    }
}
