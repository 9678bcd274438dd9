using System.Security.Cryptography;
using System.Text;
using Microsoft.DurableTask.Entities;
using Microsoft.Extensions.Logging;

namespace AiScheduler.Durable;

/// <summary>Something the orchestration's code asked for: an activity, a timer or a sub-orchestration.</summary>
internal sealed record ScheduledAction(int TaskId, HistoryEventType Kind, string Name, string? Payload,
    DateTime? FireAt = null, string? ChildInstanceId = null, string? Version = null)
{
    public string Describe() => Kind switch
    {
        HistoryEventType.TaskScheduled => $"CallActivityAsync('{Name}')",
        HistoryEventType.TimerCreated => "CreateTimer",
        HistoryEventType.SubOrchestrationCreated => $"CallSubOrchestratorAsync('{Name}')",
        HistoryEventType.EventSent => $"SendEvent('{ChildInstanceId}', '{Name}')",
        _ => Kind.ToString(),
    };

    public HistoryEvent ToHistory(DateTime now) => new(Kind, now)
    {
        TaskId = TaskId, Name = Name, Payload = Payload, FireAt = FireAt, ChildInstanceId = ChildInstanceId,
    };
}

/// <summary>What one execution step decided; the checkpoint writes it in one transaction.</summary>
internal sealed record ExecutionOutcome(
    IReadOnlyList<HistoryEvent> NewHistory,
    IReadOnlyList<ScheduledAction> NewActions,
    IReadOnlyCollection<int> CancelledTimers,
    OrchestrationRuntimeStatus Status,
    string? Output,
    TaskFailureDetails? Failure,
    string? CustomStatus,
    ContinueAsNewRequest? ContinueAsNew);

/// <summary>The input of the next execution and the events it inherits.</summary>
internal sealed record ContinueAsNewRequest(string? Input, IReadOnlyList<HistoryEvent> CarriedEvents);

/// <summary>
/// Runs an official <see cref="ITaskOrchestrator"/> against its history: this is our engine's implementation of the
/// official abstract <see cref="TaskOrchestrationContext"/>. It replays the history, applies the new events and
/// collects what the code schedules. The code runs on a private synchronization context that is drained
/// synchronously, so every continuation happens inside <see cref="Execute"/>, in the same order on every replay.
/// </summary>
/// <remarks>
/// Awaiting anything that completes on another thread (I/O, <c>Task.Delay</c>, <c>Task.Run</c>,
/// <c>ConfigureAwait(false)</c>) leaves that context and the step ends without it, as on Microsoft's engine.
/// </remarks>
internal sealed class OrchestrationExecutor : TaskOrchestrationContext
{
    // Name-based ids live in their own namespace so they never collide with ids derived from other names.
    private static readonly Guid GuidNamespace = new("9e952958-5e33-4daf-827f-2fa12937b875");

    private readonly ITaskOrchestrator _orchestrator;
    private readonly string _executionId;
    private readonly string? _version;
    private readonly Dictionary<int, ScheduledAction> _actions = [];
    private readonly HashSet<int> _confirmed = [];
    private readonly Dictionary<int, Action<HistoryEvent>> _open = [];
    private readonly Dictionary<string, LinkedList<Action<string?>>> _waiters = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<HistoryEvent> _buffered = [];
    private readonly HashSet<int> _cancelledTimers = [];
    private int _nextTaskId;
    private int _guidCounter;
    private bool _isReplaying;
    private DateTime _currentUtc;
    private string? _input;
    private string? _customStatus;
    private ContinueAsNewRequest? _continueAsNew;
    private bool _preserveEvents;
    private Task<object?>? _run;

    public OrchestrationExecutor(string name, string instanceId, string executionId, string? version,
        ParentOrchestrationInstance? parent, ITaskOrchestrator orchestrator, ILoggerFactory loggerFactory)
    {
        Name = new TaskName(name);
        InstanceId = instanceId;
        Parent = parent;
        LoggerFactory = loggerFactory;
        _version = version;
        _executionId = executionId;
        _orchestrator = orchestrator;
    }

    public override TaskName Name { get; }

    public override string InstanceId { get; }

    public override ParentOrchestrationInstance? Parent { get; }

    public override string Version => _version ?? string.Empty;

    public override DateTime CurrentUtcDateTime => _currentUtc;

    public override bool IsReplaying => _isReplaying;

    protected override ILoggerFactory LoggerFactory { get; }

    public override TaskOrchestrationEntityFeature Entities =>
        throw new NotSupportedException("TaskOrchestrationContext.Entities: durable entities are not supported by the AiScheduler durable engine.");

    /// <summary>Replays <paramref name="past"/>, applies <paramref name="arrived"/> at <paramref name="now"/>, and returns the outcome.</summary>
    public ExecutionOutcome Execute(IReadOnlyList<HistoryEvent> past, IReadOnlyList<HistoryEvent> arrived, DateTime now)
    {
        var applied = new List<HistoryEvent> { new(HistoryEventType.OrchestratorStarted, now) };
        var previous = SynchronizationContext.Current;
        var context = new ReplaySynchronizationContext();
        SynchronizationContext.SetSynchronizationContext(context);
        try
        {
            _isReplaying = true;
            foreach (var historyEvent in past)
            {
                Apply(historyEvent, replaying: true);
                context.Drain();
            }

            var unrecorded = _actions.Values.Where(a => !_confirmed.Contains(a.TaskId)).OrderBy(a => a.TaskId).FirstOrDefault();
            if (past.Count > 0 && unrecorded is not null && _run is { IsCompleted: false })
            {
                throw NonDeterminism(unrecorded.TaskId, "nothing", $"schedules {unrecorded.Describe()}");
            }

            _isReplaying = false;
            _currentUtc = now;
            foreach (var historyEvent in arrived)
            {
                if (Apply(historyEvent, replaying: false))
                {
                    applied.Add(historyEvent);
                }

                context.Drain();
            }
        }
        catch (NonDeterministicOrchestrationException exception)
        {
            var failure = FailureDetails.From(exception);
            applied.Add(new HistoryEvent(HistoryEventType.ExecutionCompleted, now)
            {
                Status = OrchestrationRuntimeStatus.Failed, Failure = failure,
            });
            return new ExecutionOutcome(applied, [], [], OrchestrationRuntimeStatus.Failed, null, failure, _customStatus, null);
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }

        var newActions = _actions.Values.Where(a => !_confirmed.Contains(a.TaskId)).OrderBy(a => a.TaskId).ToList();
        applied.AddRange(newActions.Select(a => a.ToHistory(now)));
        return Finish(applied, newActions, now);
    }

    private ExecutionOutcome Finish(List<HistoryEvent> applied, List<ScheduledAction> newActions, DateTime now)
    {
        if (_run is null || !_run.IsCompleted)
        {
            return new ExecutionOutcome(applied, newActions, _cancelledTimers, OrchestrationRuntimeStatus.Running, null, null,
                _customStatus, null);
        }

        if (_run.IsCompletedSuccessfully && _continueAsNew is not null)
        {
            var carried = _preserveEvents ? _buffered.ToList() : [];
            // Events sent in the last step of an execution still go out; its activities and timers are dropped.
            return new ExecutionOutcome(applied, newActions.Where(a => a.Kind == HistoryEventType.EventSent).ToList(), [],
                OrchestrationRuntimeStatus.Running, null, null, null, _continueAsNew with { CarriedEvents = carried });
        }

        string? output = null;
        TaskFailureDetails? failure = null;
        var status = OrchestrationRuntimeStatus.Completed;
        if (_run.IsCompletedSuccessfully)
        {
            output = DurableJson.Serialize(_run.Result);
        }
        else
        {
            status = OrchestrationRuntimeStatus.Failed;
            var exception = _run.Exception?.InnerException ?? new TaskCanceledException("The orchestration was cancelled.");
            failure = FailureDetails.From(exception);
        }

        applied.Add(new HistoryEvent(HistoryEventType.ExecutionCompleted, now) { Status = status, Payload = output, Failure = failure });
        return new ExecutionOutcome(applied, newActions, _cancelledTimers, status, output, failure, _customStatus, null);
    }

    /// <summary>Applies one event; returns false when it is stale or a duplicate and must not enter history.</summary>
    private bool Apply(HistoryEvent historyEvent, bool replaying)
    {
        switch (historyEvent.Type)
        {
            case HistoryEventType.OrchestratorStarted:
                _currentUtc = historyEvent.Timestamp;
                return true;
            case HistoryEventType.ExecutionStarted:
                if (_run is not null)
                {
                    return false;
                }

                Start(historyEvent.Payload);
                return true;
            case HistoryEventType.TaskScheduled or HistoryEventType.TimerCreated or HistoryEventType.SubOrchestrationCreated
                or HistoryEventType.EventSent:
                Confirm(historyEvent);
                return true;
            case HistoryEventType.TaskCompleted or HistoryEventType.TaskFailed or HistoryEventType.TimerFired
                or HistoryEventType.SubOrchestrationCompleted or HistoryEventType.SubOrchestrationFailed:
                if (!_open.Remove(historyEvent.TaskId, out var complete))
                {
                    // A fired timer that was cancelled, or a second result of an activity that ran twice.
                    return replaying;
                }

                complete(historyEvent);
                return true;
            case HistoryEventType.EventRaised:
                Deliver(historyEvent);
                return true;
            default:
                return true;
        }
    }

    private void Start(string? input)
    {
        _input = input;
        try
        {
            _run = _orchestrator.RunAsync(this, DurableJson.Deserialize(input, _orchestrator.InputType));
        }
        catch (Exception exception) when (exception is not NonDeterministicOrchestrationException)
        {
            _run = Task.FromException<object?>(exception);
        }
    }

    private void Confirm(HistoryEvent recorded)
    {
        var what = new ScheduledAction(recorded.TaskId, recorded.Type, recorded.Name ?? "", recorded.Payload,
            ChildInstanceId: recorded.ChildInstanceId).Describe();
        if (!_actions.TryGetValue(recorded.TaskId, out var action))
        {
            throw NonDeterminism(recorded.TaskId, what, "schedules nothing at that step");
        }

        if (action.Kind != recorded.Type || !string.Equals(action.Name, recorded.Name, StringComparison.OrdinalIgnoreCase))
        {
            throw NonDeterminism(recorded.TaskId, what, $"schedules {action.Describe()}");
        }

        // The same call with a different input (or child instance, or event target) is a different decision too.
        if (!string.Equals(action.Payload, recorded.Payload, StringComparison.Ordinal))
        {
            throw NonDeterminism(recorded.TaskId, $"{what} with input {recorded.Payload ?? "null"}",
                $"passes {action.Payload ?? "null"}");
        }

        if (recorded.ChildInstanceId is not null && !string.Equals(action.ChildInstanceId, recorded.ChildInstanceId, StringComparison.Ordinal))
        {
            throw NonDeterminism(recorded.TaskId, what, $"schedules {action.Describe()}");
        }

        _confirmed.Add(recorded.TaskId);
    }

    private NonDeterministicOrchestrationException NonDeterminism(int step, string recorded, string now) => new(
        $"Non-deterministic orchestration '{Name.Name}' (instance '{InstanceId}'): at step {step} the history recorded " +
        $"{recorded} but the code now {now}. The orchestration's code changed while this instance was in flight; " +
        "deploy changed code under a new orchestration name or version, or let running instances finish first.");

    private void Deliver(HistoryEvent raised)
    {
        if (_waiters.TryGetValue(raised.Name!, out var waiting) && waiting.First is { } first)
        {
            waiting.RemoveFirst();
            first.Value(raised.Payload);
            return;
        }

        _buffered.Add(raised);
    }

    private int Schedule(HistoryEventType kind, string name, string? payload, DateTime? fireAt = null, string? child = null)
    {
        var id = _nextTaskId++;
        _actions[id] = new ScheduledAction(id, kind, name, payload, fireAt, child);
        return id;
    }

    public override T GetInput<T>() => (T)DurableJson.Deserialize(_input, typeof(T))!;

    public override Task<TResult> CallActivityAsync<TResult>(TaskName name, object? input = null, TaskOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name.Name);
        return WithRetries(() => ScheduleActivity<TResult>(name.Name, input), options?.Retry, $"CallActivityAsync('{name.Name}')");
    }

    private Task<TResult> ScheduleActivity<TResult>(string name, object? input)
    {
        var id = Schedule(HistoryEventType.TaskScheduled, name, DurableJson.Serialize(input));
        return Await<TResult>(id, name, HistoryEventType.TaskCompleted);
    }

    public override Task<TResult> CallSubOrchestratorAsync<TResult>(TaskName orchestratorName, object? input = null,
        TaskOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orchestratorName.Name);
        var attempt = 0;
        Task<TResult> Call()
        {
            // Each retry needs its own child instance, since the failed one keeps its id and history.
            var id = _nextTaskId;
            var child = (options as SubOrchestrationOptions)?.InstanceId is { Length: > 0 } explicitId
                ? (attempt++ == 0 ? explicitId : $"{explicitId}#{attempt}")
                : $"{InstanceId}:{id:D4}";
            Schedule(HistoryEventType.SubOrchestrationCreated, orchestratorName.Name, DurableJson.Serialize(input), child: child);
            return Await<TResult>(id, orchestratorName.Name, HistoryEventType.SubOrchestrationCompleted);
        }

        return WithRetries(Call, options?.Retry, $"CallSubOrchestratorAsync('{orchestratorName.Name}')");
    }

    private Task<TResult> Await<TResult>(int id, string name, HistoryEventType success)
    {
        var completion = new TaskCompletionSource<TResult>();
        _open[id] = result =>
        {
            if (result.Type == success)
            {
                try
                {
                    completion.TrySetResult((TResult)DurableJson.Deserialize(result.Payload, typeof(TResult))!);
                }
                catch (System.Text.Json.JsonException exception)
                {
                    completion.TrySetException(exception);
                }
            }
            else
            {
                completion.TrySetException(new TaskFailedException(name, id,
                    result.Failure ?? new TaskFailureDetails("Unknown", "The task failed without details.", null, null, null)));
            }
        };
        return completion.Task;
    }

    private Task<TResult> WithRetries<TResult>(Func<Task<TResult>> call, TaskRetryOptions? retry, string member)
    {
        if (retry is null)
        {
            return call();
        }

        if (retry.Policy is not { } policy)
        {
            throw new NotSupportedException(
                $"{member} with TaskRetryOptions.Handler: custom retry handlers are not supported by the AiScheduler durable engine; use a RetryPolicy.");
        }

        return Retrying(call, policy);
    }

    private async Task<TResult> Retrying<TResult>(Func<Task<TResult>> call, RetryPolicy policy)
    {
        var firstAttempt = CurrentUtcDateTime;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call();
            }
            catch (TaskFailedException failed) when (attempt < policy.MaxNumberOfAttempts && ShouldRetry(policy, failed))
            {
                var delay = DelayBeforeRetry(policy, attempt);
                if (policy.RetryTimeout != Timeout.InfiniteTimeSpan && CurrentUtcDateTime + delay - firstAttempt > policy.RetryTimeout)
                {
                    throw;
                }

                await CreateTimer(CurrentUtcDateTime + delay, CancellationToken.None);
            }
        }
    }

    // Setting RetryPolicy.HandleFailure replaces Handle, so Handle alone decides.
    private static bool ShouldRetry(RetryPolicy policy, TaskFailedException failed) => policy.Handle(failed);

    /// <summary>The n-th retry waits <c>min(FirstRetryInterval * BackoffCoefficient^(n-1), MaxRetryInterval)</c>.</summary>
    private static TimeSpan DelayBeforeRetry(RetryPolicy policy, int retry)
    {
        var millis = policy.FirstRetryInterval.TotalMilliseconds * Math.Pow(policy.BackoffCoefficient, retry - 1);
        return millis >= policy.MaxRetryInterval.TotalMilliseconds ? policy.MaxRetryInterval : TimeSpan.FromMilliseconds(millis);
    }

    public override Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken)
    {
        var id = Schedule(HistoryEventType.TimerCreated, "timer", null, fireAt.ToUniversalTime());
        var completion = new TaskCompletionSource();
        _open[id] = _ => completion.TrySetResult();
        if (cancellationToken.CanBeCanceled)
        {
            cancellationToken.Register(() =>
            {
                if (completion.TrySetCanceled(cancellationToken))
                {
                    _open.Remove(id);
                    if (!_isReplaying)
                    {
                        _cancelledTimers.Add(id);
                    }
                }
            });
        }

        return completion.Task;
    }

    public override Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(eventName);
        var buffered = _buffered.FindIndex(e => string.Equals(e.Name, eventName, StringComparison.OrdinalIgnoreCase));
        if (buffered >= 0)
        {
            var payload = _buffered[buffered].Payload;
            _buffered.RemoveAt(buffered);
            return Task.FromResult((T)DurableJson.Deserialize(payload, typeof(T))!);
        }

        var completion = new TaskCompletionSource<T>();
        if (!_waiters.TryGetValue(eventName, out var waiting))
        {
            _waiters[eventName] = waiting = new LinkedList<Action<string?>>();
        }

        var node = waiting.AddLast(payload =>
        {
            try
            {
                completion.TrySetResult((T)DurableJson.Deserialize(payload, typeof(T))!);
            }
            catch (System.Text.Json.JsonException exception)
            {
                completion.TrySetException(exception);
            }
        });
        if (cancellationToken.CanBeCanceled)
        {
            cancellationToken.Register(() =>
            {
                if (completion.TrySetCanceled(cancellationToken) && node.List is not null)
                {
                    waiting.Remove(node);
                }
            });
        }

        return completion.Task;
    }

    public override void SendEvent(string instanceId, string eventName, object payload)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        ArgumentException.ThrowIfNullOrWhiteSpace(eventName);
        Schedule(HistoryEventType.EventSent, eventName, DurableJson.Serialize(payload), child: instanceId);
    }

    public override void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true)
    {
        _continueAsNew = new ContinueAsNewRequest(DurableJson.Serialize(newInput), []);
        _preserveEvents = preserveUnprocessedEvents;
    }

    public override void SetCustomStatus(object? customStatus) => _customStatus = DurableJson.Serialize(customStatus);

    public override Guid NewGuid()
    {
        var name = Encoding.UTF8.GetBytes($"{InstanceId}_{_executionId}_{_guidCounter++}");
        var bytes = new byte[16 + name.Length];
        GuidNamespace.TryWriteBytes(bytes, bigEndian: true, out _);
        name.CopyTo(bytes, 16);
        // RFC 9562 name-based UUIDs (version 5) are defined on SHA-1; it is an identifier here, not a security measure.
#pragma warning disable CA5350
        var hash = SHA1.HashData(bytes);
#pragma warning restore CA5350
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }

    /// <summary>Queues continuations so that they run inside <see cref="Execute"/>, one after the other.</summary>
    private sealed class ReplaySynchronizationContext : SynchronizationContext
    {
        private readonly Queue<(SendOrPostCallback Callback, object? State)> _queue = new();

        public override void Post(SendOrPostCallback d, object? state)
        {
            lock (_queue)
            {
                _queue.Enqueue((d, state));
            }
        }

        public override void Send(SendOrPostCallback d, object? state) => d(state);

        public override SynchronizationContext CreateCopy() => this;

        public void Drain()
        {
            while (true)
            {
                (SendOrPostCallback Callback, object? State) next;
                lock (_queue)
                {
                    if (!_queue.TryDequeue(out next))
                    {
                        return;
                    }
                }

                next.Callback(next.State);
            }
        }
    }
}
