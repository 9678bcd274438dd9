using AiScheduler.Domain.Scheduling;

namespace AiScheduler.Functions.Providers.Calendar;

/// <summary>
/// The calendar port: the host's busy time and the events of booked meetings. The built-in calendar is the store's
/// meetings table; Google Calendar is the external one. Each method returns or takes the provider's event id, which the
/// caller keeps with the meeting to reschedule or cancel it later.
/// </summary>
public interface ICalendarProvider
{
    /// <summary>Short provider name recorded with each event ("builtin", "google").</summary>
    string Provider { get; }

    /// <summary>Busy intervals overlapping [<paramref name="fromUtc"/>, <paramref name="toUtc"/>), in start order.</summary>
    Task<IReadOnlyList<BusyInterval>> GetBusyAsync(DateTimeOffset fromUtc, DateTimeOffset toUtc, CancellationToken cancellationToken);

    /// <summary>Creates the event of a booked meeting and returns the provider's event id.</summary>
    Task<string> CreateEventAsync(CalendarEvent calendarEvent, CancellationToken cancellationToken);

    /// <summary>Moves (and updates) an event created by <see cref="CreateEventAsync"/>; returns its event id.</summary>
    Task<string> RescheduleEventAsync(string eventId, CalendarEvent calendarEvent, CancellationToken cancellationToken);

    /// <summary>Cancels the event; cancelling an event that is already gone succeeds. Returns the event id.</summary>
    Task<string> CancelEventAsync(string eventId, CancellationToken cancellationToken);
}

/// <summary>Who the meeting is with: an email address and an optional display name.</summary>
public sealed record CalendarAttendee
{
    public CalendarAttendee(string email, string? name = null)
    {
        if (string.IsNullOrWhiteSpace(email) || !email.Contains('@', StringComparison.Ordinal) || email.Any(char.IsWhiteSpace))
        {
            throw new ArgumentException("the attendee needs an email address such as dana@example.com", nameof(email));
        }

        Email = email;
        Name = string.IsNullOrWhiteSpace(name) ? null : name.Trim();
    }

    public string Email { get; }

    public string? Name { get; }
}

/// <summary>
/// A meeting as a calendar event, in our terms: UTC times plus the zone the attendee sees them in, and our meeting id so
/// an event found in the calendar can be traced back to the meeting.
/// </summary>
public sealed record CalendarEvent
{
    public CalendarEvent(
        Guid meetingId,
        string summary,
        string description,
        DateTimeOffset startUtc,
        DateTimeOffset endUtc,
        string timeZone,
        CalendarAttendee attendee,
        string? location = null,
        Uri? joinUrl = null)
    {
        ArgumentNullException.ThrowIfNull(attendee);
        if (meetingId == Guid.Empty)
        {
            throw new ArgumentException("the event needs our meeting id", nameof(meetingId));
        }

        if (string.IsNullOrWhiteSpace(summary))
        {
            throw new ArgumentException("the event needs a summary (its title)", nameof(summary));
        }

        if (startUtc.Offset != TimeSpan.Zero || endUtc.Offset != TimeSpan.Zero)
        {
            throw new ArgumentException("event times must be UTC (offset +00:00)", nameof(startUtc));
        }

        if (endUtc <= startUtc)
        {
            throw new ArgumentException("the event must end after it starts", nameof(endUtc));
        }

        if (!TimeZoneInfo.TryFindSystemTimeZoneById(timeZone ?? string.Empty, out _))
        {
            throw new ArgumentException($"'{timeZone}' is not a time zone id such as Europe/London", nameof(timeZone));
        }

        MeetingId = meetingId;
        Summary = summary;
        Description = description ?? string.Empty;
        StartUtc = startUtc;
        EndUtc = endUtc;
        TimeZone = timeZone!;
        Attendee = attendee;
        Location = string.IsNullOrWhiteSpace(location) ? null : location;
        JoinUrl = joinUrl;
    }

    public Guid MeetingId { get; }

    public string Summary { get; }

    public string Description { get; }

    public DateTimeOffset StartUtc { get; }

    public DateTimeOffset EndUtc { get; }

    public string TimeZone { get; }

    public CalendarAttendee Attendee { get; }

    public string? Location { get; }

    public Uri? JoinUrl { get; }
}

/// <summary>
/// The calendar provider refused or failed a request. <see cref="Reason"/> is the provider's machine-readable reason
/// (for Google e.g. <c>forbiddenForServiceAccounts</c>, <c>notFound</c>, <c>invalid_grant</c>); <see cref="IsTransient"/>
/// says whether trying again later can help.
/// </summary>
public sealed class CalendarProviderException(string message, int? statusCode, string? reason, bool isTransient, Exception? innerException = null)
    : Exception(message, innerException)
{
    public int? StatusCode { get; } = statusCode;

    public string? Reason { get; } = reason;

    public bool IsTransient { get; } = isTransient;
}
