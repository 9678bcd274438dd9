namespace AiScheduler.Domain.Meetings.Questions;

/// <summary>One question as planned for one lead: the set's question, possibly reworded for this lead (all languages).</summary>
public sealed record PlannedQuestion(
    string Key,
    BantDimension Dimension,
    IReadOnlyDictionary<string, string> Text,
    IReadOnlyList<FollowUpRule> FollowUps,
    string? PersonalisedBecause = null)
{
    public string TextIn(string language) => LocalizedText.In(Text, language);

    public static PlannedQuestion From(Question question)
    {
        ArgumentNullException.ThrowIfNull(question);
        return new PlannedQuestion(question.Key, question.Dimension, question.Text, question.FollowUps);
    }
}

/// <summary>Something about the lead already known before the meeting, and where it was learned
/// (<c>notes</c>, <c>custom-field:{name}</c>, <c>call</c>).</summary>
public sealed record KnownFact(BantDimension Dimension, string Value, string Source);

/// <summary>
/// The personalised, ordered interview for one lead in one language (the language it starts in; every question keeps
/// its text in all languages so the lead can switch). <see cref="Skipped"/> lists the questions left out because
/// <see cref="Known"/> already answers them. <see cref="Source"/> is <c>rules</c> or <c>llm</c>.
/// </summary>
public sealed record InterviewPlan(
    string Language,
    IReadOnlyList<PlannedQuestion> Questions,
    IReadOnlyList<KnownFact> Known,
    IReadOnlyList<string> Skipped,
    IReadOnlyList<string> Competitors,
    string Source = InterviewPlan.RulesSource)
{
    public const string RulesSource = "rules";
    public const string LlmSource = "llm";
}

/// <summary>What is known about a lead before its meeting: its record and what it said on the qualifying call.</summary>
public sealed record LeadProfile(
    string? Name,
    string? Company,
    string? Notes,
    IReadOnlyDictionary<string, string>? CustomFields,
    string Language,
    IReadOnlyList<string> CallAnswers);
