namespace AiScheduler.Domain.Meetings.Questions;

/// <summary>What in an answer makes the interviewer ask a question's follow-up.</summary>
public enum FollowUpTrigger
{
    /// <summary>The answer hedges ("maybe", "not sure", "it depends") or says too little to use.</summary>
    Vague,

    /// <summary>The answer carries no number (an amount, a head count, a date) where one was asked for.</summary>
    MissingNumber,

    /// <summary>The answer names a competitor from the set's list; the follow-up text may say <c>{competitor}</c>.</summary>
    Competitor,
}

/// <summary>The wire names of <see cref="FollowUpTrigger"/> ("vague", "missing-number", "competitor").</summary>
public static class FollowUpTriggers
{
    public static IReadOnlyList<string> Names { get; } = ["vague", "missing-number", "competitor"];

    public static string Name(this FollowUpTrigger trigger) => trigger switch
    {
        FollowUpTrigger.Vague => "vague",
        FollowUpTrigger.MissingNumber => "missing-number",
        _ => "competitor",
    };

    public static bool TryParse(string? name, out FollowUpTrigger trigger)
    {
        switch (name?.Trim().ToLowerInvariant())
        {
            case "vague": trigger = FollowUpTrigger.Vague; return true;
            case "missing-number" or "missingnumber": trigger = FollowUpTrigger.MissingNumber; return true;
            case "competitor": trigger = FollowUpTrigger.Competitor; return true;
            default: trigger = FollowUpTrigger.Vague; return false;
        }
    }
}

/// <summary>A follow-up asked when <see cref="When"/> holds for the answer, with its text per language.</summary>
public sealed record FollowUpRule(FollowUpTrigger When, IReadOnlyDictionary<string, string> Text)
{
    public string TextIn(string language) => LocalizedText.In(Text, language);
}

/// <summary>
/// One question of a set: a stable key (unique in its set), its BANT dimension, its text per language (at least
/// English; other languages fall back to English when missing) and its follow-up rules, asked at most once each.
/// </summary>
public sealed record Question(string Key, BantDimension Dimension, IReadOnlyDictionary<string, string> Text, IReadOnlyList<FollowUpRule> FollowUps)
{
    public string TextIn(string language) => LocalizedText.In(Text, language);
}

/// <summary>An ordered list of questions and the competitor names its follow-ups listen for.</summary>
public sealed record QuestionSet(string Name, IReadOnlyList<Question> Questions, IReadOnlyList<string> Competitors);

/// <summary>Picks a text in a language, falling back to English, then to any text there is.</summary>
public static class LocalizedText
{
    public static string In(IReadOnlyDictionary<string, string> texts, string language)
    {
        ArgumentNullException.ThrowIfNull(texts);
        if (texts.TryGetValue(language, out var text) && !string.IsNullOrWhiteSpace(text))
        {
            return text;
        }

        if (texts.TryGetValue(InterviewLanguages.English, out var english) && !string.IsNullOrWhiteSpace(english))
        {
            return english;
        }

        return texts.Values.FirstOrDefault(value => !string.IsNullOrWhiteSpace(value)) ?? "";
    }
}
