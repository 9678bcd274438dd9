using AiScheduler.Domain.Meetings.Interview;
using AiScheduler.Domain.Meetings.Questions;
using AiScheduler.Functions.Calls;
using AiScheduler.Functions.Providers.Llm;
using AiScheduler.Functions.Calls.Compliance;
using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.Meetings.Interview;

/// <summary>A line was added to a meeting's transcript.</summary>
public sealed class TranscriptLineAddedEventArgs(Guid workspaceId, TranscriptLine line) : EventArgs
{
    public Guid WorkspaceId { get; } = workspaceId;

    public TranscriptLine Line { get; } = line;
}

/// <summary>A meeting's interview ended (every question asked, or the lead had to go).</summary>
public sealed class InterviewEndedEventArgs(Guid workspaceId, Guid meetingId, string? channel, InterviewEndReason reason) : EventArgs
{
    public Guid WorkspaceId { get; } = workspaceId;

    public Guid MeetingId { get; } = meetingId;

    /// <summary><c>phone</c> or <c>room</c>: where the interview ran.</summary>
    public string? Channel { get; } = channel;

    public InterviewEndReason Reason { get; } = reason;
}

/// <summary>The meeting has no interview to answer yet (call <see cref="MeetingInterviews.BeginAsync"/> first) or does not exist.</summary>
public sealed class MeetingInterviewException(string message) : InvalidOperationException(message);

/// <summary>
/// Runs the AI's interview in a meeting, whichever way the AI joined (<c>phone</c>: the call session routes a meeting
/// call's turns here; <c>room</c>: the meeting room's hub does). Each turn reads the persisted state, runs the pure
/// interviewer (refined by the LLM brain when a model is configured: <see cref="LlmInterviewer"/>) and writes the new state and the transcript lines in one transaction guarded by the state's version, so
/// any process can take the next turn. Subscribers hear of every new line (<see cref="LineAdded"/>) and of the end
/// (<see cref="Ended"/>) in this process, after the turn is committed.
/// </summary>
public sealed class MeetingInterviews(
    InterviewStore store,
    InterviewPlanning planning,
    MeetingStore meetings,
    IInterviewer interviewer,
    LlmInterviewer llm,
    IOptions<CallSessionOptions> options,
    CallRecordingPolicy recording,
    ILogger<MeetingInterviews> logger)
{
    private const int MaxAttempts = 8;

    public event EventHandler<TranscriptLineAddedEventArgs>? LineAdded;

    public event EventHandler<InterviewEndedEventArgs>? Ended;

    /// <summary>The meeting's personalised plan, prepared and stored on first use; null when there is no such meeting.</summary>
    public async Task<InterviewPlan?> QuestionsAsync(Guid workspaceId, Guid meetingId, CancellationToken cancellationToken) =>
        (await EnsurePlannedAsync(workspaceId, meetingId, cancellationToken))?.Plan;

    /// <summary>The interview row (plan, status, state), null when nothing was prepared for the meeting yet.</summary>
    public Task<InterviewRecord?> GetAsync(Guid workspaceId, Guid meetingId, CancellationToken cancellationToken) =>
        store.GetAsync(workspaceId, meetingId, cancellationToken);

    public Task<IReadOnlyList<TranscriptLine>> TranscriptAsync(Guid workspaceId, Guid meetingId, CancellationToken cancellationToken) =>
        store.TranscriptAsync(workspaceId, meetingId, cancellationToken);

    /// <summary>
    /// The AI's opening (greeting, disclosure, first question). Idempotent: once begun, it returns what the AI said last
    /// (a retried call or a reconnecting room hears it again) without writing anything.
    /// </summary>
    public async Task<InterviewTurn> BeginAsync(Guid workspaceId, Guid meetingId, string channel, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(channel);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var record = await EnsurePlannedAsync(workspaceId, meetingId, cancellationToken)
                ?? throw new MeetingInterviewException($"There is no meeting {meetingId} in this workspace.");
            if (record.State is { } state)
            {
                return new InterviewTurn(record.LastSay ?? "", state, record.LastAction ?? InterviewAction.Opened);
            }

            var meeting = await meetings.GetAsync(workspaceId, meetingId, cancellationToken);
            var settings = options.Value;
            // Said only when true: the phone call that takes the AI to the meeting is recorded exactly when the recorder
            // is on and the lead's country lets a call announce and record (OutboundCalls.PlaceForMeetingAsync starts it
            // on the same plan); the web room keeps a text transcript and records no audio.
            var recorded = string.Equals(channel, MeetingJoinMode.Phone, StringComparison.Ordinal) &&
                           recording.AnnouncesWithoutAsking(meeting?.LeadRegion);
            var context = new InterviewContext(meeting?.LeadName, settings.AgentName, settings.CompanyName, recorded);
            var turn = interviewer.Start(record.Plan, context);
            var (advanced, lines) = await store.AdvanceAsync(workspaceId, meetingId, record.Version, channel, turn,
                [new NewLine(TranscriptSpeakers.Ai, turn.Say, turn.Language)], cancellationToken);
            if (advanced)
            {
                Log.InterviewBegan(logger, meetingId, channel);
                Publish(workspaceId, meetingId, channel, turn, lines);
                return turn;
            }
        }

        throw new MeetingInterviewException($"The interview of meeting {meetingId} is changing too fast to begin; try again.");
    }

    /// <summary>
    /// Someone said something in the meeting. The lead's words are answered by the interviewer (the turn's
    /// <see cref="InterviewTurn.Say"/>); a rep's are recorded and answered with nothing (<see cref="InterviewAction.Noted"/>).
    /// After the end, lines are still recorded and the turn says nothing.
    /// </summary>
    public async Task<InterviewTurn> AnswerAsync(Guid workspaceId, Guid meetingId, string speaker, string text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!TranscriptSpeakers.All.Contains(speaker, StringComparer.Ordinal) || speaker == TranscriptSpeakers.Ai)
        {
            throw new ArgumentException($"A speaker is '{TranscriptSpeakers.Lead}' or '{TranscriptSpeakers.Rep}'.", nameof(speaker));
        }

        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var record = await store.GetAsync(workspaceId, meetingId, cancellationToken);
            if (record?.State is not { } state)
            {
                throw new MeetingInterviewException($"The interview of meeting {meetingId} has not begun; begin it first.");
            }

            if (speaker != TranscriptSpeakers.Lead || state.Phase == InterviewPhase.Ended)
            {
                var noted = new InterviewTurn("", state, speaker == TranscriptSpeakers.Lead ? InterviewAction.AlreadyEnded : InterviewAction.Noted);
                var (recorded, notedLines) = await store.AdvanceAsync(workspaceId, meetingId, record.Version, null, null,
                    [new NewLine(speaker, text, state.Language)], cancellationToken);
                if (recorded)
                {
                    Publish(workspaceId, meetingId, record.Channel, noted, notedLines, announceEnd: false);
                    return noted;
                }

                continue;
            }

            // The rules take the turn; with a model configured it may acknowledge in its own words and ask one
            // context-aware follow-up (checked in code; the rules' turn stands otherwise).
            var turn = await llm.RefineAsync(state, text, interviewer.Next(state, text), state.Context.LeadName, cancellationToken);
            var (advanced, lines) = await store.AdvanceAsync(workspaceId, meetingId, record.Version, null, turn,
                [new NewLine(TranscriptSpeakers.Lead, text, turn.Language), new NewLine(TranscriptSpeakers.Ai, turn.Say, turn.Language)],
                cancellationToken);
            if (advanced)
            {
                Publish(workspaceId, meetingId, record.Channel, turn, lines);
                return turn;
            }
        }

        throw new MeetingInterviewException($"The interview of meeting {meetingId} is changing too fast; say it again.");
    }

    /// <summary>
    /// The lead asked not to be called again during the interview (the call session has already put the number on the
    /// do-not-call list): the lead's words (null for the keypad) and the AI's <paramref name="confirmation"/> are
    /// recorded and the interview ends with <see cref="InterviewEndReason.OptedOut"/>. An interview already over only
    /// gets the lines.
    /// </summary>
    public async Task<InterviewTurn> OptOutAsync(Guid workspaceId, Guid meetingId, string? leadWords, string confirmation, string language,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(confirmation);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var record = await store.GetAsync(workspaceId, meetingId, cancellationToken);
            if (record?.State is not { } state)
            {
                throw new MeetingInterviewException($"The interview of meeting {meetingId} has not begun; begin it first.");
            }

            var turn = state.Phase == InterviewPhase.Ended
                ? new InterviewTurn(confirmation, state, InterviewAction.AlreadyEnded)
                : InterviewOptOut.End(state, confirmation, language);
            List<NewLine> lines = leadWords is null ? [] : [new NewLine(TranscriptSpeakers.Lead, leadWords, turn.Language)];
            lines.Add(new NewLine(TranscriptSpeakers.Ai, confirmation, turn.Language));
            var (advanced, stored) = await store.AdvanceAsync(workspaceId, meetingId, record.Version, null,
                turn.Action == InterviewAction.AlreadyEnded ? null : turn, lines, cancellationToken);
            if (advanced)
            {
                Publish(workspaceId, meetingId, record.Channel, turn, stored, announceEnd: turn.Action != InterviewAction.AlreadyEnded);
                return turn;
            }
        }

        throw new MeetingInterviewException($"The interview of meeting {meetingId} is changing too fast; say it again.");
    }

    private async Task<InterviewRecord?> EnsurePlannedAsync(Guid workspaceId, Guid meetingId, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(workspaceId, meetingId, cancellationToken) is { } existing)
        {
            return existing;
        }

        var prepared = await planning.PrepareAsync(workspaceId, meetingId, cancellationToken);
        return prepared is { } plan ? await store.SavePlanAsync(workspaceId, meetingId, plan.Plan, plan.QuestionSetId, cancellationToken) : null;
    }

    private void Publish(Guid workspaceId, Guid meetingId, string? channel, InterviewTurn turn, IReadOnlyList<TranscriptLine> lines,
        bool announceEnd = true)
    {
        foreach (var line in lines)
        {
            Raise(meetingId, () => LineAdded?.Invoke(this, new TranscriptLineAddedEventArgs(workspaceId, line)));
        }

        if (announceEnd && turn.Ended && turn.EndReason is { } reason)
        {
            Log.InterviewEnded(logger, meetingId, reason.ToString());
            Raise(meetingId, () => Ended?.Invoke(this, new InterviewEndedEventArgs(workspaceId, meetingId, channel, reason)));
        }
    }

    private void Raise(Guid meetingId, Action raise)
    {
        try
        {
            raise();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A failing subscriber (a closed room connection) must not undo a committed turn.
            Log.SubscriberFailed(logger, ex, meetingId);
        }
    }
}
