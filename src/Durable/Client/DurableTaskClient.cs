namespace AiScheduler.Durable;

/// <summary>
/// Starts, signals, inspects and cleans up orchestration instances (the Durable Functions client). Safe to use
/// from any process sharing the database, with or without a worker.
/// </summary>
public sealed class DurableTaskClient
{
    private readonly DurableStore _store;
    private readonly DurableRegistry _registry;
    private readonly TimeProvider _timeProvider;

    internal DurableTaskClient(DurableStore store, DurableRegistry registry, TimeProvider timeProvider)
    {
        _store = store;
        _registry = registry;
        _timeProvider = timeProvider;
    }

    /// <summary>
    /// Schedules an instance and returns its id. Scheduling an id that is pending or running does nothing (so a
    /// retried request cannot start it twice); for a finished one, <see cref="StartOrchestrationOptions.IfFinished"/> decides.
    /// </summary>
    public async Task<string> ScheduleNewOrchestrationInstanceAsync(string orchestratorName, object? input = null,
        StartOrchestrationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orchestratorName);
        var instanceId = options?.InstanceId ?? Guid.NewGuid().ToString("N");
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId, nameof(options));
        var version = options?.Version ?? (_registry.Orchestrations.TryGetValue(orchestratorName, out var registered) ? registered.Version : null);
        await _store.EnsureCreatedAsync(cancellationToken);
        await _store.CreateInstanceAsync(instanceId, orchestratorName, version, DurableJson.Serialize(input),
            options?.IfFinished ?? FinishedInstancePolicy.Keep, cancellationToken);
        return instanceId;
    }

    /// <summary>
    /// Sends an event to an instance; it is buffered until the orchestration waits for it. With an
    /// <paramref name="eventId"/>, a repeat of the same id is ignored and false is returned.
    /// </summary>
    /// <exception cref="InvalidOperationException">No instance has that id.</exception>
    public async Task<bool> RaiseEventAsync(string instanceId, string eventName, object? eventData = null, string? eventId = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        ArgumentException.ThrowIfNullOrWhiteSpace(eventName);
        await _store.EnsureCreatedAsync(cancellationToken);
        return await _store.SendAsync(instanceId, Message(HistoryEventType.EventRaised, eventName, DurableJson.Serialize(eventData)),
            eventId, cancellationToken);
    }

    /// <summary>The instance's state, or null when it does not exist.</summary>
    public async Task<OrchestrationMetadata?> GetInstanceAsync(string instanceId, bool getInputsAndOutputs = false,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        await _store.EnsureCreatedAsync(cancellationToken);
        return await _store.GetInstanceAsync(instanceId, getInputsAndOutputs, cancellationToken);
    }

    /// <summary>One page of instances matching the query, oldest first.</summary>
    public async Task<OrchestrationQueryPage> QueryInstancesAsync(OrchestrationQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await _store.EnsureCreatedAsync(cancellationToken);
        return await _store.QueryAsync(query, cancellationToken);
    }

    /// <summary>Waits until the instance completes, fails or is terminated (polling with backoff) and returns its final state.</summary>
    /// <exception cref="InvalidOperationException">No instance has that id.</exception>
    public async Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false,
        CancellationToken cancellationToken = default)
    {
        var delay = TimeSpan.FromMilliseconds(5);
        while (true)
        {
            var state = await GetInstanceAsync(instanceId, getInputsAndOutputs, cancellationToken)
                ?? throw new InvalidOperationException($"No orchestration instance '{instanceId}' exists; schedule it first or check the id.");
            if (state.IsCompleted)
            {
                return state;
            }

            await Task.Delay(delay, _timeProvider, cancellationToken);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 250));
        }
    }

    /// <summary>Stops the instance: it ends as Terminated with <paramref name="reason"/> as output, and its pending work is dropped.</summary>
    public Task TerminateInstanceAsync(string instanceId, object? reason = null, CancellationToken cancellationToken = default) =>
        SendControlAsync(instanceId, HistoryEventType.ExecutionTerminated, DurableJson.Serialize(reason), cancellationToken);

    /// <summary>Pauses the instance: events and results wait until it is resumed.</summary>
    public Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellationToken = default) =>
        SendControlAsync(instanceId, HistoryEventType.ExecutionSuspended, DurableJson.Serialize(reason), cancellationToken);

    /// <summary>Resumes a suspended instance.</summary>
    public Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellationToken = default) =>
        SendControlAsync(instanceId, HistoryEventType.ExecutionResumed, DurableJson.Serialize(reason), cancellationToken);

    /// <summary>Deletes every finished instance that completed before <paramref name="completedBefore"/>; returns how many.</summary>
    public async Task<int> PurgeInstancesAsync(DateTimeOffset completedBefore, CancellationToken cancellationToken = default)
    {
        await _store.EnsureCreatedAsync(cancellationToken);
        return await _store.PurgeAsync(completedBefore, null, cancellationToken);
    }

    /// <summary>Deletes one finished instance and its history; false when it does not exist or has not finished.</summary>
    public async Task<bool> PurgeInstanceAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        await _store.EnsureCreatedAsync(cancellationToken);
        return await _store.PurgeAsync(DateTimeOffset.MaxValue, instanceId, cancellationToken) == 1;
    }

    /// <summary>The history of the instance's current execution, oldest first (for diagnostics and tests).</summary>
    public async Task<IReadOnlyList<HistoryEvent>> GetHistoryAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        await _store.EnsureCreatedAsync(cancellationToken);
        return await _store.GetHistoryAsync(instanceId, cancellationToken);
    }

    private async Task SendControlAsync(string instanceId, HistoryEventType type, string? payload, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        await _store.EnsureCreatedAsync(cancellationToken);
        await _store.SendAsync(instanceId, Message(type, null, payload), null, cancellationToken);
    }

    private HistoryEvent Message(HistoryEventType type, string? name, string? payload) =>
        new(type, _timeProvider.GetUtcNow().UtcDateTime) { Name = name, Payload = payload };
}
