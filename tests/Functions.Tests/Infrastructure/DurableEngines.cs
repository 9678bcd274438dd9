using AiScheduler.Functions.Hosting;
using Microsoft.DurableTask.Testing;

namespace AiScheduler.Functions.Tests.Infrastructure;

/// <summary>
/// Which Durable Task engine runs the app's orchestrations in a test. The conformance tests run the same
/// orchestration tests on both: a difference in outcome is a bug in one of them, and the test's engine says which.
/// </summary>
public enum DurableEngine
{
    /// <summary>Our engine (src/Durable) on the app's own SQLite or PostgreSQL database, as the self-host runs.</summary>
    Ours,

    /// <summary>Microsoft's Durable Task worker and client on the in-memory backend of Microsoft.DurableTask.InProcessTestHost.</summary>
    Microsoft,
}

public static class DurableEngines
{
    /// <summary>
    /// Registers Microsoft's in-memory engine before the app composes itself, which then keeps it (see
    /// <see cref="DurableComposition.AddDurableWorkflows"/>); the same <see cref="DurableComposition.AddWorkflowTasks"/>
    /// list of orchestrators and activities is registered on it.
    /// </summary>
    public static void UseDurableEngine(this WebApplicationBuilder builder, DurableEngine engine)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (engine == DurableEngine.Microsoft)
        {
            // The sidecar's own choice is a random port in 30000-40000 that it never checks, which collided with other
            // servers and outgoing connections on CI; it gets a port the operating system says is free.
            builder.Services.AddInMemoryDurableTask(
                tasks => tasks.AddWorkflowTasks(), new InMemoryDurableTaskOptions { Port = LoopbackPorts.Free() });
        }
    }

    /// <summary>Fails the test early when the app runs on another engine than the one the test is about.</summary>
    public static void EnsureEngine(this IServiceProvider services, DurableEngine engine)
    {
        var client = services.GetRequiredService<DurableTaskClient>();
        var ours = client is AiScheduler.Durable.SqlDurableTaskClient;
        if (ours != (engine == DurableEngine.Ours))
        {
            throw new InvalidOperationException($"The test asked for the {engine} engine but the app's DurableTaskClient is {client.GetType().FullName}.");
        }
    }
}
