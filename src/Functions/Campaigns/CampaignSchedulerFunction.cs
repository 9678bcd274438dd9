using AiScheduler.Functions.Durable;
using AiScheduler.Functions.Hosting.Timers;
using Microsoft.DurableTask.Client;

namespace AiScheduler.Functions.Campaigns;

/// <summary>
/// The campaign scheduler on the Functions timer: the schedule is the <c>Schedules:CampaignScheduler</c> setting (the
/// cron the self-host reads from host.json <c>schedules</c>), and the Functions host runs each occurrence once across
/// instances (a blob lease), as the self-host's timer store does. The work is <see cref="CampaignScheduler"/>.
/// </summary>
public sealed class CampaignSchedulerFunction(IEnumerable<ITimerHandler> handlers, FunctionsDurableClient durable, TimeProvider clock)
{
    public const string ScheduleSetting = "%Schedules:CampaignScheduler%";

    [Function(nameof(CampaignScheduler))]
    public Task RunAsync(
        [TimerTrigger(ScheduleSetting)] TimerInfo timer,
        [DurableClient] DurableTaskClient client,
        FunctionContext context,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(timer);
        ArgumentNullException.ThrowIfNull(context);
        durable.Bind(client);
        var handler = handlers.Single(h => string.Equals(h.Name, nameof(CampaignScheduler), StringComparison.OrdinalIgnoreCase));
        // ScheduleStatus.Last is the occurrence being run; it is absent on a first run with no recorded status.
        var scheduled = timer.ScheduleStatus?.Last is { } last && last != default ? new DateTimeOffset(last.ToUniversalTime(), TimeSpan.Zero) : clock.GetUtcNow();
        var occurrence = new TimerOccurrence(handler.Name, scheduled, timer.IsPastDue, context.InvocationId);
        return handler.RunAsync(occurrence, cancellationToken);
    }
}
