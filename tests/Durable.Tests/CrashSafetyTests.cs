using System.Diagnostics;
using AiScheduler.Durable.Worker;
using AiScheduler.Testing;

namespace AiScheduler.Durable.Tests;

public class CrashSafetyTests(PostgresFixture postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, InlineData("sqlite"), InlineData("postgres")]
    public async Task A_host_killed_twice_mid_work_loses_no_checkpoint_and_each_idempotent_effect_happens_once(string backend)
    {
        const int Instances = 120;
        const int Steps = 5;
        var database = await TestDatabase.CreateAsync(backend, postgres);
        await using var client = await DurableTestHost.StartAsync(database, configure: o => o.WorkerEnabled = false);
        var ids = new List<string>();
        for (var i = 0; i < Instances; i++)
        {
            ids.Add(await client.Client.ScheduleNewOrchestrationInstanceAsync(nameof(Pipeline), new PipelineInput(Steps),
                new StartOrchestrationOptions($"crash-{i:D3}"), Ct));
        }

        // All work is queued before the first host starts, so the kills land while it is busy.
        var worker = await WorkerProcess.StartAsync(database, "first");

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var killedAt = new List<long>();
        foreach (var (threshold, next) in new[] { (Instances * Steps / 4, "second"), (Instances * Steps * 2 / 3, "third") })
        {
            var current = worker;
            await WaitUntilAsync(async () => await database.Effects.CountAsync("SELECT count(*) FROM effects") >= threshold, () => current.Output);
            await worker.KillAsync();
            killedAt.Add(await database.Effects.CountAsync("SELECT count(*) FROM effects"));
            await worker.DisposeAsync();
            worker = await WorkerProcess.StartAsync(database, next);
            TestContext.Current.TestOutputHelper?.WriteLine($"{clock.Elapsed}: killed with {killedAt[^1]} effects; {next} worker ready");
        }

        await using (worker)
        {
            foreach (var id in ids)
            {
                var state = await client.WaitAsync(id);
                Assert.Equal(OrchestrationRuntimeStatus.Completed, state.RuntimeStatus);
                Assert.Equal(Enumerable.Range(1, Steps).Sum(), state.ReadOutputAs<int>());
            }

            TestContext.Current.TestOutputHelper?.WriteLine($"{clock.Elapsed}: all {Instances} instances completed");
        }

        // Both kills happened with work outstanding.
        Assert.All(killedAt, effects => Assert.InRange(effects, 1, Instances * Steps - 1));
        Assert.Equal(Instances * Steps, await database.Effects.CountAsync("SELECT count(*) FROM effects"));
        Assert.Equal(Instances * Steps, await database.Effects.CountAsync("SELECT count(DISTINCT instance_id || '/' || step) FROM attempts"));
        foreach (var id in ids)
        {
            var history = await client.Client.GetHistoryAsync(id, Ct);
            Assert.Equal(Enumerable.Range(0, Steps), history.Where(e => e.Type == HistoryEventType.TaskScheduled).Select(e => e.TaskId));
            Assert.Equal(Enumerable.Range(0, Steps), history.Where(e => e.Type == HistoryEventType.TaskCompleted).Select(e => e.TaskId));
            Assert.Single(history, e => e.Type == HistoryEventType.ExecutionCompleted);
            Assert.Equal(history.Count, await database.CountAsync(
                "SELECT max(sequence) + 1 FROM dt_history WHERE instance_id = @id", ("id", id)));
        }

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{backend}: killed at {string.Join(", ", killedAt)} effects; {await database.Effects.CountAsync("SELECT count(*) FROM attempts")} activity attempts for {Instances * Steps} effects");
    }

    [Fact]
    public async Task Two_host_processes_share_five_hundred_instances_without_writing_a_history_sequence_twice()
    {
        const int Instances = 500;
        const int Steps = 3;
        var database = await TestDatabase.CreateAsync("postgres", postgres);
        await using var client = await DurableTestHost.StartAsync(database, configure: o => o.WorkerEnabled = false);
        await using var first = await WorkerProcess.StartAsync(database, "first", 5000);
        await using var second = await WorkerProcess.StartAsync(database, "second", 5000);

        var ids = new List<string>();
        for (var i = 0; i < Instances; i++)
        {
            ids.Add(await client.Client.ScheduleNewOrchestrationInstanceAsync(nameof(Pipeline), new PipelineInput(Steps),
                new StartOrchestrationOptions($"shared-{i:D3}"), Ct));
        }

        foreach (var id in ids)
        {
            Assert.Equal(Enumerable.Range(1, Steps).Sum(), (await client.WaitAsync(id)).ReadOutputAs<int>());
        }

        var byFirst = await database.Effects.CountAsync("SELECT count(*) FROM attempts WHERE worker = 'first'");
        var bySecond = await database.Effects.CountAsync("SELECT count(*) FROM attempts WHERE worker = 'second'");
        Assert.True(byFirst > 0 && bySecond > 0, $"both processes must run activities (first {byFirst}, second {bySecond})");
        Assert.Equal(Instances * Steps, await database.Effects.CountAsync("SELECT count(*) FROM effects"));
        var rows = await database.CountAsync("SELECT count(*) FROM dt_history");
        Assert.Equal(rows, await database.CountAsync("SELECT count(DISTINCT (instance_id, execution_id, sequence)) FROM dt_history"));
        // Sequences are gap-free per instance: every checkpoint appended exactly once.
        Assert.Equal(0, await database.CountAsync(
            "SELECT count(*) FROM (SELECT instance_id FROM dt_history GROUP BY instance_id HAVING max(sequence) + 1 <> count(*)) gaps"));
        Assert.Equal(Instances, await database.CountAsync("SELECT count(*) FROM dt_history WHERE event_type = 'ExecutionCompleted'"));
        TestContext.Current.TestOutputHelper?.WriteLine($"activities run by first: {byFirst}, by second: {bySecond}");
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, Func<string> diagnostics)
    {
        var waited = Stopwatch.StartNew();
        while (!await condition())
        {
            if (waited.Elapsed > TimeSpan.FromSeconds(60))
            {
                Assert.Fail("The worker made no progress within 60 s. Its output:\n" + diagnostics());
            }

            await Task.Delay(2, Ct);
        }
    }
}
