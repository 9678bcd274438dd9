using Microsoft.DurableTask;

namespace AiScheduler.Functions.Durable;

/// <summary>
/// Runs a class-based activity from an <c>[ActivityTrigger]</c> function, as the Durable Task source generator's
/// wrappers do (Microsoft.DurableTask.Generators is not served, so the wrappers are written by hand): the activity is
/// created from the invocation's services and given a context naming the activity and its orchestration instance.
/// </summary>
public static class FunctionActivity
{
    public static Task<TOutput> RunAsync<TActivity, TInput, TOutput>(FunctionContext context, string name, string instanceId, TInput input)
        where TActivity : TaskActivity<TInput, TOutput>
    {
        ArgumentNullException.ThrowIfNull(context);
        var activity = ActivatorUtilities.GetServiceOrCreateInstance<TActivity>(context.InstanceServices);
        return activity.RunAsync(new FunctionActivityContext(name, instanceId), input);
    }

    private sealed class FunctionActivityContext(string name, string instanceId) : TaskActivityContext
    {
        public override TaskName Name { get; } = name;

        public override string InstanceId { get; } = instanceId;
    }
}
