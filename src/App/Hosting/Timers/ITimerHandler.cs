namespace AiScheduler.Functions.Hosting.Timers;

/// <summary>
/// A timer-triggered function: <see cref="Name"/> names its schedule in host.json (<c>"schedules": { "Name": "cron" }</c>).
/// Each occurrence runs once across all host processes; a run that throws is logged and recorded, not retried.
/// Register with <see cref="TimerServiceCollectionExtensions.AddTimerHandler{THandler}"/>.
/// </summary>
public interface ITimerHandler
{
    /// <summary>The schedule name, matched case-insensitively against the keys of <c>schedules</c>.</summary>
    string Name { get; }

    Task RunAsync(TimerOccurrence occurrence, CancellationToken cancellationToken);
}

/// <summary>One firing of a schedule.</summary>
/// <param name="Schedule">The schedule name.</param>
/// <param name="ScheduledUtc">The occurrence this run is for (the cron instant, not the moment the run began).</param>
/// <param name="IsPastDue">True when the occurrence was missed while no host was running and is run late, once.</param>
/// <param name="HostId">The process that claimed it.</param>
public sealed record TimerOccurrence(string Schedule, DateTimeOffset ScheduledUtc, bool IsPastDue, string HostId);
