using System.Globalization;

namespace AiScheduler.Domain.Meetings.Analysis;

/// <summary>
/// Spoken numbers in the five languages, in <see cref="AnalysisText"/> normal form: "fifty", "cinquante", "funfzig",
/// "cincuenta", "חמישים", compounds ("funfundzwanzig", "soixante-dix", "veinticinco" is not needed: "veinte y cinco"
/// is), and the scale words thousand and million ("tausend", "mille", "mil", "אלף", "מיליון"). Enough for amounts and
/// durations said in a sales meeting, not a general number reader.
/// </summary>
public static class NumberWords
{
    private static readonly Dictionary<string, decimal> Units = new(StringComparer.Ordinal)
    {
        // English
        ["one"] = 1, ["two"] = 2, ["three"] = 3, ["four"] = 4, ["five"] = 5, ["six"] = 6, ["seven"] = 7,
        ["eight"] = 8, ["nine"] = 9, ["ten"] = 10, ["eleven"] = 11, ["twelve"] = 12, ["fifteen"] = 15, ["twenty"] = 20,
        ["thirty"] = 30, ["forty"] = 40, ["fifty"] = 50, ["sixty"] = 60, ["seventy"] = 70, ["eighty"] = 80, ["ninety"] = 90,
        ["half"] = 0.5m, ["couple"] = 2, ["few"] = 3,
        // German (normal form: no umlauts)
        ["ein"] = 1, ["eine"] = 1, ["einen"] = 1, ["eins"] = 1, ["zwei"] = 2, ["drei"] = 3, ["vier"] = 4, ["funf"] = 5, ["sechs"] = 6,
        ["sieben"] = 7, ["acht"] = 8, ["neun"] = 9, ["zehn"] = 10, ["elf"] = 11, ["zwolf"] = 12, ["funfzehn"] = 15,
        ["zwanzig"] = 20, ["dreissig"] = 30, ["vierzig"] = 40, ["funfzig"] = 50, ["sechzig"] = 60, ["siebzig"] = 70,
        ["achtzig"] = 80, ["neunzig"] = 90, ["halbe"] = 0.5m, ["halben"] = 0.5m, ["paar"] = 2,
        // French
        ["un"] = 1, ["une"] = 1, ["deux"] = 2, ["trois"] = 3, ["quatre"] = 4, ["cinq"] = 5, ["sept"] = 7, ["huit"] = 8,
        ["neuf"] = 9, ["dix"] = 10, ["onze"] = 11, ["douze"] = 12, ["quinze"] = 15, ["vingt"] = 20, ["trente"] = 30,
        ["quarante"] = 40, ["cinquante"] = 50, ["soixante"] = 60, ["quatre-vingt"] = 80, ["quatre-vingts"] = 80,
        // Spanish
        ["uno"] = 1, ["una"] = 1, ["dos"] = 2, ["tres"] = 3, ["cuatro"] = 4, ["cinco"] = 5, ["seis"] = 6, ["siete"] = 7,
        ["ocho"] = 8, ["nueve"] = 9, ["diez"] = 10, ["once"] = 11, ["doce"] = 12, ["quince"] = 15, ["veinte"] = 20,
        ["treinta"] = 30, ["cuarenta"] = 40, ["cincuenta"] = 50, ["sesenta"] = 60, ["setenta"] = 70, ["ochenta"] = 80,
        ["noventa"] = 90, ["cien"] = 100, ["ciento"] = 100, ["doscientos"] = 200, ["trescientos"] = 300, ["quinientos"] = 500,
        ["medio"] = 0.5m, ["media"] = 0.5m,
        // Hebrew
        ["אחד"] = 1, ["אחת"] = 1, ["שניים"] = 2, ["שתיים"] = 2, ["שני"] = 2, ["שתי"] = 2, ["שלושה"] = 3, ["שלוש"] = 3,
        ["שלושת"] = 3, ["ארבעה"] = 4, ["ארבע"] = 4, ["ארבעת"] = 4, ["חמישה"] = 5, ["חמש"] = 5, ["חמשת"] = 5, ["שישה"] = 6,
        ["שש"] = 6, ["ששת"] = 6, ["שבעה"] = 7, ["שבע"] = 7, ["שמונה"] = 8, ["תשעה"] = 9, ["תשע"] = 9, ["עשרה"] = 10,
        ["עשר"] = 10, ["עשרת"] = 10, ["עשרים"] = 20, ["שלושים"] = 30, ["ארבעים"] = 40, ["חמישים"] = 50, ["שישים"] = 60,
        ["שבעים"] = 70, ["שמונים"] = 80, ["תשעים"] = 90, ["מאה"] = 100, ["מאתיים"] = 200, ["חצי"] = 0.5m,
    };

    private static readonly Dictionary<string, decimal> Hundreds = new(StringComparer.Ordinal)
    {
        ["hundred"] = 100, ["hundert"] = 100, ["cent"] = 100, ["cents"] = 100,
    };

    private static readonly Dictionary<string, decimal> Scales = new(StringComparer.Ordinal)
    {
        ["thousand"] = 1_000, ["k"] = 1_000, ["tausend"] = 1_000, ["mille"] = 1_000, ["mil"] = 1_000, ["אלף"] = 1_000,
        ["אלפים"] = 1_000, ["million"] = 1_000_000, ["millions"] = 1_000_000, ["millionen"] = 1_000_000, ["mio"] = 1_000_000,
        ["millon"] = 1_000_000, ["millones"] = 1_000_000, ["מיליון"] = 1_000_000, ["m"] = 1_000_000, ["mn"] = 1_000_000,
    };

    private static readonly string[] Connectors = ["and", "und", "et", "y", "-", "a", "an"];

    /// <summary>The multiplier of a scale word ("thousand", "k", "mio", "אלף"...), or null.</summary>
    public static decimal? ScaleOf(string word) =>
        Scales.TryGetValue(word.TrimEnd('.'), out var scale) ? scale : null;

    /// <summary>
    /// The value of spoken or written number words ("cinquante mille", "funfundzwanzigtausend", "two", "חמישים"), or
    /// null when any word is not a number word.
    /// </summary>
    public static decimal? Parse(IReadOnlyList<string> words)
    {
        ArgumentNullException.ThrowIfNull(words);
        var pieces = new List<string>();
        foreach (var word in words)
        {
            if (!Split(word, pieces))
            {
                return null;
            }
        }

        if (pieces.Count == 0)
        {
            return null;
        }

        decimal total = 0, current = 0;
        var any = false;
        foreach (var piece in pieces)
        {
            if (Units.TryGetValue(piece, out var unit))
            {
                current += unit;
                any = true;
            }
            else if (Hundreds.TryGetValue(piece, out var hundred))
            {
                current = (current == 0 ? 1 : current) * hundred;
                any = true;
            }
            else if (Scales.TryGetValue(piece, out var scale))
            {
                total += (current == 0 ? 1 : current) * scale;
                current = 0;
                any = true;
            }
            else if (decimal.TryParse(piece, NumberStyles.Number, CultureInfo.InvariantCulture, out var digits))
            {
                current += digits;
                any = true;
            }
        }

        return any ? total + current : null;
    }

    /// <summary>
    /// Splits one word into known pieces: itself, a hyphenated or "und"-joined compound ("funfundzwanzigtausend"), or a
    /// Hebrew word with the conjunction ו attached ("וחמישה"). False when the word is not made of number words.
    /// </summary>
    private static bool Split(string word, List<string> pieces)
    {
        if (Connectors.Contains(word, StringComparer.Ordinal))
        {
            return true;
        }

        if (IsKnown(word) || decimal.TryParse(word, NumberStyles.Number, CultureInfo.InvariantCulture, out _))
        {
            pieces.Add(word);
            return true;
        }

        if (word.Length > 1 && word[0] == 'ו' && IsKnown(word[1..]))
        {
            pieces.Add(word[1..]);
            return true;
        }

        if (word.Contains('-', StringComparison.Ordinal))
        {
            return word.Split('-', StringSplitOptions.RemoveEmptyEntries).All(part => Split(part, pieces));
        }

        // German writes numbers as one word: take the longest known word at the front, then the rest.
        for (var length = word.Length - 1; length >= 2; length--)
        {
            var head = word[..length];
            if (!IsKnown(head) && head != "und")
            {
                continue;
            }

            var rest = new List<string>();
            if (Split(word[length..], rest))
            {
                if (head != "und")
                {
                    pieces.Add(head);
                }

                pieces.AddRange(rest);
                return true;
            }
        }

        return false;
    }

    private static bool IsKnown(string word) => Units.ContainsKey(word) || Hundreds.ContainsKey(word) || Scales.ContainsKey(word);
}
