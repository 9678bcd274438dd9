using AiScheduler.Domain.Scheduling;
using AiScheduler.Functions.Providers.Calendar;
using AiScheduler.Functions.Store;
using Dapper;
using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.Meetings.Booking;

/// <summary>
/// The built-in calendar's busy time (<see cref="IBookedMeetings"/>): the booked rows of the meetings table on
/// <c>Booking:CalendarId</c>, whichever workspace booked them (one calendar is one set of people's time).
/// </summary>
internal sealed class BookedMeetingTimes(DataStore store, IOptions<BookingOptions> booking) : IBookedMeetings
{
    public async Task<IReadOnlyList<BusyInterval>> GetBookedAsync(DateTimeOffset fromUtc, DateTimeOffset toUtc, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            """
            SELECT start_utc AS start, end_utc AS "end" FROM meetings
            WHERE calendar_id = @CalendarId AND status = @Booked
              AND end_utc > @From AND start_utc < @To
            ORDER BY start_utc
            """,
            new { booking.Value.CalendarId, Booked = MeetingStatus.Booked, From = fromUtc, To = toUtc },
            cancellationToken: cancellationToken));
        return rows.Select(row => new BusyInterval(row.Start, row.End)).ToList();
    }

    private sealed class Row
    {
        public DateTimeOffset Start { get; set; }
        public DateTimeOffset End { get; set; }
    }
}
