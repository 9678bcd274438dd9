using System.Text.Json;
using System.Text.Json.Nodes;
using AiScheduler.Domain.Meetings.Analysis;
using AiScheduler.Functions.Meetings.Analysis;
using AiScheduler.Functions.Providers.Llm;
using AiScheduler.Functions.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.Tests.Llm;

/// <summary>
/// The LLM analyser against the fake chat-completions server (real wire protocol): the request asks for structured
/// outputs, and what comes back is validated in code: invented quotes, scores out of range and missing fields are
/// rejected, the model's overall and status are replaced by the computed ones, and the rules take over when the
/// model's answer is unusable.
/// </summary>
public sealed class LlmBantAnalyzerTests : IAsyncLifetime
{
    private static readonly DateTimeOffset At = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);

    private static readonly IReadOnlyList<SpokenLine> Transcript =
    [
        new("ai", "Do you have a budget for this? Is it around $90k?", At),
        new(SpokenLine.Lead, "Yes, we set aside $40k for this project.", At.AddSeconds(10)),
        new("ai", "Who decides?", At.AddSeconds(20)),
        new(SpokenLine.Lead, "I'm the COO, but the CEO signs off.", At.AddSeconds(30)),
        new(SpokenLine.Lead, "We lose deals because our follow-up is manual.", At.AddSeconds(40)),
        new(SpokenLine.Lead, "We want it live next quarter.", At.AddSeconds(50)),
    ];

    private FakeChatCompletionsServer model = null!;

    public async ValueTask InitializeAsync() => model = await FakeChatCompletionsServer.StartAsync(TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync() => await model.DisposeAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private LlmBantAnalyzer Analyzer()
    {
        var options = new LlmOptions
        {
            Provider = LlmOptions.OpenAiProvider,
            BaseUrl = new Uri(model.BaseAddress, "v1/"),
            ApiKey = "sk-test-key",
            Model = "gpt-4.1-mini",
        };
        return new LlmBantAnalyzer(LlmServiceCollectionExtensions.CreateChatClient(options), Options.Create(options), TestClocks.StartingAt(TestClocks.Default),
            NullLogger<LlmBantAnalyzer>.Instance);
    }

    private static JsonObject Answer() => new()
    {
        ["budget"] = Dimension(85, "Yes, we set aside $40k for this project."),
        ["authority"] = Dimension(45, "the CEO signs off"),
        ["need"] = Dimension(75, "We lose deals because our follow-up is manual."),
        ["timeline"] = Dimension(70, "We want it live next quarter."),
        // The model's own verdict disagrees with the arithmetic; the system recomputes it.
        ["overall"] = 12,
        ["status"] = "disqualified",
        ["painPoints"] = new JsonArray("Deals lost to manual follow-up"),
        ["opportunities"] = new JsonArray("Budget of $40k set aside"),
        ["nextSteps"] = new JsonArray("Meet the CEO"),
        ["followUpQuestions"] = new JsonArray("What does the CEO need to see to sign off?"),
        ["keyInsights"] = new JsonArray("COO champions the project"),
    };

    private static JsonObject Dimension(int score, params string[] quotes) => new()
    {
        ["score"] = score,
        ["quotes"] = new JsonArray(quotes.Select(q => (JsonNode)q).ToArray()),
        ["rationale"] = "From the lead's words.",
    };

    [Fact]
    public async Task A_valid_structured_answer_is_used_with_the_overall_and_status_recomputed_in_code()
    {
        model.Reply(ScriptedReply.Says(Answer().ToJsonString()));

        var (analysis, failure) = await Analyzer().AnalyzeAsync(Transcript, "en-US", Ct);

        Assert.Null(failure);
        Assert.Equal((85, 45, 75, 70), (analysis!.Budget.Score, analysis.Authority.Score, analysis.Need.Score, analysis.Timeline.Score));
        Assert.Equal(BantScoring.Overall(85, 45, 75, 70), analysis.Overall);
        Assert.NotEqual(12, analysis.Overall);
        Assert.Equal(QualificationStatus.Nurture, analysis.Status);
        Assert.Equal(["the CEO signs off"], analysis.Authority.Quotes);

        var request = Assert.Single(model.Received);
        Assert.EndsWith("/chat/completions", request.Path, StringComparison.Ordinal);
        var format = request.Body["response_format"]!;
        Assert.Equal("json_schema", format["type"]!.GetValue<string>());
        Assert.Equal(LlmAnalysisSchema.Name, format["json_schema"]!["name"]!.GetValue<string>());
        Assert.True(format["json_schema"]!["strict"]!.GetValue<bool>());
        var schema = format["json_schema"]!["schema"]!;
        Assert.False(schema["additionalProperties"]!.GetValue<bool>());
        Assert.Contains("budget", schema["required"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Contains("[lead]", RecordedRequest.TextOf(request.Messages[1]!["content"]), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("budget", "Do you have a budget for this? Is it around $90k?", "budget.quotes[0]")] // the agent said it, not the lead
    [InlineData("need", "Our churn doubled last year.", "need.quotes[0]")] // nobody said it
    public async Task A_quote_the_lead_never_said_is_rejected(string dimension, string quote, string field)
    {
        var answer = Answer();
        answer[dimension] = Dimension(80, quote);
        model.Reply(ScriptedReply.Says(answer.ToJsonString()));

        var (analysis, failure) = await Analyzer().AnalyzeAsync(Transcript, "en-US", Ct);

        Assert.Null(analysis);
        Assert.Contains(field, failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(140, "budget.score: 140 is outside 0-100")]
    [InlineData(-5, "budget.score: -5 is outside 0-100")]
    public async Task A_score_out_of_range_is_rejected(int score, string error)
    {
        var answer = Answer();
        answer["budget"]!["score"] = score;
        model.Reply(ScriptedReply.Says(answer.ToJsonString()));

        var (analysis, failure) = await Analyzer().AnalyzeAsync(Transcript, "en-US", Ct);

        Assert.Null(analysis);
        Assert.Contains(error, failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_fields_unquoted_scores_and_non_json_are_rejected_naming_the_field()
    {
        var answer = Answer();
        answer.Remove("timeline");
        answer["need"] = Dimension(90);
        answer["painPoints"] = new JsonArray(3);

        var (analysis, errors) = LlmAnalysisSchema.Validate(answer.ToJsonString(), Transcript);
        var (_, notJson) = LlmAnalysisSchema.Validate("Sure! Here is the analysis:", Transcript);

        Assert.Null(analysis);
        Assert.Contains(errors, e => e.StartsWith("timeline: missing", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("need.quotes: a score above 20 must quote the lead", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("painPoints[0]", StringComparison.Ordinal));
        Assert.StartsWith("the answer is not JSON", Assert.Single(notJson), StringComparison.Ordinal);
    }

    [Fact]
    public void Quotes_match_whatever_the_case_spacing_and_typographic_quotes()
    {
        var lines = new[] { AnalysisText.Normalize("We’re losing   deals every week.") };

        Assert.True(LlmAnalysisSchema.OccursIn("we're losing deals", lines));
        Assert.True(LlmAnalysisSchema.OccursIn("\"We’re losing deals every week.\"", lines));
        Assert.False(LlmAnalysisSchema.OccursIn("we are losing deals", lines));
        Assert.False(LlmAnalysisSchema.OccursIn("  ", lines));
    }

    [Fact]
    public async Task The_rules_take_over_when_the_model_answer_is_invalid_or_the_model_fails()
    {
        var invented = Answer();
        invented["budget"] = Dimension(95, "We have a million dollars.");
        model.Reply(ScriptedReply.Says(invented.ToJsonString()), ScriptedReply.Fails(500));
        var analyzer = new MeetingAnalyzer(Analyzer(), NullLogger<MeetingAnalyzer>.Instance);

        var rejected = await analyzer.AnalyzeAsync(Transcript, "en-US", Ct);
        var failed = await analyzer.AnalyzeAsync(Transcript, "en-US", Ct);
        var rulesOnly = await new MeetingAnalyzer(null, NullLogger<MeetingAnalyzer>.Instance).AnalyzeAsync(Transcript, "en-US", Ct);

        Assert.Equal(AnalysisSource.RulesFallback, rejected.Source);
        Assert.Contains("budget.quotes[0]", rejected.FallbackReason, StringComparison.Ordinal);
        Assert.Equal(AnalysisSource.RulesFallback, failed.Source);
        Assert.Contains("HTTP 500", failed.FallbackReason, StringComparison.Ordinal);
        Assert.Equal(AnalysisSource.Rules, rulesOnly.Source);
        // The fallback is the rule-based analysis of the same transcript.
        Assert.Equal(JsonSerializer.Serialize(AnalysisValues.From(rulesOnly.Analysis)), JsonSerializer.Serialize(AnalysisValues.From(rejected.Analysis)));
        Assert.Equal(["Yes, we set aside $40k for this project."], rejected.Analysis.Budget.Quotes);
    }
}
