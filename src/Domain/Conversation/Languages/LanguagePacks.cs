namespace AiScheduler.Domain.Conversation.Languages;

/// <summary>The languages the rule-based agent speaks. A language tag is matched on its primary subtag, so "fr-CA"
/// is served by the French pack and "en-GB" by the English one.</summary>
public static class LanguagePacks
{
    public static LanguagePack English { get; } = new English();

    public static LanguagePack Hebrew { get; } = new Hebrew();

    public static LanguagePack French { get; } = new French();

    public static LanguagePack German { get; } = new German();

    public static LanguagePack Spanish { get; } = new Spanish();

    public static IReadOnlyList<LanguagePack> All { get; } = [English, Hebrew, French, German, Spanish];

    public static bool TryFind(string? languageTag, out LanguagePack pack)
    {
        var primary = languageTag?.Split('-', '_')[0].Trim();
        foreach (var candidate in All)
        {
            if (string.Equals(candidate.Tag.Split('-')[0], primary, StringComparison.OrdinalIgnoreCase)
                || (string.Equals(primary, "iw", StringComparison.OrdinalIgnoreCase) && candidate == Hebrew))
            {
                pack = candidate;
                return true;
            }
        }

        pack = English;
        return false;
    }

    /// <summary>The pack for a tag, English when the language is not supported.</summary>
    public static LanguagePack For(string? languageTag) => TryFind(languageTag, out var pack) ? pack : English;
}
