using AiScheduler.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace AiScheduler.Durable.Tests;

/// <summary>
/// Two stores on one database stand for two host processes taking turns on the same instance: the history cache a
/// process keeps between steps, and the lease guards of the one-round-trip writes.
/// </summary>
public class StoreSharingTests(PostgresFixture postgres)
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, InlineData("sqlite"), InlineData("postgres")]
    public async Task A_cached_history_is_completed_with_the_steps_another_process_took_meanwhile(string backend)
    {
        var database = await TestDatabase.CreateAsync(backend, postgres);
        await using var first = await OpenAsync(database);
        await using var second = await OpenAsync(database);
        var firstCache = new HistoryCache(10);
        await first.CreateInstanceAsync("shared", "Counter", null, "0", [], null, Ct);

        await StepAsync(first, "first", firstCache);
        Assert.NotNull(firstCache.TryGet("shared", await ExecutionAsync(first)));

        // The other process takes the next two steps; the first one's cache now lacks four events.
        await second.SendAsync("shared", Raised("one"), null, Ct);
        await StepAsync(second, "second", new HistoryCache(10));
        await second.SendAsync("shared", Raised("two"), null, Ct);
        await StepAsync(second, "second", new HistoryCache(10));

        await first.SendAsync("shared", Raised("three"), null, Ct);
        var stored = await first.GetHistoryAsync("shared", Ct);
        var replayed = await StepAsync(first, "first", firstCache);

        Assert.Equal(6, stored.Count);
        Assert.Equal(Describe(stored), Describe(replayed));
        Assert.Equal(new[] { "one", "two" }, replayed.Where(e => e.Type == HistoryEventType.EventRaised).Select(e => e.Name));
        Assert.Equal(Describe(await first.GetHistoryAsync("shared", Ct)), Describe(firstCache.TryGet("shared", await ExecutionAsync(first))!));
    }

    [Theory, InlineData("sqlite"), InlineData("postgres")]
    public async Task A_cached_history_that_disagrees_with_the_database_is_replaced_by_a_full_read(string backend)
    {
        var database = await TestDatabase.CreateAsync(backend, postgres);
        await using var store = await OpenAsync(database);
        var cache = new HistoryCache(10);
        await store.CreateInstanceAsync("diverged", "Counter", null, "0", [], null, Ct);
        await StepAsync(store, "owner", cache);
        await store.SendAsync("diverged", Raised("real"), null, Ct);
        await StepAsync(store, "owner", cache);
        var execution = await ExecutionAsync(store, "diverged");

        // As if this process had cached a step whose commit never happened.
        var known = cache.TryGet("diverged", execution)!;
        cache.Store("diverged", execution, [.. known.Take(known.Count - 1), DurableStore.AsStored(Raised("phantom"))]);
        await store.SendAsync("diverged", Raised("next"), null, Ct);
        var replayed = await StepAsync(store, "owner", cache);

        Assert.DoesNotContain(replayed, e => e.Name == "phantom");
        Assert.Contains(replayed, e => e.Name == "real");
        Assert.Equal(4, replayed.Count);
    }

    [Fact]
    public void A_cached_history_belongs_to_one_execution_and_a_full_cache_makes_room()
    {
        var cache = new HistoryCache(2);
        cache.Store("a", "execution-1", [Raised("x")]);

        Assert.Null(cache.TryGet("a", "execution-2"));
        Assert.Single(cache.TryGet("a", "execution-1")!);

        cache.Store("b", "execution-1", []);
        cache.Store("c", "execution-1", []);
        Assert.Equal(2, cache.Count);
        cache.Forget("c");
        Assert.Null(cache.TryGet("c", "execution-1"));
        Assert.Equal(0, new HistoryCache(0).Count);
    }

    [Theory, InlineData("sqlite"), InlineData("postgres")]
    public async Task A_checkpoint_after_the_lease_was_taken_over_writes_nothing(string backend)
    {
        var database = await TestDatabase.CreateAsync(backend, postgres);
        await using var store = await OpenAsync(database);
        await store.CreateInstanceAsync("taken", "Counter", null, "0", [], null, Ct);
        var item = Assert.Single(await store.LeaseOrchestrationsAsync("first", 10, Lease, Ct));
        var (history, events) = await store.LoadAsync(item, 100, null, Ct);
        await database.ExecuteAsync("UPDATE dt_instances SET lease_owner = 'second'");

        var written = await store.CheckpointAsync(new OrchestrationCheckpoint(item, "first")
        {
            FirstSequence = history.Count, NewHistory = [Started(), .. events.Select(e => e.Event)],
            ConsumedEventIds = [.. events.Select(e => e.Id)], Status = OrchestrationRuntimeStatus.Running,
            NewTasks = [new ScheduledAction(0, HistoryEventType.TaskScheduled, "Echo", "1")],
        }, Ct);

        Assert.False(written);
        Assert.Equal(0, await database.CountAsync("SELECT count(*) FROM dt_history"));
        Assert.Equal(0, await database.CountAsync("SELECT count(*) FROM dt_new_tasks"));
        Assert.Equal(1, await database.CountAsync("SELECT count(*) FROM dt_new_events"));
    }

    [Theory, InlineData("sqlite"), InlineData("postgres")]
    public async Task Activity_results_are_recorded_only_for_the_tasks_whose_lease_is_still_held(string backend)
    {
        var database = await TestDatabase.CreateAsync(backend, postgres);
        await using var store = await OpenAsync(database);
        await store.CreateInstanceAsync("results", "Counter", null, "0", [], null, Ct);
        var item = Assert.Single(await store.LeaseOrchestrationsAsync("owner", 10, Lease, Ct));
        var (history, events) = await store.LoadAsync(item, 100, null, Ct);
        Assert.True(await store.CheckpointAsync(new OrchestrationCheckpoint(item, "owner")
        {
            FirstSequence = history.Count, NewHistory = [Started(), .. events.Select(e => e.Event)],
            ConsumedEventIds = [.. events.Select(e => e.Id)], Status = OrchestrationRuntimeStatus.Running,
            NewTasks = [new ScheduledAction(0, HistoryEventType.TaskScheduled, "Echo", "1"), new ScheduledAction(1, HistoryEventType.TaskScheduled, "Echo", "2")],
        }, Ct));
        var tasks = await store.LeaseActivitiesAsync("owner", 10, Lease, Ct);
        Assert.Equal(2, tasks.Count);
        var kept = tasks.Single(t => t.TaskId == 0);
        var lost = tasks.Single(t => t.TaskId == 1);
        await database.ExecuteAsync("UPDATE dt_new_tasks SET lease_owner = 'other' WHERE task_id = 1");

        var (recorded, leased) = await store.CompleteActivitiesAsync("owner", [(kept, Completed(kept)), (lost, Completed(lost))], 10, Lease, null, 100, Ct);

        Assert.Equal(new[] { kept.Id }, recorded);
        Assert.Equal("results", Assert.Single(leased).Item.InstanceId);
        Assert.Equal(1, await database.CountAsync("SELECT count(*) FROM dt_new_events WHERE event_type = 'TaskCompleted' AND task_id = 0"));
        Assert.Equal(0, await database.CountAsync("SELECT count(*) FROM dt_new_events WHERE task_id = 1"));
        Assert.Equal(1, await database.CountAsync("SELECT count(*) FROM dt_new_tasks WHERE task_id = 1"));
    }

    [Theory, InlineData("sqlite"), InlineData("postgres")]
    public async Task Recording_activity_results_leases_their_free_instances_for_the_next_step_and_leaves_held_ones(string backend)
    {
        var database = await TestDatabase.CreateAsync(backend, postgres);
        await using var store = await OpenAsync(database);
        var tasks = new List<ActivityWorkItem>();
        foreach (var id in new[] { "free", "held", "spare" })
        {
            await store.CreateInstanceAsync(id, "Counter", null, "0", [], null, Ct);
        }

        foreach (var item in await store.LeaseOrchestrationsAsync("owner", 10, Lease, Ct))
        {
            var (history, events) = await store.LoadAsync(item, 100, null, Ct);
            Assert.True(await store.CheckpointAsync(new OrchestrationCheckpoint(item, "owner")
            {
                FirstSequence = history.Count, NewHistory = [Started(), .. events.Select(e => e.Event)],
                ConsumedEventIds = [.. events.Select(e => e.Id)], Status = OrchestrationRuntimeStatus.Running,
                NewTasks = [new ScheduledAction(0, HistoryEventType.TaskScheduled, "Echo", "1")],
            }, Ct));
        }

        tasks.AddRange(await store.LeaseActivitiesAsync("owner", 10, Lease, Ct));
        Assert.Equal(3, tasks.Count);
        await database.ExecuteAsync("UPDATE dt_instances SET lease_owner = 'other', lease_expires_at = 9000000000000 WHERE instance_id = 'held'");

        // Slots for one instance only: of the two free ones, one is leased here, the other left to the dispatchers.
        var cache = new HistoryCache(10);
        var (recorded, leased) = await store.CompleteActivitiesAsync("owner", [.. tasks.Select(t => (t, Completed(t)))], 1, Lease, cache.TryGetAny, 100, Ct);

        Assert.Equal(3, recorded.Count);
        var step = Assert.Single(leased);
        var taken = step.Item;
        Assert.Equal("free", taken.InstanceId);
        Assert.Equal(1, await database.CountAsync("SELECT count(*) FROM dt_instances WHERE lease_owner = 'owner'"));
        var dispatched = Assert.Single(await store.LeaseOrchestrationsAsync("dispatcher", 10, Lease, Ct));
        Assert.Equal("spare", dispatched.InstanceId);
        var (takenHistory, waiting) = await store.LoadAsync(taken, 100, null, Ct);
        Assert.Equal(HistoryEventType.TaskCompleted, Assert.Single(waiting).Event.Type);
        if (backend == "postgres")
        {
            // Read in the same round trip as the lease: exactly what a separate read returns.
            Assert.Equal(Describe(takenHistory), Describe(step.Input!.History));
            Assert.Equal(waiting.Select(w => w.Id), step.Input.Events.Select(e => e.Id));
        }
    }

    [Fact]
    public async Task A_step_read_with_its_lease_extends_the_cached_history_and_drops_a_stale_one()
    {
        var database = await TestDatabase.CreateAsync("postgres", postgres);
        await using var store = await OpenAsync(database);
        var cache = new HistoryCache(10);
        await store.CreateInstanceAsync("warm", "Counter", null, "0", [], null, Ct);
        await store.CreateInstanceAsync("stale", "Counter", null, "0", [], null, Ct);
        var tasks = new List<ActivityWorkItem>();
        foreach (var item in await store.LeaseOrchestrationsAsync("owner", 10, Lease, Ct))
        {
            var (history, events) = await store.LoadAsync(item, 100, null, Ct);
            List<HistoryEvent> added = [Started(), .. events.Select(e => e.Event), new HistoryEvent(HistoryEventType.TaskScheduled, DateTime.UtcNow) { TaskId = 0, Name = "Echo" }];
            var (written, leasedTasks) = await store.CheckpointAsync(new OrchestrationCheckpoint(item, "owner")
            {
                FirstSequence = history.Count, NewHistory = added, ConsumedEventIds = [.. events.Select(e => e.Id)],
                Status = OrchestrationRuntimeStatus.Running, NewTasks = [new ScheduledAction(0, HistoryEventType.TaskScheduled, "Echo", "1")],
            }, 1, Lease, Ct);
            Assert.True(written);
            tasks.AddRange(leasedTasks);
            cache.Store(item.InstanceId, item.ExecutionId, [.. history, .. added.Select(DurableStore.AsStored)]);
        }

        var staleExecution = (await store.GetInstanceAsync("stale", false, Ct))!.ExecutionId;
        var staleHistory = cache.TryGet("stale", staleExecution)!;
        cache.Store("stale", staleExecution, [.. staleHistory.Take(staleHistory.Count - 1), DurableStore.AsStored(Raised("phantom"))]);

        var (_, leased) = await store.CompleteActivitiesAsync("owner", [.. tasks.Select(t => (t, Completed(t)))], 10, Lease, cache.TryGetAny, 100, Ct);

        Assert.Equal(2, leased.Count);
        var warm = leased.Single(l => l.Item.InstanceId == "warm");
        Assert.Equal(Describe(await store.GetHistoryAsync("warm", Ct)), Describe(warm.Input!.History));
        Assert.Equal(HistoryEventType.TaskCompleted, Assert.Single(warm.Input.Events).Event.Type);
        Assert.Null(leased.Single(l => l.Item.InstanceId == "stale").Input);
    }

    [Theory, InlineData("sqlite", 0), InlineData("postgres", 2)]
    public async Task A_checkpoint_leases_the_activities_it_schedules_to_its_owner_where_the_backend_does_it_in_the_same_round_trip(string backend, int expected)
    {
        var database = await TestDatabase.CreateAsync(backend, postgres);
        await using var store = await OpenAsync(database);
        await store.CreateInstanceAsync("fan", "Counter", null, "0", [], null, Ct);
        var item = Assert.Single(await store.LeaseOrchestrationsAsync("owner", 10, Lease, Ct));
        var (history, events) = await store.LoadAsync(item, 100, null, Ct);

        var (written, tasks) = await store.CheckpointAsync(new OrchestrationCheckpoint(item, "owner")
        {
            FirstSequence = history.Count, NewHistory = [Started(), .. events.Select(e => e.Event)],
            ConsumedEventIds = [.. events.Select(e => e.Id)], Status = OrchestrationRuntimeStatus.Running,
            NewTasks = [.. Enumerable.Range(0, 3).Select(i => new ScheduledAction(i, HistoryEventType.TaskScheduled, "Echo", "1"))],
        }, 2, Lease, Ct);

        Assert.True(written);
        Assert.Equal(expected, tasks.Count);
        Assert.All(tasks, t => Assert.Equal(1, t.DequeueCount));
        Assert.Equal(expected, await database.CountAsync("SELECT count(*) FROM dt_new_tasks WHERE lease_owner = 'owner'"));
        var dispatched = await store.LeaseActivitiesAsync("dispatcher", 10, Lease, Ct);
        Assert.Equal(3 - expected, dispatched.Count);
        Assert.Empty(dispatched.Select(d => d.Id).Intersect(tasks.Select(t => t.Id)));
    }

    private static async Task<DurableStore> OpenAsync(TestDatabase database)
    {
        DurableStore store = database.Backend == "postgres"
            ? new PostgresDurableStore(database.ConnectionString, NullLogger.Instance)
            : new SqliteDurableStore(database.ConnectionString);
        await store.EnsureCreatedAsync(Ct);
        return store;
    }

    /// <summary>One orchestration step the way the worker takes it; returns the history the step replayed.</summary>
    private static async Task<IReadOnlyList<HistoryEvent>> StepAsync(DurableStore store, string owner, HistoryCache cache)
    {
        var item = Assert.Single(await store.LeaseOrchestrationsAsync(owner, 10, Lease, Ct));
        var (history, events) = await store.LoadAsync(item, 100, cache.TryGet(item.InstanceId, item.ExecutionId), Ct);
        Assert.NotEmpty(events);
        List<HistoryEvent> added = [Started(), .. events.Select(e => e.Event)];
        Assert.True(await store.CheckpointAsync(new OrchestrationCheckpoint(item, owner)
        {
            FirstSequence = history.Count, NewHistory = added, ConsumedEventIds = [.. events.Select(e => e.Id)],
            Status = OrchestrationRuntimeStatus.Running,
        }, Ct));
        cache.Store(item.InstanceId, item.ExecutionId, [.. history, .. added.Select(DurableStore.AsStored)]);
        return history;
    }

    private static async Task<string> ExecutionAsync(DurableStore store, string instanceId = "shared") =>
        (await store.GetInstanceAsync(instanceId, false, Ct))!.ExecutionId;

    private static HistoryEvent Started() => new(HistoryEventType.OrchestratorStarted, DateTime.UtcNow);

    private static HistoryEvent Raised(string name) => new(HistoryEventType.EventRaised, DateTime.UtcNow) { Name = name, Payload = "\"" + name + "\"" };

    private static HistoryEvent Completed(ActivityWorkItem item) =>
        new(HistoryEventType.TaskCompleted, DateTime.UtcNow) { TaskId = item.TaskId, Name = item.Name, Payload = item.Input };

    private static List<string> Describe(IEnumerable<HistoryEvent> history) =>
        [.. history.Select(e => $"{e.Type}|{e.TaskId}|{e.Name}|{e.Payload}|{e.Timestamp:O}")];
}
