using System.Text.Json;

namespace AiScheduler.Durable;

/// <summary>Runtime status of an orchestration instance.</summary>
public enum OrchestrationRuntimeStatus
{
    /// <summary>Scheduled, not yet picked up by a worker.</summary>
    Pending,
    /// <summary>Started and not finished.</summary>
    Running,
    /// <summary>Finished with a result.</summary>
    Completed,
    /// <summary>Finished with an error (see failure details).</summary>
    Failed,
    /// <summary>Stopped by a client.</summary>
    Terminated,
    /// <summary>Paused by a client; events wait until it is resumed.</summary>
    Suspended,
    /// <summary>Reserved for the moment between an execution ending and its continuation starting.</summary>
    ContinuedAsNew,
}

/// <summary>Extensions for <see cref="OrchestrationRuntimeStatus"/>.</summary>
public static class OrchestrationRuntimeStatusExtensions
{
    /// <summary>Completed, failed or terminated: nothing more will happen to this execution.</summary>
    public static bool IsTerminal(this OrchestrationRuntimeStatus status) =>
        status is OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated;
}

/// <summary>The state of one orchestration instance as a client sees it.</summary>
public sealed record OrchestrationMetadata(string Name, string InstanceId)
{
    /// <summary>The runtime status.</summary>
    public OrchestrationRuntimeStatus RuntimeStatus { get; init; }

    /// <summary>The current execution id (changes on ContinueAsNew and restart).</summary>
    public string ExecutionId { get; init; } = "";

    /// <summary>The version string the instance was started with.</summary>
    public string? Version { get; init; }

    /// <summary>When it was created (UTC).</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When its state last changed (UTC).</summary>
    public DateTimeOffset LastUpdatedAt { get; init; }

    /// <summary>When it finished, if it has.</summary>
    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>Input JSON (when requested).</summary>
    public string? SerializedInput { get; init; }

    /// <summary>Output JSON, or the termination reason (when requested).</summary>
    public string? SerializedOutput { get; init; }

    /// <summary>Custom status JSON.</summary>
    public string? SerializedCustomStatus { get; init; }

    /// <summary>Why it failed.</summary>
    public TaskFailureDetails? FailureDetails { get; init; }

    /// <summary>True while the instance exists and has not finished.</summary>
    public bool IsRunning => RuntimeStatus is OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Suspended;

    /// <summary>True once it completed, failed or was terminated.</summary>
    public bool IsCompleted => RuntimeStatus.IsTerminal();

    /// <summary>Deserializes the input.</summary>
    public T? ReadInputAs<T>() => Read<T>(SerializedInput);

    /// <summary>Deserializes the output.</summary>
    public T? ReadOutputAs<T>() => Read<T>(SerializedOutput);

    /// <summary>Deserializes the custom status.</summary>
    public T? ReadCustomStatusAs<T>() => Read<T>(SerializedCustomStatus);

    private static T? Read<T>(string? json) => json is null ? default : JsonSerializer.Deserialize<T>(json, DurableJson.Options);
}

/// <summary>What to do when scheduling an instance id that already belongs to a finished instance.</summary>
public enum FinishedInstancePolicy
{
    /// <summary>Leave the finished instance as it is and return its id (the call is idempotent).</summary>
    Keep,
    /// <summary>Start it again with the new input: a new execution with an empty history.</summary>
    Restart,
    /// <summary>Throw <see cref="OrchestrationAlreadyExistsException"/>.</summary>
    Throw,
}

/// <summary>Options for scheduling a new instance.</summary>
/// <param name="InstanceId">The instance id; a new GUID when null. Scheduling an id that is pending or running is a no-op.</param>
/// <param name="Version">The version string recorded on the instance.</param>
/// <param name="IfFinished">What to do when the id belongs to a finished instance.</param>
public sealed record StartOrchestrationOptions(string? InstanceId = null, string? Version = null,
    FinishedInstancePolicy IfFinished = FinishedInstancePolicy.Keep);

/// <summary>Thrown when scheduling an instance id whose finished instance must not be reused.</summary>
public sealed class OrchestrationAlreadyExistsException(string instanceId, OrchestrationRuntimeStatus status)
    : InvalidOperationException($"Orchestration instance '{instanceId}' already exists and is {status}; schedule it with IfFinished = Restart to run it again, or use a new instance id.")
{
    /// <summary>The instance id.</summary>
    public string InstanceId { get; } = instanceId;
}

/// <summary>Filters and paging for <see cref="DurableTaskClient.QueryInstancesAsync"/>.</summary>
/// <param name="Name">Only instances of this orchestration (exact name).</param>
/// <param name="Statuses">Only instances in one of these statuses.</param>
/// <param name="CreatedFrom">Only instances created at or after this time.</param>
/// <param name="CreatedTo">Only instances created before this time.</param>
/// <param name="InstanceIdPrefix">Only ids starting with this prefix.</param>
/// <param name="PageSize">At most this many per page (1-1000).</param>
/// <param name="ContinuationToken">The token of the previous page.</param>
/// <param name="FetchInputsAndOutputs">Include input, output and custom status.</param>
public sealed record OrchestrationQuery(string? Name = null, IReadOnlyCollection<OrchestrationRuntimeStatus>? Statuses = null,
    DateTimeOffset? CreatedFrom = null, DateTimeOffset? CreatedTo = null, string? InstanceIdPrefix = null,
    int PageSize = 100, string? ContinuationToken = null, bool FetchInputsAndOutputs = false);

/// <summary>One page of a query.</summary>
/// <param name="Instances">The instances, oldest first.</param>
/// <param name="ContinuationToken">Pass to the next query for the next page; null on the last page.</param>
public sealed record OrchestrationQueryPage(IReadOnlyList<OrchestrationMetadata> Instances, string? ContinuationToken);
