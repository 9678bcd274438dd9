using System.Net.Http.Json;
using System.Text.Json;
using AiScheduler.Functions.Leads;
using AiScheduler.Functions.Meetings.Interview;
using AiScheduler.Functions.Store;
using AiScheduler.Functions.Tests.Infrastructure;
using AiScheduler.Functions.Tests.Llm;
using AiScheduler.Testing;
using Dapper;

namespace AiScheduler.Functions.Tests.Meetings;

/// <summary>
/// The LLM way to personalise a meeting's questions, against a chat-completions server speaking the real wire
/// protocol: the request asks for strict json_schema structured output; a valid answer becomes the plan, an invalid
/// one (or a failing model) leaves the rule-based plan.
/// </summary>
public sealed class LlmInterviewPlanTests(PostgresFixture postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly string[] Keys = ["challenge", "current-solution", "decision-makers", "budget", "timeline", "anything-else"];

    private async Task<(TestApp Host, Guid Meeting)> StartAsync(FakeChatCompletionsServer model)
    {
        var host = await TestApp.StartAsync(StoreProvider.Sqlite, postgres, model.AppSettings(), Ct);
        var lead = await MeetingTestHost.CreateLeadAsync(host.Client,
            new { name = "Avery Johnson", phone = "+12125550143", email = "avery@example.com", company = "Acme", notes = "Wants a demo." }, Ct);
        return (host, await BookAsync(host, lead, 9));
    }

    /// <summary>A booked meeting as booking writes it.</summary>
    private static Task<Guid> BookAsync(TestApp host, Lead lead, int hour) =>
        MeetingTestHost.BookAsync(host, lead, new DateTimeOffset(2026, 1, 7, hour, 0, 0, TimeSpan.Zero), Ct,
            fromCall: false, timeZone: "Europe/London", localStart: "2026-01-07T09:00");

    [Fact]
    public async Task A_valid_structured_answer_becomes_the_plan()
    {
        await using var model = await FakeChatCompletionsServer.StartAsync(Ct);
        model.Reply(ScriptedReply.Says(JsonSerializer.Serialize(new
        {
            questions = Keys.Where(k => k != "timeline").Select(k => new { key = k, text = $"At Acme, {k.Replace('-', ' ')}: what would you say?" }),
            skipped = new[] { new { key = "timeline", knownFact = "They want a demo this week." } },
        })));
        var (host, meeting) = await StartAsync(model);
        await using var _ = host;

        var questions = await host.Client.GetFromJsonAsync<MeetingQuestions>($"/api/meetings/{meeting}/questions", MeetingTestHost.Json, Ct);

        Assert.Equal("llm", questions!.Source);
        Assert.Equal("At Acme, challenge: what would you say?", questions.Questions[0].Text);
        Assert.Equal(["timeline"], questions.Skipped);
        var request = Assert.Single(model.Requests).Body;
        var format = request["response_format"]!;
        Assert.Equal("json_schema", format["type"]!.GetValue<string>());
        Assert.True(format["json_schema"]!["strict"]!.GetValue<bool>());
        Assert.Contains("Acme", request["messages"]!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invalid_answer_or_a_failing_model_leaves_the_rule_based_plan()
    {
        await using var model = await FakeChatCompletionsServer.StartAsync(Ct);
        model.Reply(
            ScriptedReply.Says(JsonSerializer.Serialize(new { questions = new[] { new { key = "budget", text = "How much? Really?" } }, skipped = Array.Empty<object>() })),
            ScriptedReply.Fails(500));
        var (host, first) = await StartAsync(model);
        await using var _ = host;
        var lead = (await host.Client.GetFromJsonAsync<LeadPage>("/api/leads", MeetingTestHost.Json, Ct))!.Items.Single();
        var second = await BookAsync(host, lead, 11);

        var invalid = await host.Client.GetFromJsonAsync<MeetingQuestions>($"/api/meetings/{first}/questions", MeetingTestHost.Json, Ct);
        var failed = await host.Client.GetFromJsonAsync<MeetingQuestions>($"/api/meetings/{second}/questions", MeetingTestHost.Json, Ct);

        Assert.Equal("rules", invalid!.Source);
        Assert.Equal(Keys, invalid.Questions.Select(q => q.Key));
        Assert.StartsWith("Thinking about Acme:", invalid.Questions[0].Text, StringComparison.Ordinal);
        Assert.Equal("rules", failed!.Source);
        Assert.Equal(2, model.Requests.Count);
    }
}
