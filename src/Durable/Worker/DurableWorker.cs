using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AiScheduler.Durable;

/// <summary>
/// The hosted worker: leases orchestration steps and activities from the store, runs them, and writes the results.
/// It starts with the host; on stop it leases nothing new and lets in-flight work finish.
/// </summary>
internal sealed class DurableWorker(
    DurableStore store,
    DurableTaskCatalog registry,
    DurableMetrics metrics,
    IServiceProvider services,
    IOptions<DurableOptions> optionsAccessor,
    TimeProvider timeProvider,
    ILoggerFactory loggerFactory) : BackgroundService
{
    private readonly DurableOptions _options = optionsAccessor.Value;
    private readonly ILogger _logger = loggerFactory.CreateLogger<DurableWorker>();
    private readonly string _owner = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";
    private readonly ConcurrentDictionary<long, ActivityWorkItem> _activitiesInFlight = new();
    private readonly ConcurrentDictionary<string, OrchestrationWorkItem> _orchestrationsInFlight = new(StringComparer.Ordinal);
    private readonly Lock _alarmLock = new();
    private long _alarmAtMs = long.MaxValue;
    private CancellationTokenSource? _alarm;
    private readonly Channel<(ActivityWorkItem Item, HistoryEvent Result, TaskCompletionSource<bool> Recorded)> _results =
        Channel.CreateUnbounded<(ActivityWorkItem, HistoryEvent, TaskCompletionSource<bool>)>(new UnboundedChannelOptions { SingleReader = false });
    private readonly CancellationTokenSource _abort = new();
    private readonly HistoryCache _histories = new(optionsAccessor.Value.MaxCachedOrchestrations);
    private DispatchLoop<OrchestrationWorkItem>? _orchestrations;
    private DispatchLoop<ActivityWorkItem>? _activities;
    private readonly ConcurrentDictionary<string, LeasedStep> _preloaded = new(StringComparer.Ordinal);
    private CancellationToken _stopping;

    /// <summary>This process's lease owner id.</summary>
    public string Owner => _owner;

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // Graceful until the host's shutdown timeout; then in-flight activities are cancelled and their leases expire.
        await using var registration = cancellationToken.Register(_abort.Cancel);
        await base.StopAsync(cancellationToken);
    }

    public override void Dispose()
    {
        lock (_alarmLock)
        {
            _alarm?.Cancel();
            _alarm?.Dispose();
            _alarm = null;
        }

        _abort.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _stopping = stoppingToken;
        await store.EnsureCreatedAsync(stoppingToken);
        Log.WorkerStarted(_logger, _owner, store.Backend, registry.Orchestrators.Count, registry.Activities.Count);
        await store.StartListeningAsync(stoppingToken);
        await ArmFromStoreAsync(stoppingToken);

        var orchestrations = _orchestrations = new DispatchLoop<OrchestrationWorkItem>("orchestrations", _options.MaxConcurrentOrchestrations,
            async (max, ct) => Hold(await store.LeaseOrchestrationsAsync(_owner, max, _options.LeaseLength, ct)),
            ProcessOrchestrationAsync, store.OrchestrationSignal, _options, _logger);
        var activities = _activities = new DispatchLoop<ActivityWorkItem>("activities", _options.MaxConcurrentActivities,
            async (max, ct) => Hold(await store.LeaseActivitiesAsync(_owner, max, _options.LeaseLength, ct)),
            ProcessActivityAsync, store.ActivitySignal, _options, _logger);

        // A commit's round trip bounds one writer's rate; where the database takes concurrent writers (PostgreSQL)
        // several batches are in flight at once.
        var writers = Enumerable.Range(0, store.ResultWriters).Select(_ => WriteResultsAsync()).ToArray();
        await Task.WhenAll(orchestrations.RunAsync(stoppingToken), activities.RunAsync(stoppingToken),
            RenewLeasesAsync(stoppingToken), ObserveBacklogAsync(stoppingToken));
        _results.Writer.Complete();
        await Task.WhenAll(writers);
    }

    // ---------------------------------------------------------------- orchestrations

    /// <summary>
    /// Leases are renewed from the moment they are taken, not from when a thread picks the item up: on a busy thread
    /// pool an item can wait in the queue longer than its lease.
    /// </summary>
    private IReadOnlyList<OrchestrationWorkItem> Hold(IReadOnlyList<OrchestrationWorkItem> items)
    {
        foreach (var item in items)
        {
            _orchestrationsInFlight[item.InstanceId] = item;
        }

        return items;
    }

    private IReadOnlyList<ActivityWorkItem> Hold(IReadOnlyList<ActivityWorkItem> items)
    {
        foreach (var item in items)
        {
            _activitiesInFlight[item.Id] = item;
        }

        return items;
    }

    private async Task ProcessOrchestrationAsync(OrchestrationWorkItem item)
    {
        using var span = DurableTracing.Source.HasListeners() ? DurableTracing.StartStep(item) : null;
        var stepStarted = Stopwatch.GetTimestamp();
        try
        {
            // A step leased with its activity results may have its input read in that same round trip.
            var (history, events) = _preloaded.TryRemove(item.InstanceId, out var leased) && ReferenceEquals(leased.Item, item) && leased.Input is { } input
                ? (input.History, input.Events)
                : await store.LoadAsync(item, _options.MaxEventsPerStep, _histories.TryGet(item.InstanceId, item.ExecutionId), _abort.Token);
            if (events.Count > 0)
            {
                metrics.DispatchLatency.Record(Math.Max(0, item.LeasedAtMs - events.Min(e => e.VisibleAtMs)) / 1000.0,
                    new KeyValuePair<string, object?>("durable.work", "orchestration"));
            }

            var checkpoint = Decide(item, history, events);
            // Until the checkpoint is known committed, no cached history may stand for this instance.
            _histories.Forget(item.InstanceId);
            // The activities this step schedules run here, in slots reserved before the commit, where the backend
            // can lease them in the checkpoint's own round trip.
            var reserved = checkpoint.NewTasks.Count == 0 ? 0 : _activities?.Reserve(checkpoint.NewTasks.Count) ?? 0;
            var written = (Written: false, Tasks: (IReadOnlyList<ActivityWorkItem>)[]);
            try
            {
                written = await store.CheckpointAsync(checkpoint, reserved, _options.LeaseLength, _abort.Token);
            }
            finally
            {
                // Slots not filled (or all of them, if the checkpoint threw) go back to the activity dispatcher.
                _activities?.Release(reserved - written.Tasks.Count);
            }

            foreach (var task in Hold(written.Tasks))
            {
                _activities!.RunReserved(task);
            }

            if (!written.Written)
            {
                metrics.Fail("lease-lost", item.Name);
                Log.LeaseLost(_logger, item.InstanceId);
                return;
            }

            metrics.Checkpoints.Add(1);
            var name = new KeyValuePair<string, object?>("durable.name", item.Name);
            metrics.StepDuration.Record(Stopwatch.GetElapsedTime(stepStarted).TotalSeconds, name);
            metrics.StepHistory.Record(history.Count, name);
            if (checkpoint.NextExecution is null && !checkpoint.Status.IsTerminal())
            {
                _histories.Store(item.InstanceId, item.ExecutionId,
                    checkpoint.NewHistory.Count == 0 ? history : [.. history, .. checkpoint.NewHistory.Select(DurableStore.AsStored)]);
            }

            WakeForTimers(checkpoint);
            if (!checkpoint.StateUnchanged && checkpoint.Status == OrchestrationRuntimeStatus.Failed && checkpoint.Failure is { } failure)
            {
                metrics.Fail(failure.ErrorType == typeof(NonDeterministicOrchestrationException).FullName ? "nondeterminism" : "orchestration", item.Name);
                span?.SetStatus(ActivityStatusCode.Error, failure.ErrorType);
                Log.OrchestrationFailed(_logger, item.Name, item.InstanceId, failure.ErrorType, failure.ErrorMessage);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !_abort.IsCancellationRequested)
        {
            // The lease expires and the step is retried; the dequeue count turns a repeating failure into poison.
            Log.StepFailed(_logger, item.InstanceId, exception);
        }
        finally
        {
            _orchestrationsInFlight.TryRemove(new KeyValuePair<string, OrchestrationWorkItem>(item.InstanceId, item));
        }
    }

    private OrchestrationCheckpoint Decide(OrchestrationWorkItem item, IReadOnlyList<HistoryEvent> history, IReadOnlyList<PendingEvent> events)
    {
        // History keeps milliseconds; the first execution must see the same clock value its replays will.
        var clock = timeProvider.GetUtcNow().UtcDateTime;
        var now = clock.AddTicks(-(clock.Ticks % TimeSpan.TicksPerMillisecond));
        var started = new HistoryEvent(HistoryEventType.OrchestratorStarted, now);
        var all = events.Select(e => e.Id).ToList();
        var baseCheckpoint = new OrchestrationCheckpoint(item, _owner) { FirstSequence = history.Count, CustomStatus = item.CustomStatus };

        if (item.Status.IsTerminal())
        {
            return baseCheckpoint with { ConsumedEventIds = all, StateUnchanged = true };
        }

        if (events.FirstOrDefault(e => e.Event.Type == HistoryEventType.ExecutionTerminated) is { } terminate)
        {
            return Finished(baseCheckpoint with
            {
                ConsumedEventIds = all, DropPendingWork = true, Status = OrchestrationRuntimeStatus.Terminated, Output = terminate.Event.Payload,
                NewHistory = [started, terminate.Event with { Timestamp = now },
                    new HistoryEvent(HistoryEventType.ExecutionCompleted, now) { Status = OrchestrationRuntimeStatus.Terminated, Payload = terminate.Event.Payload }],
            }, new TaskFailureDetails("Terminated", $"Sub-orchestration '{item.Name}' ({item.InstanceId}) was terminated: {terminate.Event.Payload}", null, null, null));
        }

        if (item.DequeueCount > _options.MaxDequeueCount)
        {
            Log.Poison(_logger, "orchestration", item.Name, item.InstanceId, item.DequeueCount);
            metrics.Fail("poison", item.Name);
            var poison = new TaskFailureDetails("PoisonMessage",
                $"Instance '{item.InstanceId}' was leased {item.DequeueCount} times without a checkpoint (the host crashed or timed out while running it); it was failed to stop the loop.",
                null, null, null);
            return Finished(baseCheckpoint with
            {
                ConsumedEventIds = all, DropPendingWork = true, Status = OrchestrationRuntimeStatus.Failed, Failure = poison,
                NewHistory = [started, new HistoryEvent(HistoryEventType.ExecutionCompleted, now) { Status = OrchestrationRuntimeStatus.Failed, Failure = poison }],
            }, poison);
        }

        if (item.Status == OrchestrationRuntimeStatus.Suspended)
        {
            if (events.FirstOrDefault(e => e.Event.Type == HistoryEventType.ExecutionResumed) is not { } resume)
            {
                // The resume lies beyond this step's message limit; release the lease and let the next step find it.
                return baseCheckpoint with { StateUnchanged = true };
            }

            return baseCheckpoint with
            {
                ConsumedEventIds = [resume.Id], Status = OrchestrationRuntimeStatus.Running,
                NewHistory = [started, resume.Event with { Timestamp = now }],
            };
        }

        // Apply messages up to and including a suspension; later ones wait for the resume.
        var consumed = new List<long>();
        var arrived = new List<HistoryEvent>();
        var suspend = false;
        foreach (var pending in events)
        {
            consumed.Add(pending.Id);
            var type = pending.Event.Type;
            if (type == HistoryEventType.ExecutionSuspended)
            {
                suspend = true;
                break;
            }

            var stale = pending.ExecutionId is not null && pending.ExecutionId != item.ExecutionId;
            if (!stale && type != HistoryEventType.ExecutionResumed)
            {
                arrived.Add(pending.Event);
            }
        }

        if (!registry.Orchestrators.TryGetValue(item.Name, out var registration))
        {
            var missing = new TaskFailureDetails("OrchestrationNotRegistered",
                $"No orchestration named '{item.Name}' is registered in this process; register it with AddDurable(b => b.AddTasks(r => r.AddOrchestrator<T>())).",
                null, null, null);
            return Finished(baseCheckpoint with
            {
                ConsumedEventIds = consumed, Status = OrchestrationRuntimeStatus.Failed, Failure = missing, DropPendingWork = true,
                NewHistory = [started, new HistoryEvent(HistoryEventType.ExecutionCompleted, now) { Status = OrchestrationRuntimeStatus.Failed, Failure = missing }],
            }, missing);
        }

        var orchestrator = registration(services);
        // The store keeps the parent's id, not its name: Parent.Name is empty on this engine (see the README).
        var parent = item.ParentInstanceId is null ? null : new ParentOrchestrationInstance(new TaskName(string.Empty), item.ParentInstanceId);
        var executor = new OrchestrationExecutor(item.Name, item.InstanceId, item.ExecutionId, item.Version, parent, orchestrator, loggerFactory);
        var outcome = executor.Execute(history, arrived, now);

        if (outcome.ContinueAsNew is { } continued)
        {
            var nextExecution = Guid.NewGuid().ToString("N");
            List<OutboundEvent> next = [new(item.InstanceId, nextExecution,
                new HistoryEvent(HistoryEventType.ExecutionStarted, now) { Name = item.Name, Payload = continued.Input })];
            next.AddRange(continued.CarriedEvents.Select(e => new OutboundEvent(item.InstanceId, null, e)));
            next.AddRange(SentEvents(outcome.NewActions, now));
            return baseCheckpoint with
            {
                ConsumedEventIds = consumed, Status = OrchestrationRuntimeStatus.Running, CustomStatus = null,
                NextExecution = (nextExecution, continued.Input), Events = next,
            };
        }

        var history2 = outcome.NewHistory.ToList();
        var status = outcome.Status;
        if (suspend && status == OrchestrationRuntimeStatus.Running)
        {
            status = OrchestrationRuntimeStatus.Suspended;
            history2.Add(new HistoryEvent(HistoryEventType.ExecutionSuspended, now));
        }

        var cancelled = outcome.CancelledTimers.ToHashSet();
        var timers = outcome.NewActions.Where(a => a.Kind == HistoryEventType.TimerCreated && !cancelled.Contains(a.TaskId))
            .Select(a => new OutboundEvent(item.InstanceId, item.ExecutionId,
                new HistoryEvent(HistoryEventType.TimerFired, now) { TaskId = a.TaskId, FireAt = a.FireAt },
                (long)Math.Ceiling((a.FireAt!.Value - clock).TotalMilliseconds), TimerKey(item.ExecutionId, a.TaskId)))
            .ToList();
        var children = outcome.NewActions.Where(a => a.Kind == HistoryEventType.SubOrchestrationCreated)
            .Select(a => new ChildInstance(a.ChildInstanceId!, Guid.NewGuid().ToString("N"), a.Name,
                null, a.Payload, a.TaskId))
            .ToList();
        return Finished(baseCheckpoint with
        {
            ConsumedEventIds = consumed,
            NewHistory = history2,
            NewTasks = outcome.NewActions.Where(a => a.Kind == HistoryEventType.TaskScheduled).ToList(),
            Children = children,
            Events = [.. timers, .. SentEvents(outcome.NewActions, now)],
            CancelledTimerKeys = cancelled.Select(id => TimerKey(item.ExecutionId, id)).ToList(),
            Status = status,
            Output = outcome.Output,
            Failure = outcome.Failure,
            CustomStatus = outcome.CustomStatus,
        }, outcome.Failure);
    }

    /// <summary>The timers this step created wake this process's dispatcher when they fall due (see <see cref="ArmTimerWake"/>).</summary>
    private void WakeForTimers(OrchestrationCheckpoint checkpoint)
    {
        foreach (var timer in checkpoint.Events)
        {
            // Timers are stored as a delay from the database clock; the alarm counts the same delay on this process's clock.
            if (timer.Event.Type == HistoryEventType.TimerFired && timer.DelayMs is { } delayMs)
            {
                ArmTimerWake(timeProvider.GetUtcNow().ToUnixTimeMilliseconds() + delayMs);
            }
        }
    }

    /// <summary>
    /// Keeps one alarm set for the earliest timer this process knows of and wakes the orchestration dispatcher when it
    /// rings, so a timer fires on time rather than up to a polling interval late. When it rings, the store is asked for
    /// the next one (timers created by other processes, scheduled starts, timers known before a restart).
    /// </summary>
    private void ArmTimerWake(long dueMs)
    {
        var delay = dueMs - timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        if (delay <= 0)
        {
            store.OrchestrationSignal.Set();
            return;
        }

        CancellationTokenSource alarm;
        lock (_alarmLock)
        {
            if (dueMs >= _alarmAtMs || _abort.IsCancellationRequested)
            {
                return;
            }

            _alarm?.Cancel();
            _alarm?.Dispose();
            _alarm = alarm = new CancellationTokenSource();
            _alarmAtMs = dueMs;
        }

        _ = RingAsync(dueMs, TimeSpan.FromMilliseconds(delay + 1), alarm.Token);
    }

    private async Task RingAsync(long dueMs, TimeSpan delay, CancellationToken replaced)
    {
        try
        {
            await Task.Delay(delay, timeProvider, replaced);
        }
        catch (OperationCanceledException)
        {
            // An earlier timer took over the alarm.
            return;
        }

        lock (_alarmLock)
        {
            if (_alarmAtMs == dueMs)
            {
                _alarmAtMs = long.MaxValue;
            }
        }

        store.OrchestrationSignal.Set();
        await ArmFromStoreAsync(_stopping);
    }

    private async Task ArmFromStoreAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (await store.NextVisibleInAsync(cancellationToken) is { } delayMs)
            {
                ArmTimerWake(timeProvider.GetUtcNow().ToUnixTimeMilliseconds() + delayMs);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
        catch (Exception exception) when (exception is System.Data.Common.DbException or InvalidOperationException)
        {
            // Polling still finds the timer, at most one polling interval late.
            Log.DispatchFailed(_logger, "timer alarm", _options.MaxPollingInterval, exception);
        }
    }

    /// <summary>Events the step sent to other instances (<see cref="TaskOrchestrationContext.SendEvent"/>).</summary>
    private static IEnumerable<OutboundEvent> SentEvents(IEnumerable<ScheduledAction> actions, DateTime now) =>
        actions.Where(a => a.Kind == HistoryEventType.EventSent).Select(a => new OutboundEvent(a.ChildInstanceId!, null,
            new HistoryEvent(HistoryEventType.EventRaised, now) { Name = a.Name, Payload = a.Payload }));

    private static string TimerKey(string executionId, int taskId) => FormattableString.Invariant($"timer:{executionId}:{taskId}");

    /// <summary>Adds the parent's completion message when a child instance reaches a terminal state.</summary>
    private static OrchestrationCheckpoint Finished(OrchestrationCheckpoint checkpoint, TaskFailureDetails? failure)
    {
        var item = checkpoint.WorkItem;
        if (!checkpoint.Status.IsTerminal() || item.ParentInstanceId is null || item.ParentTaskId is null)
        {
            return checkpoint;
        }

        var message = checkpoint.Status == OrchestrationRuntimeStatus.Completed
            ? new HistoryEvent(HistoryEventType.SubOrchestrationCompleted, default) { TaskId = item.ParentTaskId.Value, Payload = checkpoint.Output }
            : new HistoryEvent(HistoryEventType.SubOrchestrationFailed, default)
            {
                TaskId = item.ParentTaskId.Value,
                Failure = failure ?? new TaskFailureDetails("Failed", $"Sub-orchestration '{item.Name}' failed.", null, null, null),
            };
        return checkpoint with { Events = [.. checkpoint.Events, new OutboundEvent(item.ParentInstanceId, item.ParentExecutionId, message)] };
    }

    // ---------------------------------------------------------------- activities

    private async Task ProcessActivityAsync(ActivityWorkItem item)
    {
        try
        {
            metrics.DispatchLatency.Record(Math.Max(0, item.LeasedAtMs - item.VisibleAtMs) / 1000.0,
                new KeyValuePair<string, object?>("durable.work", "activity"));
            var result = await RunActivityAsync(item);
            var recorded = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            await _results.Writer.WriteAsync((item, result, recorded), _abort.Token);
            if (!await recorded.Task)
            {
                Log.ActivityLeaseLost(_logger, item.Name, item.InstanceId);
                metrics.Fail("lease-lost", item.Name);
            }
        }
        catch (OperationCanceledException) when (_abort.IsCancellationRequested || _stopping.IsCancellationRequested)
        {
            // Shutting down: the lease expires and another worker runs the activity again.
        }
        catch (Exception exception) when (exception is System.Data.Common.DbException or InvalidOperationException or IOException or TimeoutException)
        {
            Log.StepFailed(_logger, item.InstanceId, exception);
        }
        finally
        {
            _activitiesInFlight.TryRemove(item.Id, out _);
        }
    }

    private async Task<HistoryEvent> RunActivityAsync(ActivityWorkItem item)
    {
        var now = timeProvider.GetUtcNow().UtcDateTime;
        if (item.DequeueCount > _options.MaxDequeueCount)
        {
            Log.Poison(_logger, "activity", item.Name, item.InstanceId, item.DequeueCount);
            metrics.Fail("poison", item.Name);
            return Failed(item, now, new TaskFailureDetails("PoisonMessage",
                $"Activity '{item.Name}' was leased {item.DequeueCount} times without completing (the host crashed or it outlived its lease); it was failed instead of run again.",
                null, null, null));
        }

        if (!registry.Activities.TryGetValue(item.Name, out var factory))
        {
            return Failed(item, now, new TaskFailureDetails("ActivityNotRegistered",
                $"No activity named '{item.Name}' is registered in this process; register it with AddDurable(b => b.AddTasks(r => r.AddActivity<T>())).",
                null, null, null));
        }

        var started = Stopwatch.GetTimestamp();
        var tags = new KeyValuePair<string, object?>("durable.name", item.Name);
        using var span = DurableTracing.Source.HasListeners() ? DurableTracing.StartActivity(item) : null;
        try
        {
            await using var scope = services.CreateAsyncScope();
            var activity = factory(scope.ServiceProvider);
            var input = DurableJson.Deserialize(item.Input, activity.InputType);
            var output = await activity.RunAsync(new ActivityExecutionContext(item.Name, item.InstanceId), input);
            metrics.ActivityDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
            return new HistoryEvent(HistoryEventType.TaskCompleted, timeProvider.GetUtcNow().UtcDateTime)
            {
                TaskId = item.TaskId, Name = item.Name, Payload = DurableJson.Serialize(output),
            };
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // The activity gave up because the host is stopping: not a result. Its lease expires and it runs again.
            throw;
        }
        catch (Exception exception) when (!_abort.IsCancellationRequested)
        {
            // Any exception from user code is the activity's result: the orchestration decides (retry policy, catch).
            metrics.ActivityDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
            metrics.Fail("activity", item.Name);
            span?.SetStatus(ActivityStatusCode.Error, exception.GetType().Name);
            Log.ActivityFailed(_logger, item.Name, item.InstanceId, item.TaskId, exception.GetType().Name, exception);
            return Failed(item, timeProvider.GetUtcNow().UtcDateTime, FailureDetails.From(exception));
        }
    }

    private static HistoryEvent Failed(ActivityWorkItem item, DateTime now, TaskFailureDetails failure) =>
        new(HistoryEventType.TaskFailed, now) { TaskId = item.TaskId, Name = item.Name, Failure = failure };

    /// <summary>Commits activity results in batches: whatever finished while the previous commit ran goes in the next.</summary>
    private async Task WriteResultsAsync()
    {
        var reader = _results.Reader;
        var batch = new List<(ActivityWorkItem Item, HistoryEvent Result, TaskCompletionSource<bool> Recorded)>();
        while (await reader.WaitToReadAsync(CancellationToken.None))
        {
            batch.Clear();
            while (batch.Count < 256 && reader.TryRead(out var result))
            {
                batch.Add(result);
            }

            // The instances these results are for take their next step here, in slots reserved before the commit.
            var reserved = _orchestrations?.Reserve(batch.Select(b => b.Item.InstanceId).Distinct(StringComparer.Ordinal).Count()) ?? 0;
            try
            {
                var (recorded, leased) = await store.CompleteActivitiesAsync(_owner, batch.Select(b => (b.Item, b.Result)).ToList(),
                    reserved, _options.LeaseLength, _histories.TryGetAny, _options.MaxEventsPerStep, _abort.Token);
                _orchestrations?.Release(reserved - leased.Count);
                reserved = 0;
                foreach (var step in leased)
                {
                    _orchestrationsInFlight[step.Item.InstanceId] = step.Item;
                    if (step.Input is not null)
                    {
                        _preloaded[step.Item.InstanceId] = step;
                    }

                    _orchestrations!.RunReserved(step.Item);
                }

                foreach (var entry in batch)
                {
                    entry.Recorded.TrySetResult(recorded.Contains(entry.Item.Id));
                }
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                // The tasks stay leased and run again after their leases expire.
                _orchestrations?.Release(reserved);
                foreach (var entry in batch)
                {
                    entry.Recorded.TrySetException(exception);
                }
            }
        }
    }

    private async Task RenewLeasesAsync(CancellationToken stoppingToken)
    {
        var period = _options.LeaseLength / 3;
        using var timer = new PeriodicTimer(period, timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await store.RenewActivityLeasesAsync(_owner, _activitiesInFlight.Keys.ToList(), _options.LeaseLength, stoppingToken);
                    await store.RenewOrchestrationLeasesAsync(_owner, _orchestrationsInFlight.Keys.ToList(), _options.LeaseLength, stoppingToken);
                }
                catch (System.Data.Common.DbException exception)
                {
                    Log.DispatchFailed(_logger, "lease renewal", period, exception);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task ObserveBacklogAsync(CancellationToken stoppingToken)
    {
        var period = TimeSpan.FromTicks(Math.Max(_options.MaxPollingInterval.Ticks * 5, TimeSpan.FromSeconds(1).Ticks));
        using var timer = new PeriodicTimer(period, timeProvider);
        try
        {
            do
            {
                try
                {
                    var (activities, orchestrations) = await store.GetBacklogAsync(stoppingToken);
                    metrics.SetBacklog(activities, orchestrations);
                    // Timers other processes created (should they stop) are found here too, well before a slow poll.
                    await ArmFromStoreAsync(stoppingToken);
                }
                catch (System.Data.Common.DbException exception)
                {
                    Log.DispatchFailed(_logger, "backlog", period, exception);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }
}
