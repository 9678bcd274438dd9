using AiScheduler.Domain.Conversation;
using AiScheduler.Domain.Phones;
using AiScheduler.Functions.Calls.Callbacks;
using AiScheduler.Functions.Calls.Compliance;
using AiScheduler.Functions.DoNotCall;
using AiScheduler.Functions.Hosting;
using AiScheduler.Functions.Meetings.Booking;
using AiScheduler.Functions.Providers.Telephony;
using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.Calls;

/// <summary>
/// Runs the conversation of every call from its telephony callbacks. Connected: the opening as a recognize with
/// prompt. Recognize completed or failed: one agent turn, then the next recognize with prompt, or the closing line as a
/// play. Play completed after the closing line: hang up. Disconnected: the outcome is settled and held slots released.
/// <para>
/// Nothing lives in memory between callbacks: each one loads the session, claims it with a compare-and-swap on its
/// version, acts, and stores the next state and the new transcript lines, so any host process can take the next
/// callback. A callback that repeats (same event id), arrives in the wrong phase, or answers an operation other than
/// the one awaited is ignored.
/// </para>
/// </summary>
public sealed class CallSession(
    CallSessionStore sessions,
    IConversationAgent agent,
    ITelephony telephony,
    SlotBooking booking,
    LiveCallFeed feed,
    CallMetrics metrics,
    IOptions<CallSessionOptions> options,
    IOptions<CallComplianceOptions> compliance,
    DoNotCallList doNotCall,
    TimeProvider clock,
    ILogger<CallSession> logger,
    IMeetingCallInterviewer? interviewer = null,
    CallUsageStore? usage = null) : ICallEventHandler
{
    private const int SettleAttempts = 5;

    private readonly CallSessionOptions settings = options.Value;

    /// <summary>
    /// Handles one event of the call. The call inbox delivers a call's events one at a time in arrival order, different
    /// calls in parallel, and retries an event whose handling threw.
    /// </summary>
    public Task HandleAsync(string callId, CallEvent callEvent, CancellationToken ct) =>
        HandleNowAsync(callId, callEvent, clock.GetTimestamp(), ct);

    internal async Task HandleNowAsync(string callId, CallEvent callEvent, long received, CancellationToken ct)
    {
        var session = await sessions.GetAsync(callId, ct);
        if (session is null)
        {
            Log.UnknownCall(logger, callId, callEvent.GetType().Name);
            return;
        }

        if (session.Phase == CallPhase.Ended)
        {
            return;
        }

        // An event that starts a turn is recorded in the transaction that claims the turn (one commit before the
        // agent runs instead of two); any other event is recorded on its own first.
        var turnInput = callEvent switch
        {
            CallConnected when session.Phase == CallPhase.Dialing => new TurnStart(null),
            RecognizeCompleted completed when session.Phase == CallPhase.Listening && Awaited(session, callEvent) => new TurnStart(ToInput(completed)),
            RecognizeFailed failed when session.Phase == CallPhase.Listening && Awaited(session, callEvent) => new TurnStart(ToInput(failed)),
            _ => null,
        };
        if (turnInput is not null)
        {
            await TakeTurnAsync(session, callEvent, turnInput.Input, received, ct, recordEvent: true);
            return;
        }

        if (!await sessions.TryRecordEventAsync(callId, callEvent.EventId, ct))
        {
            return;
        }

        switch (callEvent)
        {
            case DtmfToneReceived tone when session.Phase == CallPhase.Listening && IsOptOutKey(tone):
                await KeyPressedAsync(session, tone, received, ct);
                break;
            case PlayCompleted or PlayFailed when session.Phase == CallPhase.Closing && Awaited(session, callEvent):
                await HangUpAsync(session, callEvent, received, ct);
                break;
            case CallDisconnected:
                await SettleAsync(callId, failure: null, ct);
                break;
            case CreateCallFailed failed:
                await SettleAsync(callId, failed.Reason, ct);
                break;
            default:
                Log.Ignored(logger, callEvent.GetType().Name, callId, CallSessionStore.PhaseName(session.Phase));
                break;
        }
    }

    private async Task TakeTurnAsync(CallSessionRecord session, CallEvent trigger, CallerInput? input, long received, CancellationToken ct,
        bool recordEvent = false)
    {
        using var span = AppTracing.Source.HasListeners() ? AppTracing.StartTurn(session.CallId, trigger) : null;
        // Claim the turn first, so a second process holding the same callback cannot run the agent (and book) twice;
        // a repeated delivery of the event that started it finds the event recorded and does nothing.
        var claimed = session.Version + 1;
        if (!await sessions.TryAdvanceAsync(session, session.Version,
                new SessionChange(CallPhase.Thinking, session.AwaitingContext, session.State, trigger.CallConnectionId),
                recordEvent ? trigger.EventId : null, ct))
        {
            Log.LostRace(logger, session.CallId);
            return;
        }

        var connectionId = session.CallConnectionId ?? trigger.CallConnectionId;
        var state = session.State with { NowUtc = clock.GetUtcNow() };
        AgentTurn turn;
        SessionConversationTools? tools = null;
        if (session.MeetingId is { } meetingId)
        {
            turn = await InterviewTurnAsync(session, state, meetingId, input, connectionId, ct);
        }
        else
        {
            tools = new SessionConversationTools(session, booking, sessions, metrics, doNotCall, telephony, connectionId);
            turn = input is null
                ? await agent.StartAsync(state, tools, ct)
                : await agent.RespondAsync(state, input, tools, ct);
        }

        var context = $"{session.CallId}:turn:{turn.State.Turns.Count}";
        // Nothing to say is listening in silence (waiting for a voicemail greeting to finish).
        var prompt = turn.Say.Length == 0 ? null : new SpokenPrompt(turn.Say, turn.Language, settings.VoiceFor(turn.Language));
        CallPhase next;
        try
        {
            if (turn.EndCall)
            {
                await telephony.PlayAsync(connectionId, prompt ?? throw new InvalidOperationException("A call cannot end without a closing line."), context, ct);
                next = CallPhase.Closing;
            }
            else
            {
                await telephony.RecognizeAsync(connectionId, new SpeechRecognition(
                    PhoneNumber.Parse(session.LeadPhone), turn.Language, prompt,
                    TimeSpan.FromSeconds(settings.InitialSilenceSeconds), TimeSpan.FromSeconds(settings.EndSilenceSeconds), context), ct);
                next = CallPhase.Listening;
            }
        }
        catch (TelephonyException e)
        {
            // The call is most likely gone; keep what was said and let the disconnect settle it.
            Log.CommandFailed(logger, e, session.CallId);
            next = CallPhase.HangingUp;
        }

        var took = clock.GetElapsedTime(received);
        metrics.TurnTook(took, trigger.GetType().Name);
        var stored = session with { Version = claimed, CallConnectionId = connectionId };
        var previousTurns = session.State.Turns.Count;
        if (!await sessions.TryAdvanceAsync(stored, claimed,
                new SessionChange(next, context, turn.State, connectionId, turn.State.Outcome), ct))
        {
            Log.LostRace(logger, session.CallId);
            return;
        }

        Publish(session, turn.State.Turns, previousTurns);
        // After the command went out and the turn is stored: the caller never waits on the usage record.
        await RecordUsageAsync(session.CallId, trigger, took, prompt is not null,
            speech: (prompt is null ? 0 : 1) + (turn.EndCall ? 0 : 1), tools, ct);
    }

    private async Task RecordUsageAsync(string callId, CallEvent trigger, TimeSpan? took, bool spoke, int speech,
        SessionConversationTools? tools, CancellationToken ct)
    {
        if (usage is null)
        {
            return;
        }

        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var connectedAt = trigger is CallConnected && took is { } elapsed ? now - (long)elapsed.TotalMilliseconds : (long?)null;
        try
        {
            await usage.RecordAsync(callId, new CallUsageDelta(connectedAt, now, spoke, took is { } t ? (int)Math.Round(t.TotalMilliseconds) : null,
                TelephonyCommands: 1, tools?.LlmRequests ?? 0, tools?.LlmInputTokens ?? 0, tools?.LlmOutputTokens ?? 0, speech), ct);
        }
        catch (System.Data.Common.DbException e)
        {
            // The call goes on; only its usage figures miss this turn.
            Log.UsageNotRecorded(logger, e, callId);
        }
    }

    /// <summary>
    /// A turn of a meeting call: the interviewer answers, and the session keeps the lines in its own transcript too (so
    /// the live feed and the call's transcript show the interview like any call).
    /// </summary>
    private async Task<AgentTurn> InterviewTurnAsync(CallSessionRecord session, ConversationState state, Guid meetingId, CallerInput? input,
        string connectionId, CancellationToken ct)
    {
        var brain = interviewer ?? throw new InvalidOperationException(
            $"Call {session.CallId} belongs to meeting {meetingId}, but no meeting interviewer is registered in this host.");
        if (input is not null && CompliantAgent.OptOutIn(state, input, compliance.Value.OptOutDigit) is { } optOut)
        {
            // The same compliance path as the scheduling call: do-not-call entry with the evidence, a short confirmation,
            // outcome opted-out; the interview records it and ends (the meeting's orchestration tells the sales team).
            var tools = new SessionConversationTools(session, booking, sessions, metrics, doNotCall, telephony, connectionId);
            var confirmed = await CompliantAgent.OptOutAsync(state, optOut, tools, ct);
            await brain.OptedOutAsync(session.WorkspaceId, meetingId, optOut.Words, confirmed.Say, confirmed.Language, ct);
            Log.MeetingOptOut(logger, session.CallId, meetingId);
            return confirmed;
        }

        var now = state.NowUtc;
        var turns = state.Turns.ToList();
        InterviewerReply reply;
        if (input is null)
        {
            reply = await brain.OpenAsync(session.WorkspaceId, meetingId, ct);
        }
        else
        {
            if (input is CallerInput.Speech speech)
            {
                turns.Add(new ConversationTurn(ConversationTurn.Lead, speech.Text, state.Language, now));
            }

            reply = await brain.HearAsync(session.WorkspaceId, meetingId, input, ct);
        }

        turns.Add(new ConversationTurn(ConversationTurn.Agent, reply.Say, reply.Language, now));
        var next = state with
        {
            Turns = turns,
            Language = reply.Language,
            Stage = reply.Ended ? DialogueStage.Ended : state.Stage,
        };
        return new AgentTurn(next, reply.Say, reply.Language, reply.Ended, null);
    }

    private bool IsOptOutKey(DtmfToneReceived tone) => tone.Key is { } key && compliance.Value.OptOutDigit[0] == key;

    /// <summary>The opt-out key: stop listening at once, then the turn (confirmation and do-not-call) as for words.</summary>
    private async Task KeyPressedAsync(CallSessionRecord session, DtmfToneReceived tone, long received, CancellationToken ct)
    {
        try
        {
            await telephony.CancelMediaAsync(session.CallConnectionId ?? tone.CallConnectionId, ct);
        }
        catch (TelephonyException e)
        {
            Log.CommandFailed(logger, e, session.CallId);
        }

        await TakeTurnAsync(session, tone, new CallerInput.Keypad(tone.Key.ToString()!), received, ct);
    }

    private async Task HangUpAsync(CallSessionRecord session, CallEvent trigger, long received, CancellationToken ct)
    {
        if (!await sessions.TryAdvanceAsync(session, session.Version,
                new SessionChange(CallPhase.HangingUp, null, session.State, trigger.CallConnectionId, session.State.Outcome), ct))
        {
            return;
        }

        try
        {
            await telephony.HangUpAsync(session.CallConnectionId ?? trigger.CallConnectionId, forEveryone: true, ct);
        }
        catch (TelephonyException e)
        {
            Log.CommandFailed(logger, e, session.CallId);
        }

        metrics.TurnTook(clock.GetElapsedTime(received), trigger.GetType().Name);
        await RecordUsageAsync(session.CallId, trigger, took: null, spoke: false, speech: 0, tools: null, ct);
    }

    /// <summary>Ends the session with its outcome (once), and gives back the slots it still holds.</summary>
    private async Task SettleAsync(string callId, CallFailureReason? failure, CancellationToken ct)
    {
        for (var attempt = 0; attempt < SettleAttempts; attempt++)
        {
            var session = await sessions.GetAsync(callId, ct);
            if (session is null || session.Phase == CallPhase.Ended)
            {
                return;
            }

            var outcome = OutcomeOf(session, failure);
            var state = session.State with { Outcome = outcome, Stage = DialogueStage.Ended };
            if (await sessions.TryAdvanceAsync(session, session.Version,
                    new SessionChange(CallPhase.Ended, null, state, null, outcome, clock.GetUtcNow()), ct))
            {
                await booking.ReleaseAsync(callId, ct);
                metrics.Settled(outcome);
                feed.Publish(new LiveCallUpdate(callId, session.WorkspaceId, null, outcome));
                Log.Settled(logger, callId, outcome.ToWireName());
                return;
            }
        }

        Log.LostRace(logger, callId);
    }

    /// <summary>
    /// The outcome of a call that ended: booked once a meeting was committed (even if the turn that booked it lost a
    /// race, or the callee said goodbye or hung up after it); otherwise what the conversation decided; otherwise why it
    /// never connected; otherwise a callee who hung up while asked when to call back ("call me another time" - "when?")
    /// asked for a call back (without a time); one who hung up after speaking otherwise counts as not interested and
    /// one who never spoke as no answer.
    /// </summary>
    internal static CallOutcome OutcomeOf(CallSessionRecord session, CallFailureReason? failure)
    {
        if (session.Outcome == CallOutcome.Booked || session.State.MeetingId is not null)
        {
            return CallOutcome.Booked;
        }

        if (session.State.Outcome is { } decided)
        {
            return decided;
        }

        return failure switch
        {
            CallFailureReason.Busy or CallFailureReason.Rejected => CallOutcome.Busy,
            CallFailureReason.NoAnswer => CallOutcome.NoAnswer,
            CallFailureReason.Failed => CallOutcome.Failed,
            _ when session.Phase == CallPhase.Dialing => CallOutcome.NoAnswer,
            _ when session.State.Stage == DialogueStage.AskingCallbackTime => CallOutcome.CallbackRequested,
            _ => session.State.Turns.Any(t => t.Speaker == ConversationTurn.Lead) ? CallOutcome.NotInterested : CallOutcome.NoAnswer,
        };
    }

    private sealed record TurnStart(CallerInput? Input);

    private static bool Awaited(CallSessionRecord session, CallEvent callEvent) =>
        callEvent.OperationContext is null || string.Equals(callEvent.OperationContext, session.AwaitingContext, StringComparison.Ordinal);

    private static CallerInput ToInput(RecognizeCompleted completed) =>
        string.IsNullOrWhiteSpace(completed.Speech)
            ? new CallerInput.Unintelligible()
            : new CallerInput.Speech(completed.Speech.Trim(), completed.Confidence ?? 1.0, null);

    private static CallerInput ToInput(RecognizeFailed failed) =>
        failed.Reason == RecognizeFailure.InitialSilence ? new CallerInput.Silence() : new CallerInput.Unintelligible();

    private void Publish(CallSessionRecord session, IReadOnlyList<ConversationTurn> turns, int from)
    {
        for (var seq = from; seq < turns.Count; seq++)
        {
            var turn = turns[seq];
            feed.Publish(new LiveCallUpdate(session.CallId, session.WorkspaceId,
                new TranscriptTurn(session.CallId, seq, turn.Speaker, turn.Text, turn.Language, turn.AtUtc), null));
        }
    }
}
