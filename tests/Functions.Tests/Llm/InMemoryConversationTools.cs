using AiScheduler.Domain.Conversation;

namespace AiScheduler.Functions.Tests.Llm;

/// <summary>The call session's side of the port, in memory: a fixed calendar, slots that can be pre-taken, and a record
/// of every booking, callback and opt-out the brain asked for.</summary>
internal sealed class InMemoryConversationTools(IReadOnlyList<SlotOffer> freeSlots) : IConversationTools
{
    public HashSet<SlotOffer> TakenByOthers { get; } = [];
    public List<SlotQuery> Queries { get; } = [];
    public List<(SlotOffer Slot, string Email)> Bookings { get; } = [];
    public List<DateTimeOffset?> Callbacks { get; } = [];
    public int OptOuts { get; private set; }

    public ValueTask<IReadOnlyList<SlotOffer>> GetAvailableSlotsAsync(SlotQuery query, CancellationToken cancellationToken)
    {
        Queries.Add(query);
        var from = query.PreferredStartUtc ?? query.NotBeforeUtc ?? DateTimeOffset.MinValue;
        IReadOnlyList<SlotOffer> slots = freeSlots.Where(s => s.StartUtc >= from && !TakenByOthers.Contains(s)).Take(query.Count).ToList();
        return ValueTask.FromResult(slots);
    }

    public ValueTask<BookingResult> BookMeetingAsync(SlotOffer slot, string email, CancellationToken cancellationToken)
    {
        if (TakenByOthers.Contains(slot) || Bookings.Any(b => b.Slot == slot))
        {
            IReadOnlyList<SlotOffer> alternatives = freeSlots.Where(s => s != slot && !TakenByOthers.Contains(s)).Take(2).ToList();
            return ValueTask.FromResult<BookingResult>(new BookingResult.SlotTaken(alternatives));
        }

        Bookings.Add((slot, email));
        return ValueTask.FromResult<BookingResult>(new BookingResult.Booked($"meeting-{Bookings.Count}", slot, "https://meet.example/abc"));
    }

    public ValueTask ScheduleCallbackAsync(DateTimeOffset? atUtc, CancellationToken cancellationToken)
    {
        Callbacks.Add(atUtc);
        return ValueTask.CompletedTask;
    }

    public ValueTask OptOutAsync(CancellationToken cancellationToken)
    {
        OptOuts++;
        return ValueTask.CompletedTask;
    }

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
}
