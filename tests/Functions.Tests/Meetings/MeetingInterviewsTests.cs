using System.Net;
using System.Net.Http.Json;
using AiScheduler.Domain.Meetings.Interview;
using AiScheduler.Functions.Leads;
using AiScheduler.Functions.Meetings.Interview;
using AiScheduler.Functions.Store;
using AiScheduler.Testing;
using Dapper;

namespace AiScheduler.Functions.Tests.Meetings;

public sealed class SqliteMeetingInterviewsTests(PostgresFixture postgres) : MeetingInterviewsTests(StoreProvider.Sqlite, postgres);

public sealed class PostgresMeetingInterviewsTests(PostgresFixture postgres) : MeetingInterviewsTests(StoreProvider.Postgres, postgres);

/// <summary>
/// <see cref="MeetingInterviews"/> on a real store: the personalised plan from the lead's record and its booking call,
/// turns persisted with their transcript, subscribers told of lines and of the end, and the HTTP views of both.
/// </summary>
public abstract class MeetingInterviewsTests(StoreProvider provider, PostgresFixture postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly string[] WholeInterview =
    [
        "I think the problem is that our follow-up is manual", "We use Salesforce today", "The reporting is too slow for us",
        "I decide together with our CFO", "About 20000 dollars a year", "We want it running next quarter", "No, that is all",
    ];

    private Task<MeetingTestHost> StartAsync() => MeetingTestHost.StartAsync(provider, postgres, "01:00:00", Ct);

    private static async Task<Lead> AddLeadAsync(MeetingTestHost host, object lead)
    {
        using var response = await host.Client.PostAsJsonAsync("/api/leads", lead, MeetingTestHost.Json, Ct);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<Lead>(MeetingTestHost.Json, Ct))!;
    }

    /// <summary>What the lead said on the call that booked the meeting, as the call session stores it.</summary>
    private static async Task AddBookingCallAsync(MeetingTestHost host, Guid meetingId, params string[] leadSaid)
    {
        var store = host.App.Services.GetRequiredService<DataStore>();
        await using var connection = await store.OpenConnectionAsync(Ct);
        var callId = await connection.ExecuteScalarAsync<string>(new CommandDefinition(
            "SELECT call_id FROM meetings WHERE id = @meetingId", new { meetingId }, cancellationToken: Ct));
        var seq = 0;
        foreach (var text in leadSaid)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO call_transcript_turns (call_id, seq, workspace_id, speaker, text, language, at_utc)
                VALUES (@callId, @seq, @workspaceId, @speaker, @text, 'fr-FR', @at)
                """,
                new { callId, seq = ++seq, workspaceId = Workspaces.DefaultId, speaker = "agent", text = "Bonjour", at = host.Clock.GetUtcNow() },
                cancellationToken: Ct));
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO call_transcript_turns (call_id, seq, workspace_id, speaker, text, language, at_utc)
                VALUES (@callId, @seq, @workspaceId, @speaker, @text, 'fr-FR', @at)
                """,
                new { callId, seq = ++seq, workspaceId = Workspaces.DefaultId, speaker = "lead", text, at = host.Clock.GetUtcNow() },
                cancellationToken: Ct));
        }
    }

    [Fact]
    public async Task The_questions_are_personalised_from_the_lead_record_and_the_booking_call_and_kept()
    {
        await using var host = await StartAsync();
        var lead = await AddLeadAsync(host, new
        {
            name = "Camille Martin", phone = "+33612345678", email = "camille@example.fr", company = "Atelier Lumière", language = "fr-FR",
            notes = "Budget validé : 50000 euros.",
        });
        var meeting = await host.BookAsync(lead, host.LondonWorkdayAt(9), Ct);
        await AddBookingCallAsync(host, meeting, "Oui, volontiers", "Nous avons besoin de mieux suivre nos prospects");

        var questions = await host.Client.GetFromJsonAsync<MeetingQuestions>($"/api/meetings/{meeting}/questions", MeetingTestHost.Json, Ct);
        // New knowledge after the plan was made does not change it: the interview asks what was prepared.
        await AddBookingCallAsync(host, meeting);
        var again = await host.Client.GetFromJsonAsync<MeetingQuestions>($"/api/meetings/{meeting}/questions", MeetingTestHost.Json, Ct);

        Assert.Equal("fr", questions!.Language);
        Assert.Equal("rules", questions.Source);
        Assert.Equal(["challenge", "budget"], questions.Skipped);
        Assert.Equal(["current-solution", "decision-makers", "timeline", "anything-else"], questions.Questions.Select(q => q.Key));
        Assert.Equal("En pensant à Atelier Lumière : qu'utilisez-vous aujourd'hui pour gérer cela ?", questions.Questions[0].Text);
        Assert.Equal("company", questions.Questions[0].PersonalisedBecause);
        Assert.Contains(questions.Known, f => f is { Dimension: "budget", Source: "notes" });
        Assert.Contains(questions.Known, f => f is { Dimension: "need", Source: "call", Value: "Nous avons besoin de mieux suivre nos prospects" });
        Assert.Equivalent(questions, again);
    }

    [Fact]
    public async Task An_interview_runs_turn_by_turn_with_its_transcript_persisted_and_subscribers_told()
    {
        await using var host = await StartAsync();
        var lead = await host.AddLeadAsync("Avery Johnson", "+12125550143", "avery@example.com", Ct);
        var meeting = await host.BookAsync(lead, host.LondonWorkdayAt(9), Ct);
        var interviews = host.App.Services.GetRequiredService<MeetingInterviews>();
        var heard = new List<TranscriptLine>();
        var ended = new List<InterviewEndedEventArgs>();
        void OnLine(object? sender, TranscriptLineAddedEventArgs e)
        {
            if (e.Line.MeetingId == meeting)
            {
                heard.Add(e.Line);
            }
        }

        void OnEnd(object? sender, InterviewEndedEventArgs e)
        {
            if (e.MeetingId == meeting)
            {
                ended.Add(e);
            }
        }

        interviews.LineAdded += OnLine;
        interviews.Ended += OnEnd;
        try
        {
            using var before = await host.Client.GetAsync($"/api/meetings/{meeting}/transcript", Ct);
            var notStarted = await before.Content.ReadFromJsonAsync<MeetingTranscript>(MeetingTestHost.Json, Ct);
            await Assert.ThrowsAsync<MeetingInterviewException>(() =>
                interviews.AnswerAsync(Workspaces.DefaultId, meeting, TranscriptSpeakers.Lead, "Hello?", Ct));

            var opening = await interviews.BeginAsync(Workspaces.DefaultId, meeting, "room", Ct);
            var openingAgain = await interviews.BeginAsync(Workspaces.DefaultId, meeting, "room", Ct);
            var rep = await interviews.AnswerAsync(Workspaces.DefaultId, meeting, TranscriptSpeakers.Rep, "Hi all, I'm Sam from sales.", Ct);
            var turns = new List<InterviewTurn>();
            foreach (var line in WholeInterview)
            {
                turns.Add(await interviews.AnswerAsync(Workspaces.DefaultId, meeting, TranscriptSpeakers.Lead, line, Ct));
            }

            var afterEnd = await interviews.AnswerAsync(Workspaces.DefaultId, meeting, TranscriptSpeakers.Lead, "Thanks, bye", Ct);
            var transcript = await host.Client.GetFromJsonAsync<MeetingTranscript>($"/api/meetings/{meeting}/transcript", MeetingTestHost.Json, Ct);

            Assert.Equal(("not-started", 0), (notStarted!.Status, notStarted.Lines.Count));
            Assert.Equal(InterviewAction.Opened, opening.Action);
            Assert.Contains("Avery Johnson", opening.Say, StringComparison.Ordinal);
            Assert.Contains("AI assistant", opening.Say, StringComparison.Ordinal);
            Assert.Equal(opening.Say, openingAgain.Say);
            Assert.Equal(("", InterviewAction.Noted), (rep.Say, rep.Action));
            Assert.Equal(InterviewAction.FollowedUp, turns[1].Action);
            Assert.True(turns[^1].Ended);
            Assert.Equal(InterviewAction.AlreadyEnded, afterEnd.Action);
            Assert.Equal(("ended", "room", "completed", "en"), (transcript!.Status, transcript.Channel, transcript.EndReason, transcript.Language));
            Assert.Equal(
                ["ai", "rep", .. Enumerable.Repeat(new[] { "lead", "ai" }, WholeInterview.Length).SelectMany(pair => pair), "lead"],
                transcript.Lines.Select(l => l.Speaker));
            Assert.Equal(Enumerable.Range(1, transcript.Lines.Count), transcript.Lines.Select(l => l.Seq));
            Assert.Equal(opening.Say, transcript.Lines[0].Text);
            Assert.Equal(WholeInterview[3], transcript.Lines[2 + (3 * 2)].Text);
            Assert.Equal(transcript.Lines.Select(l => (l.Seq, l.Text)), heard.Select(l => (l.Seq, l.Text)));
            var end = Assert.Single(ended);
            Assert.Equal((InterviewEndReason.Completed, "room"), (end.Reason, end.Channel));
        }
        finally
        {
            interviews.LineAdded -= OnLine;
            interviews.Ended -= OnEnd;
        }
    }

    [Fact]
    public async Task A_lead_who_has_to_go_ends_the_interview_early_in_their_language()
    {
        await using var host = await StartAsync();
        var lead = await AddLeadAsync(host, new { name = "Jonas Weber", phone = "+4915112345678", email = "jonas@example.de", language = "de-DE" });
        var meeting = await host.BookAsync(lead, host.LondonWorkdayAt(9), Ct);
        var interviews = host.App.Services.GetRequiredService<MeetingInterviews>();

        var opening = await interviews.BeginAsync(Workspaces.DefaultId, meeting, "phone", Ct);
        var first = await interviews.AnswerAsync(Workspaces.DefaultId, meeting, TranscriptSpeakers.Lead, "Wir verlieren Leads, weil die Nachverfolgung manuell ist", Ct);
        var gone = await interviews.AnswerAsync(Workspaces.DefaultId, meeting, TranscriptSpeakers.Lead, "Entschuldigung, ich muss los", Ct);
        var record = await interviews.GetAsync(Workspaces.DefaultId, meeting, Ct);

        Assert.StartsWith("Hallo Jonas Weber", opening.Say, StringComparison.Ordinal);
        Assert.Equal(InterviewAction.Asked, first.Action);
        Assert.Equal(InterviewAction.EndedEarly, gone.Action);
        Assert.Equal(InterviewEndReason.LeadEndedEarly, gone.EndReason);
        Assert.Equal(("ended", "lead-ended-early", "phone"), (record!.Status, record.EndReason, record.Channel));
        Assert.Equal(["challenge"], record.State!.Answers.Select(a => a.QuestionKey));
    }

    [Fact]
    public async Task Unknown_meetings_have_no_questions_and_no_transcript()
    {
        await using var host = await StartAsync();
        var interviews = host.App.Services.GetRequiredService<MeetingInterviews>();
        var id = Guid.NewGuid();

        using var questions = await host.Client.GetAsync($"/api/meetings/{id}/questions", Ct);
        using var transcript = await host.Client.GetAsync($"/api/meetings/{id}/transcript", Ct);

        Assert.Equal(HttpStatusCode.NotFound, questions.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, transcript.StatusCode);
        Assert.Equal("application/problem+json", transcript.Content.Headers.ContentType!.MediaType);
        await Assert.ThrowsAsync<MeetingInterviewException>(() => interviews.BeginAsync(Workspaces.DefaultId, id, "room", Ct));
    }
}
