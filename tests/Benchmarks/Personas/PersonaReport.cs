using System.Globalization;
using System.Text;

namespace AiScheduler.Benchmarks.Personas;

/// <summary>Accuracy over a group of personas (one language, or all).</summary>
internal sealed record AccuracyFigures(int Personas, int OutcomesCorrect, int NamedTimes, int NamedTimesCorrect)
{
    public double OutcomeAccuracy => Personas == 0 ? 0 : Math.Round(100.0 * OutcomesCorrect / Personas, 1);

    public double NamedTimeAccuracy => NamedTimes == 0 ? 0 : Math.Round(100.0 * NamedTimesCorrect / NamedTimes, 1);

    public static AccuracyFigures Of(IReadOnlyCollection<PersonaCallResult> results) => new(
        results.Count,
        results.Count(r => r.OutcomeCorrect),
        results.Count(r => r.NamedTimeCorrect is not null),
        results.Count(r => r.NamedTimeCorrect == true));

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"outcomes {OutcomesCorrect}/{Personas} ({OutcomeAccuracy:0.0} %), named times {NamedTimesCorrect}/{NamedTimes} ({NamedTimeAccuracy:0.0} %)");
}

/// <summary>
/// A persona whose call did not end as expected: <see cref="Kind"/> is <c>outcome</c> (the call ended otherwise) or
/// <c>time</c> (the right outcome at another time than the caller named); what it expected, what happened, and how the
/// call ended.
/// </summary>
internal sealed record PersonaMiss(string Id, string Language, string File, string Kind, string Expected, string Got, string CallLocal,
    IReadOnlyList<string> LastTurns);

/// <summary>The benchmark's answer: accuracy overall and per language, and every miss with the end of its transcript.</summary>
internal sealed record PersonaReport(
    string Library,
    string Store,
    string CallInstant,
    AccuracyFigures Overall,
    IReadOnlyDictionary<string, AccuracyFigures> Languages,
    IReadOnlyList<PersonaMiss> Misses)
{
    private const int TurnsShown = 6;

    public static PersonaReport From(string library, string store, CallInstant at, IReadOnlyList<PersonaCallResult> results) => new(
        library,
        store,
        at.ToString(),
        AccuracyFigures.Of(results),
        results.GroupBy(r => r.Persona.LanguageGroup).OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => AccuracyFigures.Of(g.ToList()), StringComparer.Ordinal),
        results.Where(r => !r.Correct).Select(Miss).ToList());

    /// <summary>One line: the figures a reader compares between runs.</summary>
    public string Summary()
    {
        var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"Personas ({Overall.Personas}, {CallInstant}, {Store}): {Overall.Describe()}.");
        foreach (var (language, figures) in Languages)
        {
            text.Append(CultureInfo.InvariantCulture, $" {language}: {figures.OutcomesCorrect}/{figures.Personas} outcomes, {figures.NamedTimesCorrect}/{figures.NamedTimes} times;");
        }

        return text.ToString().TrimEnd(';') + $". {Misses.Count} misses.";
    }

    /// <summary>The summary line followed by every miss and its last turns.</summary>
    public string ToText()
    {
        var text = new StringBuilder(Summary()).AppendLine();
        foreach (var miss in Misses)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- {miss.Id} [{miss.Language}, called {miss.CallLocal}]: wrong {miss.Kind}: expected {miss.Expected}, got {miss.Got}");
            foreach (var turn in miss.LastTurns)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"    {turn}");
            }
        }

        return text.ToString();
    }

    private static PersonaMiss Miss(PersonaCallResult result)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(result.TimeZone);
        var callLocal = TimeZoneInfo.ConvertTime(result.CallUtc, zone).ToString("ddd yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " " + result.TimeZone;
        return new PersonaMiss(
            result.Persona.Id,
            result.Persona.Language,
            result.Persona.File,
            result.OutcomeCorrect ? "time" : "outcome",
            Describe(result.Persona.Expect.Outcome, result.ExpectedLocal),
            Describe(result.Outcome, result.GotLocal),
            callLocal,
            result.Transcript.TakeLast(TurnsShown).ToList());
    }

    private static string Describe(string outcome, DateTime? local) =>
        local is { } at ? outcome + " " + at.ToString("ddd yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : outcome;
}
