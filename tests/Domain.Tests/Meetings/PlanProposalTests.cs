using AiScheduler.Domain.Meetings.Questions;

namespace AiScheduler.Domain.Tests.Meetings;

/// <summary>A model's proposed plan is used only when it passes every check; each broken rule names the reason.</summary>
public sealed class PlanProposalTests
{
    private static InterviewPlan RulePlan(string language = "en") =>
        InterviewPlanner.Prepare(DefaultQuestionSet.Create(), new LeadProfile("Dana", null, null, null, language, []));

    private static readonly string[] Keys = ["challenge", "current-solution", "decision-makers", "budget", "timeline", "anything-else"];

    private static PlanProposal Valid() => new(
        Keys.Where(k => k != "budget").Select(k => new ProposedQuestion(k, $"For Acme, about {k}: what can you tell me?")).ToList(),
        [new ProposedSkip("budget", "Their notes say 50k EUR is approved.")]);

    [Fact]
    public void A_valid_proposal_rewords_the_questions_in_the_plans_language_and_records_the_skip()
    {
        var (plan, rejected) = Valid().Apply(RulePlan());

        Assert.Null(rejected);
        Assert.Equal(InterviewPlan.LlmSource, plan!.Source);
        Assert.Equal(Keys.Where(k => k != "budget"), plan.Questions.Select(q => q.Key));
        Assert.Equal("For Acme, about challenge: what can you tell me?", plan.Questions[0].TextIn("en"));
        // The other languages keep the set's text, so a language switch still has every question.
        Assert.Equal(DefaultQuestionSet.Questions[0].TextIn("fr"), plan.Questions[0].TextIn("fr"));
        Assert.Equal("llm", plan.Questions[0].PersonalisedBecause);
        Assert.Equal(["budget"], plan.Skipped);
        Assert.Contains(plan.Known, f => f is { Dimension: BantDimension.Budget, Source: "llm" });
    }

    public static TheoryData<string, string> Broken() => new()
    {
        { "unknown key", "is not a planned question" },
        { "missing question", "exactly once" },
        { "duplicate", "exactly once" },
        { "reordered", "planned order" },
        { "two questions in one", "exactly one question" },
        { "placeholder", "placeholder" },
        { "link", "link" },
        { "too long", "characters" },
        { "skip without a fact", "known fact" },
        { "nothing asked", "at least one" },
        { "wrong script", "language" },
    };

    [Theory]
    [MemberData(nameof(Broken))]
    public void A_broken_proposal_is_rejected_with_its_reason(string broken, string reason)
    {
        var valid = Valid();
        var questions = valid.Questions.ToList();
        var skipped = valid.Skipped.ToList();
        var language = "en";
        switch (broken)
        {
            case "unknown key": questions[0] = questions[0] with { Key = "favourite-colour" }; break;
            case "missing question": questions.RemoveAt(1); break;
            case "duplicate": questions[1] = questions[0]; break;
            case "reordered": (questions[0], questions[1]) = (questions[1], questions[0]); break;
            case "two questions in one": questions[0] = questions[0] with { Text = "What hurts? And why?" }; break;
            case "placeholder": questions[0] = questions[0] with { Text = "What hurts at {company}?" }; break;
            case "link": questions[0] = questions[0] with { Text = "Have you seen https://example.com?" }; break;
            case "too long": questions[0] = questions[0] with { Text = new string('a', 400) + "?" }; break;
            case "skip without a fact": skipped[0] = skipped[0] with { KnownFact = " " }; break;
            case "nothing asked":
                skipped = [.. Keys.Select(k => new ProposedSkip(k, "known"))];
                questions = [];
                break;
            case "wrong script": language = "he"; break;
        }

        var (plan, rejected) = new PlanProposal(questions, skipped).Apply(RulePlan(language));

        Assert.Null(plan);
        Assert.Contains(reason, rejected, StringComparison.Ordinal);
    }
}
