using AiScheduler.Domain.Conversation;
using AiScheduler.Domain.Phones;
using AiScheduler.Functions.Meetings.Booking;

namespace AiScheduler.Functions.Calls;

/// <summary>
/// The brain's tools during one turn of one call: slots held and booked on the built-in calendar for this call,
/// callbacks recorded on the session and the lead, opt-outs written to the lead at once.
/// </summary>
internal sealed class SessionConversationTools(CallSessionRecord session, SlotBooking booking, CallSessionStore sessions, CallMetrics metrics)
    : IConversationTools
{
    private readonly BookingParty party = new(session.WorkspaceId, session.CallId, session.LeadId, session.State.Context.TimeZone,
        PhoneNumber.Parse(session.LeadPhone).RegionCode);

    public async ValueTask<IReadOnlyList<SlotOffer>> GetAvailableSlotsAsync(SlotQuery query, CancellationToken cancellationToken) =>
        await booking.HoldAsync(party, query, cancellationToken);

    public async ValueTask<BookingResult> BookMeetingAsync(SlotOffer slot, string email, CancellationToken cancellationToken)
    {
        var result = await booking.BookAsync(party, slot, email, cancellationToken);
        if (result is BookingResult.Booked)
        {
            await sessions.RecordBookedAsync(session.CallId, cancellationToken);
            metrics.Booked();
        }

        return result;
    }

    public async ValueTask ScheduleCallbackAsync(DateTimeOffset? atUtc, CancellationToken cancellationToken) =>
        await sessions.RecordCallbackAsync(session, atUtc, cancellationToken);

    public async ValueTask OptOutAsync(CancellationToken cancellationToken)
    {
        if (session.LeadId is { } leadId)
        {
            await sessions.MarkDoNotCallAsync(session.WorkspaceId, leadId, cancellationToken);
        }
    }
}
