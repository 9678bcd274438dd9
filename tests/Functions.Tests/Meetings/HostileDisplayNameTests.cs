using System.Net.Http.Json;
using System.Text.Json;
using AiScheduler.Functions.Emails;
using AiScheduler.Functions.Meetings;
using AiScheduler.Functions.Store;
using AiScheduler.Testing;

namespace AiScheduler.Functions.Tests.Meetings;

/// <summary>
/// A lead's name is whatever an upload or a caller typed: line breaks, control characters, 200 characters. The invite
/// still goes out, with the name cleaned for the MIME headers and the iCalendar (no injected header, no broken line),
/// and a send that fails is visible on the email record and on the meeting.
/// </summary>
public sealed class HostileDisplayNameTests(PostgresFixture postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("Eve Example\r\nBcc: mallory@evil.test")]
    [InlineData("Eve\tExample\u0007\u0000\u2028Ltd")]
    [InlineData("long")]
    public async Task A_name_with_line_breaks_control_characters_or_200_characters_books_and_the_invite_is_sent(string name)
    {
        if (name == "long")
        {
            name = "Eve " + string.Concat(Enumerable.Repeat("Éxample-", 30))[..196];
        }

        await using var host = await MeetingTestHost.StartAsync(StoreProvider.Sqlite, postgres, "01:00:00", Ct);
        var lead = await host.AddLeadAsync(name, "+12125550143", "eve@example.com", Ct);
        var meetingId = await host.BookAsync(lead, host.LondonWorkdayAt(10), Ct);
        await StartMeetingAsync(host, meetingId);

        var invite = (await host.WaitForEmailsAsync(meetingId, emails => emails.Any(e => e.Kind == EmailKind.Invite), Ct))
            .Single(e => e.Kind == EmailKind.Invite);

        Assert.Equal(EmailStatus.Sent, invite.Status);
        var mime = host.Read(invite);
        Assert.Null(mime.Header("Bcc"));
        var subject = mime.DecodedHeader("Subject") ?? "";
        Assert.Contains("Introductory call with Eve", subject, StringComparison.Ordinal);
        if (name.Length > 64)
        {
            // A long name is cut to 64 characters with an ellipsis.
            Assert.DoesNotContain(name, subject, StringComparison.Ordinal);
            Assert.Contains(name[..60], subject, StringComparison.Ordinal);
            Assert.Contains("…", subject, StringComparison.Ordinal);
        }
        Assert.DoesNotContain(subject, char.IsControl);
        var to = mime.DecodedHeader("To") ?? "";
        Assert.Contains("eve@example.com", to, StringComparison.Ordinal);
        Assert.DoesNotContain(to, char.IsControl);
        var ics = host.InviteIcs(invite);
        var attendee = ics.Split("\r\n").Single(line => line.StartsWith("ATTENDEE", StringComparison.Ordinal));
        Assert.Contains("CN=", attendee, StringComparison.Ordinal);
        Assert.Contains("mailto:eve@example.com", attendee, StringComparison.Ordinal);
        Assert.DoesNotContain(ics.Split("\r\n"), line => line.StartsWith("Bcc", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_send_that_fails_shows_its_status_and_error_on_the_email_and_on_the_meeting()
    {
        // An outbox folder that cannot be created (its parent is a file): every send fails.
        var blocker = Path.Combine(Path.GetTempPath(), "aischeduler-blocked-outbox-" + Guid.NewGuid().ToString("N"));
        await File.WriteAllTextAsync(blocker, "not a folder", Ct);
        try
        {
            await using var host = await MeetingTestHost.StartAsync(StoreProvider.Sqlite, postgres, "01:00:00", Ct,
                settings: new Dictionary<string, string?> { ["Email:Outbox:Directory"] = Path.Combine(blocker, "outbox") });
            var lead = await host.AddLeadAsync("Avery Johnson", "+12125550143", "avery@example.com", Ct);
            var meetingId = await host.BookAsync(lead, host.LondonWorkdayAt(10), Ct);
            await StartMeetingAsync(host, meetingId);

            var failed = (await host.WaitForEmailsAsync(meetingId, emails => emails.Any(e => e.Status == EmailStatus.Failed), Ct))
                .First(e => e.Status == EmailStatus.Failed);
            Assert.Equal(EmailKind.Invite, failed.Kind);

            var email = await host.Client.GetFromJsonAsync<JsonElement>($"/api/emails/{failed.Id}", Ct);
            Assert.Equal("failed", email.GetProperty("status").GetString());
            Assert.Contains("outbox", email.GetProperty("lastError").GetString(), StringComparison.Ordinal);

            var meeting = await host.Client.GetFromJsonAsync<JsonElement>($"/api/meetings/{meetingId}", Ct);
            var onMeeting = meeting.GetProperty("emails").EnumerateArray().Single(e => e.GetProperty("id").GetGuid() == failed.Id);
            Assert.Equal(("invite", "failed"), (onMeeting.GetProperty("kind").GetString(), onMeeting.GetProperty("status").GetString()));
            Assert.False(string.IsNullOrWhiteSpace(onMeeting.GetProperty("lastError").GetString()));
        }
        finally
        {
            File.Delete(blocker);
        }
    }

    private static async Task StartMeetingAsync(MeetingTestHost host, Guid meetingId)
    {
        var durable = host.App.Services.GetRequiredService<DurableTaskClient>();
        await durable.ScheduleNewOrchestrationInstanceAsync(MeetingOrchestration.Name, MeetingWorkflowInput.For(meetingId),
            new StartOrchestrationOptions(MeetingWorkflowInput.InstanceIdFor(meetingId)), Ct);
    }
}
