using AiScheduler.Domain.Conversation;
using AiScheduler.Domain.Phones;
using AiScheduler.Functions.Calls.Callbacks;
using AiScheduler.Functions.Calls.Compliance;
using AiScheduler.Functions.Leads;
using AiScheduler.Functions.Providers.Telephony;
using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.Calls;

/// <summary>Who to call and in which language and zone; <see cref="Email"/> is read back when booking.</summary>
public sealed record CallTarget(Guid WorkspaceId, Guid? LeadId, PhoneNumber Phone, string Name, string? Email, string? Company,
    string Language, string TimeZone)
{
    /// <summary>The call target for a stored lead; an erased lead (no phone) cannot be called.</summary>
    public static CallTarget ForLead(Lead lead)
    {
        ArgumentNullException.ThrowIfNull(lead);
        var phone = lead.Phone ?? throw new InvalidOperationException($"Lead {lead.Id} has no phone number (erased?) and cannot be called.");
        return new CallTarget(lead.WorkspaceId, lead.Id, PhoneNumber.Parse(phone), lead.Name ?? "", lead.Email, lead.Company,
            lead.Language, lead.TimeZone);
    }
}

/// <summary>
/// Places an outbound call with a session ready for its callbacks. The session is stored before dialing so even the
/// earliest callback finds it; the callback URL carries our call id, signed so no store lookup is needed to trust it.
/// </summary>
public sealed class OutboundCalls(CallSessionStore sessions, ITelephony telephony, CallbackAddresses callbackAddresses,
    IOptions<CallSessionOptions> options, CallRecordingPolicy recording, TimeProvider clock)
{
    /// <summary>Dials <paramref name="target"/>; returns our call id (the key of the session and its transcript).</summary>
    public Task<string> PlaceAsync(CallTarget target, CancellationToken cancellationToken) =>
        PlaceAsync(target, Guid.CreateVersion7().ToString("N"), cancellationToken);

    /// <summary>Dials <paramref name="target"/> under a call id the caller chose (a campaign derives it from its attempt, so a repeat is recognised).</summary>
    public Task<string> PlaceAsync(CallTarget target, string callId, CancellationToken cancellationToken) =>
        PlaceAsync(target, callId, null, cancellationToken);

    /// <summary>
    /// As above, saying <paramref name="pitch"/> (a campaign's): the call opens in the lead's language when the pitch
    /// has text for it, otherwise in the pitch's fallback language. Without a pitch the call opens in the lead's
    /// language with <see cref="CallSessionOptions.Purpose"/> in English and the product's default purpose elsewhere.
    /// </summary>
    public async Task<string> PlaceAsync(CallTarget target, string callId, CampaignPitch? pitch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentException.ThrowIfNullOrWhiteSpace(callId);
        var settings = options.Value;
        var language = pitch?.CallLanguage(target.Language) ?? target.Language;
        var plan = recording.PlanFor(target.Phone);
        var context = new CallContext(target.Name, target.Email, target.Company, settings.AgentName, settings.CompanyName,
            settings.Purpose, language, target.TimeZone, clock.GetUtcNow(), plan.Announce) { Pitch = pitch, AskRecordingConsent = plan.Ask };
        await sessions.RegisterAsync(new NewCallSession(callId, target.WorkspaceId, target.LeadId, target.Phone.E164, context), cancellationToken);
        var placed = await telephony.PlaceCallAsync(new PlaceCall(target.Phone, callbackAddresses.ForCall(callId), OperationContext: callId), cancellationToken);
        await sessions.RecordConnectionAsync(callId, placed.CallConnectionId, cancellationToken);
        return callId;
    }

    /// <summary>
    /// Calls the lead to run the interview of <paramref name="meetingId"/>: the session's turns go to the meeting's
    /// interviewer, and the call carries the purpose header <c>meeting</c> (the emulator answers it with the persona's
    /// meeting script). A repeat with the same <paramref name="callId"/> (a retried activity) dials nothing new.
    /// </summary>
    public async Task<string> PlaceForMeetingAsync(CallTarget target, string callId, Guid meetingId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentException.ThrowIfNullOrWhiteSpace(callId);
        if (await sessions.GetAsync(callId, cancellationToken) is not null)
        {
            return callId;
        }

        var settings = options.Value;
        var context = new CallContext(target.Name, target.Email, target.Company, settings.AgentName, settings.CompanyName,
            "meeting", target.Language, target.TimeZone, clock.GetUtcNow(), recording.AnnouncesWithoutAsking(target.Phone.RegionCode));
        await sessions.RegisterAsync(new NewCallSession(callId, target.WorkspaceId, target.LeadId, target.Phone.E164, context) { MeetingId = meetingId },
            cancellationToken);
        await telephony.PlaceCallAsync(new PlaceCall(target.Phone, callbackAddresses.ForCall(callId), OperationContext: callId)
        {
            SipHeaders = new Dictionary<string, string>(StringComparer.Ordinal) { [PlaceCall.PurposeHeader] = PlaceCall.MeetingPurpose },
        }, cancellationToken);
        return callId;
    }
}
