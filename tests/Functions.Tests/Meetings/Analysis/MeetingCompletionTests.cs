using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AiScheduler.Domain.Meetings.Analysis;
using AiScheduler.Functions.Emails;
using AiScheduler.Functions.Leads;
using AiScheduler.Functions.Meetings.Analysis;
using AiScheduler.Functions.Store;
using AiScheduler.Functions.Tests.Email;
using AiScheduler.Testing;

namespace AiScheduler.Functions.Tests.Meetings.Analysis;

public sealed class SqliteMeetingCompletionTests(PostgresFixture postgres) : MeetingCompletionTests(StoreProvider.Sqlite, postgres);

public sealed class PostgresMeetingCompletionTests(PostgresFixture postgres) : MeetingCompletionTests(StoreProvider.Postgres, postgres);

/// <summary>
/// After the interview: the completion service analyses, stores, updates the lead and emails the summary (read back
/// from the outbox), and the analysis API shows and takes a rep's confirmations and corrections over real HTTP.
/// </summary>
public abstract class MeetingCompletionTests(StoreProvider provider, PostgresFixture postgres)
{
    // The sales-team address MeetingTestHost configures (Meetings:SalesTeamEmail).
    private const string SalesTeam = "sales-team@example.com";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Json(object value) => JsonSerializer.Serialize(value);

    /// <summary>The first part of <paramref name="mime"/> (at any depth) with the media type.</summary>
    private static MimeEntity Part(MimeEntity mime, string mediaType) =>
        Find(mime, mediaType) ?? throw new Xunit.Sdk.XunitException($"The email has no {mediaType} part.");

    private static MimeEntity? Find(MimeEntity mime, string mediaType) =>
        mime.MediaType == mediaType ? mime : mime.Parts.Select(part => Find(part, mediaType)).FirstOrDefault(found => found is not null);

    private Task<MeetingTestHost> StartAsync() => MeetingTestHost.StartAsync(provider, postgres, "01:00:00", Ct);

    private static List<SpokenLine> GermanQualifiedInterview(DateTimeOffset at) =>
    [
        new("ai", "Guten Tag! Ich bin der KI-Assistent. Welche Rolle haben Sie im Unternehmen?", at),
        new(SpokenLine.Lead, "Ich bin Geschäftsführer, ich entscheide das.", at.AddSeconds(10)),
        new("ai", "Welches Problem möchten Sie lösen?", at.AddSeconds(20)),
        new(SpokenLine.Lead, "Wir verlieren jede Woche Anfragen, weil alles manuell läuft. Das ist dringend.", at.AddSeconds(30)),
        new("ai", "Gibt es ein Budget?", at.AddSeconds(40)),
        new(SpokenLine.Lead, "Wir haben 40.000 € dafür eingeplant.", at.AddSeconds(50)),
        new("ai", "Wann möchten Sie starten?", at.AddSeconds(60)),
        new(SpokenLine.Lead, "Wir wollen in zwei Monaten starten.", at.AddSeconds(70)),
    ];

    [Fact]
    public async Task Completing_a_meeting_stores_the_analysis_updates_the_lead_and_emails_an_escaped_multipart_summary()
    {
        await using var host = await StartAsync();
        var lead = await host.AddLeadAsync("Jonas <b>Weber</b> & Söhne", "+4930901820", "jonas@example.de", Ct);
        var start = host.LondonWorkdayAt(10);
        var meetingId = await host.BookAsync(lead, start, Ct);
        var completion = host.App.Services.GetRequiredService<MeetingCompletion>();

        var result = await completion.CompleteAsync(
            new MeetingCompletionRequest(Workspaces.DefaultId, meetingId, "rep@example.com", GermanQualifiedInterview(start)), Ct);

        Assert.Equal(("qualified", 95, 90, 95, 85, "rules", true), (result.Status, result.Budget, result.Authority, result.Need, result.Timeline,
            result.Source, result.LeadUpdated));
        Assert.Equal(BantScoring.Overall(95, 90, 95, 85), result.Score);
        Assert.Equal("de-DE", result.Language);

        var analysis = await host.Client.GetFromJsonAsync<MeetingAnalysisView>($"/api/meetings/{meetingId}/analysis", MeetingTestHost.Json, Ct);
        Assert.Equal((result.Score, "qualified"), (analysis!.Value.Overall, analysis.Value.Status));
        Assert.Equal(Json(analysis.Ai), Json(analysis.Value));
        Assert.Equal(["Wir haben 40.000 € dafür eingeplant."], analysis.Ai.Budget.Quotes);

        var updated = await host.Client.GetFromJsonAsync<Lead>($"/api/leads/{lead.Id}", MeetingTestHost.Json, Ct);
        Assert.Equal((LeadStatus.Qualified, result.Score, meetingId, start), (updated!.Status, updated.Score, updated.LastMeetingId, updated.LastMeetingAt));
        Assert.Contains(updated.Insights!, insight => insight.Contains("40,000 EUR", StringComparison.Ordinal));

        var emails = await host.WaitForEmailsAsync(meetingId, list => list.Count == 2, Ct);
        Assert.All(emails, email => Assert.Equal((EmailKind.Summary, EmailStatus.Sent), (email.Kind, email.Status)));
        Assert.Equal([SalesTeam, "rep@example.com"], emails.Select(e => e.To).Order(StringComparer.Ordinal).Reverse().ToArray());

        var mime = host.Read(emails.Single(e => e.To == SalesTeam));
        Assert.Equal(2, Part(mime, "multipart/alternative").Parts.Count);
        var text = Part(mime, "text/plain").DecodedText();
        var html = Part(mime, "text/html").DecodedText();
        Assert.Contains("Jonas <b>Weber</b> & Söhne", text, StringComparison.Ordinal);
        Assert.Contains("Jonas &lt;b&gt;Weber&lt;/b&gt; &amp; Söhne", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>Weber</b>", html, StringComparison.Ordinal);
        foreach (var expected in new[] { "QUALIFIED", "Budget: 95/100", "\"Wir haben 40.000 € dafür eingeplant.\"", "Pain points:", "Next steps:", "Send a tailored proposal" })
        {
            Assert.Contains(expected, text, StringComparison.Ordinal);
        }

        Assert.Contains("<td>Budget</td><td>95/100</td>", html, StringComparison.Ordinal);
        Assert.Contains("Wir verlieren jede Woche Anfragen, weil alles manuell läuft.", html, StringComparison.Ordinal);
        Assert.Contains("Qualified".ToUpperInvariant(), mime.DecodedHeader("Subject")!.ToUpperInvariant(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_transcript_the_completion_reads_the_interview_through_meeting_interviews()
    {
        await using var host = await StartAsync();
        var lead = await host.AddLeadAsync("Jonas Weber", "+4930901820", "jonas@example.de", Ct);
        var meetingId = await host.BookAsync(lead, host.LondonWorkdayAt(10), Ct);
        var interviews = host.App.Services.GetRequiredService<AiScheduler.Functions.Meetings.Interview.MeetingInterviews>();
        await interviews.BeginAsync(Workspaces.DefaultId, meetingId, "room", Ct);
        await interviews.AnswerAsync(Workspaces.DefaultId, meetingId, SpokenLine.Lead, "Wir haben kein Budget dafür.", Ct);
        await interviews.AnswerAsync(Workspaces.DefaultId, meetingId, "rep", "Wir haben 90.000 € Budget, oder?", Ct);

        var result = await host.App.Services.GetRequiredService<MeetingCompletion>().CompleteAsync(Workspaces.DefaultId, meetingId, Ct);

        // Only the lead's line is evidence: the rep's amount does not count.
        Assert.Equal(RuleBasedBantAnalyzer.NegativeOnly, result.Budget);
        var analysis = await host.Client.GetFromJsonAsync<MeetingAnalysisView>($"/api/meetings/{meetingId}/analysis", MeetingTestHost.Json, Ct);
        Assert.Equal(["Wir haben kein Budget dafür."], analysis!.Ai.Budget.Quotes);
    }

    [Fact]
    public async Task Completing_again_reuses_the_stored_analysis_and_sends_no_second_summary()
    {
        await using var host = await StartAsync();
        var lead = await host.AddLeadAsync("Jonas Weber", "+4930901820", "jonas@example.de", Ct);
        var start = host.LondonWorkdayAt(10);
        var meetingId = await host.BookAsync(lead, start, Ct);
        var completion = host.App.Services.GetRequiredService<MeetingCompletion>();
        var first = await completion.CompleteAsync(new MeetingCompletionRequest(Workspaces.DefaultId, meetingId, null, GermanQualifiedInterview(start)), Ct);

        // A retried activity without the transcript (or with a different one) reads what was stored.
        var again = await completion.CompleteAsync(Workspaces.DefaultId, meetingId, Ct);

        Assert.Equal((first.Status, first.Score), (again.Status, again.Score));
        var emails = await host.WaitForEmailsAsync(meetingId, list => list.Count >= 1, Ct);
        Assert.Single(emails);
        Assert.Equal(1, emails[0].Attempts);
    }

    [Fact]
    public async Task A_rep_confirms_and_corrects_fields_the_record_keeps_both_and_the_lead_follows()
    {
        await using var host = await StartAsync();
        var lead = await host.AddLeadAsync("Claire Martin", "+33123456789", "claire@example.fr", Ct);
        var start = host.LondonWorkdayAt(11);
        var meetingId = await host.BookAsync(lead, start, Ct);
        List<SpokenLine> transcript =
        [
            new(SpokenLine.Lead, "Nous avons besoin d'automatiser les relances, c'est un vrai problème.", start),
            new(SpokenLine.Lead, "Je suis directeur commercial.", start.AddSeconds(10)),
            new(SpokenLine.Lead, "L'année prochaine probablement.", start.AddSeconds(20)),
        ];
        await host.App.Services.GetRequiredService<MeetingCompletion>()
            .CompleteAsync(new MeetingCompletionRequest(Workspaces.DefaultId, meetingId, null, transcript), Ct);
        var before = await host.Client.GetFromJsonAsync<MeetingAnalysisView>($"/api/meetings/{meetingId}/analysis", MeetingTestHost.Json, Ct);
        Assert.Equal("nurture", before!.Value.Status);

        using var patch = await host.Client.PatchAsJsonAsync($"/api/meetings/{meetingId}/analysis", new
        {
            budget = new { score = 85, rationale = "Confirmed 60k EUR by email after the call." },
            timeline = new { score = 80 },
            confirm = new[] { "need", "authority" },
            nextSteps = new[] { "Send the proposal on Monday." },
            confirmedBy = "rep@example.com",
        }, Ct);

        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        var view = (await patch.Content.ReadFromJsonAsync<MeetingAnalysisView>(MeetingTestHost.Json, Ct))!;
        Assert.Equal(Json(before.Ai), Json(view.Ai));
        Assert.Equal((85, "Confirmed 60k EUR by email after the call.", 80), (view.Confirmed.Budget!.Score, view.Confirmed.Budget.Rationale, view.Confirmed.Timeline!.Score));
        Assert.Equal(before.Ai.Timeline.Quotes, view.Confirmed.Timeline.Quotes);
        Assert.Equal(Json(before.Ai.Need), Json(view.Confirmed.Need!));
        Assert.Null(view.Confirmed.Status);
        var overall = BantScoring.Overall(85, before.Ai.Authority.Score, before.Ai.Need.Score, 80);
        Assert.Equal(overall, view.Value.Overall);
        Assert.Equal(BantScoring.StatusOf(85, before.Ai.Authority.Score, before.Ai.Need.Score, 80).ToWire(), view.Value.Status);
        Assert.Equal(["Send the proposal on Monday."], view.Value.NextSteps);
        Assert.Equal("rep@example.com", view.ConfirmedBy);

        // A later PATCH sets the status by hand; earlier confirmations stay.
        using var status = await host.Client.PatchAsJsonAsync($"/api/meetings/{meetingId}/analysis", new { status = "qualified" }, Ct);
        var final = (await status.Content.ReadFromJsonAsync<MeetingAnalysisView>(MeetingTestHost.Json, Ct))!;
        Assert.Equal(("qualified", 85), (final.Value.Status, final.Value.Budget.Score));
        var updated = await host.Client.GetFromJsonAsync<Lead>($"/api/leads/{lead.Id}", MeetingTestHost.Json, Ct);
        Assert.Equal((LeadStatus.Qualified, overall), (updated!.Status, updated.Score));
    }

    [Fact]
    public async Task Bad_corrections_and_unknown_meetings_are_problem_details_naming_the_field()
    {
        await using var host = await StartAsync();
        var lead = await host.AddLeadAsync("Claire Martin", "+33123456789", "claire@example.fr", Ct);
        var analysed = await host.BookAsync(lead, host.LondonWorkdayAt(11), Ct);
        var notYet = await host.BookAsync(lead, host.LondonWorkdayAt(14), Ct);
        await host.App.Services.GetRequiredService<MeetingCompletion>().CompleteAsync(new MeetingCompletionRequest(Workspaces.DefaultId, analysed, null,
            [new(SpokenLine.Lead, "Nous avons besoin d'un outil.", host.LondonWorkdayAt(11))]), Ct);

        using var bad = await host.Client.PatchAsJsonAsync($"/api/meetings/{analysed}/analysis", new
        {
            budget = new { score = 140 },
            need = new { score = 50, quotes = new object[] { "ok", 3 }, mood = "good" },
            status = "hot",
            timeline = new { score = 60 },
            confirm = new[] { "timeline", "overall" },
            colour = "blue",
        }, Ct);
        using var empty = await host.Client.PatchAsJsonAsync($"/api/meetings/{analysed}/analysis", new { }, Ct);
        using var notJson = await host.Client.PatchAsync($"/api/meetings/{analysed}/analysis",
            new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"), Ct);
        using var missing = await host.Client.GetAsync($"/api/meetings/{Guid.NewGuid()}/analysis", Ct);
        using var pending = await host.Client.GetAsync($"/api/meetings/{notYet}/analysis", Ct);
        using var pendingPatch = await host.Client.PatchAsJsonAsync($"/api/meetings/{notYet}/analysis", new { status = "qualified" }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = JsonDocument.Parse(await bad.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("errors");
        foreach (var field in new[] { "budget.score", "need.quotes[1]", "need.mood", "status", "confirm[0]", "confirm[1]", "colour" })
        {
            Assert.True(errors.TryGetProperty(field, out _), $"no error for {field}: {errors}");
        }

        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Contains("\"body\"", await empty.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType!.MediaType);
        Assert.Contains("No such meeting", await missing.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, pending.StatusCode);
        Assert.Contains("no analysis yet", await pending.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, pendingPatch.StatusCode);
        var stored = await host.Client.GetFromJsonAsync<MeetingAnalysisView>($"/api/meetings/{analysed}/analysis", MeetingTestHost.Json, Ct);
        Assert.Null(stored!.ConfirmedAt);
    }

    [Theory]
    [InlineData("Claire Martin", "+33123456789", "fr-FR", "Nous vous avons manqué", "Bonjour Claire Martin,")]
    [InlineData("Jonas Weber", "+4930901820", "de-DE", "Wir haben Sie verpasst", "Hallo Jonas Weber,")]
    [InlineData("Lucía García", "+34912345678", "es-ES", "No pudimos hablar", "Hola Lucía García:")]
    [InlineData("Dana Levi", "+972501234567", "he-IL", "פספסנו אותך", "שלום Dana Levi,")]
    [InlineData("Avery Johnson", "+12125550143", "en-US", "Sorry we missed you", "Hello Avery Johnson,")]
    public async Task A_no_show_tells_the_sales_team_and_asks_the_lead_for_a_new_time_in_their_language(
        string name, string phone, string language, string subject, string greeting)
    {
        await using var host = await StartAsync();
        var lead = await host.AddLeadAsync(name, phone, "lead@example.com", Ct);
        var meetingId = await host.BookAsync(lead, host.LondonWorkdayAt(10), Ct);
        var completion = host.App.Services.GetRequiredService<MeetingCompletion>();

        var result = await completion.NotifyNoShowAsync(new MeetingNoShowRequest(Workspaces.DefaultId, meetingId), Ct);
        await completion.NotifyNoShowAsync(new MeetingNoShowRequest(Workspaces.DefaultId, meetingId), Ct);

        Assert.Equal((language, EmailStatus.Sent), (result.Language, result.LeadEmailStatus));
        var emails = await host.WaitForEmailsAsync(meetingId, list => list.Count >= 2, Ct);
        Assert.Equal(2, emails.Count);
        var notice = emails.Single(e => e.Kind == EmailKind.NoShow);
        Assert.Equal(SalesTeam, notice.To);
        Assert.StartsWith("No-show: " + name, notice.Subject, StringComparison.Ordinal);
        var reschedule = emails.Single(e => e.Kind == EmailKind.RescheduleRequest);
        Assert.Equal(("lead@example.com", lead.Id), (reschedule.To, reschedule.LeadId));
        var mime = host.Read(reschedule);
        Assert.StartsWith(subject, mime.DecodedHeader("Subject"), StringComparison.Ordinal);
        Assert.StartsWith(greeting, Part(mime, "text/plain").DecodedText(), StringComparison.Ordinal);
        Assert.Contains(language.StartsWith("he", StringComparison.Ordinal) ? "dir=\"rtl\"" : "dir=\"ltr\"",
            Part(mime, "text/html").DecodedText(), StringComparison.Ordinal);
    }
}
