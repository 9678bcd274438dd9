using AiScheduler.Domain.Conversation;
using AiScheduler.Domain.Phones;
using AiScheduler.Functions.DoNotCall;
using AiScheduler.Functions.Meetings.Booking;
using AiScheduler.Functions.Providers.Llm;
using AiScheduler.Functions.Providers.Telephony;

namespace AiScheduler.Functions.Calls;

/// <summary>
/// The brain's tools during one turn of one call: slots held and booked on the built-in calendar for this call,
/// callbacks recorded on the session and the lead, opt-outs written to the lead and to the workspace's do-not-call list
/// at once, a consented recording started on the call.
/// </summary>
internal sealed class SessionConversationTools(CallSessionRecord session, SlotBooking booking, CallSessionStore sessions, CallMetrics metrics,
    DoNotCallList doNotCall, ITelephony telephony, string connectionId)
    : IConversationTools, ILlmUsageMeter
{
    public const string OptOutReason = "asked not to be called again";

    private readonly BookingParty party = new(session.WorkspaceId, session.CallId, session.LeadId, session.State.Context.TimeZone,
        PhoneNumber.Parse(session.LeadPhone).RegionCode);

    /// <summary>Model requests made during this turn.</summary>
    public int LlmRequests { get; private set; }

    public long LlmInputTokens { get; private set; }

    public long LlmOutputTokens { get; private set; }

    public void ModelRequested(long inputTokens, long outputTokens)
    {
        LlmRequests++;
        LlmInputTokens += inputTokens;
        LlmOutputTokens += outputTokens;
    }

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

    public ValueTask OptOutAsync(CancellationToken cancellationToken) =>
        OptOutAsync("The lead asked not to be called again (call " + session.CallId + ").", cancellationToken);

    public async ValueTask OptOutAsync(string evidence, CancellationToken cancellationToken)
    {
        // The number goes on the workspace's list first: every campaign's next dial checks it, whatever lead row it holds.
        await doNotCall.AddAsync(session.WorkspaceId, PhoneNumber.Parse(session.LeadPhone), OptOutReason, DoNotCallSource.OptedOut,
            $"Call {session.CallId}: {evidence}", cancellationToken);
        if (session.LeadId is { } leadId)
        {
            await sessions.MarkDoNotCallAsync(session.WorkspaceId, leadId, cancellationToken);
        }
    }

    public async ValueTask StartRecordingAsync(CancellationToken cancellationToken) =>
        await telephony.StartRecordingAsync(new CallConnection(connectionId, null, null, CallConnectionState.Connected), null, cancellationToken);
}
