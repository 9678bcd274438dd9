using System.Collections.Concurrent;
using AiScheduler.Functions.Hosting;
using AiScheduler.Functions.Hosting.Timers;
using AiScheduler.Functions.Store;
using AiScheduler.Functions.Tests.Infrastructure;
using AiScheduler.Testing;
using Dapper;
using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.Tests.Timers;

public sealed class SqliteTimerTriggerTests(PostgresFixture postgres) : TimerTriggerTests(StoreProvider.Sqlite, postgres);

public sealed class PostgresTimerTriggerTests(PostgresFixture postgres) : TimerTriggerTests(StoreProvider.Postgres, postgres);

/// <summary>Timer triggers on the real host over each store: one run per occurrence across processes.</summary>
public abstract class TimerTriggerTests(StoreProvider provider, PostgresFixture postgres)
{
    private const string Every = "Tick";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Two_hosts_on_one_database_run_each_occurrence_exactly_once()
    {
        var database = await TestDatabase.SettingsAsync(provider, postgres, Ct);
        var runs = new RunLog();
        var clock = TestClocks.StartingAt(TestClocks.Default);
        await using var first = await StartHostAsync(database, runs, clock, "host-a", "* * * * * *");
        await using var second = await StartHostAsync(database, runs, clock, "host-b", "* * * * * *");

        await runs.WaitForAsync(log => log.Count(r => r.HostId is "host-a" or "host-b") >= 5);
        await first.StopAsync(Ct);
        await second.StopAsync(Ct);

        var ran = runs.Snapshot();
        Assert.Equal(ran.Count, ran.Select(r => r.ScheduledUtc).Distinct().Count());
        Assert.All(ran, r => Assert.Equal(0, r.ScheduledUtc.Millisecond));
        var recorded = await first.Services.GetRequiredService<TimerRunStore>().ListAsync(Every, Ct);
        // Every run has its claim, by the host that ran it; the last claim may still be running when the hosts stopped.
        foreach (var run in ran)
        {
            var claim = Assert.Single(recorded, r => r.OccurrenceAt == run.ScheduledUtc);
            Assert.Equal(run.HostId, claim.HostId);
            Assert.False(claim.PastDue);
        }

        Assert.InRange(recorded.Count, ran.Count, ran.Count + 2);
    }

    [Fact]
    public async Task An_occurrence_missed_while_no_host_ran_is_run_once_late_as_past_due()
    {
        var database = await TestDatabase.SettingsAsync(provider, postgres, Ct);
        var hourly = "0 0 * * * *";
        var runs = new RunLog();
        // Twenty minutes past the hour on the hosts' clock, whatever the real hour: the last occurrence is 08:00 and the
        // next (09:00) is forty minutes away, far more than the test runs even on a loaded machine.
        var lastHour = TestClocks.MondayMorning;
        var clock = TestClocks.StartingAt(lastHour.AddMinutes(20));
        await using (var setup = await StartHostAsync(database, runs, clock, "setup", hourly, enabled: false))
        {
            // The schedule last ran three hours ago; the occurrences since then were missed.
            Assert.True(await setup.Services.GetRequiredService<TimerRunStore>().TryClaimAsync(Every, lastHour.AddHours(-3), "old-host", false, Ct));
        }

        await using var first = await StartHostAsync(database, runs, clock, "host-a", hourly);
        await using var second = await StartHostAsync(database, runs, clock, "host-b", hourly);
        await runs.WaitForAsync(log => log.Count >= 1);
        // Give the other host time to try the same claim.
        await WaitForCompletedClaimsAsync(first, 2);

        var run = Assert.Single(runs.Snapshot());
        Assert.True(run.IsPastDue);
        Assert.Equal(lastHour, run.ScheduledUtc);
        var claims = await first.Services.GetRequiredService<TimerRunStore>().ListAsync(Every, Ct);
        Assert.Equal([lastHour.AddHours(-3), lastHour], claims.Select(c => c.OccurrenceAt));
        Assert.True(claims[1].PastDue);
    }

    [Fact]
    public async Task A_failing_run_is_recorded_with_its_error_and_the_schedule_keeps_firing()
    {
        var database = await TestDatabase.SettingsAsync(provider, postgres, Ct);
        var runs = new RunLog { FailFirst = true };
        await using var host = await StartHostAsync(database, runs, TestClocks.StartingAt(TestClocks.Default), "host-a", "* * * * * *");

        await runs.WaitForAsync(log => log.Count >= 3);
        await host.StopAsync(Ct);

        var claims = await host.Services.GetRequiredService<TimerRunStore>().ListAsync(Every, Ct);
        var failed = claims.Single(c => c.OccurrenceAt == runs.Snapshot()[0].ScheduledUtc);
        Assert.Equal("InvalidOperationException: the first run fails on purpose", failed.Error);
        Assert.NotNull(failed.CompletedAt);
        Assert.Contains(claims, c => c.CompletedAt is not null && c.Error is null);
    }

    [Fact]
    public async Task A_schedule_that_does_not_parse_stops_the_host_from_starting_with_the_schedule_named()
    {
        var database = await TestDatabase.SettingsAsync(provider, postgres, Ct);
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => StartHostAsync(database, new RunLog(), TestClocks.StartingAt(TestClocks.Default), "host-a", "0 */5 * * MONDAY"));
        Assert.Contains("schedules:Tick", error.Message, StringComparison.Ordinal);
        Assert.Contains("day-of-week field 'MONDAY'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_campaign_scheduler_schedule_ships_in_host_json()
    {
        var database = await TestDatabase.SettingsAsync(provider, postgres, Ct);
        await using var host = await StartHostAsync(database, new RunLog(), TestClocks.StartingAt(TestClocks.Default), "host-a", "0 0 0 1 1 *");
        var options = host.Services.GetRequiredService<IOptions<TimerOptions>>().Value;
        Assert.Equal("0 * * * * *", options.Schedules["CampaignScheduler"]);
    }

    private static async Task WaitForCompletedClaimsAsync(WebApplication host, int count)
    {
        var store = host.Services.GetRequiredService<DataStore>();
        for (var i = 0; i < 200; i++)
        {
            await using var connection = await store.OpenConnectionAsync(Ct);
            var done = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "SELECT COUNT(*) FROM timer_runs WHERE completed_at IS NOT NULL OR host_id = 'old-host'", cancellationToken: Ct));
            if (done >= count)
            {
                // Both hosts looked for the missed occurrence before their first wait; one more beat lets the loser finish.
                await Task.Delay(300, Ct);
                return;
            }

            await Task.Delay(50, Ct);
        }

        Assert.Fail("the past-due run never completed");
    }

    /// <summary>A host on <paramref name="clock"/>: the hosts of one test share it, as processes share the real time.</summary>
    private static async Task<WebApplication> StartHostAsync(Dictionary<string, string?> database, RunLog runs, TimeProvider clock, string hostId, string cron,
        bool enabled = true)
    {
        var settings = new Dictionary<string, string?>(database, StringComparer.Ordinal)
        {
            [$"schedules:{Every}"] = cron,
            ["Timers:HostId"] = hostId,
            ["Timers:Enabled"] = enabled ? "true" : "false",
            ["Email:Outbox:Directory"] = Path.Combine(Path.GetTempPath(), "aischeduler-timer-tests", "outbox"),
        };
        var app = AppHost.Build([], builder =>
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Configuration.AddInMemoryCollection(settings);
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.Services.AddSingleton(runs);
            builder.Services.AddSingleton(clock);
            builder.Services.AddTimerHandler<RecordingTimer>();
        });
        try
        {
            await app.StartAsync(Ct);
            return app;
        }
        catch (Exception)
        {
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>What every host's timer function saw, shared by the hosts of one test.</summary>
    internal sealed class RunLog
    {
        private readonly ConcurrentQueue<TimerOccurrence> _runs = new();
        private int _failed;

        public bool FailFirst { get; init; }

        public List<TimerOccurrence> Snapshot() => [.. _runs];

        public void Add(TimerOccurrence occurrence)
        {
            _runs.Enqueue(occurrence);
            if (FailFirst && Interlocked.Exchange(ref _failed, 1) == 0)
            {
                throw new InvalidOperationException("the first run fails on purpose");
            }
        }

        public async Task WaitForAsync(Func<List<TimerOccurrence>, bool> condition)
        {
            // Polls the shared log; generous so a loaded machine does not fail the test, but it returns as soon as it can.
            for (var i = 0; i < 600; i++)
            {
                if (condition(Snapshot()))
                {
                    return;
                }

                await Task.Delay(50, Ct);
            }

            Assert.Fail($"timer runs did not reach the expected state; saw {Snapshot().Count} runs");
        }
    }

    internal sealed class RecordingTimer(RunLog runs) : ITimerHandler
    {
        public string Name => Every;

        public Task RunAsync(TimerOccurrence occurrence, CancellationToken cancellationToken)
        {
            runs.Add(occurrence);
            return Task.CompletedTask;
        }
    }
}
