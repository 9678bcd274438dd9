using System.Globalization;
using System.Text.RegularExpressions;

namespace AiScheduler.Domain.Meetings.Analysis;

/// <summary>An amount of money named in a sentence: the value and the ISO 4217 currency when one was said.</summary>
public sealed record MoneyMention(decimal Amount, string? Currency)
{
    public override string ToString() => Currency is null
        ? Amount.ToString("#,0.##", CultureInfo.InvariantCulture)
        : $"{Amount.ToString("#,0.##", CultureInfo.InvariantCulture)} {Currency}";

    /// <summary>
    /// Amounts in a normalised sentence: "$50k", "50,000 dollars", "50.000 €", "€1,5 mio", "cinquante mille euros",
    /// "funfzigtausend euro", "50 אלף ש"ח", "half a million". A bare number counts only with a currency or a scale
    /// ("20 people" is not money; "20k" is).
    /// </summary>
    public static IReadOnlyList<MoneyMention> Find(string normalized)
    {
        ArgumentNullException.ThrowIfNull(normalized);
        var found = new List<MoneyMention>();
        var taken = new List<(int Start, int End)>();
        foreach (Match match in Digits.Matches(normalized))
        {
            var currency = CurrencyOf(match.Groups["pre"].Value) ?? CurrencyOf(match.Groups["post"].Value);
            var scale = match.Groups["scale"].Success ? NumberWords.ScaleOf(match.Groups["scale"].Value) : null;
            if (currency is null && scale is null)
            {
                continue;
            }

            if (ParseDigits(match.Groups["num"].Value) is { } value)
            {
                found.Add(new MoneyMention(value * (scale ?? 1), currency));
                taken.Add((match.Index, match.Index + match.Length));
            }
        }

        foreach (Match match in Spoken.Matches(normalized))
        {
            if (taken.Any(t => match.Index < t.End && t.Start < match.Index + match.Length))
            {
                continue;
            }

            var currency = CurrencyOf(match.Groups["cur"].Value);
            var words = AnalysisText.Words(match.Groups["words"].Value);
            // The longest run of number words just before the currency ("a budget of fifty thousand" → "fifty thousand").
            for (var start = 0; start < words.Count; start++)
            {
                if (NumberWords.Parse(words.Skip(start).ToList()) is { } value && value > 0 && HasScaleOrTens(words.Skip(start)))
                {
                    found.Add(new MoneyMention(value, currency));
                    break;
                }
            }
        }

        return found;
    }

    private static bool HasScaleOrTens(IEnumerable<string> words) =>
        words.Any(w => NumberWords.ScaleOf(w) is not null || w.EndsWith("tausend", StringComparison.Ordinal) || NumberWords.Parse([w]) >= 10);

    /// <summary>ISO code of a currency symbol or word, or null.</summary>
    public static string? CurrencyOf(string token) => token.Trim().TrimEnd('.') switch
    {
        "" => null,
        "$" or "us$" or "usd" or "dollar" or "dollars" or "dolar" or "dolares" or "דולר" or "דולרים" => "USD",
        "€" or "eur" or "euro" or "euros" or "אירו" => "EUR",
        "£" or "gbp" or "pound" or "pounds" or "livre" or "livres" or "libra" or "libras" or "pfund" or "ליש\"ט" => "GBP",
        "₪" or "ils" or "nis" or "ש\"ח" or "שח" or "שקל" or "שקלים" or "shekel" or "shekels" => "ILS",
        "chf" or "franken" or "francs suisses" => "CHF",
        _ => null,
    };

    /// <summary>"50,000", "50.000", "50 000", "50'000" are fifty thousand; "1,5" and "1.5" are one and a half.</summary>
    private static decimal? ParseDigits(string raw)
    {
        var compact = raw.Replace(" ", "", StringComparison.Ordinal).Replace("'", "", StringComparison.Ordinal).TrimEnd('.', ',');
        var last = compact.LastIndexOfAny(['.', ',']);
        string canonical;
        if (last < 0)
        {
            canonical = compact;
        }
        else if (compact.Length - last - 1 == 3)
        {
            canonical = compact.Replace(".", "", StringComparison.Ordinal).Replace(",", "", StringComparison.Ordinal);
        }
        else
        {
            canonical = compact[..last].Replace(".", "", StringComparison.Ordinal).Replace(",", "", StringComparison.Ordinal) + "." + compact[(last + 1)..];
        }

        return decimal.TryParse(canonical, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) ? value : null;
    }

    private const string CurrencyWords =
        @"usd|eur|gbp|ils|nis|chf|dollars?|dolares|euros?|pounds?|livres?|libras?|pfund|franken|shekels?|ש""ח|שח|שקלים|שקל|דולרים|דולר|אירו";

    private const string ScaleWords = @"k|m|mn|mio\.?|millions?|millionen|millones|millon|thousand|tausend|mille|mil|אלף|אלפים|מיליון";

    private static readonly Regex Digits = AnalysisText.Pattern(
        $@"(?<![\p{{L}}\p{{N}}])(?<pre>[$€£₪]|us\$|(?:{CurrencyWords})\s)?\s?(?<num>\d{{1,3}}(?:[., ']\d{{3}})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?)\s?(?<scale>{ScaleWords})?(?![\p{{L}}\p{{N}}])\s?(?<post>[$€£₪](?![\p{{L}}\p{{N}}])|(?:{CurrencyWords})(?![\p{{L}}\p{{N}}]))?");

    private static readonly Regex Spoken = AnalysisText.Pattern(
        $@"(?<words>(?:[\p{{L}}\-]+\s){{0,4}}[\p{{L}}\-]*(?:{ScaleWords}|tausend))\s(?<cur>{CurrencyWords}|[$€£₪])(?![\p{{L}}\p{{N}}])");
}
