namespace AiScheduler.Durable;

/// <summary>An orchestration instance leased by this process, with the database time of the lease.</summary>
internal sealed record OrchestrationWorkItem(string InstanceId, string ExecutionId, string Name, string? Version,
    OrchestrationRuntimeStatus Status, int DequeueCount, string? ParentInstanceId, string? ParentExecutionId,
    int? ParentTaskId, string? CustomStatus, long LeasedAtMs)
{
    /// <summary>The W3C trace context of whoever created the instance (see <see cref="DurableTracing"/>).</summary>
    public string? TraceParent { get; init; }
}

/// <summary>A message waiting for an instance (row of new_events).</summary>
internal sealed record PendingEvent(long Id, string? ExecutionId, HistoryEvent Event, long VisibleAtMs);

/// <summary>What a step replays: the instance's history and the messages waiting for it.</summary>
internal sealed record StepInput(IReadOnlyList<HistoryEvent> History, IReadOnlyList<PendingEvent> Events);

/// <summary>An instance leased together with its step's input, when the lease's round trip could read it too.</summary>
internal sealed record LeasedStep(OrchestrationWorkItem Item, StepInput? Input);

/// <summary>An activity invocation leased by this process.</summary>
internal sealed record ActivityWorkItem(long Id, string InstanceId, string ExecutionId, int TaskId, string Name,
    string? Input, int DequeueCount, long VisibleAtMs, long LeasedAtMs)
{
    /// <summary>The W3C trace context of the orchestration step that scheduled the activity.</summary>
    public string? TraceParent { get; init; }
}

/// <summary>
/// A message for another instance (or a new instance's first message) written with a checkpoint. A timer's message
/// carries <paramref name="DelayMs"/>: how long after the write it becomes visible, measured on the orchestration clock
/// (the engine's <see cref="TimeProvider"/>) and added to the database clock when written, so a clock anchored at
/// another instant (tests, the demo) still fires timers after their real delay.
/// </summary>
internal sealed record OutboundEvent(string InstanceId, string? ExecutionId, HistoryEvent Event, long? DelayMs = null,
    string? EventKey = null);

/// <summary>A child instance created by a checkpoint.</summary>
internal sealed record ChildInstance(string InstanceId, string ExecutionId, string Name, string? Version, string? Input,
    int ParentTaskId);

/// <summary>Everything one orchestration step writes, in one transaction guarded by the lease.</summary>
internal sealed record OrchestrationCheckpoint(OrchestrationWorkItem WorkItem, string LeaseOwner)
{
    public int FirstSequence { get; init; }

    public IReadOnlyList<HistoryEvent> NewHistory { get; init; } = [];

    public IReadOnlyList<long> ConsumedEventIds { get; init; } = [];

    public IReadOnlyList<ScheduledAction> NewTasks { get; init; } = [];

    public IReadOnlyList<ChildInstance> Children { get; init; } = [];

    public IReadOnlyList<OutboundEvent> Events { get; init; } = [];

    public IReadOnlyList<string> CancelledTimerKeys { get; init; } = [];

    public OrchestrationRuntimeStatus Status { get; init; }

    public string? Output { get; init; }

    public TaskFailureDetails? Failure { get; init; }

    public string? CustomStatus { get; init; }

    /// <summary>Set on ContinueAsNew: the next execution's id and input; the old history is deleted.</summary>
    public (string ExecutionId, string? Input)? NextExecution { get; init; }

    /// <summary>Only consumes messages (of a finished instance) and releases the lease.</summary>
    public bool StateUnchanged { get; init; }

    /// <summary>Set on terminate and poison: all pending messages and activities of the instance are dropped.</summary>
    public bool DropPendingWork { get; init; }
}

/// <summary>One row of the instances table as the client reads it.</summary>
internal sealed record InstanceRecord(string InstanceId, string Name, string ExecutionId, string? Version,
    OrchestrationRuntimeStatus Status, DateTimeOffset CreatedAt, DateTimeOffset LastUpdatedAt, DateTimeOffset? CompletedAt,
    TaskFailureDetails? Failure, string? CustomStatus, string? Input, string? Output);
