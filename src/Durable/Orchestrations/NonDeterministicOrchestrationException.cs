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
