namespace AiScheduler.Domain.Meetings.Questions;

/// <summary>
/// A second opinion on a rule-based plan (the LLM way). Returns a plan that has passed
/// <see cref="PlanProposal.Apply"/>, or null to keep the rule-based plan.
/// </summary>
public interface IInterviewPlanPersonaliser
{
    Task<InterviewPlan?> PersonaliseAsync(InterviewPlan rulePlan, LeadProfile lead, CancellationToken cancellationToken);
}

/// <summary>One question as a model proposes to ask it: the planned question's key and its reworded text.</summary>
public sealed record ProposedQuestion(string Key, string Text);

/// <summary>A planned question the model proposes to leave out, and the fact about the lead that answers it already.</summary>
public sealed record ProposedSkip(string Key, string KnownFact);

/// <summary>
/// A model's proposal for a lead's interview: the rule-based plan's questions reworded for this lead, some left out
/// because the lead's record or call answers them. Nothing a model says is trusted: <see cref="Apply"/> accepts the
/// proposal only if it accounts for every planned question exactly once, keeps their order, asks one short question
/// per text in the plan's language and script, and explains every skip; otherwise the rule-based plan stands.
/// </summary>
public sealed record PlanProposal(IReadOnlyList<ProposedQuestion> Questions, IReadOnlyList<ProposedSkip> Skipped)
{
    public const int MaxTextLength = 300;

    /// <summary>The personalised plan, or the reason the proposal is rejected.</summary>
    public (InterviewPlan? Plan, string? Rejected) Apply(InterviewPlan rulePlan)
    {
        ArgumentNullException.ThrowIfNull(rulePlan);
        if (Questions is null || Skipped is null)
        {
            return (null, "questions and skipped are both required");
        }

        var planned = rulePlan.Questions.Select(q => q.Key).ToList();
        var named = Questions.Select(q => q.Key).Concat(Skipped.Select(s => s.Key)).ToList();
        if (named.FirstOrDefault(key => !planned.Contains(key, StringComparer.Ordinal)) is { } unknown)
        {
            return (null, $"'{unknown}' is not a planned question");
        }

        if (named.Count != planned.Count || named.Distinct(StringComparer.Ordinal).Count() != named.Count)
        {
            return (null, "every planned question must be asked or skipped exactly once");
        }

        if (Questions.Count == 0)
        {
            return (null, "at least one question must be asked");
        }

        var order = Questions.Select(q => planned.IndexOf(q.Key)).ToList();
        if (order.Zip(order.Skip(1)).Any(pair => pair.First > pair.Second))
        {
            return (null, "questions must keep the planned order");
        }

        var hebrew = rulePlan.Language == InterviewLanguages.Hebrew;
        foreach (var question in Questions)
        {
            var text = question.Text?.Trim() ?? "";
            if (text.Length == 0 || text.Length > MaxTextLength)
            {
                return (null, $"the text of '{question.Key}' must be 1 to {MaxTextLength} characters");
            }

            if (text.IndexOfAny(['{', '}', '<', '>']) >= 0 || text.Contains("http", StringComparison.OrdinalIgnoreCase))
            {
                return (null, $"the text of '{question.Key}' contains markup, a placeholder or a link");
            }

            if (!text.EndsWith('?') || text.Count(c => c == '?') > 1)
            {
                return (null, $"the text of '{question.Key}' must be exactly one question");
            }

            if (Conversation.SpokenText.HasHebrewLetters(text) != hebrew)
            {
                return (null, $"the text of '{question.Key}' is not in the plan's language ({rulePlan.Language})");
            }
        }

        if (Skipped.FirstOrDefault(skip => string.IsNullOrWhiteSpace(skip.KnownFact) || skip.KnownFact.Length > MaxTextLength) is { } unexplained)
        {
            return (null, $"skipping '{unexplained.Key}' needs the known fact (1 to {MaxTextLength} characters)");
        }

        var byKey = rulePlan.Questions.ToDictionary(q => q.Key, StringComparer.Ordinal);
        var questions = Questions.Select(proposed =>
        {
            var question = byKey[proposed.Key];
            var texts = question.Text.ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal);
            texts[rulePlan.Language] = proposed.Text.Trim();
            return question with { Text = texts, PersonalisedBecause = "llm" };
        }).ToList();
        var known = rulePlan.Known
            .Concat(Skipped.Select(skip => new KnownFact(byKey[skip.Key].Dimension, skip.KnownFact.Trim(), "llm")))
            .ToList();
        return (rulePlan with
        {
            Questions = questions,
            Known = known,
            Skipped = [.. rulePlan.Skipped, .. Skipped.Select(skip => skip.Key)],
            Source = InterviewPlan.LlmSource,
        }, null);
    }
}
