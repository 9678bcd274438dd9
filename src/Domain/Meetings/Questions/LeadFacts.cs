using System.Text.RegularExpressions;
using AiScheduler.Domain.Conversation;
using AiScheduler.Domain.Meetings.Interview;

namespace AiScheduler.Domain.Meetings.Questions;

/// <summary>
/// Finds BANT facts in what is known about a lead, in all five languages: custom fields by name (budget, role/title,
/// timeline, need/pain), and in free text (notes, the lead's answers on the qualifying call) an amount of money, a role
/// or title, a time frame, a need statement. Deliberately conservative: a fact it misses is asked in the meeting, a fact
/// it invents would skip a question.
/// </summary>
public static partial class LeadFacts
{
    private static readonly Dictionary<string, BantDimension> FieldNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["budget"] = BantDimension.Budget,
        ["budget_range"] = BantDimension.Budget,
        ["role"] = BantDimension.Authority,
        ["title"] = BantDimension.Authority,
        ["job_title"] = BantDimension.Authority,
        ["jobtitle"] = BantDimension.Authority,
        ["position"] = BantDimension.Authority,
        ["decision_maker"] = BantDimension.Authority,
        ["timeline"] = BantDimension.Timeline,
        ["timeframe"] = BantDimension.Timeline,
        ["deadline"] = BantDimension.Timeline,
        ["need"] = BantDimension.Need,
        ["pain"] = BantDimension.Need,
        ["pain_point"] = BantDimension.Need,
        ["challenge"] = BantDimension.Need,
    };

    public static IReadOnlyList<KnownFact> Find(LeadProfile lead)
    {
        ArgumentNullException.ThrowIfNull(lead);
        var facts = new List<KnownFact>();
        foreach (var (name, value) in lead.CustomFields ?? new Dictionary<string, string>())
        {
            var key = name.Trim().Replace(' ', '_').Replace('-', '_');
            if (!string.IsNullOrWhiteSpace(value) && FieldNames.TryGetValue(key, out var dimension))
            {
                facts.Add(new KnownFact(dimension, value.Trim(), $"custom-field:{name}"));
            }
        }

        if (!string.IsNullOrWhiteSpace(lead.Notes))
        {
            facts.AddRange(InText(lead.Notes, "notes"));
        }

        foreach (var answer in lead.CallAnswers)
        {
            facts.AddRange(InText(answer, "call"));
        }

        // One fact per dimension and source is enough to skip; keep the first (custom fields, then notes, then the call).
        return facts.DistinctBy(fact => (fact.Dimension, fact.Source)).ToList();
    }

    /// <summary>Facts in one free text, each valued with the sentence it was found in.</summary>
    public static IEnumerable<KnownFact> InText(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var sentence in Sentences().Split(text).Select(s => s.Trim()).Where(s => s.Length > 0))
        {
            var normalized = SpokenText.Normalize(sentence);
            if (Money().IsMatch(normalized) || (BudgetWord().IsMatch(normalized) && AnswerSignals.HasNumber(normalized)))
            {
                yield return new KnownFact(BantDimension.Budget, sentence, source);
            }

            if (Role().IsMatch(normalized))
            {
                yield return new KnownFact(BantDimension.Authority, sentence, source);
            }

            if (TimeFrame().IsMatch(normalized))
            {
                yield return new KnownFact(BantDimension.Timeline, sentence, source);
            }

            if (NeedStatement().IsMatch(normalized))
            {
                yield return new KnownFact(BantDimension.Need, sentence, source);
            }
        }
    }

    [GeneratedRegex(@"(?<=[.!?;])\s+|\n+")]
    private static partial Regex Sentences();

    // Normalised text: currency symbols are gone, so amounts are a number next to a currency word or code.
    [GeneratedRegex(@"\b\d[\d,. ]*\s*(k|m|thousand|million|mil|mille|millions?|tausend|millionen?|millones|אלף|אלפים|מיליון)?\s*(usd|eur|ils|nis|gbp|dollars?|euros?|shekels?|pounds?|dolares|dollar|שח|שקל|שקלים|דולר|יורו)\b|\b(usd|eur|ils|nis|gbp)\s*\d")]
    private static partial Regex Money();

    [GeneratedRegex(@"\b(budget|budgets|budgetiert|presupuesto|תקציב)\b")]
    private static partial Regex BudgetWord();

    [GeneratedRegex(@"\b(ceo|cto|cfo|coo|cio|cmo|vp|founder|co-founder|cofounder|owner|president|director|head of|decision maker|pdg|directeur|directrice|fondateur|fondatrice|gerant|gerante|responsable|geschaftsfuhrer|geschaftsfuhrerin|inhaber|inhaberin|leiter|leiterin|grunder|grunderin|vorstand|directora|gerente|fundador|fundadora|dueno|duena|jefe|jefa)\b|מנכ ?ל|סמנכ ?ל|מייסד|בעלים")]
    private static partial Regex Role();

    [GeneratedRegex(@"\b(next|this|within|by)\s+(quarter|month|year|week|spring|summer|autumn|fall|winter)\b|\bq[1-4]\b|\bin\s+\d+\s+(months?|weeks?|years?)\b|\b(prochain|ce|cette)\s+(trimestre|mois|annee|semaine)\b|\b(trimestre|mois|annee|semaine)\s+(prochaine?)\b|\bd'ici\s+\w+|\bdans\s+\d+\s+(mois|semaines?|ans?)\b|\b(nachstes|nachsten|dieses|diesen|diesem)\s+(quartal|monat|jahr|jahres)\b|\bin\s+\d+\s+(monaten|wochen|jahren)\b|\b(proximo|este|esta)\s+(trimestre|mes|ano|semana)\b|\ben\s+\d+\s+(meses|semanas|anos)\b|רבעון|בעוד \d+ (חודשים|שבועות)|השנה|החודש")]
    private static partial Regex TimeFrame();

    [GeneratedRegex(@"\b(we need|they need|needs? to|looking for|struggl\w*|problem|pain|challenge|ont besoin|avons besoin|a besoin|besoin de|probleme|cherche\w*|brauchen|braucht|suchen|sucht|herausforderung|necesita\w*|necesitamos|buscan|buscamos|problema|desafio)\b|צריכים|צריך|בעיה|מחפשים|אתגר")]
    private static partial Regex NeedStatement();
}
