using AiScheduler.Domain.Meetings.Questions;

namespace AiScheduler.Domain.Meetings.Interview;

/// <summary>Who the lead is talking to and what the opening must disclose.</summary>
public sealed record InterviewContext(string? LeadName, string AgentName, string CompanyName, bool RecordingOn);

/// <summary>Where an interview stands between two turns.</summary>
public enum InterviewPhase
{
    /// <summary>Waiting for the answer to the current question.</summary>
    Asking,

    /// <summary>Waiting for the answer to a follow-up of the current question.</summary>
    FollowingUp,

    Ended,
}

/// <summary>Why an interview ended.</summary>
public enum InterviewEndReason
{
    /// <summary>Every planned question was asked.</summary>
    Completed,

    /// <summary>The lead had to go before the last question.</summary>
    LeadEndedEarly,

    /// <summary>The lead asked not to be called again (on a meeting call: said so, or pressed the opt-out key).</summary>
    OptedOut,
}

/// <summary>What the interviewer did on a turn (for the transcript view, logs and tests).</summary>
public enum InterviewAction
{
    Opened,
    Asked,
    FollowedUp,
    Repeated,
    Redirected,
    SwitchedLanguage,
    Closed,
    EndedEarly,

    /// <summary>The lead asked not to be called again: confirmed, and the interview ended.</summary>
    OptedOut,
    AlreadyEnded,

    /// <summary>Someone other than the lead spoke (a sales rep in the room): recorded, nothing to say.</summary>
    Noted,
}

/// <summary>One answer the lead gave: to which question, whether to its follow-up (<see cref="FollowUp"/> names the
/// trigger), or that the lead did not know (<see cref="Unknown"/>).</summary>
public sealed record InterviewAnswer(string QuestionKey, BantDimension Dimension, string Text, string Language, string? FollowUp, bool Unknown);

/// <summary>
/// The whole interview between turns, serialisable as JSON (records, lists, strings, enums), so any process can take
/// the next turn: the plan, the current language and question, the follow-ups already asked for it, and the answers.
/// <see cref="PendingFollowUpText"/> is a follow-up the LLM brain wrote for this lead (checked in code), when it asked one.
/// </summary>
public sealed record InterviewState(
    InterviewPlan Plan,
    InterviewContext Context,
    string Language,
    InterviewPhase Phase,
    int QuestionIndex,
    IReadOnlyList<FollowUpTrigger> FollowUpsAsked,
    FollowUpTrigger? PendingFollowUp,
    string? PendingCompetitor,
    int OffTopicCount,
    int Turn,
    IReadOnlyList<InterviewAnswer> Answers,
    InterviewEndReason? EndReason,
    string? PendingFollowUpText = null)
{
    public PlannedQuestion? CurrentQuestion() => QuestionIndex >= 0 && QuestionIndex < Plan.Questions.Count ? Plan.Questions[QuestionIndex] : null;
}

/// <summary>What to say now, the state to keep for the next turn, and whether the interview is over.</summary>
public sealed record InterviewTurn(string Say, InterviewState State, InterviewAction Action)
{
    public bool Ended => State.Phase == InterviewPhase.Ended;

    public InterviewEndReason? EndReason => State.EndReason;

    /// <summary>The language <see cref="Say"/> is in (speak it with this language's voice).</summary>
    public string Language => State.Language;
}

/// <summary>Ends an interview at once because the lead opted out.</summary>
public static class InterviewOptOut
{
    /// <summary>The ended interview; <paramref name="confirmation"/> is what the AI says last, in <paramref name="language"/>.</summary>
    public static InterviewTurn End(InterviewState state, string confirmation, string language)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentException.ThrowIfNullOrWhiteSpace(confirmation);
        var ended = state with
        {
            Phase = InterviewPhase.Ended,
            EndReason = InterviewEndReason.OptedOut,
            Language = InterviewLanguages.For(language),
            PendingFollowUp = null,
            PendingCompetitor = null,
            Turn = state.Turn + 1,
        };
        return new InterviewTurn(confirmation, ended, InterviewAction.OptedOut);
    }
}

/// <summary>Runs a BANT interview one turn at a time: pure, so it is tested with plain values and runs in any process.</summary>
public interface IInterviewer
{
    InterviewTurn Start(InterviewPlan plan, InterviewContext context);

    InterviewTurn Next(InterviewState state, string utterance);
}
