using AiScheduler.Domain.Conversation;

namespace AiScheduler.Domain.Tests.Conversation;

/// <summary>
/// The conversation tools over an in-memory calendar: half-hour meetings on the hour, 9:00-16:00 local, Monday to
/// Friday, from the next full hour on. Slots in <see cref="Stolen"/> are offered but booked by "another call" first,
/// so booking them answers <see cref="BookingResult.SlotTaken"/>.
/// </summary>
internal sealed class InMemoryCalendar(TimeZoneInfo zone, DateTimeOffset nowUtc) : IConversationTools
{
    public HashSet<DateTimeOffset> Stolen { get; } = [];

    /// <summary>A scarce calendar (or one other calls are holding): each query gets at most this many slots.</summary>
    public int MaxOffered { get; set; } = int.MaxValue;

    public List<(SlotOffer Slot, string Email)> Bookings { get; } = [];

    public List<DateTimeOffset?> Callbacks { get; } = [];

    public List<SlotQuery> Queries { get; } = [];

    public bool OptedOut { get; private set; }

    public ValueTask<IReadOnlyList<SlotOffer>> GetAvailableSlotsAsync(SlotQuery query, CancellationToken cancellationToken)
    {
        Queries.Add(query);
        var notBefore = query.NotBeforeUtc is { } bound && bound > nowUtc ? bound : nowUtc;
        var free = Free(notBefore);
        var chosen = query.PreferredStartUtc is { } preferred
            ? free.OrderBy(s => (s.StartUtc - preferred).Duration()).ThenBy(s => s.StartUtc).Take(query.Count).OrderBy(s => s.StartUtc)
            : free.Take(query.Count);
        return ValueTask.FromResult<IReadOnlyList<SlotOffer>>(chosen.Take(MaxOffered).ToArray());
    }

    public ValueTask<BookingResult> BookMeetingAsync(SlotOffer slot, string email, CancellationToken cancellationToken)
    {
        if (Stolen.Contains(slot.StartUtc) || Bookings.Any(b => b.Slot.StartUtc == slot.StartUtc))
        {
            var alternatives = Free(nowUtc).Where(s => s.StartUtc != slot.StartUtc && !Stolen.Contains(s.StartUtc)).Take(3).ToArray();
            return ValueTask.FromResult<BookingResult>(new BookingResult.SlotTaken(alternatives));
        }

        Bookings.Add((slot, email));
        return ValueTask.FromResult<BookingResult>(new BookingResult.Booked($"meeting-{Bookings.Count}", slot, "https://meet.example/" + Bookings.Count));
    }

    public ValueTask ScheduleCallbackAsync(DateTimeOffset? atUtc, CancellationToken cancellationToken)
    {
        Callbacks.Add(atUtc);
        return ValueTask.CompletedTask;
    }

    public ValueTask OptOutAsync(CancellationToken cancellationToken)
    {
        OptedOut = true;
        return ValueTask.CompletedTask;
    }

    /// <summary>What each opt-out kept as evidence.</summary>
    public List<string> OptOutEvidence { get; } = [];

    public int RecordingsStarted { get; private set; }

    public ValueTask OptOutAsync(string evidence, CancellationToken cancellationToken)
    {
        OptOutEvidence.Add(evidence);
        return OptOutAsync(cancellationToken);
    }

    public ValueTask StartRecordingAsync(CancellationToken cancellationToken)
    {
        RecordingsStarted++;
        return ValueTask.CompletedTask;
    }

    private IEnumerable<SlotOffer> Free(DateTimeOffset notBefore)
    {
        var localNow = TimeZoneInfo.ConvertTime(nowUtc, zone).DateTime;
        for (var day = 0; day < 21; day++)
        {
            var date = localNow.Date.AddDays(day);
            if (date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
            {
                continue;
            }

            for (var hour = 9; hour <= 16; hour++)
            {
                var start = TimeMention.LocalToUtc(date.AddHours(hour), zone);
                if (start >= notBefore && start > nowUtc && !Bookings.Any(b => b.Slot.StartUtc == start))
                {
                    yield return new SlotOffer(start, start.AddMinutes(30));
                }
            }
        }
    }
}
