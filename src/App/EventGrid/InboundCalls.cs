using AiScheduler.Domain.Conversation;
using AiScheduler.Domain.Leads;
using AiScheduler.Domain.Phones;
using AiScheduler.Functions.Calls;
using AiScheduler.Functions.Calls.Callbacks;
using AiScheduler.Functions.Calls.Compliance;
using AiScheduler.Functions.Calls.Recordings;
using AiScheduler.Functions.Leads;
using AiScheduler.Functions.Providers.Telephony;
using Azure.Messaging.EventGrid;
using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.EventGrid;

/// <summary>
/// IncomingCall events (<see cref="Azure.Messaging.EventGrid.SystemEvents.AcsIncomingCallEventData"/>): checked when
/// delivered, answered by <see cref="InboundCalls"/> from the inbox.
/// </summary>
internal sealed class IncomingCallEvents(InboundCalls inbound) : IEventGridHandler
{
    public string EventType => SystemEventNames.AcsIncomingCall;

    public string Lane => "incoming";

    public Task<EventRefusal?> CheckAsync(DeliveredEvent delivered, CancellationToken cancellationToken)
    {
        _ = IncomingCallOf(delivered);
        return Task.FromResult<EventRefusal?>(null);
    }

    public Task HandleAsync(DeliveredEvent delivered, CancellationToken cancellationToken) =>
        inbound.AnswerAsync(IncomingCallOf(delivered), cancellationToken);

    private static IncomingCall IncomingCallOf(DeliveredEvent delivered) =>
        AcsEvents.ParseIncomingCall(delivered.Data ?? throw new FormatException($"The {delivered.Type} event {delivered.Id} has no data object."));
}

/// <summary>
/// Answers a call announced by Event Grid's IncomingCall. The caller is looked up by number (E.164) among the
/// workspace's leads: a lead calling back gets the conversation with their own name, language and zone, and books the
/// same way as on an outbound call; an unknown caller gets the same flow with language and zone inferred from the
/// number. The session is registered before answering so the first callback finds it, exactly like an outbound call.
/// </summary>
public sealed class InboundCalls(
    LeadStore leads,
    CallSessionStore sessions,
    RecordingStore recordings,
    ITelephony telephony,
    CallbackAddresses callbackAddresses,
    IOptions<CallSessionOptions> callOptions,
    IOptions<EventGridOptions> options,
    CallRecordingPolicy recording,
    TimeProvider clock,
    ILogger<InboundCalls> logger)
{
    /// <summary>Answers <paramref name="incoming"/>; returns our call id, or null when the call was gone before we answered.</summary>
    public async Task<string?> AnswerAsync(IncomingCall incoming, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(incoming);
        var settings = options.Value;
        if (!PhoneNumber.TryParse(incoming.From, null, out var caller, out var problem))
        {
            throw new FormatException("The IncomingCall's caller is not a phone number this app can talk to: " + problem);
        }

        var target = await TargetAsync(settings.WorkspaceId, caller, settings.FallbackTimeZone, cancellationToken);
        var callId = Guid.CreateVersion7().ToString("N");
        var call = callOptions.Value;
        var plan = recording.PlanFor(caller);
        var context = new CallContext(target.Name, target.Email, target.Company, call.AgentName, call.CompanyName,
            call.Purpose, target.Language, target.TimeZone, clock.GetUtcNow(), plan.Announce) { AskRecordingConsent = plan.Ask };
        await sessions.RegisterAsync(new NewCallSession(callId, target.WorkspaceId, target.LeadId, caller.E164, context), cancellationToken);
        if (incoming.ServerCallId is { Length: > 0 } serverCallId)
        {
            await recordings.LinkServerCallAsync(serverCallId, callId, cancellationToken);
        }

        try
        {
            var answered = await telephony.AnswerCallAsync(new AnswerCall(incoming.IncomingCallContext, callbackAddresses.ForCall(callId), callId), cancellationToken);
            await sessions.RecordConnectionAsync(callId, answered.CallConnectionId, cancellationToken);
        }
        catch (TelephonyException e) when ((int)e.Status is >= 400 and < 500)
        {
            // The caller hung up or another host answered first: nothing to retry; the session ends as failed at once
            // rather than waiting for callbacks that will never come.
            Log.InboundNotAnswered(logger, caller.Masked, (int)e.Status, e.Code);
            await EndUnansweredAsync(callId, cancellationToken);
            return null;
        }

        Log.InboundAnswered(logger, caller.Masked, callId, target.LeadId is not null);
        return callId;
    }

    private async Task EndUnansweredAsync(string callId, CancellationToken cancellationToken)
    {
        if (await sessions.GetAsync(callId, cancellationToken) is { Phase: CallPhase.Dialing } session)
        {
            var state = session.State with { Outcome = CallOutcome.Failed, Stage = DialogueStage.Ended };
            await sessions.TryAdvanceAsync(session, session.Version,
                new SessionChange(CallPhase.Ended, null, state, null, CallOutcome.Failed, clock.GetUtcNow()), cancellationToken);
        }
    }

    private async Task<CallTarget> TargetAsync(Guid workspaceId, PhoneNumber caller, string fallbackTimeZone, CancellationToken cancellationToken)
    {
        var lead = await leads.FindByPhoneAsync(workspaceId, caller.E164, cancellationToken);
        if (lead?.Phone is not null)
        {
            return CallTarget.ForLead(lead);
        }

        var language = LanguageInference.Infer(caller, null);
        var zone = TimeZoneInference.Infer(caller, null, fallbackTimeZone);
        return new CallTarget(workspaceId, null, caller, "", null, null,
            language.IsSupported ? language.Tag.Value : LanguageTag.Fallback.Value, zone.TimeZone);
    }
}
