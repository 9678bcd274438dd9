namespace AiScheduler.Durable;

/// <summary>
/// An orchestration: deterministic code that is replayed from its history. It must not do I/O, read clocks, create
/// random values or wait on anything but the methods of <see cref="TaskOrchestrationContext"/>; activities do the work.
/// </summary>
public interface ITaskOrchestrator
{
    /// <summary>The type the orchestration's input is deserialized to.</summary>
    Type InputType { get; }

    /// <summary>The type of the orchestration's result.</summary>
    Type OutputType { get; }

    /// <summary>Runs (or replays) the orchestration.</summary>
    Task<object?> RunAsync(TaskOrchestrationContext context, object? input);
}

/// <summary>Base class for orchestrations with a typed input and output, as in durabletask-dotnet.</summary>
/// <typeparam name="TInput">The input record.</typeparam>
/// <typeparam name="TOutput">The result record.</typeparam>
public abstract class TaskOrchestrator<TInput, TOutput> : ITaskOrchestrator
{
    /// <inheritdoc />
    public Type InputType => typeof(TInput);

    /// <inheritdoc />
    public Type OutputType => typeof(TOutput);

    /// <summary>The orchestration's code. It is replayed: every run must schedule the same work in the same order.</summary>
    /// <param name="context">The replay-safe context.</param>
    /// <param name="input">The orchestration's input.</param>
    public abstract Task<TOutput> RunAsync(TaskOrchestrationContext context, TInput input);

    async Task<object?> ITaskOrchestrator.RunAsync(TaskOrchestrationContext context, object? input) =>
        await RunAsync(context, (TInput)input!);
}

/// <summary>
/// An activity: ordinary code that may do I/O. Activities run at least once (a crash between the work and the
/// checkpoint runs them again), so their effects must be idempotent, e.g. keyed by instance id and step.
/// </summary>
public interface ITaskActivity
{
    /// <summary>The type the activity's input is deserialized to.</summary>
    Type InputType { get; }

    /// <summary>The type of the activity's result.</summary>
    Type OutputType { get; }

    /// <summary>Runs the activity.</summary>
    Task<object?> RunAsync(TaskActivityContext context, object? input);
}

/// <summary>Base class for activities with a typed input and output, as in durabletask-dotnet.</summary>
/// <typeparam name="TInput">The input record.</typeparam>
/// <typeparam name="TOutput">The result record.</typeparam>
public abstract class TaskActivity<TInput, TOutput> : ITaskActivity
{
    /// <inheritdoc />
    public Type InputType => typeof(TInput);

    /// <inheritdoc />
    public Type OutputType => typeof(TOutput);

    /// <summary>The activity's work.</summary>
    /// <param name="context">Who called it and a token that fires when the host stops.</param>
    /// <param name="input">The activity's input.</param>
    public abstract Task<TOutput> RunAsync(TaskActivityContext context, TInput input);

    async Task<object?> ITaskActivity.RunAsync(TaskActivityContext context, object? input) =>
        await RunAsync(context, (TInput)input!);
}

/// <summary>What an activity knows about its invocation.</summary>
/// <param name="Name">The activity's registered name.</param>
/// <param name="InstanceId">The orchestration instance that scheduled it.</param>
/// <param name="TaskId">The step number within the orchestration; with <paramref name="InstanceId"/> a natural idempotency key.</param>
/// <param name="CancellationToken">Fires when the host is shutting down.</param>
public sealed record TaskActivityContext(string Name, string InstanceId, int TaskId, CancellationToken CancellationToken);

/// <summary>Overrides the registered name of an orchestration or activity class (default: the class name).</summary>
/// <param name="name">The name used to schedule it.</param>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class DurableTaskAttribute(string name) : Attribute
{
    /// <summary>The registered name.</summary>
    public string Name { get; } = name;
}
