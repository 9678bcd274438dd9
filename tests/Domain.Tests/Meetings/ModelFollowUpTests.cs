using AiScheduler.Domain.Meetings.Interview;
using AiScheduler.Domain.Meetings.Questions;

namespace AiScheduler.Domain.Tests.Meetings;

/// <summary>
/// The checks in code on what the LLM brain proposes after an answer (<see cref="ModelFollowUp"/>): when it is asked at
/// all, what it may say, and the state a follow-up it wrote leaves (asked once, answered as a follow-up, repeated on request).
/// </summary>
public sealed class ModelFollowUpTests
{
    private static readonly InterviewContext Context = new("Dana", "Maya", "AiScheduler", RecordingOn: false);

    private static InterviewState Begin(string language = "en")
    {
        var plan = InterviewPlanner.Prepare(DefaultQuestionSet.Create(), new LeadProfile("Dana", null, null, null, language, []));
        return RuleBasedInterviewer.Instance.Start(plan, Context).State;
    }

    private const string ClearAnswer = "Our reps lose ten hours a week booking meetings by hand.";

    [Fact]
    public void A_follow_up_the_model_wrote_is_asked_once_and_its_answer_recorded_as_the_models()
    {
        var before = Begin();
        var rules = RuleBasedInterviewer.Instance.Next(before, ClearAnswer);

        var (turn, rejected) = ModelFollowUp.Apply(before, rules, "That is a lot of time.", "Which part of booking takes longest?");

        Assert.Null(rejected);
        Assert.Equal(("That is a lot of time. Which part of booking takes longest?", InterviewAction.FollowedUp), (turn!.Say, turn.Action));
        Assert.Equal((InterviewPhase.FollowingUp, 0), (turn.State.Phase, turn.State.QuestionIndex));
        Assert.Equal(ClearAnswer, Assert.Single(turn.State.Answers).Text);

        var repeated = RuleBasedInterviewer.Instance.Next(turn.State, "Sorry, can you repeat that?");
        Assert.EndsWith("Which part of booking takes longest?", repeated.Say, StringComparison.Ordinal);

        var answered = RuleBasedInterviewer.Instance.Next(turn.State, "Finding a time that suits everyone.");
        Assert.Equal((InterviewAction.Asked, 1), (answered.Action, answered.State.QuestionIndex));
        Assert.Equal(ModelFollowUp.Name, answered.State.Answers[^1].FollowUp);
        Assert.Null(answered.State.PendingFollowUpText);
        Assert.False(ModelFollowUp.Applies(turn.State, answered));
    }

    [Fact]
    public void Without_a_follow_up_the_models_acknowledgement_replaces_the_stock_one()
    {
        var before = Begin();
        var rules = RuleBasedInterviewer.Instance.Next(before, ClearAnswer);

        var (turn, _) = ModelFollowUp.Apply(before, rules, "Ten hours a week is a lot.", null);

        Assert.Equal(rules.State, turn!.State);
        Assert.Equal("Ten hours a week is a lot. " + rules.State.CurrentQuestion()!.TextIn("en"), turn.Say);
    }

    [Theory]
    [InlineData("Thanks.", "Which tool? And why?", "one question")]
    [InlineData("Thanks.", "Which tool do you use", "one question")]
    [InlineData("Thanks.", "Could you read https://example.com first?", "link")]
    [InlineData("Thanks.", "What does {competitor} cost you?", "placeholder")]
    [InlineData("Thanks.", "Which tool do you use?\nAnd why?", "line break")]
    [InlineData("Is that right?", null, "asks a question")]
    [InlineData("", "Which tool do you use?", "empty")]
    [InlineData("Thanks.", "באיזה כלי אתם משתמשים?", "language")]
    public void Unusable_proposals_are_rejected_with_the_reason(string acknowledgement, string? followUp, string reason)
    {
        var before = Begin();
        var rules = RuleBasedInterviewer.Instance.Next(before, ClearAnswer);

        var (turn, rejected) = ModelFollowUp.Apply(before, rules, acknowledgement, followUp);

        Assert.Null(turn);
        Assert.Contains(reason, rejected, StringComparison.Ordinal);
    }

    [Fact]
    public void A_hebrew_interview_takes_a_hebrew_follow_up()
    {
        var before = Begin("he");
        var rules = RuleBasedInterviewer.Instance.Next(before, "אנחנו מאבדים לידים כי המעקב ידני");

        var (turn, rejected) = ModelFollowUp.Apply(before, rules, "זה באמת מתסכל.", "כמה לידים אבדו בחודש שעבר?");

        Assert.Null(rejected);
        Assert.Equal(InterviewAction.FollowedUp, turn!.Action);
    }

    [Theory]
    [InlineData("Maybe, it depends")]
    [InlineData("Sorry, can you repeat that?")]
    [InlineData("I don't know")]
    [InlineData("Sorry, I have to go now")]
    public void The_model_is_not_asked_when_the_rules_followed_up_or_the_answer_was_no_answer(string said)
    {
        var before = Begin();

        Assert.False(ModelFollowUp.Applies(before, RuleBasedInterviewer.Instance.Next(before, said)));
    }
}
