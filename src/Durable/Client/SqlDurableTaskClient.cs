using Microsoft.DurableTask.Client.Entities;

namespace AiScheduler.Durable;

/// <summary>
/// Our engine's implementation of the official <see cref="DurableTaskClient"/>: starts, signals, inspects and cleans
/// up orchestration instances in the SQLite or PostgreSQL store. Safe to use from any process sharing the database,
/// with or without a worker. Product code depends on <see cref="DurableTaskClient"/> only.
/// </summary>
/// <remarks>
/// Scheduling an instance id that is pending, running or suspended does nothing and returns the id, so a retried
/// request cannot start it twice; a finished one is started again unless its status is in
/// <see cref="StartOrchestrationOptions.DedupeStatuses"/>. Members we do not support throw <see cref="NotSupportedException"/>.
/// </remarks>
public sealed class SqlDurableTaskClient : DurableTaskClient
{
    private readonly DurableStore _store;
    private readonly TimeProvider _timeProvider;

    internal SqlDurableTaskClient(DurableStore store, TimeProvider timeProvider)
        : base("AiScheduler.Durable")
    {
        _store = store;
        _timeProvider = timeProvider;
    }

    /// <summary>The converter the client's metadata reads inputs, outputs and custom status with.</summary>
    public static DataConverter Converter { get; } = new Microsoft.DurableTask.Converters.JsonDataConverter(DurableJson.Options);

    /// <inheritdoc />
    public override DurableEntityClient Entities =>
        throw new NotSupportedException("DurableTaskClient.Entities: durable entities are not supported by the AiScheduler durable engine.");

    /// <inheritdoc />
    public override async Task<string> ScheduleNewOrchestrationInstanceAsync(TaskName orchestratorName, object? input = null,
        StartOrchestrationOptions? options = null, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orchestratorName.Name);
        var instanceId = options?.InstanceId ?? Guid.NewGuid().ToString("N");
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId, nameof(options));
        var version = options?.Version?.Version is { Length: > 0 } requested ? requested : null;
        await _store.EnsureCreatedAsync(cancellation);
        // A scheduled start is a delay on the engine's clock, as timers are, so an anchored clock starts it on time.
        var startIn = options?.StartAt is { } startAt ? startAt - _timeProvider.GetUtcNow() : (TimeSpan?)null;
        await _store.CreateInstanceAsync(instanceId, orchestratorName.Name, version, DurableJson.Serialize(input),
            options?.DedupeStatuses ?? [], startIn, cancellation);
        return instanceId;
    }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">No instance has that id.</exception>
    public override async Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null,
        CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        ArgumentException.ThrowIfNullOrWhiteSpace(eventName);
        await _store.EnsureCreatedAsync(cancellation);
        await _store.SendAsync(instanceId, Message(HistoryEventType.EventRaised, eventName, DurableJson.Serialize(eventPayload)),
            null, cancellation);
    }

    /// <summary>
    /// Sends an event at most once per <paramref name="eventId"/> (an extension of our engine; the official client has
    /// no deduplicated raise). Returns false when that id was already used.
    /// </summary>
    /// <exception cref="InvalidOperationException">No instance has that id.</exception>
    public async Task<bool> RaiseEventOnceAsync(string instanceId, string eventName, string eventId, object? eventPayload = null,
        CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        ArgumentException.ThrowIfNullOrWhiteSpace(eventName);
        ArgumentException.ThrowIfNullOrWhiteSpace(eventId);
        await _store.EnsureCreatedAsync(cancellation);
        return await _store.SendAsync(instanceId, Message(HistoryEventType.EventRaised, eventName, DurableJson.Serialize(eventPayload)),
            eventId, cancellation);
    }

    /// <inheritdoc />
    public override async Task<OrchestrationMetadata?> GetInstancesAsync(string instanceId, bool getInputsAndOutputs = false,
        CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        await _store.EnsureCreatedAsync(cancellation);
        return await _store.GetInstanceAsync(instanceId, getInputsAndOutputs, cancellation) is { } record ? ToMetadata(record) : null;
    }

    /// <summary>The engine's own view of an instance: its current execution id, version and completion time (for diagnostics and tests).</summary>
    public async Task<OrchestrationExecution?> GetExecutionAsync(string instanceId, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        await _store.EnsureCreatedAsync(cancellation);
        return await _store.GetInstanceAsync(instanceId, false, cancellation) is { } record
            ? new OrchestrationExecution(record.ExecutionId, record.Version, record.CompletedAt)
            : null;
    }

    /// <inheritdoc />
    /// <remarks>Instances are returned oldest first; <see cref="OrchestrationQuery.TaskHubNames"/> is ignored (one hub per database).</remarks>
    public override AsyncPageable<OrchestrationMetadata> GetAllInstancesAsync(OrchestrationQuery? filter = null)
    {
        var query = filter ?? new OrchestrationQuery();
        return Pageable.Create<OrchestrationMetadata>(async (continuation, pageSizeHint, cancellation) =>
        {
            await _store.EnsureCreatedAsync(cancellation);
            var size = pageSizeHint is > 0 ? pageSizeHint.Value : query.PageSize;
            var (instances, next) = await _store.QueryAsync(query, Math.Clamp(size, 1, 1000),
                continuation ?? query.ContinuationToken, cancellation);
            return new Page<OrchestrationMetadata>(instances.Select(ToMetadata).ToList(), next);
        });
    }

    /// <inheritdoc />
    public override Task<OrchestrationMetadata> WaitForInstanceStartAsync(string instanceId, bool getInputsAndOutputs = false,
        CancellationToken cancellation = default) =>
        PollAsync(instanceId, getInputsAndOutputs, state => state.RuntimeStatus != OrchestrationRuntimeStatus.Pending, cancellation);

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">No instance has that id.</exception>
    public override Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false,
        CancellationToken cancellation = default) =>
        PollAsync(instanceId, getInputsAndOutputs, state => state.RuntimeStatus.IsTerminal(), cancellation);

    private async Task<OrchestrationMetadata> PollAsync(string instanceId, bool getInputsAndOutputs,
        Func<OrchestrationMetadata, bool> reached, CancellationToken cancellation)
    {
        var delay = TimeSpan.FromMilliseconds(5);
        while (true)
        {
            var state = await GetInstancesAsync(instanceId, getInputsAndOutputs, cancellation)
                ?? throw new InvalidOperationException($"No orchestration instance '{instanceId}' exists; schedule it first or check the id.");
            if (reached(state))
            {
                return state;
            }

            await Task.Delay(delay, _timeProvider, cancellation);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 250));
        }
    }

    /// <inheritdoc />
    /// <remarks>The instance ends as Terminated with the options' output; its pending work is dropped.</remarks>
    public override Task TerminateInstanceAsync(string instanceId, TerminateInstanceOptions? options = null,
        CancellationToken cancellation = default)
    {
        if (options?.Recursive == true)
        {
            throw new NotSupportedException("DurableTaskClient.TerminateInstanceAsync with TerminateInstanceOptions.Recursive: recursive termination is not supported by the AiScheduler durable engine; terminate each child instance.");
        }

        return SendControlAsync(instanceId, HistoryEventType.ExecutionTerminated, DurableJson.Serialize(options?.Output), cancellation);
    }

    /// <inheritdoc />
    public override Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) =>
        SendControlAsync(instanceId, HistoryEventType.ExecutionSuspended, DurableJson.Serialize(reason), cancellation);

    /// <inheritdoc />
    public override Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) =>
        SendControlAsync(instanceId, HistoryEventType.ExecutionResumed, DurableJson.Serialize(reason), cancellation);

    /// <summary>
    /// Erasure of personal data from durable history (not part of the official client): replaces each of
    /// <paramref name="values"/> with <paramref name="replacement"/> in everything finished instances keep - inputs,
    /// outputs, custom status, failures and history payloads - leaving running instances alone (their history must replay
    /// as written). Returns the number of rows changed.
    /// </summary>
    public async Task<int> RedactFinishedAsync(IReadOnlyCollection<string> values, string replacement, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(replacement);
        await _store.EnsureCreatedAsync(cancellation);
        return await _store.RedactFinishedAsync(values, replacement, cancellation);
    }

    /// <inheritdoc />
    /// <remarks>Only a finished instance is purged; a running one is left alone and the count is 0.</remarks>
    public override async Task<PurgeResult> PurgeInstanceAsync(string instanceId, PurgeInstanceOptions? options = null,
        CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        RejectRecursive(options, "PurgeInstanceAsync");
        await _store.EnsureCreatedAsync(cancellation);
        return new PurgeResult(await _store.PurgeAsync(instanceId, null, null, [], cancellation));
    }

    /// <inheritdoc />
    public override async Task<PurgeResult> PurgeAllInstancesAsync(PurgeInstancesFilter filter, PurgeInstanceOptions? options = null,
        CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        RejectRecursive(options, "PurgeAllInstancesAsync");
        await _store.EnsureCreatedAsync(cancellation);
        return new PurgeResult(await _store.PurgeAsync(null, filter.CreatedFrom, filter.CreatedTo,
            filter.Statuses?.ToList() ?? [], cancellation), isComplete: true);
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">No instance has that id.</exception>
    /// <exception cref="InvalidOperationException">Restarting under the same id while the instance is still running.</exception>
    public override async Task<string> RestartAsync(string instanceId, bool restartWithNewInstanceId = false,
        CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        await _store.EnsureCreatedAsync(cancellation);
        var current = await _store.GetInstanceAsync(instanceId, true, cancellation)
            ?? throw new ArgumentException($"No orchestration instance '{instanceId}' exists; nothing to restart.", nameof(instanceId));
        if (!restartWithNewInstanceId && !current.Status.IsTerminal())
        {
            throw new InvalidOperationException($"Orchestration instance '{instanceId}' is {current.Status}; only a finished instance can be restarted under the same id.");
        }

        var newId = restartWithNewInstanceId ? Guid.NewGuid().ToString("N") : instanceId;
        await _store.CreateInstanceAsync(newId, current.Name, current.Version, current.Input, [], null, cancellation);
        return newId;
    }

    /// <inheritdoc />
    public override Task RewindInstanceAsync(string instanceId, string reason, CancellationToken cancellation = default) =>
        throw new NotSupportedException("DurableTaskClient.RewindInstanceAsync: rewinding a failed instance is not supported by the AiScheduler durable engine; use RestartAsync.");

    /// <inheritdoc />
    public override Task<IList<DurableTask.Core.History.HistoryEvent>> GetOrchestrationHistoryAsync(string instanceId,
        CancellationToken cancellation = default) =>
        throw new NotSupportedException("DurableTaskClient.GetOrchestrationHistoryAsync: the AiScheduler durable engine keeps its own history format; use SqlDurableTaskClient.GetHistoryAsync.");

    /// <inheritdoc />
    public override Task<Page<string>> ListInstanceIdsAsync(IEnumerable<OrchestrationRuntimeStatus>? runtimeStatus = null,
        DateTimeOffset? completedTimeFrom = null, DateTimeOffset? completedTimeTo = null, int pageSize = OrchestrationQuery.DefaultPageSize,
        string? lastInstanceKey = null, CancellationToken cancellation = default) =>
        throw new NotSupportedException("DurableTaskClient.ListInstanceIdsAsync: not supported by the AiScheduler durable engine; use GetAllInstancesAsync.");

    /// <summary>The history of the instance's current execution, oldest first (for diagnostics and tests).</summary>
    public async Task<IReadOnlyList<HistoryEvent>> GetHistoryAsync(string instanceId, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        await _store.EnsureCreatedAsync(cancellation);
        return await _store.GetHistoryAsync(instanceId, cancellation);
    }

    /// <inheritdoc />
    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static void RejectRecursive(PurgeInstanceOptions? options, string member)
    {
        if (options?.Recursive == true)
        {
            throw new NotSupportedException($"DurableTaskClient.{member} with PurgeInstanceOptions.Recursive: recursive purge is not supported by the AiScheduler durable engine; purge each child instance.");
        }
    }

    private static OrchestrationMetadata ToMetadata(InstanceRecord record) => new(record.Name, record.InstanceId)
    {
        RuntimeStatus = record.Status,
        CreatedAt = record.CreatedAt,
        LastUpdatedAt = record.LastUpdatedAt,
        FailureDetails = record.Failure,
        SerializedCustomStatus = record.CustomStatus,
        SerializedInput = record.Input,
        SerializedOutput = record.Output,
        DataConverter = Converter,
    };

    private async Task SendControlAsync(string instanceId, HistoryEventType type, string? payload, CancellationToken cancellation)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        await _store.EnsureCreatedAsync(cancellation);
        await _store.SendAsync(instanceId, Message(type, null, payload), null, cancellation);
    }

    private HistoryEvent Message(HistoryEventType type, string? name, string? payload) =>
        new(type, _timeProvider.GetUtcNow().UtcDateTime) { Name = name, Payload = payload };
}

/// <summary>What our engine knows about an instance beyond the official metadata.</summary>
/// <param name="ExecutionId">The current execution (changes on ContinueAsNew and restart).</param>
/// <param name="Version">The version string the instance was started with.</param>
/// <param name="CompletedAt">When it finished, if it has.</param>
public sealed record OrchestrationExecution(string ExecutionId, string? Version, DateTimeOffset? CompletedAt);
