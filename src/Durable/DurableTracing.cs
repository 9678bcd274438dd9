using System.Diagnostics;

namespace AiScheduler.Durable;

/// <summary>
/// The engine's spans: one per orchestration step (<c>orchestration {name}</c>) and one per activity execution
/// (<c>activity {name}</c>). The W3C trace context of whoever created an instance is kept on the instance row and
/// parents every step of it; the step that schedules an activity or a sub-orchestration writes its own context with
/// the scheduled work, so the activity's span (and the child instance's steps) are children of that step.
/// </summary>
public static class DurableTracing
{
    /// <summary>The <see cref="ActivitySource"/> name to subscribe to.</summary>
    public const string SourceName = "AiScheduler.Durable";

    internal static readonly ActivitySource Source = new(SourceName);

    /// <summary>The current span's context as a W3C <c>traceparent</c>, or null when nothing is traced.</summary>
    internal static string? CurrentParent() => Activity.Current is { } current && current.IdFormat == ActivityIdFormat.W3C ? current.Id : null;

    /// <summary>Parses a stored <c>traceparent</c>; default when there is none or it does not parse.</summary>
    internal static ActivityContext ParentFrom(string? traceParent) =>
        traceParent is not null && ActivityContext.TryParse(traceParent, null, out var context) ? context : default;

    /// <summary>A span for one step of an orchestration, a child of the instance creator's span.</summary>
    internal static Activity? StartStep(OrchestrationWorkItem item)
    {
        var span = Source.StartActivity("orchestration " + item.Name, ActivityKind.Internal, ParentFrom(item.TraceParent));
        span?.SetTag("durable.type", "orchestration");
        span?.SetTag("durable.name", item.Name);
        span?.SetTag("durable.instance_id", item.InstanceId);
        return span;
    }

    /// <summary>A span for one activity execution, a child of the step that scheduled it.</summary>
    internal static Activity? StartActivity(ActivityWorkItem item)
    {
        var span = Source.StartActivity("activity " + item.Name, ActivityKind.Internal, ParentFrom(item.TraceParent));
        span?.SetTag("durable.type", "activity");
        span?.SetTag("durable.name", item.Name);
        span?.SetTag("durable.instance_id", item.InstanceId);
        span?.SetTag("durable.task_id", item.TaskId);
        return span;
    }
}
