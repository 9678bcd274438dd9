using Microsoft.Extensions.Logging;

namespace AiScheduler.Durable;

/// <summary>
/// The replay-safe view an orchestration has of the world, modelled on durabletask-dotnet's context. Everything an
/// orchestration does goes through it so that a replay from history takes exactly the same decisions.
/// </summary>
/// <remarks>
/// Orchestration code runs on a private synchronization context that the runtime drains synchronously. Awaiting
/// anything that completes on another thread (I/O, <c>Task.Delay</c>, <c>Task.Run</c>,
/// <c>CancellationTokenSource.CancelAsync</c>, <c>ConfigureAwait(false)</c>) leaves that context and the step ends
/// without it; use activities and durable timers, and <c>CancellationTokenSource.Cancel()</c>.
/// </remarks>
public abstract class TaskOrchestrationContext
{
    /// <summary>The orchestration's registered name.</summary>
    public abstract string Name { get; }

    /// <summary>The instance id.</summary>
    public abstract string InstanceId { get; }

    /// <summary>The version string the instance was started with.</summary>
    public abstract string? Version { get; }

    /// <summary>The time this step was first executed; identical on every replay.</summary>
    public abstract DateTime CurrentUtcDateTime { get; }

    /// <summary>True while the code re-executes steps already recorded in history.</summary>
    public abstract bool IsReplaying { get; }

    /// <summary>Schedules an activity and returns its result.</summary>
    /// <exception cref="TaskFailedException">The activity failed (after its retries).</exception>
    public abstract Task<TResult> CallActivityAsync<TResult>(string name, object? input = null, TaskOptions? options = null);

    /// <summary>Schedules an activity that returns nothing of interest.</summary>
    public Task CallActivityAsync(string name, object? input = null, TaskOptions? options = null) =>
        CallActivityAsync<object?>(name, input, options);

    /// <summary>Starts a child orchestration and returns its result.</summary>
    /// <exception cref="TaskFailedException">The child failed or was terminated.</exception>
    public abstract Task<TResult> CallSubOrchestratorAsync<TResult>(string orchestratorName, object? input = null,
        SubOrchestrationOptions? options = null);

    /// <summary>Starts a child orchestration with an explicit instance id and returns its result.</summary>
    public Task<TResult> CallSubOrchestratorAsync<TResult>(string orchestratorName, object? input, string instanceId) =>
        CallSubOrchestratorAsync<TResult>(orchestratorName, input, new SubOrchestrationOptions(instanceId));

    /// <summary>A durable timer firing at <paramref name="fireAt"/>; cancelling the token cancels the timer.</summary>
    public abstract Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken);

    /// <summary>A durable timer firing after <paramref name="delay"/> from <see cref="CurrentUtcDateTime"/>.</summary>
    public Task CreateTimer(TimeSpan delay, CancellationToken cancellationToken) =>
        CreateTimer(CurrentUtcDateTime + delay, cancellationToken);

    /// <summary>
    /// Waits for the next event named <paramref name="eventName"/> (case-insensitive). An event raised before the
    /// wait is buffered and returned at once.
    /// </summary>
    public abstract Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default);

    /// <summary>Waits for an event, or throws <see cref="TaskCanceledException"/> when <paramref name="timeout"/> passes first.</summary>
    public async Task<T> WaitForExternalEvent<T>(string eventName, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var race = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var timer = CreateTimer(CurrentUtcDateTime + timeout, race.Token);
        var received = WaitForExternalEvent<T>(eventName, race.Token);
        var winner = await Task.WhenAny(received, timer);
        race.Cancel();
        if (winner == received)
        {
            return await received;
        }

        cancellationToken.ThrowIfCancellationRequested();
        throw new TaskCanceledException($"No '{eventName}' event arrived within {timeout}.");
    }

    /// <summary>
    /// Restarts the instance with a fresh, empty history and <paramref name="newInput"/> once the code returns. Events
    /// received but not yet consumed are carried over when <paramref name="preserveUnprocessedEvents"/> is true.
    /// </summary>
    public abstract void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true);

    /// <summary>Sets a small JSON-serializable status visible to clients.</summary>
    public abstract void SetCustomStatus(object? customStatus);

    /// <summary>A deterministic, name-based (UUIDv5) id: the same on every replay, different per call.</summary>
    public abstract Guid NewGuid();

    /// <summary>A logger that stays silent while replaying, so each message is written once.</summary>
    public abstract ILogger CreateReplaySafeLogger(string categoryName);

    /// <summary>A replay-safe logger with the category of <typeparamref name="T"/>.</summary>
    public ILogger CreateReplaySafeLogger<T>() => CreateReplaySafeLogger(typeof(T).FullName!);
}
