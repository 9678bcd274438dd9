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
    InterviewEndReason? EndReason)
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

/// <summary>Runs a BANT interview one turn at a time: pure, so it is tested with plain values and runs in any process.</summary>
public interface IInterviewer
{
    InterviewTurn Start(InterviewPlan plan, InterviewContext context);

    InterviewTurn Next(InterviewState state, string utterance);
}
