namespace AiScheduler.Durable;

/// <summary>The kinds of history events; the names are stored as text.</summary>
public enum HistoryEventType
{
    /// <summary>The execution began, with its input.</summary>
    ExecutionStarted,
    /// <summary>A batch of events was processed at <see cref="HistoryEvent.Timestamp"/> (the replay clock).</summary>
    OrchestratorStarted,
    /// <summary>An activity was scheduled.</summary>
    TaskScheduled,
    /// <summary>An activity returned a result.</summary>
    TaskCompleted,
    /// <summary>An activity threw.</summary>
    TaskFailed,
    /// <summary>A durable timer was created.</summary>
    TimerCreated,
    /// <summary>A durable timer fired.</summary>
    TimerFired,
    /// <summary>A sub-orchestration was started.</summary>
    SubOrchestrationCreated,
    /// <summary>A sub-orchestration completed.</summary>
    SubOrchestrationCompleted,
    /// <summary>A sub-orchestration failed or was terminated.</summary>
    SubOrchestrationFailed,
    /// <summary>An external event arrived.</summary>
    EventRaised,
    /// <summary>A client suspended the instance.</summary>
    ExecutionSuspended,
    /// <summary>A client resumed the instance.</summary>
    ExecutionResumed,
    /// <summary>A client terminated the instance.</summary>
    ExecutionTerminated,
    /// <summary>The execution finished (completed, failed or continued as new).</summary>
    ExecutionCompleted,
    /// <summary>The orchestration sent an event to another instance (<see cref="HistoryEvent.ChildInstanceId"/> names it).</summary>
    EventSent,
}

/// <summary>One row of an instance's history, or one message waiting for it.</summary>
/// <param name="Type">What happened.</param>
/// <param name="Timestamp">When it was recorded (UTC).</param>
public sealed record HistoryEvent(HistoryEventType Type, DateTime Timestamp)
{
    /// <summary>The step number this event belongs to, or -1.</summary>
    public int TaskId { get; init; } = -1;

    /// <summary>Activity, orchestration or event name.</summary>
    public string? Name { get; init; }

    /// <summary>JSON input, result, event data or output.</summary>
    public string? Payload { get; init; }

    /// <summary>Failure details for failed tasks and executions.</summary>
    public TaskFailureDetails? Failure { get; init; }

    /// <summary>When a timer fires.</summary>
    public DateTime? FireAt { get; init; }

    /// <summary>The child instance id of a sub-orchestration, or the target of a sent event.</summary>
    public string? ChildInstanceId { get; init; }

    /// <summary>The runtime status an <see cref="HistoryEventType.ExecutionCompleted"/> event ended in.</summary>
    public OrchestrationRuntimeStatus? Status { get; init; }
}
