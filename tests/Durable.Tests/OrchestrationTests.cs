using AiScheduler.Testing;

namespace AiScheduler.Durable.Tests;

public class OrchestrationTests(PostgresFixture postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<DurableTestHost> StartAsync(string backend, Action<DurableOptions>? configure = null) =>
        await DurableTestHost.StartAsync(await TestDatabase.CreateAsync(backend, postgres), configure: configure);

    [Theory, InlineData("sqlite"), InlineData("postgres")]
    public async Task Sequential_activities_complete_with_output_input_custom_status_and_version(string backend)
    {
        await using var host = await StartAsync(backend);

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(HelloSequence), new[] { "Ada", "Grace", "Linus" },
            new StartOrchestrationOptions { Version = "1.2" }, Ct);
        var state = await host.WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, state.RuntimeStatus);
        Assert.Equal("Hello Ada, Hello Grace, Hello Linus", state.ReadOutputAs<string>());
        Assert.Equal(["Ada", "Grace", "Linus"], state.ReadInputAs<string[]>()!);
        var execution = await host.Client.GetExecutionAsync(id, Ct);
        Assert.Equal("1.2", execution!.Version);
        Assert.Contains("\"step\":\"done\"", state.SerializedCustomStatus, StringComparison.Ordinal);
        Assert.Contains("\"version\":\"1.2\"", state.SerializedCustomStatus, StringComparison.Ordinal);
        Assert.NotNull(execution.CompletedAt);
        var history = await host.Client.GetHistoryAsync(state.InstanceId, Ct);
        Assert.Equal(3, history.Count(e => e.Type == HistoryEventType.TaskScheduled));
        Assert.Equal(3, history.Count(e => e.Type == HistoryEventType.TaskCompleted));
        Assert.Equal(HistoryEventType.ExecutionCompleted, history[^1].Type);
    }

    [Theory, InlineData("sqlite"), InlineData("postgres")]
    public async Task An_event_raised_before_the_orchestration_waits_is_buffered_and_delivered(string backend)
    {
        await using var host = await StartAsync(backend);

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(WaitForApproval), "order-7", cancellation: Ct);
        await host.Client.RaiseEventAsync(id, "approval", "approved by Sam", cancellation: Ct);

        var state = await host.WaitAsync(id);
        Assert.Equal("order-7: approved by Sam", state.ReadOutputAs<string>());
    }

    [Theory, InlineData("sqlite"), InlineData("postgres")]
    public async Task A_repeated_event_id_is_delivered_once(string backend)
    {
        await using var host = await StartAsync(backend);
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(CollectItems), 2, cancellation: Ct);

        Assert.True(await host.Client.RaiseEventOnceAsync(id, "item", "e-1", "first", Ct));
        Assert.False(await host.Client.RaiseEventOnceAsync(id, "item", "e-1", "first", Ct));
        Assert.True(await host.Client.RaiseEventOnceAsync(id, "item", "e-2", "second", Ct));

        var state = await host.WaitAsync(id);
        Assert.Equal(["first", "second"], state.ReadOutputAs<List<string>>());
    }

    [Theory, InlineData("sqlite"), InlineData("postgres")]
    public async Task An_event_beating_a_timer_wins_and_the_losing_timer_is_cancelled_and_deleted(string backend)
    {
        await using var host = await StartAsync(backend);
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(RaceTimerAgainstEvent), 3_600_000, cancellation: Ct);
        await host.WaitForStatusAsync(id, OrchestrationRuntimeStatus.Running);
        Assert.Equal(1, await host.Database.CountAsync(
            "SELECT count(*) FROM dt_new_events WHERE event_type = 'TimerFired' AND instance_id = @id", ("id", id)));

        await host.Client.RaiseEventAsync(id, "go", "now", cancellation: Ct);

        var state = await host.WaitAsync(id);
        Assert.Equal("event:now", state.ReadOutputAs<string>());
        Assert.Equal(0, await host.Database.CountAsync("SELECT count(*) FROM dt_new_events WHERE instance_id = @id", ("id", id)));
        var history = await host.Client.GetHistoryAsync(id, Ct);
        Assert.DoesNotContain(history, e => e.Type == HistoryEventType.TimerFired);
    }

    [Theory, InlineData("sqlite"), InlineData("postgres")]
    public async Task A_timer_beating_an_event_wins_and_the_wait_is_cancelled(string backend)
    {
        await using var host = await StartAsync(backend);

        var state = await host.RunAsync(nameof(RaceTimerAgainstEvent), 50);

        Assert.Equal("timer", state.ReadOutputAs<string>());
        var history = await host.Client.GetHistoryAsync(state.InstanceId, Ct);
        Assert.Single(history, e => e.Type == HistoryEventType.TimerFired);
    }

    [Theory, InlineData("sqlite"), InlineData("postgres")]
    public async Task Waiting_for_an_event_with_a_timeout_ends_in_a_cancellation_the_code_can_catch(string backend)
    {
        await using var host = await StartAsync(backend);

        var timedOut = await host.RunAsync(nameof(WaitWithTimeout), 50);
        Assert.Equal("timed out", timedOut.ReadOutputAs<string>());

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(WaitWithTimeout), 3_600_000, cancellation: Ct);
        await host.Client.RaiseEventAsync(id, "answer", "yes", cancellation: Ct);
        Assert.Equal("yes", (await host.WaitAsync(id)).ReadOutputAs<string>());
    }

    [Theory, InlineData("sqlite"), InlineData("postgres")]
    public async Task Failed_activities_are_retried_after_durable_timers_that_back_off(string backend)
    {
        await using var host = await StartAsync(backend);

        var state = await host.RunAsync(nameof(RetryFlaky), 3);

        Assert.Equal("succeeded on attempt 4", state.ReadOutputAs<string>());
        var history = await host.Client.GetHistoryAsync(state.InstanceId, Ct);
        var delays = new List<TimeSpan>();
        var stepTime = DateTime.MinValue;
        foreach (var e in history)
        {
            if (e.Type == HistoryEventType.OrchestratorStarted)
            {
                stepTime = e.Timestamp;
            }
            else if (e.Type == HistoryEventType.TimerCreated)
            {
                delays.Add(e.FireAt!.Value - stepTime);
            }
        }

        // 100 ms, then x2 = 200 ms, then x2 = 400 ms capped at the 300 ms maximum.
        Assert.Equal([TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(300)], delays);
        Assert.Equal(3, history.Count(e => e.Type == HistoryEventType.TaskFailed));
        Assert.Equal(3, history.Count(e => e.Type == HistoryEventType.TimerFired));
    }

    [Theory, InlineData("sqlite"), InlineData("postgres")]
    public async Task A_failure_the_handle_predicate_rejects_is_not_retried_and_fails_the_orchestration(string backend)
    {
        await using var host = await StartAsync(backend);

        var state = await host.RunAsync(nameof(RetryOnlyTransient), "bad input");

        Assert.Equal(OrchestrationRuntimeStatus.Failed, state.RuntimeStatus);
        Assert.Equal(1, Fail.Attempts[state.InstanceId]);
        Assert.Equal(typeof(TaskFailedException).FullName, state.FailureDetails!.ErrorType);
        Assert.Equal(typeof(ArgumentException).FullName, state.FailureDetails.InnerFailure!.ErrorType);
        Assert.Equal("bad input", state.FailureDetails.InnerFailure.ErrorMessage);
    }

    [Theory, InlineData("sqlite"), InlineData("postgres")]
    public async Task A_sub_orchestration_result_reaches_the_parent(string backend)
    {
        await using var host = await StartAsync(backend);
        var childId = "child-" + Guid.NewGuid().ToString("N");

        var state = await host.RunAsync(nameof(Parent), new ParentInput(nameof(EchoChild), childId, "kid"));

        Assert.Equal("parent got Hello kid", state.ReadOutputAs<string>());
        var child = await host.Client.GetInstanceAsync(childId, true, Ct);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, child!.RuntimeStatus);
        Assert.Equal(nameof(EchoChild), child.Name);
    }

    [Theory, InlineData("sqlite"), InlineData("postgres")]
    public async Task A_sub_orchestration_failure_surfaces_in_the_parent_with_the_inner_failure(string backend)
    {
        await using var host = await StartAsync(backend);
        var childId = "child-" + Guid.NewGuid().ToString("N");

        var state = await host.RunAsync(nameof(Parent), new ParentInput(nameof(FailingChild), childId, "card declined"));

        Assert.Equal(OrchestrationRuntimeStatus.Failed, state.RuntimeStatus);
        Assert.Contains(nameof(FailingChild), state.FailureDetails!.ErrorMessage, StringComparison.Ordinal);
        // Official IsCausedBy looks at one level: the parent's task failure wraps the child's, which wraps the activity's.
        Assert.True(state.FailureDetails.IsCausedBy<TaskFailedException>());
        Assert.True(state.FailureDetails.InnerFailure!.InnerFailure!.IsCausedBy<ArgumentException>());
        var child = await host.Client.GetInstanceAsync(childId, cancellation: Ct);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, child!.RuntimeStatus);
    }

    [Theory, InlineData("sqlite"), InlineData("postgres")]
    public async Task ContinueAsNew_a_thousand_times_keeps_history_bounded(string backend)
    {
        await using var host = await StartAsync(backend);
        var id = "counter-" + Guid.NewGuid().ToString("N");
        await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(CountWithContinueAsNew), new[] { 0, 1000 },
            new StartOrchestrationOptions(id), Ct);

        var maxHistory = 0L;
        while ((await host.Client.GetInstanceAsync(id, cancellation: Ct))!.IsRunning)
        {
            maxHistory = Math.Max(maxHistory, await host.Database.CountAsync("SELECT count(*) FROM dt_history WHERE instance_id = @id", ("id", id)));
            await Task.Delay(20, Ct);
        }

        var state = await host.WaitAsync(id);
        Assert.Equal(1000, state.ReadOutputAs<int>());
        Assert.Equal(new[] { 1000, 1000 }, state.ReadInputAs<int[]>());
        Assert.InRange(maxHistory, 0, 6);
        Assert.InRange(await host.Database.CountAsync("SELECT count(*) FROM dt_history WHERE instance_id = @id", ("id", id)), 1, 6);
    }

    [Theory, InlineData("sqlite"), InlineData("postgres")]
    public async Task ContinueAsNew_carries_unprocessed_events_into_the_next_generation(string backend)
    {
        await using var host = await StartAsync(backend);
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(CarryEventsAcrossGenerations), 0, cancellation: Ct);
        await host.Client.RaiseEventAsync(id, "value", "42", cancellation: Ct);

        var state = await host.WaitAsync(id);

        Assert.Equal("generation 3 got 42", state.ReadOutputAs<string>());
    }

    [Theory, InlineData("sqlite"), InlineData("postgres")]
    public async Task Terminating_an_instance_waiting_on_a_timer_ends_it_and_drops_the_timer(string backend)
    {
        await using var host = await StartAsync(backend);
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(SleepForAnHour), cancellation: Ct);
        await host.WaitForStatusAsync(id, OrchestrationRuntimeStatus.Running, s => s.SerializedCustomStatus is not null);

        await host.Client.TerminateInstanceAsync(id, "campaign cancelled", Ct);

        var state = await host.WaitAsync(id);
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, state.RuntimeStatus);
        Assert.Equal("campaign cancelled", state.ReadOutputAs<string>());
        Assert.Equal(0, await host.Database.CountAsync("SELECT count(*) FROM dt_new_events WHERE instance_id = @id", ("id", id)));
    }

    [Theory, InlineData("sqlite"), InlineData("postgres")]
    public async Task A_suspended_instance_holds_its_events_until_resumed(string backend)
    {
        await using var host = await StartAsync(backend);
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(CollectItems), 1, cancellation: Ct);
        await host.WaitForStatusAsync(id, OrchestrationRuntimeStatus.Running);

        await host.Client.SuspendInstanceAsync(id, "maintenance", Ct);
        await host.WaitForStatusAsync(id, OrchestrationRuntimeStatus.Suspended);
        await host.Client.RaiseEventAsync(id, "item", "held", cancellation: Ct);
        var whileSuspended = await host.Client.GetInstanceAsync(id, cancellation: Ct);
        Assert.Equal(OrchestrationRuntimeStatus.Suspended, whileSuspended!.RuntimeStatus);
        Assert.Equal(1, await host.Database.CountAsync(
            "SELECT count(*) FROM dt_new_events WHERE instance_id = @id AND event_type = 'EventRaised'", ("id", id)));

        await host.Client.ResumeInstanceAsync(id, cancellation: Ct);

        var state = await host.WaitAsync(id);
        Assert.Equal(["held"], state.ReadOutputAs<List<string>>());
    }

    [Theory, InlineData("sqlite"), InlineData("postgres")]
    public async Task Scheduling_a_running_instance_id_is_idempotent_and_a_finished_one_restarts_unless_its_status_is_deduplicated(string backend)
    {
        await using var host = await StartAsync(backend);
        var id = "approval-" + Guid.NewGuid().ToString("N");
        await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(CollectItems), 1, new StartOrchestrationOptions(id), Ct);
        var first = await host.Client.GetExecutionAsync(id, Ct);
        await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(CollectItems), 1, new StartOrchestrationOptions(id), Ct);
        Assert.Equal(first!.ExecutionId, (await host.Client.GetExecutionAsync(id, Ct))!.ExecutionId);

        await host.Client.RaiseEventAsync(id, "item", "one", cancellation: Ct);
        var finished = await host.WaitAsync(id);
        Assert.Equal(["one"], finished.ReadOutputAs<List<string>>());

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.Client.ScheduleNewOrchestrationInstanceAsync(
            nameof(CollectItems), 1, new StartOrchestrationOptions(id).WithDedupeStatuses(OrchestrationRuntimeStatus.Completed), Ct));
        Assert.Contains("DedupeStatuses", error.Message, StringComparison.Ordinal);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await host.Client.GetInstanceAsync(id, cancellation: Ct))!.RuntimeStatus);

        await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(CollectItems), 1, new StartOrchestrationOptions(id), Ct);
        await host.Client.RaiseEventAsync(id, "item", "two", cancellation: Ct);
        var restarted = await host.WaitAsync(id);
        Assert.NotEqual(first.ExecutionId, (await host.Client.GetExecutionAsync(id, Ct))!.ExecutionId);
        Assert.Equal(["two"], restarted.ReadOutputAs<List<string>>());
    }

    [Theory, InlineData("sqlite"), InlineData("postgres")]
    public async Task Queries_filter_by_id_prefix_status_and_creation_time_and_page_through_results(string backend)
    {
        await using var host = await StartAsync(backend);
        var before = DateTimeOffset.UtcNow.AddSeconds(-5);
        for (var i = 0; i < 5; i++)
        {
            await host.RunAsync(nameof(HelloSequence), new[] { "n" + i }, "hello-" + i);
        }

        var waiting = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(CollectItems), 1, cancellation: Ct);

        var pages = new List<Page<OrchestrationMetadata>>();
        await foreach (var page in host.Client.GetAllInstancesAsync(new OrchestrationQuery { InstanceIdPrefix = "hello-", PageSize = 2,
            FetchInputsAndOutputs = true }).AsPages().WithCancellation(Ct))
        {
            pages.Add(page);
        }

        Assert.Equal([2, 2, 1], pages.Select(p => p.Values.Count));
        Assert.Null(pages[^1].ContinuationToken);
        var all = pages.SelectMany(p => p.Values).ToList();
        Assert.Equal(5, all.Select(i => i.InstanceId).Distinct().Count());
        Assert.All(all, i => Assert.NotNull(i.SerializedOutput));

        var running = await host.Client.GetAllInstancesAsync(new OrchestrationQuery
        {
            Statuses = [OrchestrationRuntimeStatus.Pending, OrchestrationRuntimeStatus.Running],
        }).ToListAsync(Ct);
        Assert.Equal([waiting], running.Select(i => i.InstanceId));
        Assert.Null(running[0].SerializedInput);

        var inRange = await host.Client.GetAllInstancesAsync(new OrchestrationQuery { CreatedFrom = before, CreatedTo = DateTimeOffset.UtcNow.AddSeconds(5) })
            .ToListAsync(Ct);
        Assert.Equal(6, inRange.Count);
        var none = await host.Client.GetAllInstancesAsync(new OrchestrationQuery { CreatedTo = before }).ToListAsync(Ct);
        Assert.Empty(none);
    }

    [Theory, InlineData("sqlite"), InlineData("postgres")]
    public async Task Purge_deletes_finished_instances_created_in_the_range_and_keeps_running_ones(string backend)
    {
        await using var host = await StartAsync(backend);
        var done = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            done.Add((await host.RunAsync(nameof(HelloSequence), new[] { "p" + i })).InstanceId);
        }

        var running = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(CollectItems), 1, cancellation: Ct);
        await host.WaitForStatusAsync(running, OrchestrationRuntimeStatus.Running);

        Assert.Equal(0, (await host.Client.PurgeAllInstancesAsync(new PurgeInstancesFilter(CreatedTo: DateTimeOffset.UtcNow.AddHours(-1)), Ct)).PurgedInstanceCount);
        Assert.Equal(3, (await host.Client.PurgeAllInstancesAsync(new PurgeInstancesFilter(CreatedTo: DateTimeOffset.UtcNow.AddSeconds(5)), Ct)).PurgedInstanceCount);

        foreach (var id in done)
        {
            Assert.Null(await host.Client.GetInstanceAsync(id, cancellation: Ct));
            Assert.Equal(0, await host.Database.CountAsync("SELECT count(*) FROM dt_history WHERE instance_id = @id", ("id", id)));
        }

        Assert.NotNull(await host.Client.GetInstanceAsync(running, cancellation: Ct));
        Assert.Equal(0, (await host.Client.PurgeInstanceAsync(running, Ct)).PurgedInstanceCount);
    }

    [Theory, InlineData("sqlite"), InlineData("postgres")]
    public async Task Time_guids_and_logging_are_replay_safe(string backend)
    {
        await using var host = await StartAsync(backend);

        var state = await host.RunAsync(nameof(ReplaySafety));

        var atStart = state.ReadCustomStatusAs<ReplaySnapshot>()!;
        var atEnd = state.ReadOutputAs<ReplaySnapshot>()!;
        var history = await host.Client.GetHistoryAsync(state.InstanceId, Ct);
        var firstRun = System.Text.Json.JsonSerializer.Deserialize<Greeting>(
            history.First(e => e.Type == HistoryEventType.TaskScheduled).Payload!, DurableJson.Options)!.Name.Split('|');
        // Values seen by the first execution (recorded in history) equal those recomputed by the final replay.
        Assert.Equal(firstRun[0], atEnd.First.ToString());
        Assert.Equal(firstRun[1], atEnd.Second.ToString());
        Assert.Equal(DateTime.Parse(firstRun[2], System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.RoundtripKind), atEnd.StartedAt);
        Assert.True(atStart.ReplayingAtEnd);
        Assert.False(atEnd.ReplayingAtEnd);
        Assert.NotEqual(atEnd.First, atEnd.Second);
        Assert.Equal(5, atEnd.First.Version);
        Assert.Single(host.Logs.Messages, m => m == "replay-safe: started " + state.InstanceId);
        Assert.Single(host.Logs.Messages, m => m == "replay-safe: finished " + state.InstanceId);
    }

    [Theory, InlineData("sqlite"), InlineData("postgres")]
    public async Task A_fan_out_of_two_hundred_activities_fans_back_in(string backend)
    {
        await using var host = await StartAsync(backend);

        var state = await host.RunAsync(nameof(FanOut), 200);

        Assert.Equal(Enumerable.Range(0, 200).Sum(), state.ReadOutputAs<int>());
        Assert.All(Enumerable.Range(0, 200), i => Assert.Equal(1, SlowEcho.Runs[$"{state.InstanceId}/{i}"]));
    }

    [Theory, InlineData("sqlite"), InlineData("postgres")]
    public async Task Signalling_an_unknown_instance_is_an_actionable_error(string backend)
    {
        await using var host = await StartAsync(backend);

        var raise = await Assert.ThrowsAsync<InvalidOperationException>(() => host.Client.RaiseEventAsync("nobody", "x", cancellation: Ct));
        Assert.Contains("No orchestration instance 'nobody' exists", raise.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<InvalidOperationException>(() => host.Client.WaitForInstanceCompletionAsync("nobody", cancellation: Ct));
        Assert.Null(await host.Client.GetInstanceAsync("nobody", cancellation: Ct));
    }

    [Theory, InlineData("sqlite"), InlineData("postgres")]
    public async Task An_unregistered_orchestration_fails_with_a_message_saying_how_to_register_it(string backend)
    {
        await using var host = await StartAsync(backend);

        var state = await host.RunAsync("NoSuchOrchestration");

        Assert.Equal(OrchestrationRuntimeStatus.Failed, state.RuntimeStatus);
        Assert.Contains("AddOrchestrator<T>()", state.FailureDetails!.ErrorMessage, StringComparison.Ordinal);
    }
}
