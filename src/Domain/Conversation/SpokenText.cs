using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace AiScheduler.Domain.Conversation;

/// <summary>
/// Brings recognised speech into the one form every lexicon is written in: lower case, no diacritics (so "après",
/// "apres" and "aprés" all match), "ß" as "ss", Hebrew without niqqud, punctuation reduced to what dates, clock times
/// and e-mail addresses need (':', '/', '.', '@', the apostrophe).
/// </summary>
public static partial class SpokenText
{
    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lowered = text.ToLowerInvariant()
            .Replace('’', '\'').Replace('`', '\'').Replace('´', '\'').Replace('\u05F3', '\'')
            .Replace('\u05F4', '"').Replace("ß", "ss", StringComparison.Ordinal)
            // Hebrew abbreviations written with gershayim would otherwise lose their meaning with the quote.
            .Replace("אחה\"צ", "אחר הצהריים", StringComparison.Ordinal);

        var decomposed = lowered.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            builder.Append(char.IsLetterOrDigit(c) || c is ':' or '/' or '.' or '@' or '\'' or '_' ? c : ' ');
        }

        var cleaned = builder.ToString().Normalize(NormalizationForm.FormC);
        // A full stop after a word ends a sentence; after a digit it can be a German day ("am 3. März") or a date.
        cleaned = SentenceStop().Replace(cleaned, " ");
        return Whitespace().Replace(cleaned, " ").Trim();
    }

    /// <summary>Words of a normalised text (split on spaces).</summary>
    public static string[] Words(string normalized) =>
        normalized.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static bool HasHebrewLetters(string text)
    {
        foreach (var c in text)
        {
            if (c is >= '\u05D0' and <= '\u05EA')
            {
                return true;
            }
        }

        return false;
    }

    [GeneratedRegex(@"(?<=[\p{L}])\.(?=\s|$)|(?<=\s)\.|^\.")]
    private static partial Regex SentenceStop();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
