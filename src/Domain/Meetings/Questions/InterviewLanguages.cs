namespace AiScheduler.Domain.Meetings.Questions;

/// <summary>The five languages questions are written and interviews are held in, by their primary subtag.</summary>
public static class InterviewLanguages
{
    public const string English = "en";
    public const string Hebrew = "he";
    public const string French = "fr";
    public const string German = "de";
    public const string Spanish = "es";

    public static IReadOnlyList<string> All { get; } = [English, Hebrew, French, German, Spanish];

    public static bool IsSupported(string? language) => language is not null && All.Contains(language, StringComparer.Ordinal);

    /// <summary>The interview language for a lead's tag ("fr-CA" → "fr"); English when the tag is none of the five.</summary>
    public static string For(string? tag)
    {
        var primary = tag?.Split('-', '_')[0].Trim().ToLowerInvariant();
        return primary is not null && All.Contains(primary, StringComparer.Ordinal) ? primary : English;
    }
}
