using System.Text.RegularExpressions;
using AiScheduler.Domain.Conversation.Languages;

namespace AiScheduler.Domain.Conversation;

/// <summary>
/// Finds an e-mail address in recognised speech, written ("dana@example.com") or spoken ("dana at example dot com",
/// "d a n a dot cohen arobase exemple point fr", "דנה שטרודל ג'ימייל נקודה קום"). Spoken symbol words come from the
/// language's <see cref="Lexicon.EmailWords"/> and English's (people often spell addresses in English).
/// </summary>
public static partial class SpokenEmail
{
    private static readonly string[] Separators = [".", "_", "-"];

    public static bool IsValid(string? email) => email is not null && Address().IsMatch(email);

    public static string? Find(string text, LanguagePack language)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(language);
        var literal = Written().Match(text.ToLowerInvariant());
        if (literal.Success)
        {
            return literal.Value.TrimEnd('.');
        }

        var normalized = " " + SpokenText.Normalize(text) + " ";
        foreach (var pack in new[] { language, LanguagePacks.English }.Distinct())
        {
            foreach (var (pattern, written) in pack.Compiled.EmailWords)
            {
                normalized = pattern.Replace(normalized, $" {written} ");
            }
        }

        var tokens = SpokenText.Words(normalized);
        var at = Array.LastIndexOf(tokens, "@");
        if (at <= 0)
        {
            return null;
        }

        var local = LocalPart(tokens, at);
        var domain = DomainPart(tokens, at);
        var candidate = $"{local}@{domain}";
        return IsValid(candidate) ? candidate : null;
    }

    /// <summary>Walks back from "@": a word, or a run of spelled single characters, joined by separators.</summary>
    private static string LocalPart(string[] tokens, int at)
    {
        var parts = new List<string>();
        var i = at - 1;
        while (i >= 0)
        {
            if (!Label().IsMatch(tokens[i]))
            {
                break;
            }

            if (tokens[i].Length == 1)
            {
                while (i >= 0 && tokens[i].Length == 1 && Label().IsMatch(tokens[i]))
                {
                    parts.Insert(0, tokens[i--]);
                }
            }
            else
            {
                parts.Insert(0, tokens[i--]);
            }

            if (i >= 1 && Separators.Contains(tokens[i]) && Label().IsMatch(tokens[i - 1]))
            {
                parts.Insert(0, tokens[i--]);
                continue;
            }

            break;
        }

        return string.Concat(parts);
    }

    private static string DomainPart(string[] tokens, int at)
    {
        var parts = new List<string>();
        var i = at + 1;
        while (i < tokens.Length && DomainLabel().IsMatch(tokens[i]))
        {
            parts.Add(tokens[i++]);
            if (i + 1 < tokens.Length && tokens[i] is "." or "-" && DomainLabel().IsMatch(tokens[i + 1]))
            {
                parts.Add(tokens[i++]);
                continue;
            }

            break;
        }

        return string.Concat(parts).TrimEnd('.');
    }

    [GeneratedRegex(@"^[a-z0-9._%+-]+@[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}$")]
    private static partial Regex Address();

    [GeneratedRegex(@"[a-z0-9._%+-]+@[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}")]
    private static partial Regex Written();

    [GeneratedRegex(@"^[a-z0-9]+(\.[a-z0-9]+)*$")]
    private static partial Regex Label();

    [GeneratedRegex(@"^[a-z0-9-]+(\.[a-z0-9-]+)*$")]
    private static partial Regex DomainLabel();
}
