using System.Net.Http.Json;
using System.Text.Json;
using AiScheduler.Domain.Meetings.Interview;
using AiScheduler.Functions.Leads;
using AiScheduler.Functions.Meetings.Interview;
using AiScheduler.Functions.Providers.Llm;
using AiScheduler.Functions.Store;
using AiScheduler.Functions.Tests.Infrastructure;
using AiScheduler.Functions.Tests.Llm;
using AiScheduler.Testing;
using Dapper;

namespace AiScheduler.Functions.Tests.Meetings;

/// <summary>
/// The meeting interview with an LLM configured, against a chat-completions server speaking the real wire protocol:
/// after an answer the rules have no follow-up for, the model acknowledges it and may ask one context-aware follow-up
/// (strict json_schema structured output, checked in code); invalid output or a failing model leaves the rule-based turn.
/// </summary>
public sealed class LlmInterviewerTests(PostgresFixture postgres)
{
    private const string Planner = "You prepare the questions";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task With_a_model_the_interview_acknowledges_the_answer_and_asks_the_follow_up_the_model_wrote_for_it()
    {
        await using var model = await FakeChatCompletionsServer.StartAsync(Ct);
        model.ReplyWhenPromptMentions(Planner, ScriptedReply.Fails(500));
        model.ReplyWhenPromptMentions(LlmInterviewer.Role, ScriptedReply.Says(JsonSerializer.Serialize(new
        {
            acknowledgement = "Losing leads to slow scheduling really hurts.",
            followUp = "Roughly how many leads slipped away like that last month?",
        })));
        var (host, meeting) = await StartAsync(model);
        await using var _ = host;
        var interviews = host.Services.GetRequiredService<MeetingInterviews>();
        await interviews.BeginAsync(Workspaces.DefaultId, meeting, "room", Ct);

        var turn = await interviews.AnswerAsync(Workspaces.DefaultId, meeting, TranscriptSpeakers.Lead,
            "We lose leads because booking meetings by hand takes our reps far too long.", Ct);

        Assert.Equal(InterviewAction.FollowedUp, turn.Action);
        Assert.Equal("Losing leads to slow scheduling really hurts. Roughly how many leads slipped away like that last month?", turn.Say);
        var request = Assert.Single(model.Received, r => r.SystemPrompt.Contains(LlmInterviewer.Role, StringComparison.Ordinal)).Body;
        var format = request["response_format"]!;
        Assert.Equal("json_schema", format["type"]!.GetValue<string>());
        Assert.Equal("interview_follow_up", format["json_schema"]!["name"]!.GetValue<string>());
        Assert.True(format["json_schema"]!["strict"]!.GetValue<bool>());
        // The model sees the question, the answer and the lead: its follow-up is about this answer.
        var context = request["messages"]!.ToJsonString();
        Assert.Contains("booking meetings by hand", context, StringComparison.Ordinal);
        Assert.Contains("main challenge", context, StringComparison.Ordinal);
        Assert.Contains("Avery Johnson", context, StringComparison.Ordinal);

        // The answer to the model's follow-up is recorded as such; the rules go on (the model is not asked about a
        // follow-up's answer: one follow-up per question at most).
        var next = await interviews.AnswerAsync(Workspaces.DefaultId, meeting, TranscriptSpeakers.Lead, "About twenty leads last month.", Ct);

        Assert.Equal(InterviewAction.Asked, next.Action);
        Assert.Contains("What are you using today", next.Say, StringComparison.Ordinal);
        Assert.Equal((ModelFollowUp.Name, "About twenty leads last month."), (next.State.Answers[^1].FollowUp, next.State.Answers[^1].Text));
        Assert.Single(model.Received, r => r.SystemPrompt.Contains(LlmInterviewer.Role, StringComparison.Ordinal));
        var transcript = await interviews.TranscriptAsync(Workspaces.DefaultId, meeting, Ct);
        Assert.Contains(transcript, line => line.Speaker == TranscriptSpeakers.Ai && line.Text.EndsWith("slipped away like that last month?", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_a_follow_up_the_models_acknowledgement_opens_the_rules_next_question()
    {
        await using var model = await FakeChatCompletionsServer.StartAsync(Ct);
        model.ReplyWhenPromptMentions(Planner, ScriptedReply.Fails(500));
        model.ReplyWhenPromptMentions(LlmInterviewer.Role, ScriptedReply.Says("""{"acknowledgement":"Ten hours a week is a lot of lost selling time.","followUp":null}"""));
        var (host, meeting) = await StartAsync(model);
        await using var _ = host;
        var interviews = host.Services.GetRequiredService<MeetingInterviews>();
        await interviews.BeginAsync(Workspaces.DefaultId, meeting, "room", Ct);

        var turn = await interviews.AnswerAsync(Workspaces.DefaultId, meeting, TranscriptSpeakers.Lead,
            "Our reps lose ten hours a week booking meetings by hand.", Ct);

        Assert.Equal(InterviewAction.Asked, turn.Action);
        Assert.StartsWith("Ten hours a week is a lot of lost selling time. ", turn.Say, StringComparison.Ordinal);
        Assert.EndsWith("What are you using today to handle this?", turn.Say, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_output_or_a_failing_model_leaves_the_rule_based_turn()
    {
        await using var model = await FakeChatCompletionsServer.StartAsync(Ct);
        model.ReplyWhenPromptMentions(Planner, ScriptedReply.Fails(500));
        model.ReplyWhenPromptMentions(LlmInterviewer.Role,
            // Two questions and a link: rejected by the checks in code.
            ScriptedReply.Says("""{"acknowledgement":"Thanks.","followUp":"Which tool? See https://example.com, and why?"}"""),
            // Not the schema's JSON.
            ScriptedReply.Says("Sure! Ask them about their CRM."),
            // The model fails.
            ScriptedReply.Fails(500));
        var (host, meeting) = await StartAsync(model);
        await using var _ = host;
        var interviews = host.Services.GetRequiredService<MeetingInterviews>();
        await interviews.BeginAsync(Workspaces.DefaultId, meeting, "room", Ct);

        string[] answers =
        [
            "We lose leads because booking meetings by hand takes our reps far too long.",
            "We use spreadsheets and a shared mailbox today.",
            "I am the CEO and I decide together with our CFO.",
        ];
        foreach (var answer in answers)
        {
            var before = (await interviews.GetAsync(Workspaces.DefaultId, meeting, Ct))!.State!;
            var expected = RuleBasedInterviewer.Instance.Next(before, answer);

            var turn = await interviews.AnswerAsync(Workspaces.DefaultId, meeting, TranscriptSpeakers.Lead, answer, Ct);

            Assert.Equal((expected.Action, expected.Say), (turn.Action, turn.Say));
            Assert.Null(turn.State.PendingFollowUpText);
        }

        Assert.Equal(3, model.Received.Count(r => r.SystemPrompt.Contains(LlmInterviewer.Role, StringComparison.Ordinal)));
    }

    private async Task<(TestApp Host, Guid Meeting)> StartAsync(FakeChatCompletionsServer model)
    {
        var host = await TestApp.StartAsync(StoreProvider.Sqlite, postgres, model.AppSettings(), Ct);
        var lead = await MeetingTestHost.CreateLeadAsync(host.Client,
            new { name = "Avery Johnson", phone = "+12125550143", email = "avery@example.com", company = "Acme" }, Ct);
        return (host, await MeetingTestHost.BookAsync(host, lead, new DateTimeOffset(2026, 1, 7, 9, 0, 0, TimeSpan.Zero), Ct,
            fromCall: false, timeZone: "Europe/London", localStart: "2026-01-07T09:00"));
    }
}
