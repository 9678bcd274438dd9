namespace AiScheduler.Domain.Conversation;

/// <summary>
/// The side effects a brain may ask for, implemented by the call session (store and calendar). Slots offered through
/// <see cref="GetAvailableSlotsAsync"/> are held for the call; <see cref="BookMeetingAsync"/> re-checks and either
/// books or answers with fresh alternatives.
/// </summary>
public interface IConversationTools
{
    /// <summary>Free slots, earliest first, honouring the preferred start or the lower bound when given.</summary>
    ValueTask<IReadOnlyList<SlotOffer>> GetAvailableSlotsAsync(SlotQuery query, CancellationToken cancellationToken);

    /// <summary>Books <paramref name="slot"/> for the lead and sends the invite to <paramref name="email"/>.</summary>
    ValueTask<BookingResult> BookMeetingAsync(SlotOffer slot, string email, CancellationToken cancellationToken);

    /// <summary>Records that the lead wants to be called again, at <paramref name="atUtc"/> when they named a time.</summary>
    ValueTask ScheduleCallbackAsync(DateTimeOffset? atUtc, CancellationToken cancellationToken);

    /// <summary>Puts the lead's number on the do-not-call list.</summary>
    ValueTask OptOutAsync(CancellationToken cancellationToken);

    /// <summary>Puts the lead's number on the do-not-call list of the whole workspace at once, keeping
    /// <paramref name="evidence"/> (the transcript excerpt or key press that asked for it).</summary>
    ValueTask OptOutAsync(string evidence, CancellationToken cancellationToken);

    /// <summary>Starts recording the call (after the lead said yes to being recorded).</summary>
    ValueTask StartRecordingAsync(CancellationToken cancellationToken);
}
