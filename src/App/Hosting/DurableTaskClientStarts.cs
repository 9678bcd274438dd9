using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace AiScheduler.Functions.Hosting;

/// <summary>Starting an instance exactly once, on any Durable Task engine.</summary>
public static class DurableTaskClientStarts
{
    /// <summary>
    /// Schedules <paramref name="instanceId"/> unless an instance with that id exists already, running or finished, so
    /// a repeated message or a retried activity cannot run it twice. Returns the instance id either way.
    /// </summary>
    /// <remarks>
    /// Engines differ on scheduling an id in use (ours ignores it, Microsoft's may replace it), so the check comes
    /// first; two callers racing between check and start are the case the orchestration's own idempotency covers.
    /// </remarks>
    public static async Task<string> StartOnceAsync(this DurableTaskClient client, TaskName orchestratorName, object input,
        string instanceId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (await client.GetInstanceAsync(instanceId, cancellationToken) is not null)
        {
            return instanceId;
        }

        return await client.ScheduleNewOrchestrationInstanceAsync(orchestratorName, input, new StartOrchestrationOptions(instanceId),
            cancellationToken);
    }
}
