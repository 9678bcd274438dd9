using System.Globalization;
using AiScheduler.Domain.Scheduling;

namespace AiScheduler.Functions.Providers.Calendar;

/// <summary>
/// The built-in calendar: its busy time is the meetings booked on this app's own calendar, as <see cref="IBookedMeetings"/>
/// reports them (the Meetings feature, over its meetings table). Writing events is a no-op because booking a meeting
/// already wrote it there, so a meeting's event id is its own id.
/// </summary>
internal sealed class BuiltInCalendar(IBookedMeetings booked) : ICalendarProvider
{
    public string Provider => "builtin";

    public Task<IReadOnlyList<BusyInterval>> GetBusyAsync(DateTimeOffset fromUtc, DateTimeOffset toUtc, CancellationToken cancellationToken)
    {
        if (toUtc <= fromUtc)
        {
            throw new ArgumentException("the range must end after it starts", nameof(toUtc));
        }

        return booked.GetBookedAsync(fromUtc.ToUniversalTime(), toUtc.ToUniversalTime(), cancellationToken);
    }

    public Task<string> CreateEventAsync(CalendarEvent calendarEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(calendarEvent);
        return Task.FromResult(calendarEvent.MeetingId.ToString("D", CultureInfo.InvariantCulture));
    }

    public Task<string> RescheduleEventAsync(string eventId, CalendarEvent calendarEvent, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(eventId);
        ArgumentNullException.ThrowIfNull(calendarEvent);
        return Task.FromResult(eventId);
    }

    public Task<string> CancelEventAsync(string eventId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(eventId);
        return Task.FromResult(eventId);
    }
}

/// <summary>
/// Where the built-in calendar's busy time comes from: the meetings booked on this app's calendar (<c>Booking:CalendarId</c>,
/// whichever workspace booked them: one calendar is one set of people's time). The Meetings feature implements it over the
/// table it owns and registers it with its booking (<c>AddBooking</c>); the calendar provider knows nothing else of it.
/// </summary>
public interface IBookedMeetings
{
    /// <summary>Booked meetings overlapping [<paramref name="fromUtc"/>, <paramref name="toUtc"/>), in start order.</summary>
    Task<IReadOnlyList<BusyInterval>> GetBookedAsync(DateTimeOffset fromUtc, DateTimeOffset toUtc, CancellationToken cancellationToken);
}
