using Microsoft.DurableTask;

namespace AiScheduler.Functions.Meetings;

/// <summary>
/// Base of the Meeting orchestrations' activities: checks the context and input the engine hands over and runs the step
/// with the host's stopping token, so a step cut off by shutdown is retried by the orchestration rather than half-run.
/// </summary>
public abstract class MeetingActivity<TInput, TOutput>(IHostApplicationLifetime lifetime) : TaskActivity<TInput, TOutput>
{
    public sealed override Task<TOutput> RunAsync(TaskActivityContext context, TInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        return RunAsync(input, lifetime.ApplicationStopping);
    }

    /// <summary>The step itself.</summary>
    protected abstract Task<TOutput> RunAsync(TInput input, CancellationToken ct);
}
