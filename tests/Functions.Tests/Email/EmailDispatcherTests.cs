using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AiScheduler.Functions.Emails;
using AiScheduler.Functions.Providers.Email;
using AiScheduler.Functions.Store;
using AiScheduler.Functions.Tests.Infrastructure;
using AiScheduler.Testing;

namespace AiScheduler.Functions.Tests.Email;

public sealed class SqliteEmailDispatcherTests(PostgresFixture postgres) : EmailDispatcherTests(StoreProvider.Sqlite, postgres);

public sealed class PostgresEmailDispatcherTests(PostgresFixture postgres) : EmailDispatcherTests(StoreProvider.Postgres, postgres);

/// <summary>Email tracking through the real host: dispatcher, emails table, outbox folder and GET /api/emails.</summary>
public abstract class EmailDispatcherTests(StoreProvider provider, PostgresFixture postgres) : IAsyncLifetime
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly string _outbox = Path.Combine(Path.GetTempPath(), "aischeduler-email-tests", Guid.NewGuid().ToString("N"));
    private TestApp? _app;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private TestApp App => _app!;

    public async ValueTask InitializeAsync() => _app = await StartAsync(_outbox);

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        if (Directory.Exists(_outbox))
        {
            Directory.Delete(_outbox, recursive: true);
        }
    }

    private Task<TestApp> StartAsync(string outbox, int maxAttempts = 3) =>
        TestApp.StartAsync(provider, postgres, new Dictionary<string, string?>
        {
            ["Email:Outbox:Directory"] = outbox,
            ["Email:MaxAttempts"] = maxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Email:FromAddress"] = "scheduling@aischeduler.local",
        }, Ct);

    private static EmailRequest Invite(Guid meetingId, Guid leadId, int sequence = 0) => new(
        $"invite:{meetingId}:{sequence}", EmailKind.Invite, new EmailAddress("dana@example.com", "Dana Cohen"),
        "Invitation: introductory meeting", "See you on Tuesday.", "<p>See you on Tuesday.</p>",
        new CalendarInvite("REQUEST", OutboxMimeTests.Ics), MeetingId: meetingId, LeadId: leadId);

    [Fact]
    public async Task A_sent_invite_is_tracked_as_sent_with_one_attempt_and_lands_in_the_outbox()
    {
        var dispatcher = App.Services.GetRequiredService<EmailDispatcher>();
        var (meetingId, leadId) = (Guid.CreateVersion7(), Guid.CreateVersion7());

        var record = await dispatcher.SendAsync(Invite(meetingId, leadId), Ct);

        Assert.Equal(EmailStatus.Sent, record.Status);
        Assert.Equal(1, record.Attempts);
        Assert.Equal("outbox", record.Provider);
        Assert.Equal($"{record.Id:N}@aischeduler.local", record.ProviderMessageId);
        Assert.Equal((EmailKind.Invite, "dana@example.com", meetingId, leadId), (record.Kind, record.To, record.MeetingId, record.LeadId));
        Assert.NotNull(record.SentAt);
        Assert.Null(record.LastError);
        var file = Assert.Single(Directory.GetFiles(_outbox));
        Assert.Equal(OutboxEmailSender.FileNameFor(record.Id), Path.GetFileName(file));
    }

    [Fact]
    public async Task Sending_the_same_key_again_returns_the_sent_email_without_sending_a_second_copy()
    {
        var dispatcher = App.Services.GetRequiredService<EmailDispatcher>();
        var (meetingId, leadId) = (Guid.CreateVersion7(), Guid.CreateVersion7());

        var first = await dispatcher.SendAsync(Invite(meetingId, leadId), Ct);
        var again = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => dispatcher.SendAsync(Invite(meetingId, leadId), Ct)));
        var rescheduled = await dispatcher.SendAsync(Invite(meetingId, leadId, sequence: 1), Ct);

        Assert.All(again, record => Assert.Equal((first.Id, EmailStatus.Sent, 1), (record.Id, record.Status, record.Attempts)));
        Assert.NotEqual(first.Id, rescheduled.Id);
        Assert.Equal(2, Directory.GetFiles(_outbox).Length);
        var page = await App.Services.GetRequiredService<EmailStore>().ListAsync(Workspaces.DefaultId, new EmailQuery(), Ct);
        Assert.Equal(2, page.Total);
    }

    [Fact]
    public async Task An_email_the_outbox_cannot_take_is_tried_up_to_the_limit_and_marked_failed_with_the_error()
    {
        Directory.CreateDirectory(_outbox);
        var blocker = Path.Combine(_outbox, "blocked");
        await File.WriteAllTextAsync(blocker, "not a folder", Ct);
        await using var app = await StartAsync(blocker, maxAttempts: 2);
        var dispatcher = app.Services.GetRequiredService<EmailDispatcher>();

        var record = await dispatcher.SendAsync(Invite(Guid.CreateVersion7(), Guid.CreateVersion7()), Ct);

        Assert.Equal(EmailStatus.Failed, record.Status);
        Assert.Equal(2, record.Attempts);
        Assert.Null(record.SentAt);
        Assert.Contains("cannot be written", record.LastError, StringComparison.Ordinal);

        // Asking again (a retried activity) tries again, counting on from the earlier attempts.
        var retried = await dispatcher.SendAsync(Invite(record.MeetingId!.Value, record.LeadId!.Value), Ct);
        Assert.Equal((record.Id, EmailStatus.Failed, 4), (retried.Id, retried.Status, retried.Attempts));
    }

    [Fact]
    public async Task The_emails_api_lists_newest_first_with_filters_and_paging()
    {
        var dispatcher = App.Services.GetRequiredService<EmailDispatcher>();
        var lead = Guid.CreateVersion7();
        var invite = await dispatcher.SendAsync(Invite(Guid.CreateVersion7(), lead), Ct);
        var reminder = await dispatcher.SendAsync(new EmailRequest($"reminder:{invite.MeetingId}:24h", EmailKind.Reminder,
            new EmailAddress("dana@example.com"), "Reminder: tomorrow", "See you tomorrow.", MeetingId: invite.MeetingId, LeadId: lead), Ct);
        await dispatcher.SendAsync(Invite(Guid.CreateVersion7(), Guid.CreateVersion7()), Ct);

        var all = await App.Client.GetFromJsonAsync<EmailPage>("/api/emails", Json, Ct);
        Assert.Equal(3, all!.Total);
        Assert.Equal(reminder.Id, all.Items[1].Id);

        var invites = await App.Client.GetFromJsonAsync<EmailPage>("/api/emails?kind=invite&status=sent", Json, Ct);
        Assert.Equal(2, invites!.Total);
        Assert.All(invites.Items, e => Assert.Equal(EmailKind.Invite, e.Kind));

        var forLead = await App.Client.GetFromJsonAsync<EmailPage>($"/api/emails?leadId={lead}", Json, Ct);
        Assert.Equal([reminder.Id, invite.Id], forLead!.Items.Select(e => e.Id));

        var forMeeting = await App.Client.GetFromJsonAsync<EmailPage>($"/api/emails?meetingId={invite.MeetingId}&kind=reminder", Json, Ct);
        Assert.Equal([reminder.Id], forMeeting!.Items.Select(e => e.Id));

        var second = await App.Client.GetFromJsonAsync<EmailPage>("/api/emails?page=2&pageSize=2", Json, Ct);
        Assert.Equal((3L, 2, 2), (second!.Total, second.Page, second.PageSize));
        Assert.Equal([invite.Id], second.Items.Select(e => e.Id));

        var one = await App.Client.GetFromJsonAsync<EmailRecord>($"/api/emails/{reminder.Id}", Json, Ct);
        Assert.Equal((reminder.Subject, "sent", 1), (one!.Subject, one.Status, one.Attempts));
    }

    [Fact]
    public async Task Bad_filters_and_unknown_emails_are_problem_details_that_say_what_to_fix()
    {
        var bad = await App.Client.GetAsync("/api/emails?status=bounced&kind=spam&page=0&pageSize=501", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await bad.Content.ReadAsStringAsync(Ct));
        var errors = problem.RootElement.GetProperty("errors");
        Assert.Contains("queued, sent, failed", errors.GetProperty("status")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("invite, reminder, cancel, summary", errors.GetProperty("kind")[0].GetString(), StringComparison.Ordinal);
        Assert.True(errors.TryGetProperty("page", out _));
        Assert.True(errors.TryGetProperty("pageSize", out _));

        var missing = await App.Client.GetAsync($"/api/emails/{Guid.CreateVersion7()}", Ct);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        Assert.Contains("GET /api/emails", await missing.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Requests_without_a_key_or_with_an_unknown_kind_are_refused()
    {
        var dispatcher = App.Services.GetRequiredService<EmailDispatcher>();
        var to = new EmailAddress("dana@example.com");
        await Assert.ThrowsAsync<ArgumentException>(() => dispatcher.SendAsync(new EmailRequest(" ", EmailKind.Invite, to, "s", "t"), Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => dispatcher.SendAsync(new EmailRequest("k", "newsletter", to, "s", "t"), Ct));
    }
}
