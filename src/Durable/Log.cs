using Microsoft.Extensions.Logging;

namespace AiScheduler.Durable;

/// <summary>The runtime's log messages (event ids 3000-3099).</summary>
internal static partial class Log
{
    [LoggerMessage(3000, LogLevel.Information, "Durable worker {Owner} started on {Backend} ({Orchestrations} orchestrations, {Activities} activities registered)")]
    public static partial void WorkerStarted(ILogger logger, string owner, string backend, int orchestrations, int activities);

    [LoggerMessage(3001, LogLevel.Warning, "Lost the lease of instance {InstanceId} before its checkpoint; another worker continues it")]
    public static partial void LeaseLost(ILogger logger, string instanceId);

    [LoggerMessage(3002, LogLevel.Error, "Orchestration {Name} ({InstanceId}) failed: {ErrorType}: {ErrorMessage}")]
    public static partial void OrchestrationFailed(ILogger logger, string name, string instanceId, string errorType, string errorMessage);

    [LoggerMessage(3003, LogLevel.Warning, "Activity {Name} for {InstanceId} step {TaskId} failed: {ErrorType}")]
    public static partial void ActivityFailed(ILogger logger, string name, string instanceId, int taskId, string errorType, Exception exception);

    [LoggerMessage(3004, LogLevel.Error, "Poison {Kind} {Name} for {InstanceId} after {DequeueCount} dequeues; failing it")]
    public static partial void Poison(ILogger logger, string kind, string name, string instanceId, int dequeueCount);

    [LoggerMessage(3005, LogLevel.Error, "Durable dispatch ({Kind}) failed; retrying after {Delay}")]
    public static partial void DispatchFailed(ILogger logger, string kind, TimeSpan delay, Exception exception);

    [LoggerMessage(3006, LogLevel.Warning, "PostgreSQL LISTEN connection failed; reconnecting in {Delay} (polling continues meanwhile)")]
    public static partial void ListenerFailed(ILogger logger, TimeSpan delay, Exception exception);

    [LoggerMessage(3007, LogLevel.Error, "Processing instance {InstanceId} failed; it is retried when its lease expires")]
    public static partial void StepFailed(ILogger logger, string instanceId, Exception exception);

    [LoggerMessage(3008, LogLevel.Warning, "Activity {Name} for {InstanceId} finished after this worker lost its lease; the new owner reports the result")]
    public static partial void ActivityLeaseLost(ILogger logger, string name, string instanceId);
}
