using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using AiScheduler.Functions.Emails;
using AiScheduler.Functions.Providers.Email;
using AiScheduler.Functions.Providers.Email.SendGrid;
using AiScheduler.Functions.Store;
using AiScheduler.Functions.Providers.Http;
using AiScheduler.Functions.Tests.Email;
using AiScheduler.Functions.Tests.Http;
using AiScheduler.Functions.Tests.Infrastructure;
using AiScheduler.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.Tests.SendGrid;

/// <summary>The SendGrid provider against a local server that speaks SendGrid's v3 Mail Send protocol.</summary>
public sealed class SendGridEmailSenderTests(PostgresFixture postgres) : IAsyncLifetime
{
    private const string ApiKey = "SG.test-key.abcdefghijklmnopqrstuvwxyz";
    private static readonly EmailAddress From = new("scheduling@clinic.example", "Clinic Scheduling");
    private readonly List<OutboundClients> clients = [];
    private FakeSendGridServer sendGrid = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        sendGrid = await FakeSendGridServer.StartAsync(ApiKey, Ct);
        sendGrid.VerifiedSenders[From.Address] = true;
    }

    public async ValueTask DisposeAsync()
    {
        clients.ForEach(c => c.Dispose());
        await sendGrid.DisposeAsync();
    }

    [Fact]
    public async Task An_invite_goes_out_as_text_html_and_calendar_content_with_an_invite_ics_attachment()
    {
        var message = Invite();

        var providerId = await Sender().SendAsync(message, Ct);

        var body = sendGrid.Accepted[providerId];
        Assert.Equal(["text/plain", "text/html", "text/calendar; method=REQUEST"],
            body["content"]!.AsArray().Select(c => c!["type"]!.GetValue<string>()).ToArray());
        Assert.Equal(OutboxMimeTests.Ics, body["content"]![2]!["value"]!.GetValue<string>());
        var attachment = Assert.Single(body["attachments"]!.AsArray())!;
        Assert.Equal(("invite.ics", "text/calendar; method=REQUEST", "attachment"),
            (attachment["filename"]!.GetValue<string>(), attachment["type"]!.GetValue<string>(), attachment["disposition"]!.GetValue<string>()));
        Assert.Equal(OutboxMimeTests.Ics, Encoding.UTF8.GetString(Convert.FromBase64String(attachment["content"]!.GetValue<string>())));
        var to = body["personalizations"]![0]!["to"]![0]!;
        Assert.Equal(("dana@example.com", "Dana Cohen"), (to["email"]!.GetValue<string>(), to["name"]!.GetValue<string>()));
        Assert.Equal(("scheduling@clinic.example", "Clinic Scheduling"), (body["from"]!["email"]!.GetValue<string>(), body["from"]!["name"]!.GetValue<string>()));
        Assert.Equal("Invitation: introductory call", body["subject"]!.GetValue<string>());
        Assert.Equal(message.Id.ToString("D"), body["custom_args"]![SendGridEmailSender.EmailIdArg]!.GetValue<string>());
        Assert.False(body["tracking_settings"]!["click_tracking"]!["enable"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_plain_email_carries_its_own_attachments_and_no_calendar_part()
    {
        var pdf = Encoding.ASCII.GetBytes("%PDF-1.4 summary");
        var message = new EmailMessage(Guid.CreateVersion7(), From, [new EmailAddress("dana@example.com")], "Your call summary", "Thanks for your time.",
            attachments: [new EmailAttachment("summary.pdf", "application/pdf", pdf)]);

        var providerId = await Sender().SendAsync(message, Ct);

        var body = sendGrid.Accepted[providerId];
        Assert.Equal(["text/plain"], body["content"]!.AsArray().Select(c => c!["type"]!.GetValue<string>()).ToArray());
        var attachment = Assert.Single(body["attachments"]!.AsArray())!;
        Assert.Equal(("summary.pdf", "application/pdf"), (attachment["filename"]!.GetValue<string>(), attachment["type"]!.GetValue<string>()));
        Assert.Equal(pdf, Convert.FromBase64String(attachment["content"]!.GetValue<string>()));
        Assert.Null(body["tracking_settings"]);
        Assert.Null(body["personalizations"]![0]!["to"]![0]!["name"]);
    }

    [Fact]
    public async Task An_html_only_email_keeps_sendgrids_content_order()
    {
        var message = new EmailMessage(Guid.CreateVersion7(), From, [new EmailAddress("dana@example.com")], "Reminder", "",
            "<p>See you tomorrow.</p>", new CalendarInvite("REQUEST", OutboxMimeTests.Ics));

        var providerId = await Sender().SendAsync(message, Ct);

        Assert.Equal(["text/html", "text/calendar; method=REQUEST"],
            sendGrid.Accepted[providerId]["content"]!.AsArray().Select(c => c!["type"]!.GetValue<string>()).ToArray());
    }

    [Fact]
    public async Task A_sent_email_is_tracked_with_sendgrids_message_id()
    {
        await using var app = await TestApp.StartAsync(StoreProvider.Sqlite, postgres, new Dictionary<string, string?>
        {
            ["Email:Provider"] = "sendgrid",
            ["Email:FromAddress"] = From.Address,
            ["Email:FromName"] = From.DisplayName,
            ["Email:SendGrid:ApiKey"] = ApiKey,
            ["Email:SendGrid:BaseUrl"] = sendGrid.BaseAddress.AbsoluteUri,
        }, Ct);
        var dispatcher = app.Services.GetRequiredService<EmailDispatcher>();
        var meetingId = Guid.CreateVersion7();

        var record = await dispatcher.SendAsync(new EmailRequest($"invite:{meetingId}:0", EmailKind.Invite, new EmailAddress("dana@example.com", "Dana Cohen"),
            "Invitation: introductory call", "See you on Tuesday.", "<p>See you on Tuesday.</p>", new CalendarInvite("REQUEST", OutboxMimeTests.Ics),
            MeetingId: meetingId), Ct);

        Assert.Equal((EmailStatus.Sent, "sendgrid", 1), (record.Status, record.Provider, record.Attempts));
        var accepted = Assert.Single(sendGrid.Accepted);
        Assert.Equal(accepted.Key, record.ProviderMessageId);
        Assert.Equal(record.Id.ToString("D"), accepted.Value["custom_args"]![SendGridEmailSender.EmailIdArg]!.GetValue<string>());
    }

    [Fact]
    public async Task SendGrid_as_provider_without_an_api_key_stops_the_host_naming_the_setting()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => TestApp.StartAsync(StoreProvider.Sqlite, postgres,
            new Dictionary<string, string?> { ["Email:Provider"] = "sendgrid" }, Ct));

        Assert.Contains("Email:SendGrid:ApiKey is empty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_api_key_is_a_permanent_failure_naming_the_setting()
    {
        var error = await Assert.ThrowsAsync<EmailSendException>(() => Sender(apiKey: "SG.revoked").SendAsync(Invite(), Ct));

        Assert.False(error.IsTransient);
        Assert.Contains("SendGrid answered 401", error.Message, StringComparison.Ordinal);
        Assert.Contains("Email:SendGrid:ApiKey", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, sendGrid.Hits);
    }

    [Fact]
    public async Task An_unverified_sender_is_refused_with_the_sender_authentication_fix()
    {
        var message = new EmailMessage(Guid.CreateVersion7(), new EmailAddress("someone@unverified.example"), [new EmailAddress("dana@example.com")],
            "Hello", "Hello.");

        var error = await Assert.ThrowsAsync<EmailSendException>(() => Sender().SendAsync(message, Ct));

        Assert.False(error.IsTransient);
        Assert.Contains("from: The from address does not match a verified Sender Identity", error.Message, StringComparison.Ordinal);
        Assert.Contains("Sender Authentication", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rejected_message_reports_sendgrids_field_errors_and_is_not_retried()
    {
        sendGrid.FailNext(400, "The attachment content must be base64 encoded.", field: "attachments.0.content");

        var error = await Assert.ThrowsAsync<EmailSendException>(() => Sender().SendAsync(Invite(), Ct));

        Assert.False(error.IsTransient);
        Assert.Contains("SendGrid answered 400: attachments.0.content: The attachment content must be base64 encoded.", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, sendGrid.Hits);
    }

    [Fact]
    public async Task Throttling_and_server_errors_are_retried_until_sendgrid_accepts()
    {
        // The reset instant is read from the clock the retry handler waits by, so the wait is nil on any day.
        var clock = TestClocks.StartingAt(TestClocks.Default);
        var reset = clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        sendGrid.FailNext(429, "too many requests", new Dictionary<string, string> { ["X-RateLimit-Reset"] = reset, ["X-RateLimit-Remaining"] = "0" })
            .FailNext(500, "internal error")
            .FailNext(502, "bad gateway");

        var providerId = await Sender(time: clock).SendAsync(Invite(), Ct);

        Assert.True(sendGrid.Accepted.ContainsKey(providerId));
        Assert.Equal(4, sendGrid.Hits);
    }

    [Fact]
    public async Task The_official_client_sends_and_only_the_shared_handler_repeats_a_throttled_send()
    {
        sendGrid.FailNext(429, "too many requests", new Dictionary<string, string> { ["Retry-After"] = "0" });

        var providerId = await Sender(maxRetryAttempts: 1).SendAsync(Invite(), Ct);

        Assert.True(sendGrid.Accepted.ContainsKey(providerId));
        Assert.Equal(2, sendGrid.Hits);
        Assert.All(sendGrid.UserAgents, agent => Assert.StartsWith("sendgrid/", agent, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Server_errors_that_outlast_the_retries_are_transient_for_the_dispatcher()
    {
        sendGrid.FailNext(503, "service unavailable").FailNext(503, "service unavailable");

        var error = await Assert.ThrowsAsync<EmailSendException>(() => Sender(maxRetryAttempts: 1).SendAsync(Invite(), Ct));

        Assert.True(error.IsTransient);
        Assert.Contains("SendGrid answered 503: service unavailable", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, sendGrid.Hits);
    }

    [Fact]
    public async Task Sandbox_mode_is_validated_without_a_message_to_track()
    {
        var message = Invite();

        var providerId = await Sender(sandbox: true).SendAsync(message, Ct);

        Assert.Equal("sandbox-" + message.Id.ToString("N"), providerId);
        Assert.True(Assert.Single(sendGrid.Requests)["mail_settings"]!["sandbox_mode"]!["enable"]!.GetValue<bool>());
        Assert.Empty(sendGrid.Accepted);
    }

    [Theory]
    [InlineData("X-RateLimit-Reset", "+5", 5.0)]
    [InlineData("X-RateLimit-Reset", "-5", 0.0)]
    [InlineData("X-RateLimit-Reset", "+600", 60.0)]
    [InlineData("Retry-After", "7", 7.0)]
    [InlineData(null, null, null)]
    public void The_retry_wait_follows_sendgrids_reset_time_or_is_left_to_the_backoff(string? header, string? value, double? expectedSeconds)
    {
        var now = new DateTimeOffset(2026, 3, 9, 12, 0, 0, TimeSpan.Zero);
        using var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        if (header == "X-RateLimit-Reset")
        {
            response.Headers.Add(header, (now.ToUnixTimeSeconds() + long.Parse(value!, CultureInfo.InvariantCulture)).ToString(CultureInfo.InvariantCulture));
        }
        else if (header is not null)
        {
            response.Headers.Add(header, value);
        }

        var delay = OutboundHttp.ServerDelay(response, now, TimeSpan.FromSeconds(60));

        Assert.Equal(expectedSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null, delay);
    }

    private IEmailSender Sender(string apiKey = ApiKey, int maxRetryAttempts = 3, bool sandbox = false, TimeProvider? time = null)
    {
        var outbound = new OutboundClients(new Dictionary<string, string?>
        {
            ["Http:Resilience:Retry:MaxRetryAttempts"] = maxRetryAttempts.ToString(CultureInfo.InvariantCulture),
        }, time);
        clients.Add(outbound);
        return new SendGridEmailSender(outbound.Create(), Options.Create(new SendGridOptions
        {
            ApiKey = apiKey,
            BaseUrl = sendGrid.BaseAddress,
            SandboxMode = sandbox,
        }), NullLogger<SendGridEmailSender>.Instance);
    }
    private static EmailMessage Invite() => new(Guid.CreateVersion7(), From, [new EmailAddress("dana@example.com", "Dana Cohen")],
        "Invitation: introductory call", "See you on Tuesday.", "<p>See you on Tuesday.</p>", new CalendarInvite("REQUEST", OutboxMimeTests.Ics));
}
