using System.Globalization;
using AiScheduler.Domain.Scheduling;
using AiScheduler.Functions.Meetings.Booking;
using AiScheduler.Functions.Store;
using Dapper;
using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.Providers.Calendar;

/// <summary>
/// The built-in calendar: the store's <c>meetings</c> on <c>Booking:CalendarId</c>, whichever workspace booked them (one
/// calendar is one set of people's time). Booked
/// meetings are its busy time; writing events is a no-op because booking a meeting already wrote it there, so a
/// meeting's event id is its own id.
/// </summary>
internal sealed class BuiltInCalendar(DataStore store, IOptions<BookingOptions> booking) : ICalendarProvider
{
    public string Provider => "builtin";

    public async Task<IReadOnlyList<BusyInterval>> GetBusyAsync(DateTimeOffset fromUtc, DateTimeOffset toUtc, CancellationToken cancellationToken)
    {
        if (toUtc <= fromUtc)
        {
            throw new ArgumentException("the range must end after it starts", nameof(toUtc));
        }

        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            """
            SELECT start_utc AS start, end_utc AS "end" FROM meetings
            WHERE calendar_id = @CalendarId AND status = @Booked
              AND end_utc > @From AND start_utc < @To
            ORDER BY start_utc
            """,
            new
            {
                booking.Value.CalendarId, Booked = SlotBooking.BookedStatus,
                From = fromUtc.ToUniversalTime(), To = toUtc.ToUniversalTime(),
            },
            cancellationToken: cancellationToken));
        return rows.Select(row => new BusyInterval(row.Start, row.End)).ToList();
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

    private sealed class Row
    {
        public DateTimeOffset Start { get; set; }
        public DateTimeOffset End { get; set; }
    }
}
