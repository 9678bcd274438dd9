using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Client.Entities;

namespace AiScheduler.Functions.Durable;

/// <summary>
/// The <see cref="DurableTaskClient"/> the features receive from dependency injection under Azure Functions. The
/// Functions host hands out its client only through the <c>[DurableClient]</c> binding, so every function that may
/// start, signal or query an instance binds it here first; the client then points at the same task hub for the life of
/// the worker, which is why one bound client serves the singletons (campaign launcher, call-end relay) as well.
/// </summary>
public sealed class FunctionsDurableClient() : DurableTaskClient("functions")
{
    private volatile DurableTaskClient? _bound;

    /// <summary>Takes the client the Functions host bound to the running invocation.</summary>
    public void Bind(DurableTaskClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        _bound = client;
    }

    private DurableTaskClient Client => _bound ?? throw new InvalidOperationException(
        "No durable client has been bound yet: a function must take [DurableClient] DurableTaskClient and call " +
        $"{nameof(FunctionsDurableClient)}.{nameof(Bind)} before feature code starts or signals an orchestration.");

    /// <inheritdoc />
    public override DurableEntityClient Entities => Client.Entities;

    /// <inheritdoc />
    public override Task<string> ScheduleNewOrchestrationInstanceAsync(TaskName orchestratorName, object? input = null,
        StartOrchestrationOptions? options = null, CancellationToken cancellation = default) =>
        Client.ScheduleNewOrchestrationInstanceAsync(orchestratorName, input, options, cancellation);

    /// <inheritdoc />
    public override Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default) =>
        Client.RaiseEventAsync(instanceId, eventName, eventPayload, cancellation);

    /// <inheritdoc />
    public override Task<OrchestrationMetadata> WaitForInstanceStartAsync(string instanceId, bool getInputsAndOutputs = false,
        CancellationToken cancellation = default) =>
        Client.WaitForInstanceStartAsync(instanceId, getInputsAndOutputs, cancellation);

    /// <inheritdoc />
    public override Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false,
        CancellationToken cancellation = default) =>
        Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs, cancellation);

    /// <inheritdoc />
    public override Task TerminateInstanceAsync(string instanceId, TerminateInstanceOptions? options = null, CancellationToken cancellation = default) =>
        Client.TerminateInstanceAsync(instanceId, options, cancellation);

    /// <inheritdoc />
    public override Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) =>
        Client.SuspendInstanceAsync(instanceId, reason, cancellation);

    /// <inheritdoc />
    public override Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) =>
        Client.ResumeInstanceAsync(instanceId, reason, cancellation);

    /// <inheritdoc />
    public override Task<OrchestrationMetadata?> GetInstancesAsync(string instanceId, bool getInputsAndOutputs = false,
        CancellationToken cancellation = default) =>
        Client.GetInstancesAsync(instanceId, getInputsAndOutputs, cancellation);

    /// <inheritdoc />
    public override AsyncPageable<OrchestrationMetadata> GetAllInstancesAsync(OrchestrationQuery? filter = null) =>
        Client.GetAllInstancesAsync(filter);

    /// <inheritdoc />
    public override Task<PurgeResult> PurgeInstanceAsync(string instanceId, PurgeInstanceOptions? options = null, CancellationToken cancellation = default) =>
        Client.PurgeInstanceAsync(instanceId, options, cancellation);

    /// <inheritdoc />
    public override Task<PurgeResult> PurgeAllInstancesAsync(PurgeInstancesFilter filter, PurgeInstanceOptions? options = null,
        CancellationToken cancellation = default) =>
        Client.PurgeAllInstancesAsync(filter, options, cancellation);

    /// <inheritdoc />
    public override Task<string> RestartAsync(string instanceId, bool restartWithNewInstanceId = false, CancellationToken cancellation = default) =>
        Client.RestartAsync(instanceId, restartWithNewInstanceId, cancellation);

    /// <summary>The bound client belongs to the Functions host's binding; it is not disposed here.</summary>
    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
