using AiScheduler.Testing;

namespace AiScheduler.Durable.Tests;

/// <summary>What the engine does beyond the basics: scheduled starts, input-aware determinism, lease renewal, timers on time.</summary>
public sealed class EngineGapTests(PostgresFixture postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, InlineData("sqlite"), InlineData("postgres")]
    public async Task A_scheduled_start_stays_pending_until_its_start_time_then_runs(string backend)
    {
        await using var host = await DurableTestHost.StartAsync(await TestDatabase.CreateAsync(backend, postgres));
        var startAt = DateTimeOffset.UtcNow.AddSeconds(2);

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(HelloSequence), new[] { "Later" },
            new StartOrchestrationOptions { StartAt = startAt }, Ct);

        Assert.Equal(OrchestrationRuntimeStatus.Pending, (await host.Client.GetInstanceAsync(id, Ct))!.RuntimeStatus);
        var state = await host.WaitAsync(id);
        Assert.Equal("Hello Later", state.ReadOutputAs<string>());
        var history = await host.Client.GetHistoryAsync(id, Ct);
        var firstStep = history.First(e => e.Type == HistoryEventType.OrchestratorStarted);
        Assert.True(firstStep.Timestamp >= startAt.UtcDateTime.AddMilliseconds(-1),
            $"the first step ran at {firstStep.Timestamp:O}, before the start time {startAt:O}");
    }

    [Theory, InlineData("sqlite"), InlineData("postgres")]
    public async Task Calling_the_same_activity_with_a_different_input_after_a_code_change_fails_with_a_non_determinism_error(string backend)
    {
        var database = await TestDatabase.CreateAsync(backend, postgres);
        string id;
        await using (var first = await DurableTestHost.StartAsync(database, d => d.AddTasks(t => t.AddOrchestrator<OrderV1>("Order"))))
        {
            id = await first.Client.ScheduleNewOrchestrationInstanceAsync("Order", "o-1", cancellation: Ct);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(30));
            while ((await first.Client.GetHistoryAsync(id, timeout.Token)).All(e => e.Type != HistoryEventType.TaskCompleted))
            {
                await Task.Delay(10, timeout.Token);
            }
        }

        // Same activity, same step, but the code now passes another input.
        await using var second = await DurableTestHost.StartAsync(database, d => d.AddTasks(t => t.AddOrchestrator<OrderWithNewInput>("Order")));
        await second.Client.RaiseEventAsync(id, "confirmed", "yes", cancellation: Ct);

        var state = await second.WaitAsync(id);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, state.RuntimeStatus);
        Assert.Equal(typeof(NonDeterministicOrchestrationException).FullName, state.FailureDetails!.ErrorType);
        Assert.Contains("CallActivityAsync('SayHello') with input {\"name\":\"o-1\"}", state.FailureDetails.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("passes {\"name\":\"o-1 (v2)\"}", state.FailureDetails.ErrorMessage, StringComparison.Ordinal);
    }

    [Theory, InlineData("sqlite"), InlineData("postgres")]
    public async Task A_step_that_outlives_its_lease_keeps_it_and_runs_once(string backend)
    {
        // Lease 3 s, a first step of 7 s: only renewal keeps another dispatch from taking the instance meanwhile.
        // (Renewal runs every second, so a busy machine may delay it by up to 2 s before the lease runs out.)
        await using var host = await DurableTestHost.StartAsync(await TestDatabase.CreateAsync(backend, postgres),
            d => d.AddTasks(t => t.AddOrchestrator<SlowFirstStep>()), o => o.LeaseLength = TimeSpan.FromSeconds(3));
        var id = "slow-" + Guid.NewGuid().ToString("N");

        var state = await host.RunAsync(nameof(SlowFirstStep), 7000, id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, state.RuntimeStatus);
        Assert.Equal(1, SlowFirstStep.FirstExecutions[id]);
        Assert.DoesNotContain(host.Logs.Messages, m => m.Contains("Lost the lease", StringComparison.Ordinal));
    }

    [Theory, InlineData("sqlite"), InlineData("postgres")]
    public async Task A_timer_set_before_a_restart_fires_when_due_even_when_polling_is_slow(string backend)
    {
        var database = await TestDatabase.CreateAsync(backend, postgres);
        string id;
        await using (var first = await DurableTestHost.StartAsync(database))
        {
            id = await first.Client.ScheduleNewOrchestrationInstanceAsync(nameof(RaceTimerAgainstEvent), 4000, cancellation: Ct);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(30));
            while ((await first.Client.GetHistoryAsync(id, timeout.Token)).All(e => e.Type != HistoryEventType.TimerCreated))
            {
                await Task.Delay(10, timeout.Token);
            }
        }

        // The new process polls once every 30 s: the timer is on time only if the process finds it and sets an alarm.
        await using var second = await DurableTestHost.StartAsync(database, configure: o =>
        {
            o.MinPollingInterval = TimeSpan.FromSeconds(30);
            o.MaxPollingInterval = TimeSpan.FromSeconds(30);
        });
        var state = await second.WaitAsync(id);

        Assert.Equal("timer", state.ReadOutputAs<string>());
        var history = (await second.Client.GetHistoryAsync(id, Ct)).ToList();
        var fireAt = history.Single(e => e.Type == HistoryEventType.TimerCreated).FireAt!.Value;
        var fired = history.FindIndex(e => e.Type == HistoryEventType.TimerFired);
        // The step that applied the fired timer begins with its own OrchestratorStarted (the replay clock of that step).
        var handledAt = history.Take(fired).Last(e => e.Type == HistoryEventType.OrchestratorStarted).Timestamp;
        Assert.True(handledAt < fireAt.AddSeconds(20), $"the timer due at {fireAt:O} was handled at {handledAt:O}, as if found by the 30 s poll");
    }
}

/// <summary>Orchestrations signalling each other with <see cref="TaskOrchestrationContext.SendEvent"/>.</summary>
public sealed class SendEventTests(PostgresFixture postgres)
{
    [Theory, InlineData("sqlite"), InlineData("postgres")]
    public async Task An_event_sent_by_one_orchestration_reaches_another(string backend)
    {
        await using var host = await DurableTestHost.StartAsync(await TestDatabase.CreateAsync(backend, postgres),
            d => d.AddTasks(t => t.AddOrchestrator<SendItem>()));
        var receiver = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(CollectItems), 1,
            cancellation: TestContext.Current.CancellationToken);

        var sender = await host.RunAsync(nameof(SendItem), receiver);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, sender.RuntimeStatus);
        Assert.Equal(["sent by an orchestration"], (await host.WaitAsync(receiver)).ReadOutputAs<List<string>>());
    }
}

/// <summary>Sends one <c>item</c> event to the instance named by its input.</summary>
public sealed class SendItem : TaskOrchestrator<string, string>
{
    public override Task<string> RunAsync(TaskOrchestrationContext context, string input)
    {
        context.SendEvent(input, "item", "sent by an orchestration");
        return Task.FromResult(input);
    }
}

/// <summary>The official surface our engine does not implement answers with <see cref="NotSupportedException"/> naming the member.</summary>
public sealed class UnsupportedMemberTests(PostgresFixture postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Client_members_we_do_not_support_say_so_by_name()
    {
        await using var host = await DurableTestHost.StartAsync(await TestDatabase.CreateAsync("sqlite", postgres));

        Assert.Contains("DurableTaskClient.Entities", Assert.Throws<NotSupportedException>(() => host.Client.Entities).Message, StringComparison.Ordinal);
        Assert.Contains("RewindInstanceAsync", (await Assert.ThrowsAsync<NotSupportedException>(
            () => host.Client.RewindInstanceAsync("any", "why", Ct))).Message, StringComparison.Ordinal);
        Assert.Contains("TerminateInstanceOptions.Recursive", (await Assert.ThrowsAsync<NotSupportedException>(
            () => host.Client.TerminateInstanceAsync("any", new TerminateInstanceOptions(Recursive: true), Ct))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_orchestration_using_entities_fails_with_the_member_named()
    {
        await using var host = await DurableTestHost.StartAsync(await TestDatabase.CreateAsync("sqlite", postgres),
            d => d.AddTasks(t => t.AddOrchestrator<UsesEntities>()));

        var state = await host.RunAsync(nameof(UsesEntities));

        Assert.Equal(OrchestrationRuntimeStatus.Failed, state.RuntimeStatus);
        Assert.Equal(typeof(NotSupportedException).FullName, state.FailureDetails!.ErrorType);
        Assert.Contains("TaskOrchestrationContext.Entities", state.FailureDetails.ErrorMessage, StringComparison.Ordinal);
    }
}

/// <summary>Touches durable entities, which our engine does not support.</summary>
public sealed class UsesEntities : TaskOrchestrator<string?, string>
{
    public override Task<string> RunAsync(TaskOrchestrationContext context, string? input) =>
        Task.FromResult(context.Entities.GetType().Name);
}

/// <summary>Version 2 of <see cref="OrderV1"/>: the same activity at the same step, with another input.</summary>
public sealed class OrderWithNewInput : TaskOrchestrator<string, string>
{
    public override async Task<string> RunAsync(TaskOrchestrationContext context, string input)
    {
        await context.CallActivityAsync<string>(nameof(SayHello), new Greeting(input + " (v2)"));
        return await context.WaitForExternalEvent<string>("confirmed");
    }
}

/// <summary>Blocks in its first (not replayed) execution for <c>input</c> ms, as a step with heavy code would.</summary>
public sealed class SlowFirstStep : TaskOrchestrator<int, string>
{
    public static System.Collections.Concurrent.ConcurrentDictionary<string, int> FirstExecutions { get; } = new();

    public override async Task<string> RunAsync(TaskOrchestrationContext context, int input)
    {
        if (!context.IsReplaying)
        {
            FirstExecutions.AddOrUpdate(context.InstanceId, 1, (_, n) => n + 1);
            Thread.Sleep(input);
        }

        return await context.CallActivityAsync<string>(nameof(SayHello), new Greeting("slow"));
    }
}
