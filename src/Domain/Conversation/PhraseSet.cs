using System.Text.RegularExpressions;

namespace AiScheduler.Domain.Conversation;

/// <summary>
/// Phrases in <see cref="SpokenText.Normalize"/> form (regex fragments, a space standing for any run of spaces) compiled
/// into one regex matched on word boundaries. Hebrew phrases may carry a one-letter prefix (ו, ה, ש, ב, ל) as callers
/// glue them on.
/// </summary>
internal sealed class PhraseSet
{
    // A bound against pathological input, not a latency budget: on a starved CPU (a loaded 2-core machine) a bound of
    // a few hundred milliseconds failed ordinary matches, and the matching itself takes microseconds.
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);
    private readonly Regex regex;

    public PhraseSet(IEnumerable<string> phrases)
    {
        var list = phrases.OrderByDescending(p => p.Length).ToArray();
        var body = list.Length == 0 ? "(?!)" : string.Join("|", list.Select(p => p.Replace(" ", @"\s+", StringComparison.Ordinal)));
        regex = new Regex($@"(?<![\p{{L}}\p{{N}}])(?:[והשבל](?=[\u05D0-\u05EA]))?(?:{body})(?![\p{{L}}\p{{N}}])",
            RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, Timeout);
    }

    /// <summary>The first phrase found in <paramref name="normalized"/> text, or null.</summary>
    public string? Find(string normalized)
    {
        var match = regex.Match(normalized);
        return match.Success ? match.Value : null;
    }

    public int Count(string normalized) => regex.Matches(normalized).Count;
}
