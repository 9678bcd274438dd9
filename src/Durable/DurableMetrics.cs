using System.Diagnostics.Metrics;

namespace AiScheduler.Durable;

/// <summary>The runtime's instruments on the application's <c>AiScheduler</c> meter.</summary>
internal sealed class DurableMetrics
{
    public const string MeterName = "AiScheduler";
    private long _activityBacklog;
    private long _orchestrationBacklog;

    public DurableMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        meter.CreateObservableGauge("aischeduler.durable.backlog",
            () => new[]
            {
                new Measurement<long>(Interlocked.Read(ref _activityBacklog), new KeyValuePair<string, object?>("durable.work", "activity")),
                new Measurement<long>(Interlocked.Read(ref _orchestrationBacklog), new KeyValuePair<string, object?>("durable.work", "orchestration")),
            },
            unit: "{item}", description: "Activities waiting to run and instances with messages waiting to be processed.");
        DispatchLatency = meter.CreateHistogram<double>("aischeduler.durable.dispatch.latency", unit: "s",
            description: "Time from work becoming visible to a worker leasing it.");
        ActivityDuration = meter.CreateHistogram<double>("aischeduler.durable.activity.duration", unit: "s",
            description: "Execution time of activities.");
        Failures = meter.CreateCounter<long>("aischeduler.durable.failures", unit: "{failure}",
            description: "Failed activities, failed orchestrations, poison messages, lost leases and non-determinism errors.");
        Checkpoints = meter.CreateCounter<long>("aischeduler.durable.checkpoints", unit: "{checkpoint}",
            description: "Orchestration steps committed.");
        StepDuration = meter.CreateHistogram<double>("aischeduler.durable.step.duration", unit: "s",
            description: "One orchestration step: loading its history and messages, replaying and deciding, and committing the checkpoint.");
        StepHistory = meter.CreateHistogram<long>("aischeduler.durable.step.history", unit: "{event}",
            description: "History events an orchestration step replayed.");
    }

    public Histogram<double> StepDuration { get; }

    public Histogram<long> StepHistory { get; }

    public Histogram<double> DispatchLatency { get; }

    public Histogram<double> ActivityDuration { get; }

    public Counter<long> Failures { get; }

    public Counter<long> Checkpoints { get; }

    public void SetBacklog(long activities, long orchestrations)
    {
        Interlocked.Exchange(ref _activityBacklog, activities);
        Interlocked.Exchange(ref _orchestrationBacklog, orchestrations);
    }

    public void Fail(string kind, string name) =>
        Failures.Add(1, new KeyValuePair<string, object?>("durable.failure", kind), new KeyValuePair<string, object?>("durable.name", name));
}
