using System.Text.RegularExpressions;

namespace AiScheduler.Domain.Meetings.Analysis;

/// <summary>
/// The rule-based BANT analyser: reads the lead's sentences (never the agent's or the rep's) in any of the five
/// languages and scores each dimension from the evidence it finds, quoting the sentences verbatim.
/// </summary>
/// <remarks>
/// Evidence strengths: Budget: amount named 85 (95 with the budget approved), budget approved 75, a budget or willingness
/// to pay 60. Authority: decision maker (CEO, Geschäftsführer, PDG, director general, מנכ"ל, "I decide") 90, C-level 80,
/// director/VP/head of 70, manager 55; someone else must sign off caps it at 45 (40 without a title). Need: a need or a
/// pain 70, urgent 95 (80 alone). Timeline: the nearest horizon, <see cref="TimeFrame.Score"/>.
/// A hedged sentence ("maybe", "vielleicht", "peut-être", "quizás", "אולי") weighs 20 less. Several supporting sentences
/// add 5 (Need: 15). Explicit negative evidence ("we have no budget", "kein Budget", "no need", "no rush") alone scores 5;
/// mixed with positive evidence it takes 30 off. A dimension without evidence scores 20 (not established).
/// </remarks>
public static class RuleBasedBantAnalyzer
{
    public const int NotEstablished = 20;
    public const int NegativeOnly = 5;
    public const int HedgePenalty = 20;
    public const int MixedPenalty = 30;

    public static BantAnalysis Analyze(IReadOnlyList<SpokenLine> transcript)
    {
        ArgumentNullException.ThrowIfNull(transcript);
        var sentences = transcript
            .Where(line => line.IsLead && !string.IsNullOrWhiteSpace(line.Text))
            .SelectMany(line => AnalysisText.Sentences(line.Text))
            .Select(text => new Sentence(text, AnalysisText.Normalize(text)))
            .ToList();

        var budget = new Dimension();
        var authority = new Dimension();
        var need = new Dimension { SupportBonus = 15 };
        var timeline = new Dimension();
        var painPoints = new List<string>();
        var opportunities = new List<string>();
        var money = new List<MoneyMention>();
        var roles = new List<string>();
        var horizons = new List<TimeFrame>();
        var hedged = new List<string>();
        var signOff = false;
        var urgent = false;

        foreach (var sentence in sentences)
        {
            var text = sentence.Normalized;
            var hedge = BantLexicon.Hedge.IsMatch(text);
            // Hedge phrases such as "not sure" carry a negation word that negates nothing.
            var words = AnalysisText.Words(BantLexicon.Hedge.Replace(text, " "));
            var penalty = hedge ? HedgePenalty : 0;
            var evidence = false;

            // Budget
            var hasBudgetWord = BantLexicon.BudgetWords.IsMatch(text);
            var amounts = MoneyMention.Find(text).Where(m => m.Currency is not null || hasBudgetWord).ToList();
            if (BantLexicon.BudgetMissing.IsMatch(text) || NegatedBefore(words, BantLexicon.BudgetWords, 3))
            {
                budget.Negative(sentence.Original);
                evidence = true;
            }
            else if (amounts.Count > 0 || (hasBudgetWord && (BantLexicon.BudgetAllocated.IsMatch(text) || BantLexicon.BudgetMentioned.IsMatch(text))))
            {
                var allocated = BantLexicon.BudgetAllocated.IsMatch(text);
                var strength = amounts.Count > 0 ? (allocated ? 95 : 85) : allocated ? 75 : 60;
                budget.Positive(sentence.Original, strength - penalty);
                money.AddRange(amounts);
                evidence = true;
            }

            // Authority: a sign-off phrase wins over a decision phrase it contains ("ich entscheide nicht", "not my decision").
            var deciders = BantLexicon.DecisionMaker.Matches(text).Cast<Match>().ToList();
            var signOffs = BantLexicon.NeedsSignOff.Matches(text).Cast<Match>()
                .Where(s => !deciders.Any(d => Contains(d, s) && !Contains(s, d))).ToList();
            deciders = deciders.Where(d => !signOffs.Any(s => Contains(s, d))).ToList();
            var title = deciders.Count > 0 ? (90, deciders[0].Value)
                : BantLexicon.Executive.Match(text) is { Success: true } executive ? (80, executive.Value)
                : BantLexicon.Senior.Match(text) is { Success: true } senior ? (70, senior.Value)
                : BantLexicon.Manager.Match(text) is { Success: true } manager ? (55, manager.Value)
                : (0, "");
            if (signOffs.Count > 0)
            {
                signOff = true;
                authority.Capped(sentence.Original, title.Item1 >= 55 ? 45 : 40);
                evidence = true;
            }
            else if (title.Item1 > 0)
            {
                authority.Positive(sentence.Original, title.Item1 - penalty);
                roles.Add(title.Item2);
                evidence = true;
            }

            // Need
            var pain = BantLexicon.Pain.IsMatch(text);
            var stated = BantLexicon.NeedStatement.IsMatch(text);
            var isUrgent = BantLexicon.Urgent.IsMatch(text);
            if (BantLexicon.NoNeed.IsMatch(text))
            {
                need.Negative(sentence.Original);
                evidence = true;
            }
            else if (pain || stated || isUrgent)
            {
                var strength = (pain || stated) ? (isUrgent ? 95 : 70) : 80;
                need.Positive(sentence.Original, strength - penalty);
                urgent |= isUrgent;
                if (pain)
                {
                    painPoints.Add(sentence.Original);
                }

                evidence = true;
            }

            // Timeline: a horizon in a sentence about a past pain ("we lost two deals this month") is not a plan.
            if (BantLexicon.NoTimeline.IsMatch(text))
            {
                timeline.Negative(sentence.Original);
                evidence = true;
            }
            else if ((!pain || stated) && TimeFrame.Find(text) is { } horizon)
            {
                timeline.Positive(sentence.Original, horizon.Score - penalty);
                horizons.Add(horizon);
                evidence = true;
            }

            if (BantLexicon.Opportunity.IsMatch(text))
            {
                opportunities.Add(sentence.Original);
            }

            if (hedge && evidence)
            {
                hedged.Add(sentence.Original);
            }
        }

        var budgetScore = budget.Score(
            money.Count > 0 ? $"Amount named: {string.Join(", ", money.Distinct())}." : "A budget or willingness to pay was mentioned.",
            "The lead said there is no budget.");
        var authorityScore = authority.Score(
            roles.Count > 0 ? $"Role: {string.Join(", ", roles.Distinct(StringComparer.Ordinal))} ({(authority.Best >= 90 ? "decision maker" : "influencer")})." : "",
            "");
        if (signOff)
        {
            authorityScore = new DimensionScore(authorityScore.Score, authorityScore.Quotes,
                "Someone else must approve or sign off." + (roles.Count > 0 ? $" Role: {string.Join(", ", roles.Distinct(StringComparer.Ordinal))}." : ""));
        }

        var needScore = need.Score(
            $"{need.SupportCount} need or pain statement{(need.SupportCount == 1 ? "" : "s")}{(urgent ? ", urgent" : "")}.",
            "The lead said there is no need.");
        var nearest = horizons.OrderBy(h => h.Months).FirstOrDefault();
        var timelineScore = timeline.Score(
            nearest is null ? "" : $"Nearest horizon: about {Math.Round(nearest.Months, 1)} month(s) (\"{nearest.Phrase}\").",
            "The lead has no time frame or is in no hurry.");

        var insights = new List<string>();
        AddInsight(insights, "Budget", budgetScore);
        AddInsight(insights, "Authority", authorityScore);
        AddInsight(insights, "Need", needScore);
        AddInsight(insights, "Timeline", timelineScore);
        if (hedged.Count > 0)
        {
            insights.Add($"The lead hedged {hedged.Count} answer{(hedged.Count == 1 ? "" : "s")}.");
        }

        if (money.Count > 0)
        {
            opportunities.Add($"Budget available: {money[0]}.");
        }

        var draft = new BantAnalysis(budgetScore, authorityScore, needScore, timelineScore,
            Distinct(painPoints, 5), Distinct(opportunities, 5), [], [], insights);
        return draft with
        {
            NextSteps = NextSteps(draft, signOff),
            FollowUpQuestions = FollowUpQuestions(draft, signOff, hedged),
        };
    }

    /// <summary>What the sales team does next, from the status and the weakest dimensions.</summary>
    public static IReadOnlyList<string> NextSteps(BantAnalysis analysis, bool signOff)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        var steps = new List<string>();
        switch (analysis.Status)
        {
            case QualificationStatus.Qualified:
                steps.Add("Send a tailored proposal within two business days.");
                steps.Add("Book a product demo with the decision maker.");
                break;
            case QualificationStatus.Nurture:
                steps.Add("Keep the lead warm: send relevant material and follow up in a few weeks.");
                break;
            default:
                steps.Add("Close the opportunity for now; keep the lead in the long-term newsletter.");
                return steps;
        }

        if (signOff || analysis.Authority.Score < 50)
        {
            steps.Add("Arrange a meeting with the person who signs off.");
        }

        if (analysis.Budget.Score < 50)
        {
            steps.Add("Confirm the budget range before preparing a proposal.");
        }

        if (analysis.Timeline.Score < 50)
        {
            steps.Add("Agree on a target date for a decision.");
        }

        return steps;
    }

    /// <summary>Questions the sales team should ask next: one per weak dimension, one per hedged answer.</summary>
    public static IReadOnlyList<string> FollowUpQuestions(BantAnalysis analysis, bool signOff, IReadOnlyList<string> hedged)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        ArgumentNullException.ThrowIfNull(hedged);
        var questions = new List<string>();
        if (analysis.Budget.Score < 60)
        {
            questions.Add("What budget range has been set aside for this, and who holds it?");
        }

        if (signOff || analysis.Authority.Score < 60)
        {
            questions.Add("Who else is involved in the decision, and how does their approval work?");
        }

        if (analysis.Need.Score < 60)
        {
            questions.Add("What does the current process cost you today, in time or in money?");
        }

        if (analysis.Timeline.Score < 60)
        {
            questions.Add("By when do you need a solution in place, and what drives that date?");
        }

        foreach (var quote in hedged.Distinct(StringComparer.Ordinal).Take(2))
        {
            questions.Add($"The lead was unsure: \"{quote}\". What would make it certain?");
        }

        return questions;
    }

    /// <summary>
    /// Whether a word matching <paramref name="keyword"/> has a negation among the <paramref name="window"/> words before
    /// it ("we have no budget", "kein Budget", "pas de budget", "no tenemos presupuesto", "אין לנו תקציב").
    /// </summary>
    private static bool NegatedBefore(IReadOnlyList<string> words, Regex keyword, int window)
    {
        for (var i = 0; i < words.Count; i++)
        {
            if (!keyword.IsMatch(words[i]))
            {
                continue;
            }

            for (var j = Math.Max(0, i - window - 1); j < i; j++)
            {
                if (IsNegation(words[j]))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool IsNegation(string word) =>
        BantLexicon.Negations.Contains(word) || word.EndsWith("n't", StringComparison.Ordinal) ||
        (word.Length > 2 && word[0] == 'ו' && BantLexicon.Negations.Contains(word[1..]));

    private static bool Contains(Match outer, Match inner) =>
        outer.Index <= inner.Index && inner.Index + inner.Length <= outer.Index + outer.Length;

    private static void AddInsight(List<string> insights, string name, DimensionScore score)
    {
        if (score.Rationale.Length > 0)
        {
            insights.Add($"{name} {score.Score}/100: {score.Rationale}");
        }
    }

    private static List<string> Distinct(List<string> items, int max) => items.Distinct(StringComparer.Ordinal).Take(max).ToList();

    private sealed record Sentence(string Original, string Normalized);

    /// <summary>Evidence gathered for one dimension.</summary>
    private sealed class Dimension
    {
        private readonly List<(string Quote, int Strength)> positives = [];
        private readonly List<string> negatives = [];
        private readonly List<(string Quote, int Cap)> caps = [];

        public int SupportBonus { get; init; } = 5;

        public int SupportCount => positives.Select(p => p.Quote).Distinct(StringComparer.Ordinal).Count();

        public int Best => positives.Count == 0 ? 0 : positives.Max(p => p.Strength);

        public void Positive(string quote, int strength) => positives.Add((quote, Math.Clamp(strength, 0, 100)));

        public void Negative(string quote) => negatives.Add(quote);

        public void Capped(string quote, int cap) => caps.Add((quote, cap));

        public DimensionScore Score(string positiveRationale, string negativeRationale)
        {
            var quotes = positives.Select(p => p.Quote).Concat(caps.Select(c => c.Quote)).Concat(negatives)
                .Distinct(StringComparer.Ordinal).Take(3).ToList();
            if (positives.Count == 0 && caps.Count == 0)
            {
                return negatives.Count == 0
                    ? new DimensionScore(NotEstablished, [], "Not established in the meeting.")
                    : new DimensionScore(NegativeOnly, quotes, negativeRationale);
            }

            var score = positives.Count == 0 ? caps.Max(c => c.Cap) : Best + (SupportCount >= 2 ? SupportBonus : 0);
            if (caps.Count > 0)
            {
                score = Math.Min(score, caps.Max(c => c.Cap));
            }

            if (negatives.Count > 0)
            {
                score -= MixedPenalty;
            }

            var rationale = negatives.Count > 0 ? $"{positiveRationale} Mixed: {negativeRationale}".Trim() : positiveRationale;
            return new DimensionScore(Math.Clamp(score, 0, 100), quotes, rationale);
        }
    }
}
