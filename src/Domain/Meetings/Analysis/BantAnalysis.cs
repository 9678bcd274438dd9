namespace AiScheduler.Domain.Meetings.Analysis;

/// <summary>
/// One line of a meeting transcript as the analysers read it: who spoke (<see cref="Lead"/> for the lead; anything else,
/// e.g. <c>agent</c> or <c>rep</c>, is not evidence), what was said and when.
/// </summary>
public sealed record SpokenLine(string Speaker, string Text, DateTimeOffset At)
{
    public const string Lead = "lead";

    public bool IsLead => string.Equals(Speaker, Lead, StringComparison.OrdinalIgnoreCase);
}

/// <summary>
/// The score of one BANT dimension: 0-100, the lead's own words that justify it (verbatim transcript text) and a short
/// rationale for the sales team.
/// </summary>
public sealed record DimensionScore
{
    public DimensionScore(int score, IReadOnlyList<string> quotes, string rationale)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(score, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(score, 100);
        ArgumentNullException.ThrowIfNull(quotes);
        Score = score;
        Quotes = [.. quotes];
        Rationale = rationale ?? "";
    }

    public int Score { get; }

    public IReadOnlyList<string> Quotes { get; }

    public string Rationale { get; }
}

/// <summary>Where a lead stands after the meeting; wire names <c>qualified</c>, <c>nurture</c>, <c>disqualified</c>.</summary>
public enum QualificationStatus
{
    Qualified,
    Nurture,
    Disqualified,
}

/// <summary>
/// How the overall score and the qualification status follow from the four dimension scores. Decided here, in code, so a
/// model never sets them: an LLM's scores go through the same arithmetic as the rule-based analyser's.
/// </summary>
/// <remarks>
/// Weights: Budget 25 %, Authority 25 %, Need 30 %, Timeline 20 % (need weighs most: without a problem to solve nothing
/// else matters; timeline least: it moves). Overall = round(Σ weight × score), 0-100.
/// Status: <c>qualified</c> when overall ≥ 70 and every dimension ≥ 50; <c>disqualified</c> when overall &lt; 40 or
/// Need &lt; 20 (the lead said there is no need); <c>nurture</c> otherwise.
/// </remarks>
public static class BantScoring
{
    public const double BudgetWeight = 0.25;
    public const double AuthorityWeight = 0.25;
    public const double NeedWeight = 0.30;
    public const double TimelineWeight = 0.20;

    /// <summary>Overall score at or above which (with every dimension at least <see cref="QualifiedFloor"/>) a lead is qualified.</summary>
    public const int QualifiedOverall = 70;

    /// <summary>The lowest dimension score a qualified lead may have.</summary>
    public const int QualifiedFloor = 50;

    /// <summary>Overall score below which a lead is disqualified.</summary>
    public const int DisqualifiedBelow = 40;

    /// <summary>Need score below which a lead is disqualified whatever the rest (no problem to solve).</summary>
    public const int NoNeedBelow = 20;

    public static int Overall(int budget, int authority, int need, int timeline)
    {
        foreach (var score in new[] { budget, authority, need, timeline })
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(score, 0);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(score, 100);
        }

        var weighted = (BudgetWeight * budget) + (AuthorityWeight * authority) + (NeedWeight * need) + (TimelineWeight * timeline);
        return (int)Math.Round(weighted, MidpointRounding.AwayFromZero);
    }

    public static QualificationStatus StatusOf(int budget, int authority, int need, int timeline)
    {
        var overall = Overall(budget, authority, need, timeline);
        if (overall < DisqualifiedBelow || need < NoNeedBelow)
        {
            return QualificationStatus.Disqualified;
        }

        return overall >= QualifiedOverall && Math.Min(Math.Min(budget, authority), Math.Min(need, timeline)) >= QualifiedFloor
            ? QualificationStatus.Qualified
            : QualificationStatus.Nurture;
    }

    public static string ToWire(this QualificationStatus status) => status switch
    {
        QualificationStatus.Qualified => "qualified",
        QualificationStatus.Nurture => "nurture",
        _ => "disqualified",
    };

    public static bool TryParse(string? wire, out QualificationStatus status)
    {
        switch (wire)
        {
            case "qualified":
                status = QualificationStatus.Qualified;
                return true;
            case "nurture":
                status = QualificationStatus.Nurture;
                return true;
            case "disqualified":
                status = QualificationStatus.Disqualified;
                return true;
            default:
                status = default;
                return false;
        }
    }
}

/// <summary>
/// The BANT analysis of one meeting: four scored dimensions with their quotes, and what the sales team should know and do.
/// <see cref="Overall"/> and <see cref="Status"/> are computed from the four scores by <see cref="BantScoring"/>.
/// </summary>
public sealed record BantAnalysis(
    DimensionScore Budget,
    DimensionScore Authority,
    DimensionScore Need,
    DimensionScore Timeline,
    IReadOnlyList<string> PainPoints,
    IReadOnlyList<string> Opportunities,
    IReadOnlyList<string> NextSteps,
    IReadOnlyList<string> FollowUpQuestions,
    IReadOnlyList<string> KeyInsights)
{
    public int Overall => BantScoring.Overall(Budget.Score, Authority.Score, Need.Score, Timeline.Score);

    public QualificationStatus Status => BantScoring.StatusOf(Budget.Score, Authority.Score, Need.Score, Timeline.Score);
}
