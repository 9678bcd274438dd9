using System.Text.RegularExpressions;

namespace AiScheduler.Domain.Meetings.Analysis;

/// <summary>
/// When the lead means to act, as a horizon in months: "asap" ½, "this quarter" 3, "next quarter" 5, "by the end of
/// the year" 6, "next year" 12, "in zwei Monaten" 2, "d'ici trois mois" 3, "el año que viene" 12, "בעוד חודשיים" 2.
/// </summary>
public sealed record TimeFrame(double Months, string Phrase)
{
    /// <summary>The nearest horizon named in a normalised sentence, or null.</summary>
    public static TimeFrame? Find(string normalized)
    {
        ArgumentNullException.ThrowIfNull(normalized);
        var found = new List<TimeFrame>();
        foreach (var (pattern, months) in Fixed)
        {
            if (pattern.Match(normalized) is { Success: true } match)
            {
                found.Add(new TimeFrame(months, match.Value));
            }
        }

        foreach (Match match in Relative.Matches(normalized))
        {
            var words = AnalysisText.Words(match.Groups["n"].Value);
            if (NumberWords.Parse(words) is { } n && n > 0)
            {
                var unit = match.Groups["unit"].Value;
                var months = unit switch
                {
                    _ when unit.StartsWith("week", StringComparison.Ordinal) || unit.StartsWith("woche", StringComparison.Ordinal) ||
                           unit.StartsWith("semaine", StringComparison.Ordinal) || unit.StartsWith("semana", StringComparison.Ordinal) ||
                           unit == "שבועות" => (double)n / 4.3,
                    _ when unit.StartsWith("year", StringComparison.Ordinal) || unit.StartsWith("jahr", StringComparison.Ordinal) ||
                           unit.StartsWith("an", StringComparison.Ordinal) || unit == "שנים" => (double)n * 12,
                    _ => (double)n,
                };
                found.Add(new TimeFrame(months, match.Value));
            }
        }

        return found.OrderBy(f => f.Months).FirstOrDefault();
    }

    /// <summary>Score of a horizon: within a month 95, a quarter 85, half a year 70, a year 45, later 25.</summary>
    public int Score => Months switch
    {
        <= 1.01 => 95,
        <= 3.01 => 85,
        <= 6.01 => 70,
        <= 12.01 => 45,
        _ => 25,
    };

    private static readonly (Regex Pattern, double Months)[] Fixed =
    [
        (AnalysisText.Phrases(
            "asap", "as soon as possible", "immediately", "right away", "right now", "this week", "next week", "urgently",
            "sofort", "so schnell wie moglich", "umgehend", "diese woche", "nachste woche", "nachsten woche",
            "immediatement", "des que possible", "tout de suite", "au plus vite", "cette semaine", "la semaine prochaine",
            "inmediatamente", "lo antes posible", "cuanto antes", "ya mismo", "esta semana", "la proxima semana", "la semana que viene",
            "מיד", "מייד", "בהקדם", "כמה שיותר מהר", "השבוע", "בשבוע הבא"), 0.5),
        (AnalysisText.Phrases(
            "this month", "within a month", "in a month", "in one month",
            "diesen monat", "in diesem monat", "in einem monat", "innerhalb eines monats",
            "ce mois-ci", "ce mois ci", "dans un mois", "d'ici un mois", "sous un mois",
            "este mes", "en un mes", "dentro de un mes",
            "החודש", "תוך חודש", "בעוד חודש"), 1),
        (AnalysisText.Phrases(
            "next month", "nachsten monat", "nachster monat", "im nachsten monat", "le mois prochain", "el proximo mes",
            "el mes que viene", "חודש הבא", "בחודש הבא"), 1.5),
        (AnalysisText.Phrases(
            "a couple of months", "in a couple months", "zwei monaten", "deux mois", "dos meses", "חודשיים"), 2),
        (AnalysisText.Phrases(
            "this quarter", "end of the quarter", "end of quarter", "a few months", "in the coming months",
            "dieses quartal", "diesem quartal", "ende des quartals", "in den nachsten monaten",
            "ce trimestre", "fin du trimestre", "dans les prochains mois",
            "este trimestre", "fin de trimestre", "en los proximos meses",
            "הרבעון הזה", "ברבעון הזה", "סוף הרבעון", "בחודשים הקרובים"), 3),
        (AnalysisText.Phrases(
            "next quarter", "nachstes quartal", "nachsten quartal", "trimestre prochain", "prochain trimestre",
            "proximo trimestre", "trimestre que viene", "רבעון הבא", "ברבעון הבא"), 5),
        (AnalysisText.Phrases(
            "by the end of the year", "end of the year", "end of year", "this year", "later this year", "in six months",
            "in the second half", "half a year",
            "bis ende des jahres", "bis jahresende", "ende des jahres", "dieses jahr", "in diesem jahr", "noch in diesem jahr", "halbes jahr",
            "d'ici la fin de l'annee", "avant la fin de l'annee", "fin de l'annee", "fin d'annee", "cette annee", "d'ici six mois",
            "antes de fin de ano", "a finales de ano", "para fin de ano", "fin de ano", "finales de ano", "este ano", "medio ano",
            "עד סוף השנה", "סוף השנה", "השנה", "חצי שנה"), 6),
        (AnalysisText.Phrases(
            "next year", "next fiscal year", "in a year", "within a year",
            "nachstes jahr", "nachsten jahr", "im nachsten jahr", "in einem jahr",
            "l'annee prochaine", "l'an prochain", "dans un an",
            "el proximo ano", "el ano que viene", "el ano proximo", "en un ano",
            "שנה הבאה", "בשנה הבאה", "בעוד שנה", "תוך שנה"), 12),
    ];

    private static readonly Regex Relative = AnalysisText.Pattern(
        @"(?<![\p{L}\p{N}])(?:in|within|in the next|over the next|innerhalb von|innerhalb|binnen|dans|d'ici|sous|en|dentro de|en los proximos|בעוד|תוך)\s" +
        @"(?<n>[\p{L}\d\-]+(?:\s[\p{L}\d\-]+)?)\s" +
        @"(?<unit>weeks?|months?|years?|wochen|monaten|monate|jahren|semaines|mois|ans|annees|semanas|meses|anos|שבועות|חודשים|שנים)(?![\p{L}\p{N}])");
}
