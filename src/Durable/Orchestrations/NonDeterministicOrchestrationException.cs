namespace AiScheduler.Durable;

/// <summary>
/// The orchestration's code no longer matches its history (it was changed while instances were in flight). The
/// instance fails with this error instead of doing something different from what it did before.
/// </summary>
public sealed class NonDeterministicOrchestrationException(string message) : Exception(message);

/// <summary>Extensions for the official <see cref="OrchestrationRuntimeStatus"/>.</summary>
internal static class OrchestrationRuntimeStatusExtensions
{
    /// <summary>Completed, failed or terminated: nothing more will happen to this execution.</summary>
    public static bool IsTerminal(this OrchestrationRuntimeStatus status) =>
        status is OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated;
}

/// <summary>Failure details as history records them.</summary>
internal static class FailureDetails
{
    /// <summary>
    /// Like <see cref="TaskFailureDetails.FromException"/>, and a <see cref="TaskFailedException"/> keeps the failure of
    /// the task it reports as its inner failure, so callers can ask <see cref="TaskFailureDetails.IsCausedBy{T}"/>
    /// through any depth of sub-orchestrations.
    /// </summary>
    public static TaskFailureDetails From(Exception exception) => exception is TaskFailedException failed
        ? new TaskFailureDetails(exception.GetType().FullName!, exception.Message, exception.StackTrace, failed.FailureDetails, null)
        : TaskFailureDetails.FromException(exception);
}
