using System.Text.Json;
using AiScheduler.Domain.Meetings.Analysis;

namespace AiScheduler.Functions.Meetings.Analysis;

/// <summary>
/// The JSON schema the LLM analyser asks the model to follow (structured outputs, <c>strict</c>), and the same rules
/// checked again in code on what comes back: a model may still send a score of 140, quote words nobody said, or leave
/// a field out. The model's <c>overall</c> and <c>status</c> are read only to be ignored: both are recomputed from the
/// four scores by <see cref="BantScoring"/>.
/// </summary>
public static class LlmAnalysisSchema
{
    public const string Name = "bant_analysis";
    public const int MaxListItems = 10;
    public const int MaxTextLength = 600;

    /// <summary>Dimension properties in schema order.</summary>
    public static readonly string[] Dimensions = ["budget", "authority", "need", "timeline"];

    /// <summary>List properties in schema order.</summary>
    public static readonly string[] Lists = ["painPoints", "opportunities", "nextSteps", "followUpQuestions", "keyInsights"];

    /// <summary>The schema text sent as <c>response_format.json_schema.schema</c>.</summary>
    public static string Schema { get; } = BuildSchema();

    /// <summary>
    /// Reads and checks the model's JSON against the transcript. Returns the analysis, or null with every problem found
    /// (each naming its field, e.g. <c>budget.quotes[0]</c>).
    /// </summary>
    public static (BantAnalysis? Analysis, IReadOnlyList<string> Errors) Validate(string json, IReadOnlyList<SpokenLine> transcript)
    {
        ArgumentNullException.ThrowIfNull(transcript);
        var errors = new List<string>();
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json ?? "");
        }
        catch (JsonException ex)
        {
            return (null, [$"the answer is not JSON: {ex.Message}"]);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, ["the answer is not a JSON object"]);
            }

            var leadLines = transcript.Where(line => line.IsLead).Select(line => AnalysisText.Normalize(line.Text)).ToList();
            var scores = new Dictionary<string, DimensionScore>(StringComparer.Ordinal);
            foreach (var name in Dimensions)
            {
                if (ReadDimension(root, name, leadLines, errors) is { } score)
                {
                    scores[name] = score;
                }
            }

            var lists = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
            foreach (var name in Lists)
            {
                lists[name] = ReadStrings(root, name, name, errors) ?? [];
            }

            if (errors.Count > 0)
            {
                return (null, errors);
            }

            return (new BantAnalysis(scores["budget"], scores["authority"], scores["need"], scores["timeline"],
                lists["painPoints"], lists["opportunities"], lists["nextSteps"], lists["followUpQuestions"], lists["keyInsights"]), []);
        }
    }

    /// <summary>The model's own overall score and status, when it sent them (for logging a disagreement only).</summary>
    public static (int? Overall, string? Status) ModelVerdict(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            int? overall = root.TryGetProperty("overall", out var o) && o.ValueKind == JsonValueKind.Number && o.TryGetInt32(out var value) ? value : null;
            var status = root.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
            return (overall, status);
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }

    /// <summary>Whether <paramref name="quote"/> occurs in one of the lead's lines (case, spacing and typographic quotes aside).</summary>
    public static bool OccursIn(string quote, IReadOnlyList<string> normalizedLeadLines)
    {
        ArgumentNullException.ThrowIfNull(normalizedLeadLines);
        var needle = AnalysisText.Normalize(quote ?? "").Trim('"', '\'', ' ', '.', ',', '!', '?', '…');
        return needle.Length > 0 && normalizedLeadLines.Any(line => line.Contains(needle, StringComparison.Ordinal));
    }

    private static DimensionScore? ReadDimension(JsonElement root, string name, IReadOnlyList<string> leadLines, List<string> errors)
    {
        if (!root.TryGetProperty(name, out var element) || element.ValueKind != JsonValueKind.Object)
        {
            errors.Add($"{name}: missing (an object with score, quotes and rationale is required)");
            return null;
        }

        int score;
        if (!element.TryGetProperty("score", out var scoreElement) || scoreElement.ValueKind != JsonValueKind.Number ||
            !scoreElement.TryGetInt32(out score))
        {
            errors.Add($"{name}.score: missing or not a whole number");
            return null;
        }

        if (score is < 0 or > 100)
        {
            errors.Add($"{name}.score: {score} is outside 0-100");
            return null;
        }

        var quotes = ReadStrings(element, "quotes", $"{name}.quotes", errors);
        var rationale = element.TryGetProperty("rationale", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() ?? "" : null;
        if (rationale is null)
        {
            errors.Add($"{name}.rationale: missing");
        }
        else if (rationale.Length > MaxTextLength)
        {
            errors.Add($"{name}.rationale: longer than {MaxTextLength} characters");
        }

        if (quotes is null || rationale is null)
        {
            return null;
        }

        var invented = false;
        for (var i = 0; i < quotes.Count; i++)
        {
            if (!OccursIn(quotes[i], leadLines))
            {
                errors.Add($"{name}.quotes[{i}]: \"{Shorten(quotes[i])}\" is not something the lead said");
                invented = true;
            }
        }

        if (score > RuleBasedBantAnalyzer.NotEstablished && quotes.Count == 0)
        {
            errors.Add($"{name}.quotes: a score above {RuleBasedBantAnalyzer.NotEstablished} must quote the lead");
            return null;
        }

        return invented ? null : new DimensionScore(score, quotes, rationale);
    }

    private static List<string>? ReadStrings(JsonElement parent, string property, string field, List<string> errors)
    {
        if (!parent.TryGetProperty(property, out var element) || element.ValueKind != JsonValueKind.Array)
        {
            errors.Add($"{field}: missing (an array of strings is required)");
            return null;
        }

        var items = new List<string>();
        var index = 0;
        foreach (var item in element.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(item.GetString()))
            {
                errors.Add($"{field}[{index}]: not a non-empty string");
            }
            else if (item.GetString()!.Length > MaxTextLength)
            {
                errors.Add($"{field}[{index}]: longer than {MaxTextLength} characters");
            }
            else
            {
                items.Add(item.GetString()!.Trim());
            }

            index++;
        }

        if (index > MaxListItems)
        {
            errors.Add($"{field}: more than {MaxListItems} items");
        }

        return items;
    }

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..77] + "...";

    private static string BuildSchema()
    {
        static object StringList(string description) => new { type = "array", description, items = new { type = "string" } };
        static object Dimension(string description) => new
        {
            type = "object",
            description,
            properties = new
            {
                score = new { type = "integer", description = "0-100; 20 when the meeting did not establish it, 5 when the lead ruled it out" },
                quotes = StringList("The lead's own words, copied verbatim from lines spoken by the lead, that justify the score"),
                rationale = new { type = "string", description = "One or two sentences for the sales team, in English" },
            },
            required = new[] { "score", "quotes", "rationale" },
            additionalProperties = false,
        };

        var schema = new
        {
            type = "object",
            properties = new
            {
                budget = Dimension("Budget: money available or approved for the purchase"),
                authority = Dimension("Authority: whether the lead decides or needs someone else's sign-off"),
                need = Dimension("Need: the problem or pain the lead wants solved, and its urgency"),
                timeline = Dimension("Timeline: when the lead intends to act"),
                overall = new { type = "integer", description = "Your overall 0-100 (informational; recomputed by the system)" },
                status = new { type = "string", @enum = new[] { "qualified", "nurture", "disqualified" } },
                painPoints = StringList("Pain points the lead described"),
                opportunities = StringList("Opportunities for the sales team"),
                nextSteps = StringList("Concrete next steps for the sales team"),
                followUpQuestions = StringList("Questions the sales team should ask the lead next"),
                keyInsights = StringList("Key insights about the lead"),
            },
            required = new[]
            {
                "budget", "authority", "need", "timeline", "overall", "status", "painPoints", "opportunities", "nextSteps",
                "followUpQuestions", "keyInsights",
            },
            additionalProperties = false,
        };
        return JsonSerializer.Serialize(schema);
    }
}
