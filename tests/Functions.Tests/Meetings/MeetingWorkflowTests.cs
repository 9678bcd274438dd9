using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AiScheduler.Functions.Emails;
using AiScheduler.Functions.Tests.Infrastructure;
using AiScheduler.Functions.Meetings;
using AiScheduler.Functions.Store;
using AiScheduler.Testing;

namespace AiScheduler.Functions.Tests.Meetings;

public sealed class SqliteMeetingWorkflowTests(PostgresFixture postgres) : MeetingWorkflowTests(StoreProvider.Sqlite, postgres);

public sealed class PostgresMeetingWorkflowTests(PostgresFixture postgres) : MeetingWorkflowTests(StoreProvider.Postgres, postgres);

/// <summary>Conformance: the same tests on Microsoft's Durable Task worker (in memory), the app's data in SQLite.</summary>
public sealed class MicrosoftEngineMeetingWorkflowTests(PostgresFixture postgres)
    : MeetingWorkflowTests(StoreProvider.Sqlite, postgres, DurableEngine.Microsoft);

/// <summary>The Meeting orchestration on a real Durable Task engine, with the outbox email provider and the built-in calendar.</summary>
public abstract class MeetingWorkflowTests(StoreProvider provider, PostgresFixture postgres, DurableEngine engine = DurableEngine.Ours)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_booked_meeting_gets_one_invite_then_each_reminder_and_the_AI_joins_at_its_start()
    {
        // Reminders 5 s and 2.5 s before a meeting 8 s away stand in for 24 h and 1 h; a 1-hour reminder is already past.
        await using var host = await MeetingTestHost.StartAsync(provider, postgres, "01:00:00,00:00:05,00:00:02.500", Ct, engine);
        var lead = await host.AddLeadAsync("Dana Levi", "+972501234567", "dana@example.co.il", Ct);
        var meetingId = await host.BookAsync(lead, host.Clock.GetUtcNow().AddSeconds(8), Ct);
        var durable = host.App.Services.GetRequiredService<DurableTaskClient>();

        await durable.ScheduleNewOrchestrationInstanceAsync(MeetingOrchestration.Name, MeetingWorkflowInput.For(meetingId),
            new StartOrchestrationOptions(MeetingWorkflowInput.InstanceIdFor(meetingId)), Ct);
        var finished = await durable.WaitForInstanceCompletionAsync(MeetingWorkflowInput.InstanceIdFor(meetingId), true, Ct);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, finished.RuntimeStatus);
        var result = finished.ReadOutputAs<MeetingWorkflowResult>()!;
        // At the start the AI called Dana (the persona library's Hebrew lead) and interviewed her.
        Assert.Equal((MeetingStatus.Completed, 0, 2, 1), (result.Outcome, result.Sequence, result.RemindersSent, result.Calls));
        var emails = (await host.EmailsAsync(meetingId, Ct)).Where(email => email.Kind is EmailKind.Invite or EmailKind.Reminder).ToList();
        Assert.Equal([EmailKind.Invite, EmailKind.Reminder, EmailKind.Reminder], emails.Select(email => email.Kind).ToArray());
        Assert.All(emails, email => Assert.Equal((EmailStatus.Sent, "dana@example.co.il"), (email.Status, email.To)));

        var invite = host.Read(emails[0]);
        Assert.Equal("multipart/mixed", invite.MediaType);
        var alternative = invite.Parts[0];
        Assert.Equal(["text/plain", "text/html", "text/calendar"], alternative.Parts.Select(part => part.MediaType).ToArray());
        Assert.Equal("REQUEST", alternative.Parts[2].Parameters["method"]);
        var ics = host.InviteIcs(emails[0]);
        Assert.Contains("METHOD:REQUEST", ics, StringComparison.Ordinal);
        Assert.Contains($"UID:{meetingId:N}@aischeduler", ics, StringComparison.Ordinal);
        Assert.Contains("SEQUENCE:0", ics, StringComparison.Ordinal);
        Assert.Contains("ORGANIZER;CN=Example Sales:mailto:sales@example.com", ics, StringComparison.Ordinal);
        Assert.Contains($"URL:http://localhost:7071/meet/{meetingId:N}", ics, StringComparison.Ordinal);
        Assert.Contains("Dana Levi", invite.DecodedHeader("Subject"), StringComparison.Ordinal);

        // The built-in calendar's event id is the meeting id, recorded with the meeting.
        var meeting = await host.Client.GetFromJsonAsync<MeetingDetails>($"/api/meetings/{meetingId}", MeetingTestHost.Json, Ct);
        Assert.Equal(("builtin", meetingId.ToString("D")), (meeting!.CalendarProvider, meeting.CalendarEventId));
    }

    [Fact]
    public async Task A_retried_invite_activity_finds_the_sent_email_and_writes_nothing_new()
    {
        await using var host = await MeetingTestHost.StartAsync(provider, postgres, "01:00:00", Ct, engine);
        var lead = await host.AddLeadAsync("Avery Johnson", "+12125550143", "avery@example.com", Ct);
        var meetingId = await host.BookAsync(lead, host.LondonWorkdayAt(11), Ct);
        var durable = host.App.Services.GetRequiredService<DurableTaskClient>();
        await durable.ScheduleNewOrchestrationInstanceAsync(MeetingOrchestration.Name, MeetingWorkflowInput.For(meetingId),
            new StartOrchestrationOptions(MeetingWorkflowInput.InstanceIdFor(meetingId)), Ct);
        var first = (await host.WaitForEmailsAsync(meetingId, emails => emails.Count == 1, Ct)).Single();

        // What a crash between sending and checkpointing leads to: the same activity input runs again.
        var snapshot = await Activity<LoadMeeting>(host).RunAsync(Context(meetingId), MeetingWorkflowInput.For(meetingId));
        var status = await Activity<SendMeetingEmail>(host).RunAsync(Context(meetingId), new MeetingEmailRequest(snapshot, MeetingEmailKind.Invite));

        Assert.Equal(EmailStatus.Sent, status);
        var emails = await host.EmailsAsync(meetingId, Ct);
        Assert.Equal((first.Id, 1), (emails.Single().Id, emails.Single().Attempts));
        Assert.Single(Directory.GetFiles(host.Outbox, "*.eml"));
        await durable.TerminateInstanceAsync(MeetingWorkflowInput.InstanceIdFor(meetingId), "test done", Ct);
    }

    [Fact]
    public async Task Rescheduling_sends_an_update_with_the_same_uid_and_sequence_1_and_cancelling_sends_method_cancel()
    {
        await using var host = await MeetingTestHost.StartAsync(provider, postgres, "01:00:00", Ct, engine);
        var lead = await host.AddLeadAsync("Oliver Smith", "+447700900123", "oliver@example.co.uk", Ct);
        var original = host.LondonWorkdayAt(10);
        var meetingId = await host.BookAsync(lead, original, Ct);
        var durable = host.App.Services.GetRequiredService<DurableTaskClient>();
        var instanceId = MeetingWorkflowInput.InstanceIdFor(meetingId);
        await durable.ScheduleNewOrchestrationInstanceAsync(MeetingOrchestration.Name, MeetingWorkflowInput.For(meetingId),
            new StartOrchestrationOptions(instanceId), Ct);
        await host.WaitForEmailsAsync(meetingId, emails => emails.Count == 1, Ct);

        var moved = original.AddHours(4);
        using var reschedule = await host.Client.PostAsJsonAsync($"/api/meetings/{meetingId}/reschedule", new { startUtc = moved }, Ct);

        Assert.Equal(HttpStatusCode.OK, reschedule.StatusCode);
        var rescheduled = (await reschedule.Content.ReadFromJsonAsync<MeetingDetails>(MeetingTestHost.Json, Ct))!;
        Assert.Equal((moved, 1, MeetingStatus.Booked), (rescheduled.StartUtc, rescheduled.Sequence, rescheduled.Status));
        var afterMove = await host.WaitForEmailsAsync(meetingId, emails => emails.Count == 2, Ct);
        var update = host.InviteIcs(afterMove[1]);
        Assert.Equal(EmailKind.Invite, afterMove[1].Kind);
        Assert.StartsWith("Updated:", afterMove[1].Subject, StringComparison.Ordinal);
        Assert.Contains($"UID:{meetingId:N}@aischeduler", update, StringComparison.Ordinal);
        Assert.Contains("SEQUENCE:1", update, StringComparison.Ordinal);
        Assert.Contains($"DTSTART:{moved.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}", update, StringComparison.Ordinal);
        Assert.True((await durable.GetInstanceAsync(instanceId, cancellation: Ct))!.IsRunning);

        using var cancel = await host.Client.PostAsJsonAsync($"/api/meetings/{meetingId}/cancel", new { reason = "lead asked" }, Ct);

        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        var finished = await durable.WaitForInstanceCompletionAsync(instanceId, true, Ct);
        Assert.Equal(MeetingStatus.Cancelled, finished.ReadOutputAs<MeetingWorkflowResult>()!.Outcome);
        var all = await host.EmailsAsync(meetingId, Ct);
        Assert.Equal([EmailKind.Invite, EmailKind.Invite, EmailKind.Cancel], all.Select(email => email.Kind).ToArray());
        var cancellation = host.Read(all[2]);
        Assert.Equal("CANCEL", cancellation.Parts[0].Parts[2].Parameters["method"]);
        var cancelIcs = host.InviteIcs(all[2]);
        Assert.Contains("METHOD:CANCEL", cancelIcs, StringComparison.Ordinal);
        Assert.Contains("STATUS:CANCELLED", cancelIcs, StringComparison.Ordinal);
        Assert.Contains($"UID:{meetingId:N}@aischeduler", cancelIcs, StringComparison.Ordinal);
        Assert.Contains("SEQUENCE:2", cancelIcs, StringComparison.Ordinal);
        var meeting = await host.Client.GetFromJsonAsync<MeetingDetails>($"/api/meetings/{meetingId}", MeetingTestHost.Json, Ct);
        Assert.Equal((MeetingStatus.Cancelled, "lead asked"), (meeting!.Status, meeting.StatusReason));
    }

    [Fact]
    public async Task Cancelling_a_meeting_whose_orchestration_already_ended_starts_one_that_sends_the_cancellation()
    {
        await using var host = await MeetingTestHost.StartAsync(provider, postgres, "01:00:00", Ct, engine);
        var lead = await host.AddLeadAsync("Lena Fischer", "+4915123456789", "lena@example.de", Ct);
        var meetingId = await host.BookAsync(lead, host.LondonWorkdayAt(12), Ct);

        using var cancel = await host.Client.PostAsync($"/api/meetings/{meetingId}/cancel", null, Ct);

        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        var durable = host.App.Services.GetRequiredService<DurableTaskClient>();
        var finished = await durable.WaitForInstanceCompletionAsync(MeetingWorkflowInput.InstanceIdFor(meetingId), true, Ct);
        Assert.Equal(MeetingStatus.Cancelled, finished.ReadOutputAs<MeetingWorkflowResult>()!.Outcome);
        var emails = await host.EmailsAsync(meetingId, Ct);
        Assert.Equal(EmailKind.Cancel, emails.Single().Kind);
        Assert.Contains("SEQUENCE:1", host.InviteIcs(emails[0]), StringComparison.Ordinal);

        using var again = await host.Client.PostAsync($"/api/meetings/{meetingId}/cancel", null, Ct);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        using var problem = JsonDocument.Parse(await again.Content.ReadAsStringAsync(Ct));
        Assert.Contains("final", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private static T Activity<T>(MeetingTestHost host) where T : class =>
        ActivatorUtilities.CreateInstance<T>(host.App.Services);

    private static TaskActivityContext Context(Guid meetingId) => new DirectCall(MeetingWorkflowInput.InstanceIdFor(meetingId));

    /// <summary>An activity invoked directly by the test, as a worker would invoke it for the meeting's instance.</summary>
    private sealed class DirectCall(string instanceId) : TaskActivityContext
    {
        public override TaskName Name { get; } = new("test");

        public override string InstanceId { get; } = instanceId;
    }
}
