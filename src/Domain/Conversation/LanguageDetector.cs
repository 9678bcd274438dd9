using AiScheduler.Domain.Conversation.Languages;

namespace AiScheduler.Domain.Conversation;

/// <summary>
/// Notices a caller answering in another supported language: Hebrew by its script, the others by their frequent
/// words (<see cref="Lexicon.MarkerWords"/>). A switch needs clear evidence (two marker words of the other language
/// and none of the current one, or a wide margin) so "OK" or a name never flips the call.
/// </summary>
public static class LanguageDetector
{
    public static LanguagePack Detect(string text, LanguagePack current)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(current);
        if (SpokenText.HasHebrewLetters(text))
        {
            return LanguagePacks.Hebrew;
        }

        var words = SpokenText.Words(SpokenText.Normalize(text))
            .Where(w => !w.Contains('@', StringComparison.Ordinal) && !w.Any(char.IsDigit))
            .ToArray();
        if (words.Length == 0)
        {
            return current;
        }

        var currentScore = current == LanguagePacks.Hebrew ? 0 : Score(current, words);
        var best = LanguagePacks.All
            .Where(p => p != LanguagePacks.Hebrew)
            .Select(p => (Pack: p, Score: Score(p, words)))
            .OrderByDescending(p => p.Score)
            .First();
        if (best.Pack == current || best.Score < 2)
        {
            return current;
        }

        return currentScore == 0 || best.Score >= currentScore + 3 ? best.Pack : current;
    }

    private static int Score(LanguagePack pack, string[] words) => words.Count(pack.Compiled.MarkerWords.Contains);
}
