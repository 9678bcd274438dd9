using AiScheduler.Domain.Conversation;
using AiScheduler.Domain.Conversation.Languages;
using AiScheduler.Domain.Meetings.Questions;

namespace AiScheduler.Domain.Meetings.Interview;

/// <summary>
/// The rule-based interviewer, in five languages. Each answer is read in this order: a language switch (asked for, or
/// simply answering in another language), the lead ending early, a request to repeat, "I don't know", an off-topic
/// remark (redirected once, then let go), and otherwise an answer: recorded, then the question's first follow-up rule
/// that fires (each at most once per question, never a follow-up to a follow-up) or an acknowledgement and the next
/// question. When the questions run out it thanks the lead and closes.
/// </summary>
public sealed class RuleBasedInterviewer : IInterviewer
{
    public static RuleBasedInterviewer Instance { get; } = new();

    public InterviewTurn Start(InterviewPlan plan, InterviewContext context)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(context);
        var language = InterviewLanguages.For(plan.Language);
        var state = new InterviewState(plan, context, language, InterviewPhase.Asking, 0, [], null, null, 0, 0, [], null);
        var phrases = InterviewPhrases.For(language);
        var opening = new List<string>
        {
            phrases.Greeting(string.IsNullOrWhiteSpace(context.LeadName) ? null : context.LeadName.Trim(), context.AgentName, context.CompanyName),
            phrases.AiDisclosure,
        };
        if (context.RecordingOn)
        {
            opening.Add(phrases.RecordingDisclosure);
        }

        if (plan.Questions.Count == 0)
        {
            opening.Add(phrases.Closing);
            return new InterviewTurn(Join(opening), End(state, InterviewEndReason.Completed), InterviewAction.Closed);
        }

        opening.Add(phrases.Agenda(plan.Questions.Count));
        opening.Add(plan.Questions[0].TextIn(language));
        return new InterviewTurn(Join(opening), state, InterviewAction.Opened);
    }

    public InterviewTurn Next(InterviewState state, string utterance)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Phase == InterviewPhase.Ended || state.CurrentQuestion() is null)
        {
            return new InterviewTurn("", state.Phase == InterviewPhase.Ended ? state : End(state, InterviewEndReason.Completed), InterviewAction.AlreadyEnded);
        }

        var raw = utterance ?? "";
        var normalized = SpokenText.Normalize(raw);
        state = state with { Turn = state.Turn + 1 };
        if (normalized.Length == 0)
        {
            return Reprompt(state, InterviewPhrases.For(state.Language).StillThere, InterviewAction.Repeated);
        }

        var requested = AnswerSignals.RequestedLanguage(normalized);
        if (requested is not null && requested != state.Language)
        {
            var switched = state with { Language = requested };
            return Reprompt(switched, InterviewPhrases.For(requested).Switched, InterviewAction.SwitchedLanguage);
        }

        // Answering in another language switches too, and the answer still counts.
        var spoken = InterviewLanguages.For(LanguageDetector.Detect(raw, LanguagePacks.For(state.Language)).Tag);
        if (spoken != state.Language)
        {
            state = state with { Language = spoken };
        }

        var phrases = InterviewPhrases.For(state.Language);
        if (AnswerSignals.IsEndingEarly(normalized))
        {
            return new InterviewTurn(phrases.EndedEarly, End(state, InterviewEndReason.LeadEndedEarly), InterviewAction.EndedEarly);
        }

        if (AnswerSignals.IsRepeatRequest(normalized))
        {
            return Reprompt(state, phrases.RepeatLead, InterviewAction.Repeated);
        }

        var question = state.CurrentQuestion()!;
        if (AnswerSignals.IsDontKnow(normalized))
        {
            var unknown = Record(state, raw, unknown: true);
            return Advance(unknown, phrases.DontKnow);
        }

        if (AnswerSignals.IsOffTopic(raw, normalized, question.Dimension))
        {
            if (state.OffTopicCount == 0)
            {
                return Reprompt(state with { OffTopicCount = 1 }, phrases.OffTopic, InterviewAction.Redirected);
            }

            return Advance(state, phrases.Acknowledgement(state.Turn));
        }

        var answered = Record(state, raw, unknown: false);
        if (state.Phase == InterviewPhase.Asking)
        {
            foreach (var rule in question.FollowUps.Where(rule => !state.FollowUpsAsked.Contains(rule.When)))
            {
                var competitor = rule.When == FollowUpTrigger.Competitor ? AnswerSignals.Competitor(normalized, state.Plan.Competitors) : null;
                var fires = rule.When switch
                {
                    FollowUpTrigger.Competitor => competitor is not null,
                    FollowUpTrigger.MissingNumber => !AnswerSignals.HasNumber(normalized),
                    _ => AnswerSignals.IsVague(normalized),
                };
                if (fires)
                {
                    var following = answered with
                    {
                        Phase = InterviewPhase.FollowingUp,
                        FollowUpsAsked = [.. state.FollowUpsAsked, rule.When],
                        PendingFollowUp = rule.When,
                        PendingCompetitor = competitor,
                    };
                    return new InterviewTurn(Join([phrases.FollowUpLead, FollowUpText(following)!]), following, InterviewAction.FollowedUp);
                }
            }
        }

        return Advance(answered, phrases.Acknowledgement(state.Turn));
    }

    private static InterviewState Record(InterviewState state, string text, bool unknown)
    {
        var question = state.CurrentQuestion()!;
        var answer = new InterviewAnswer(question.Key, question.Dimension, text.Trim(), state.Language,
            state.Phase == InterviewPhase.FollowingUp ? state.PendingFollowUp?.Name() ?? (state.PendingFollowUpText is null ? null : ModelFollowUp.Name) : null,
            unknown);
        return state with { Answers = [.. state.Answers, answer] };
    }

    private static InterviewTurn Advance(InterviewState state, string lead)
    {
        var next = state with
        {
            QuestionIndex = state.QuestionIndex + 1,
            Phase = InterviewPhase.Asking,
            FollowUpsAsked = [],
            PendingFollowUp = null,
            PendingCompetitor = null,
            PendingFollowUpText = null,
            OffTopicCount = 0,
        };
        var phrases = InterviewPhrases.For(state.Language);
        if (next.CurrentQuestion() is not { } question)
        {
            return new InterviewTurn(Join([lead, phrases.Closing]), End(next, InterviewEndReason.Completed), InterviewAction.Closed);
        }

        var isLast = next.QuestionIndex == next.Plan.Questions.Count - 1 && next.Plan.Questions.Count > 2;
        var ask = isLast ? Join([phrases.LastQuestion, question.TextIn(state.Language)]) : question.TextIn(state.Language);
        return new InterviewTurn(Join([lead, ask]), next, InterviewAction.Asked);
    }

    /// <summary>Says <paramref name="lead"/> and then what is pending again: the follow-up, or the current question.</summary>
    private static InterviewTurn Reprompt(InterviewState state, string lead, InterviewAction action) =>
        new(Join([lead, FollowUpText(state) ?? state.CurrentQuestion()!.TextIn(state.Language)]), state, action);

    private static string? FollowUpText(InterviewState state)
    {
        if (state.Phase == InterviewPhase.FollowingUp && state.PendingFollowUpText is { } written)
        {
            return written;
        }

        if (state.Phase != InterviewPhase.FollowingUp || state.PendingFollowUp is not { } trigger)
        {
            return null;
        }

        var rule = state.CurrentQuestion()!.FollowUps.FirstOrDefault(r => r.When == trigger);
        return rule?.TextIn(state.Language).Replace("{competitor}", state.PendingCompetitor ?? "", StringComparison.Ordinal);
    }

    private static InterviewState End(InterviewState state, InterviewEndReason reason) =>
        state with { Phase = InterviewPhase.Ended, EndReason = reason, PendingFollowUp = null, PendingCompetitor = null, PendingFollowUpText = null };

    private static string Join(IEnumerable<string> parts) => string.Join(" ", parts.Where(p => !string.IsNullOrWhiteSpace(p)));
}
