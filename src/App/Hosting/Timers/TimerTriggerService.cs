using System.Data.Common;
using AiScheduler.Domain.Scheduling;
using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.Hosting.Timers;

/// <summary>
/// Runs the timer-triggered functions, like the Functions host's timer trigger with its singleton lock: for each
/// schedule in host.json that has a handler it waits for the next occurrence (on <see cref="TimeProvider"/>), claims
/// (schedule, occurrence) in <c>timer_runs</c>, and runs the handler only if the claim succeeded, so every host
/// process computes the same occurrences and exactly one runs each. Occurrences that pass while a run is still busy are
/// skipped, not queued. At start-up, an occurrence missed while no host was running is run once, late, as past due.
/// </summary>
internal sealed class TimerTriggerService(
    IEnumerable<ITimerHandler> handlers,
    TimerRunStore runs,
    IOptions<TimerOptions> options,
    TimeProvider clock,
    ILogger<TimerTriggerService> logger) : BackgroundService
{
    // A missed occurrence is searched for at most this many steps back from the last run (a second-level schedule
    // after a long outage); past that the newest found is used.
    private const int MaxCatchUpSteps = 100_000;
    private static readonly TimeSpan LongestWait = TimeSpan.FromDays(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            Log.TimersDisabled(logger);
            return;
        }

        var zone = TimeZoneInfo.FindSystemTimeZoneById(settings.TimeZone);
        var byName = handlers.ToDictionary(h => h.Name, StringComparer.OrdinalIgnoreCase);
        foreach (var name in byName.Keys.Where(name => !settings.Schedules.ContainsKey(name)))
        {
            Log.HandlerWithoutSchedule(logger, name);
        }

        var loops = new List<Task>();
        foreach (var (name, expression) in settings.Schedules)
        {
            if (!byName.TryGetValue(name, out var handler))
            {
                Log.ScheduleWithoutHandler(logger, name);
                continue;
            }

            var schedule = CronSchedule.Parse(expression);
            Log.ScheduleStarted(logger, name, expression, settings.TimeZone);
            loops.Add(RunScheduleAsync(name, schedule, zone, handler, settings, stoppingToken));
        }

        await Task.WhenAll(loops);
    }

    private async Task RunScheduleAsync(string name, CronSchedule schedule, TimeZoneInfo zone, ITimerHandler handler, TimerOptions settings,
        CancellationToken stoppingToken)
    {
        var hostId = settings.EffectiveHostId;
        var retry = TimeSpan.FromMilliseconds(settings.StoreRetryMilliseconds);
        try
        {
            var caughtUp = false;
            var cursor = clock.GetUtcNow();
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    if (!caughtUp)
                    {
                        await RunMissedOccurrenceAsync(name, schedule, zone, handler, hostId, stoppingToken);
                        caughtUp = true;
                    }

                    var next = schedule.Next(cursor, zone);
                    for (var wait = next - clock.GetUtcNow(); wait > TimeSpan.Zero; wait = next - clock.GetUtcNow())
                    {
                        // Waits are cut into days: a timer cannot wait longer than about 49 days in one go.
                        await Task.Delay(wait < LongestWait ? wait : LongestWait, clock, stoppingToken);
                    }

                    if (await runs.TryClaimAsync(name, next, hostId, pastDue: false, stoppingToken))
                    {
                        await RunOnceAsync(handler, new TimerOccurrence(name, next, IsPastDue: false, hostId), stoppingToken);
                    }

                    // Occurrences that passed during a long run are skipped: the next run starts from now.
                    var now = clock.GetUtcNow();
                    cursor = now > next ? now : next;
                }
                catch (DbException ex)
                {
                    Log.StoreUnavailable(logger, name, ex.Message);
                    await Task.Delay(retry, clock, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Host shutdown.
        }
    }

    private async Task RunMissedOccurrenceAsync(string name, CronSchedule schedule, TimeZoneInfo zone, ITimerHandler handler, string hostId,
        CancellationToken stoppingToken)
    {
        // Only a schedule that has run before can have missed something; a new schedule starts from now.
        if (await runs.LatestOccurrenceAsync(name, stoppingToken) is not { } last)
        {
            return;
        }

        var now = clock.GetUtcNow();
        DateTimeOffset? missed = null;
        var cursor = last;
        for (var i = 0; i < MaxCatchUpSteps; i++)
        {
            var next = schedule.Next(cursor, zone);
            if (next > now)
            {
                break;
            }

            missed = next;
            cursor = next;
        }

        if (missed is { } occurrence && await runs.TryClaimAsync(name, occurrence, hostId, pastDue: true, stoppingToken))
        {
            Log.PastDue(logger, name, occurrence);
            await RunOnceAsync(handler, new TimerOccurrence(name, occurrence, IsPastDue: true, hostId), stoppingToken);
        }
    }

    private async Task RunOnceAsync(ITimerHandler handler, TimerOccurrence occurrence, CancellationToken stoppingToken)
    {
        string? error = null;
        try
        {
            await handler.RunAsync(occurrence, stoppingToken);
            Log.Ran(logger, occurrence.Schedule, occurrence.ScheduledUtc);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            // A failing function must not stop its schedule; the error is kept with the run for the operator.
            error = $"{ex.GetType().Name}: {ex.Message}";
            Log.Failed(logger, ex, occurrence.Schedule, occurrence.ScheduledUtc);
        }

        await runs.CompleteAsync(occurrence.Schedule, occurrence.ScheduledUtc, error, stoppingToken);
    }
}
