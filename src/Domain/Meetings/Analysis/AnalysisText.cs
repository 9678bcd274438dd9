using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace AiScheduler.Domain.Meetings.Analysis;

/// <summary>
/// The form every analysis phrase is written in: lower case, no diacritics ("décide" = "decide", "fünf" = "funf",
/// "año" = "ano"), "ß" as "ss", typographic quotes made plain (Hebrew gershayim as <c>"</c>, geresh as <c>'</c>),
/// one space between words. Unlike the call lexicon's normal form it keeps currency symbols, digits with their
/// separators and punctuation, which amounts need.
/// </summary>
public static partial class AnalysisText
{
    // A bound against pathological input, not a latency budget: on a starved CPU (a loaded 2-core machine) a bound of
    // a few hundred milliseconds failed ordinary matches, and the matching itself takes microseconds.
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(2);

    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lowered = text.ToLowerInvariant()
            .Replace('’', '\'').Replace('‘', '\'').Replace('`', '\'').Replace('´', '\'').Replace('\u05F3', '\'')
            .Replace('\u05F4', '"').Replace('“', '"').Replace('”', '"').Replace("ß", "ss", StringComparison.Ordinal)
            .Replace('\u00A0', ' ').Replace('\u202F', ' ').Replace('\u2009', ' ');
        var decomposed = lowered.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                builder.Append(c);
            }
        }

        return Whitespace().Replace(builder.ToString().Normalize(NormalizationForm.FormC), " ").Trim();
    }

    /// <summary>
    /// One regular expression matching any of <paramref name="phrases"/> (regex fragments in normal form) as whole words.
    /// A phrase starting with a Hebrew letter may carry up to two one-letter prefixes (ו, ה, ב, ל, ש, מ, כ), as written
    /// Hebrew attaches them.
    /// </summary>
    public static Regex Phrases(params string[] phrases)
    {
        ArgumentNullException.ThrowIfNull(phrases);
        var alternatives = phrases.Select(p => IsHebrewLetter(p[0]) ? "[ובהלשמכ]{0,2}" + p : p);
        return new Regex($@"(?<![\p{{L}}\p{{N}}])(?:{string.Join('|', alternatives)})(?![\p{{L}}\p{{N}}])",
            RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, MatchTimeout);
    }

    /// <summary>A free-form pattern with the same timeout (transcripts are input from outside).</summary>
    public static Regex Pattern(string pattern) => new(pattern, RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, MatchTimeout);

    /// <summary>The words of a normalised text: letters, digits, apostrophes and Hebrew quote marks inside words.</summary>
    public static IReadOnlyList<string> Words(string normalized) =>
        WordPattern().Matches(normalized).Select(m => m.Value).ToList();

    /// <summary>
    /// The sentences of a transcript line, verbatim (so each is a substring of the line): split after '!', '?', ';' and
    /// after a full stop that ends a word, except after abbreviations such as "Mio." or "ca.".
    /// </summary>
    public static IReadOnlyList<string> Sentences(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        return SentenceBreak().Split(line).Select(s => s.Trim()).Where(s => s.Length > 0).ToList();
    }

    public static bool IsHebrewLetter(char c) => c is >= '\u05D0' and <= '\u05EA';

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"[\p{L}\p{N}]+(?:['""][\p{L}\p{N}]+)*'?")]
    private static partial Regex WordPattern();

    [GeneratedRegex(@"(?<=[!?;]|(?<![\d]|\b(?:mio|mrd|ca|bzw|etc|env|aprox|approx|mr|mrs|dr|st|no|nr))\.)\s+", RegexOptions.IgnoreCase)]
    private static partial Regex SentenceBreak();
}
