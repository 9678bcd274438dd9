using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using AiScheduler.Domain.Conversation;
using AiScheduler.Domain.Conversation.Languages;
using AiScheduler.Functions.Calls;
using AiScheduler.Functions.DoNotCall;
using AiScheduler.Functions.Emails;
using AiScheduler.Functions.Leads;
using AiScheduler.Functions.Meetings;
using AiScheduler.Functions.Store;
using AiScheduler.Functions.Tests.Infrastructure;
using AiScheduler.Testing;
using Dapper;

namespace AiScheduler.Functions.Tests.Meetings;

public sealed class SqliteMeetingJoinTests(PostgresFixture postgres) : MeetingJoinTests(StoreProvider.Sqlite, postgres);

public sealed class PostgresMeetingJoinTests(PostgresFixture postgres) : MeetingJoinTests(StoreProvider.Postgres, postgres);

/// <summary>Conformance: the same paths on Microsoft's Durable Task worker (in memory), the app's data in SQLite.</summary>
public sealed class MicrosoftEngineMeetingJoinTests(PostgresFixture postgres)
    : MeetingJoinTests(StoreProvider.Sqlite, postgres, DurableEngine.Microsoft);

/// <summary>
/// The AI joining a booked meeting, every path of the Meeting orchestration after the invite: joined by phone at the
/// start time, no answer then the retry answered, no-show, the lead ending early, rescheduled before the meeting, cancelled,
/// started now by a rep, and the room. The app calls the leads through the real emulator over HTTP; the callees are
/// personas written by each test.
/// </summary>
public abstract class MeetingJoinTests(StoreProvider provider, PostgresFixture postgres, DurableEngine engine = DurableEngine.Ours)
{
    private const string Qualified = "+12125550191";
    private const string MissesFirstCall = "+12125550192";
    private const string NeverAnswers = "+12125550193";
    private const string EndsEarly = "+12125550194";
    private const string SaysStopCalling = "+12125550195";
    private const string PressesOptOutKey = "+12125550196";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task At_the_start_time_the_AI_calls_the_lead_runs_the_interview_and_the_meeting_is_completed_with_its_analysis()
    {
        await using var host = await StartAsync();
        var lead = await host.AddLeadAsync("Quinn Harper", Qualified, "quinn@example.com", Ct);
        var meetingId = await host.BookAsync(lead, host.Clock.GetUtcNow().AddSeconds(3), Ct);

        var result = await RunAsync(host, meetingId);

        Assert.Equal((MeetingStatus.Completed, 1, "scheduled"), (result.Outcome, result.Calls, result.JoinedBy));
        var meeting = await host.Client.GetFromJsonAsync<MeetingDetails>($"/api/meetings/{meetingId}", MeetingTestHost.Json, Ct);
        Assert.Equal(MeetingStatus.Completed, meeting!.Status);
        using var analysis = await JsonAsync(host, $"/api/meetings/{meetingId}/analysis");
        Assert.Equal("qualified", FindString(analysis.RootElement, "status"));

        // The interview went through the call session: a meeting call, its transcript in the meeting's transcript too.
        var session = await host.App.Services.GetRequiredService<CallSessionStore>()
            .GetAsync(CallLeadForMeeting.CallIdFor(meetingId, 1), Ct);
        Assert.Equal((meetingId, CallPhase.Ended), (session!.MeetingId, session.Phase));
        using var transcript = await JsonAsync(host, $"/api/meetings/{meetingId}/transcript");
        var said = transcript.RootElement.ToString();
        Assert.Contains("50,000 dollars", said, StringComparison.Ordinal);
        Assert.Contains("CEO", said, StringComparison.Ordinal);

        var emails = await host.WaitForEmailsAsync(meetingId, list => list.Any(email => email.Kind == EmailKind.Summary), Ct);
        Assert.Contains(emails, email => email.Kind == EmailKind.Summary && email.To == "sales-team@example.com" && email.Status == EmailStatus.Sent);
    }

    [Fact]
    public async Task A_lead_who_misses_the_first_call_is_called_once_more_after_the_retry_delay_and_interviewed()
    {
        await using var host = await StartAsync();
        var lead = await host.AddLeadAsync("Morgan Reed", MissesFirstCall, "morgan@example.com", Ct);
        var meetingId = await host.BookAsync(lead, host.Clock.GetUtcNow().AddSeconds(3), Ct);

        var result = await RunAsync(host, meetingId);

        Assert.Equal((MeetingStatus.Completed, 2), (result.Outcome, result.Calls));
        var sessions = host.App.Services.GetRequiredService<CallSessionStore>();
        var first = await sessions.GetAsync(CallLeadForMeeting.CallIdFor(meetingId, 1), Ct);
        var second = await sessions.GetAsync(CallLeadForMeeting.CallIdFor(meetingId, 2), Ct);
        Assert.DoesNotContain(first!.State.Turns, turn => turn.Speaker == "lead");
        Assert.Contains(second!.State.Turns, turn => turn.Speaker == "lead");
        // The retry waited Meetings:NoAnswerRetryDelay (1 s here) after the first call ended.
        Assert.True(second.CreatedAt - first.EndedAt!.Value >= TimeSpan.FromSeconds(1),
            $"the retry was placed {(second.CreatedAt - first.EndedAt!.Value).TotalSeconds} s after the first call ended");
    }

    [Fact]
    public async Task A_lead_who_answers_neither_call_is_a_no_show_the_team_is_told_and_the_lead_asked_to_reschedule()
    {
        await using var host = await StartAsync();
        var lead = await host.AddLeadAsync("Jamie Fox", NeverAnswers, "jamie@example.com", Ct);
        var meetingId = await host.BookAsync(lead, host.Clock.GetUtcNow().AddSeconds(3), Ct);

        var result = await RunAsync(host, meetingId);

        Assert.Equal((MeetingStatus.NoShow, MeetingOrchestration.MaxCalls), (result.Outcome, result.Calls));
        var meeting = await host.Client.GetFromJsonAsync<MeetingDetails>($"/api/meetings/{meetingId}", MeetingTestHost.Json, Ct);
        Assert.Equal(MeetingStatus.NoShow, meeting!.Status);
        var emails = await host.WaitForEmailsAsync(meetingId,
            list => list.Any(email => email.Kind == EmailKind.NoShow) && list.Any(email => email.Kind == EmailKind.RescheduleRequest), Ct);
        Assert.Contains(emails, email => email.Kind == EmailKind.NoShow && email.To == "sales-team@example.com");
        Assert.Contains(emails, email => email.Kind == EmailKind.RescheduleRequest && email.To == "jamie@example.com");
        Assert.DoesNotContain(emails, email => email.Kind == EmailKind.Summary);
    }

    [Fact]
    public async Task A_lead_who_ends_the_interview_early_still_gets_the_partial_interview_analysed()
    {
        await using var host = await StartAsync();
        var lead = await host.AddLeadAsync("Ellis Grant", EndsEarly, "ellis@example.com", Ct);
        var meetingId = await host.BookAsync(lead, host.Clock.GetUtcNow().AddSeconds(3), Ct);

        var result = await RunAsync(host, meetingId);

        Assert.Equal((MeetingStatus.Completed, 1), (result.Outcome, result.Calls));
        using var transcript = await JsonAsync(host, $"/api/meetings/{meetingId}/transcript");
        var said = transcript.RootElement.ToString();
        Assert.Contains("ten hours a week", said, StringComparison.Ordinal);
        Assert.Contains("I have to go", said, StringComparison.Ordinal);
        // Nothing after the lead left: the budget question was never reached.
        Assert.DoesNotContain("50,000", said, StringComparison.Ordinal);
        using var analysis = await JsonAsync(host, $"/api/meetings/{meetingId}/analysis");
        Assert.NotNull(FindString(analysis.RootElement, "status"));
    }

    [Theory]
    [InlineData(SaysStopCalling, "said \"Please stop calling me")]
    [InlineData(PressesOptOutKey, "pressed 9 on the keypad")]
    public async Task A_lead_who_opts_out_on_the_meeting_call_is_put_on_the_do_not_call_list_and_the_sales_team_is_told(string phone, string evidence)
    {
        await using var host = await StartAsync();
        var lead = await host.AddLeadAsync("Robin Vale", phone, "robin@example.com", Ct);
        var meetingId = await host.BookAsync(lead, host.Clock.GetUtcNow().AddSeconds(3), Ct);

        var result = await RunAsync(host, meetingId);

        // Not retried, not a no-show, not analysed: the meeting is marked opted-out.
        Assert.Equal((MeetingStatus.OptedOut, 1), (result.Outcome, result.Calls));
        var meeting = await host.Client.GetFromJsonAsync<MeetingDetails>($"/api/meetings/{meetingId}", MeetingTestHost.Json, Ct);
        Assert.Equal(MeetingStatus.OptedOut, meeting!.Status);

        // The same compliance path as the scheduling call: the number on the do-not-call list with the evidence, the
        // lead marked do-not-call, the call's outcome opted-out with the confirmation as the AI's last words.
        var entry = await host.App.Services.GetRequiredService<DoNotCallList>().FindAsync(Workspaces.DefaultId, phone, Ct);
        Assert.NotNull(entry);
        Assert.Equal(DoNotCallSource.OptedOut, entry.Source);
        Assert.Contains(evidence, entry.Evidence, StringComparison.Ordinal);
        var stored = await host.App.Services.GetRequiredService<LeadStore>().GetAsync(Workspaces.DefaultId, lead.Id, Ct);
        Assert.Equal(LeadStatus.DoNotCall, stored!.Status);
        var session = await host.App.Services.GetRequiredService<CallSessionStore>().GetAsync(CallLeadForMeeting.CallIdFor(meetingId, 1), Ct);
        Assert.Equal(CallOutcome.OptedOut, session!.Outcome);
        var confirmation = LanguagePacks.For("en-US").OptedOut();
        Assert.Equal(confirmation, session.State.Turns[^1].Text);

        // The interview ended politely there, with the reason, and nothing after it was asked.
        using var interview = await JsonAsync(host, $"/api/meetings/{meetingId}/transcript");
        var said = interview.RootElement.ToString();
        Assert.Contains(confirmation, said, StringComparison.Ordinal);
        Assert.DoesNotContain("50,000", said, StringComparison.Ordinal);
        var record = await host.App.Services.GetRequiredService<AiScheduler.Functions.Meetings.Interview.MeetingInterviews>()
            .GetAsync(Workspaces.DefaultId, meetingId, Ct);
        Assert.Equal(AiScheduler.Domain.Meetings.Interview.InterviewEndReason.OptedOut, record!.State!.EndReason);

        // The sales team is told; the lead gets no reschedule email and there is no summary.
        var emails = await host.WaitForEmailsAsync(meetingId, list => list.Any(email => email.Kind == EmailKind.OptedOut), Ct);
        Assert.Contains(emails, email => email.Kind == EmailKind.OptedOut && email.To == "sales-team@example.com" && email.Status == EmailStatus.Sent);
        Assert.DoesNotContain(emails, email => email.Kind is EmailKind.RescheduleRequest or EmailKind.Summary or EmailKind.NoShow);
        Assert.Equal(1, await MeetingCallsAsync(host, meetingId));
    }

    [Fact]
    public async Task A_meeting_rescheduled_before_it_starts_is_joined_at_its_new_time()
    {
        await using var host = await StartAsync();
        var lead = await host.AddLeadAsync("Quinn Harper", Qualified, "quinn@example.com", Ct);
        var original = host.Clock.GetUtcNow().AddMinutes(30);
        var meetingId = await host.BookAsync(lead, original, Ct);
        var durable = host.App.Services.GetRequiredService<DurableTaskClient>();
        var instanceId = MeetingWorkflowInput.InstanceIdFor(meetingId);
        await durable.ScheduleNewOrchestrationInstanceAsync(MeetingOrchestration.Name, MeetingWorkflowInput.For(meetingId),
            new StartOrchestrationOptions(instanceId), Ct);
        await host.WaitForEmailsAsync(meetingId, emails => emails.Count == 1, Ct);

        // As POST /api/meetings/{id}/reschedule does: the row first, then the event (the API's slot rules keep a move
        // minutes ahead; the store takes any time, so the test need not wait half an hour).
        var moved = host.Clock.GetUtcNow().AddSeconds(3);
        var (change, meeting) = await host.App.Services.GetRequiredService<MeetingStore>()
            .RescheduleAsync(Workspaces.DefaultId, meetingId, moved, moved.AddMinutes(30), Ct);
        Assert.Equal(MeetingChange.Changed, change);
        await durable.RaiseEventAsync(instanceId, MeetingOrchestration.RescheduleEvent, new MeetingRescheduled(meeting!.Sequence, meeting.StartUtc), Ct);

        var finished = await durable.WaitForInstanceCompletionAsync(instanceId, true, Ct);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, finished.RuntimeStatus);
        Assert.Equal((MeetingStatus.Completed, 1, 1), (finished.ReadOutputAs<MeetingWorkflowResult>()!.Outcome,
            finished.ReadOutputAs<MeetingWorkflowResult>()!.Sequence, finished.ReadOutputAs<MeetingWorkflowResult>()!.Calls));
        // Joined at the new time, long before the original one.
        Assert.True(host.Clock.GetUtcNow() < original, "the AI waited for the original time");
        var session = await host.App.Services.GetRequiredService<CallSessionStore>().GetAsync(CallLeadForMeeting.CallIdFor(meetingId, 1), Ct);
        Assert.True(session!.CreatedAt >= moved, "the AI called before the new start time");
        var invites = (await host.EmailsAsync(meetingId, Ct)).Where(email => email.Kind == EmailKind.Invite).ToList();
        Assert.Equal(2, invites.Count);
    }

    [Fact]
    public async Task A_meeting_cancelled_before_it_starts_ends_its_orchestration_and_nobody_is_called()
    {
        await using var host = await StartAsync();
        var lead = await host.AddLeadAsync("Quinn Harper", Qualified, "quinn@example.com", Ct);
        var meetingId = await host.BookAsync(lead, host.Clock.GetUtcNow().AddSeconds(4), Ct);
        var durable = host.App.Services.GetRequiredService<DurableTaskClient>();
        var instanceId = MeetingWorkflowInput.InstanceIdFor(meetingId);
        await durable.ScheduleNewOrchestrationInstanceAsync(MeetingOrchestration.Name, MeetingWorkflowInput.For(meetingId),
            new StartOrchestrationOptions(instanceId), Ct);
        await host.WaitForEmailsAsync(meetingId, emails => emails.Count == 1, Ct);

        using var cancel = await host.Client.PostAsJsonAsync($"/api/meetings/{meetingId}/cancel", new { reason = "lead asked" }, Ct);
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        var finished = await durable.WaitForInstanceCompletionAsync(instanceId, true, Ct);

        Assert.Equal(MeetingStatus.Cancelled, finished.ReadOutputAs<MeetingWorkflowResult>()!.Outcome);
        // Past the original start: still nobody called.
        await Task.Delay(TimeSpan.FromSeconds(5), Ct);
        Assert.Equal(0, await MeetingCallsAsync(host, meetingId));
        Assert.Empty(host.Emulator.Switchboard.Calls);
    }

    [Fact]
    public async Task Start_now_makes_the_AI_join_a_meeting_booked_for_later_at_once()
    {
        await using var host = await StartAsync();
        var lead = await host.AddLeadAsync("Quinn Harper", Qualified, "quinn@example.com", Ct);
        var meetingId = await host.BookAsync(lead, host.LondonWorkdayAt(11), Ct);
        var durable = host.App.Services.GetRequiredService<DurableTaskClient>();
        var instanceId = MeetingWorkflowInput.InstanceIdFor(meetingId);
        await durable.ScheduleNewOrchestrationInstanceAsync(MeetingOrchestration.Name, MeetingWorkflowInput.For(meetingId),
            new StartOrchestrationOptions(instanceId), Ct);

        using var start = await host.Client.PostAsync($"/api/meetings/{meetingId}/start", null, Ct);

        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var finished = await durable.WaitForInstanceCompletionAsync(instanceId, true, Ct);
        var result = finished.ReadOutputAs<MeetingWorkflowResult>()!;
        Assert.Equal((MeetingStatus.Completed, 1, "start-now"), (result.Outcome, result.Calls, result.JoinedBy));

        using var again = await host.Client.PostAsync($"/api/meetings/{meetingId}/start", null, Ct);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task In_room_mode_the_AI_calls_nobody_and_the_meeting_completes_when_the_interview_ends()
    {
        await using var host = await StartAsync();
        var lead = await host.AddLeadAsync("Quinn Harper", Qualified, "quinn@example.com", Ct);
        var meetingId = await host.BookAsync(lead, host.LondonWorkdayAt(11), Ct);
        using (var patch = await host.Client.PatchAsJsonAsync($"/api/meetings/{meetingId}", new { joinMode = "room", repEmail = "rep@example.com" }, Ct))
        {
            Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
            var patched = (await patch.Content.ReadFromJsonAsync<MeetingDetails>(MeetingTestHost.Json, Ct))!;
            Assert.Equal((MeetingJoinMode.Room, "rep@example.com"), (patched.JoinMode, patched.RepEmail));
        }

        using (var start = await host.Client.PostAsync($"/api/meetings/{meetingId}/start", null, Ct))
        {
            Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        }

        var durable = host.App.Services.GetRequiredService<DurableTaskClient>();
        var instanceId = MeetingWorkflowInput.InstanceIdFor(meetingId);
        await WaitForStageAsync(durable, instanceId, MeetingOrchestration.Joined);
        using (var complete = await host.Client.PostAsJsonAsync($"/api/meetings/{meetingId}/complete", new { reason = "rep ended it" }, Ct))
        {
            Assert.Equal(HttpStatusCode.Accepted, complete.StatusCode);
        }

        var finished = await durable.WaitForInstanceCompletionAsync(instanceId, true, Ct);
        Assert.Equal((MeetingStatus.Completed, 0), (finished.ReadOutputAs<MeetingWorkflowResult>()!.Outcome, finished.ReadOutputAs<MeetingWorkflowResult>()!.Calls));
        Assert.Empty(host.Emulator.Switchboard.Calls);
        var emails = await host.WaitForEmailsAsync(meetingId, list => list.Count(email => email.Kind == EmailKind.Summary) >= 2, Ct);
        Assert.Contains(emails, email => email.Kind == EmailKind.Summary && email.To == "rep@example.com");
    }

    private async Task<MeetingTestHost> StartAsync()
    {
        var personas = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "aischeduler-meeting-personas", Guid.NewGuid().ToString("N"))).FullName;
        WritePersona(personas, "quinn-qualifies", Qualified, Meeting(QualifiedReplies()));
        WritePersona(personas, "morgan-misses-the-first-call", MissesFirstCall, Meeting(QualifiedReplies(), missedCalls: 1));
        WritePersona(personas, "jamie-never-answers", NeverAnswers, new JsonObject { ["answer"] = "no-answer" });
        WritePersona(personas, "ellis-ends-early", EndsEarly, Meeting(
        [
            ("(?i)challenge", "Our sales reps lose about ten hours a week scheduling meetings by hand."),
            (null, "Sorry, I have to go now, something came up."),
        ]));
        WritePersona(personas, "robin-says-stop-calling", SaysStopCalling, Meeting(
        [
            ("(?i)challenge", "Please stop calling me, I am not interested in any of this."),
            (null, "Our budget is 50,000 dollars."),
        ]));
        WritePersona(personas, "rory-presses-the-opt-out-key", PressesOptOutKey, Meeting(
        [
            ("(?i)challenge", null, "9"),
            (null, "Our budget is 50,000 dollars.", null),
        ]));
        return await MeetingTestHost.StartAsync(provider, postgres, "01:00:00", Ct, engine, personas);
    }

    private static async Task<MeetingWorkflowResult> RunAsync(MeetingTestHost host, Guid meetingId)
    {
        var durable = host.App.Services.GetRequiredService<DurableTaskClient>();
        var instanceId = MeetingWorkflowInput.InstanceIdFor(meetingId);
        await durable.ScheduleNewOrchestrationInstanceAsync(MeetingOrchestration.Name, MeetingWorkflowInput.For(meetingId),
            new StartOrchestrationOptions(instanceId), Ct);
        using var guard = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        guard.CancelAfter(TimeSpan.FromMinutes(2));
        var finished = await durable.WaitForInstanceCompletionAsync(instanceId, true, guard.Token);
        Assert.True(finished.RuntimeStatus == OrchestrationRuntimeStatus.Completed, finished.FailureDetails?.ToString());
        return finished.ReadOutputAs<MeetingWorkflowResult>()!;
    }

    private static async Task WaitForStageAsync(DurableTaskClient durable, string instanceId, string stage)
    {
        using var guard = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        guard.CancelAfter(TimeSpan.FromMinutes(1));
        while (true)
        {
            var instance = await durable.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellation: guard.Token);
            if (instance?.SerializedCustomStatus?.Contains($"\"{stage}\"", StringComparison.Ordinal) == true)
            {
                return;
            }

            await Task.Delay(50, guard.Token);
        }
    }

    private static async Task<long> MeetingCallsAsync(MeetingTestHost host, Guid meetingId)
    {
        await using var connection = await host.App.Services.GetRequiredService<DataStore>().OpenConnectionAsync(Ct);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM call_sessions WHERE meeting_id = @meetingId", new { meetingId }, cancellationToken: Ct));
    }

    private static async Task<JsonDocument> JsonAsync(MeetingTestHost host, string path)
    {
        using var response = await host.Client.GetAsync(path, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body);
    }

    /// <summary>The first string property named <paramref name="name"/> anywhere in the document.</summary>
    private static string? FindString(JsonElement element, string name)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (property.NameEquals(name) && property.Value.ValueKind == JsonValueKind.String)
                    {
                        return property.Value.GetString();
                    }

                    if (FindString(property.Value, name) is { } found)
                    {
                        return found;
                    }
                }

                return null;
            case JsonValueKind.Array:
                return element.EnumerateArray().Select(item => FindString(item, name)).FirstOrDefault(found => found is not null);
            default:
                return null;
        }
    }

    private static List<(string? When, string Say)> QualifiedReplies() =>
    [
        ("(?i)challenge", "Our sales reps lose about ten hours a week scheduling meetings by hand, and we miss leads because of it."),
        ("(?i)using today", "Today we use spreadsheets and email, and it does not scale."),
        ("(?i)example", "Last month we lost three deals because nobody called the leads back in time."),
        ("(?i)deciding|sign off", "I am the CEO and I make the final decision."),
        ("(?i)budget|figure", "Yes, we have an approved budget of 50,000 dollars a year."),
        ("(?i)in place|month or quarter", "We want it running in a couple of months."),
        ("(?i)anything else", "No, that's all. Please send us a proposal."),
        (null, "Last month we lost three deals because nobody called the leads back in time."),
    ];

    private static JsonObject Meeting(IEnumerable<(string? When, string Say)> replies, int missedCalls = 0) =>
        Meeting(replies.Select(reply => (reply.When, (string?)reply.Say, (string?)null)), missedCalls);

    /// <summary>A meeting script whose replies say something or, with <c>Dtmf</c>, press keypad keys.</summary>
    private static JsonObject Meeting(IEnumerable<(string? When, string? Say, string? Dtmf)> replies, int missedCalls = 0)
    {
        var list = new JsonArray();
        foreach (var (when, say, dtmf) in replies)
        {
            var reply = dtmf is null ? new JsonObject { ["say"] = say } : new JsonObject { ["dtmf"] = dtmf };
            if (when is not null)
            {
                reply["when"] = when;
            }

            list.Add(reply);
        }

        var meeting = new JsonObject { ["answer"] = "human", ["replies"] = list, ["whenOutOfReplies"] = "hangup" };
        if (missedCalls > 0)
        {
            meeting["missedCalls"] = missedCalls;
        }

        return meeting;
    }

    private static void WritePersona(string directory, string id, string phone, JsonObject meeting)
    {
        var persona = new JsonObject
        {
            ["id"] = id,
            ["phoneNumbers"] = new JsonArray(phone),
            ["language"] = "en-US",
            ["answer"] = "human",
            ["replies"] = new JsonArray(new JsonObject { ["say"] = "Hello?" }),
            ["whenOutOfReplies"] = "hangup",
            ["meeting"] = meeting,
        };
        File.WriteAllText(Path.Combine(directory, id + ".json"), persona.ToJsonString());
    }
}
