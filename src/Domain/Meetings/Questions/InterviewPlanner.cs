namespace AiScheduler.Domain.Meetings.Questions;

/// <summary>
/// The rule-based way to personalise a question set for one lead: the lead's language, the questions in the set's
/// order, the lead question of each BANT dimension already answered by the record or the qualifying call left out
/// (further questions of that dimension stay: the set's author added them to dig deeper), and the first question
/// bridged to the lead's company when it is known (templates in all five languages).
/// </summary>
public static class InterviewPlanner
{
    public static InterviewPlan Prepare(QuestionSet set, LeadProfile lead)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(lead);
        var language = InterviewLanguages.For(lead.Language);
        var known = LeadFacts.Find(lead);
        var knownDimensions = known.Select(fact => fact.Dimension).Where(d => d != BantDimension.Other).ToHashSet();

        var planned = new List<PlannedQuestion>();
        var skipped = new List<string>();
        var seenDimensions = new HashSet<BantDimension>();
        foreach (var question in set.Questions)
        {
            var isLeadQuestion = seenDimensions.Add(question.Dimension);
            if (isLeadQuestion && knownDimensions.Contains(question.Dimension))
            {
                skipped.Add(question.Key);
                continue;
            }

            planned.Add(PlannedQuestion.From(question));
        }

        var company = lead.Company?.Trim();
        if (planned.Count > 0 && !string.IsNullOrEmpty(company))
        {
            var first = planned[0];
            planned[0] = first with
            {
                Text = InterviewLanguages.All.ToDictionary(l => l, l => CompanyBridge(l, company, first.TextIn(l)), StringComparer.Ordinal),
                PersonalisedBecause = "company",
            };
        }

        return new InterviewPlan(language, planned, known, skipped, set.Competitors);
    }

    /// <summary>The first question said with the lead's company, e.g. "Thinking about Acme: what is ...?".</summary>
    public static string CompanyBridge(string language, string company, string question)
    {
        ArgumentNullException.ThrowIfNull(question);
        var lowered = question.Length > 1 && language is not InterviewLanguages.Hebrew && language is not InterviewLanguages.German
            ? char.ToLowerInvariant(question[0]) + question[1..]
            : question;
        return language switch
        {
            InterviewLanguages.Hebrew => $"לגבי {company}: {question}",
            InterviewLanguages.French => $"En pensant à {company} : {lowered}",
            InterviewLanguages.German => $"Mit Blick auf {company}: {question}",
            InterviewLanguages.Spanish => $"Pensando en {company}: {lowered}",
            _ => $"Thinking about {company}: {lowered}",
        };
    }
}
