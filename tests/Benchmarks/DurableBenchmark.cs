using System.CommandLine;
using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using AiScheduler.Durable;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using AiScheduler.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace AiScheduler.Benchmarks;

/// <summary>
/// The durable runtime's throughput and latency: (a) N orchestrations of 5 sequential activities, (b) one
/// orchestration fanning out 1,000 activities, and the physical baseline of raw single-row insert+commit
/// transactions on the same database.
/// </summary>
internal static class DurableBenchmark
{
    public const int SequentialSteps = 5;
    public const int FanOutWidth = 1000;
    public const int LightLoadOrchestrations = 40;

    public static Command CreateCommand()
    {
        var backend = new Option<string>("--backend") { Description = "sqlite or postgres", DefaultValueFactory = _ => "sqlite" };
        backend.AcceptOnlyFromAmong("sqlite", "postgres");
        var instances = new Option<int>("--instances") { Description = "orchestrations in the sequential run", DefaultValueFactory = _ => 1000 };
        var json = new Option<bool>("--json") { Description = "print one JSON object instead of text" };
        var command = new Command("durable", "Durable runtime: sequential orchestrations, a 1,000-activity fan-out, raw commit baseline.")
        {
            backend, instances, json,
        };
        command.SetAction((result, cancellationToken) =>
            RunAsync(result.GetValue(backend)!, result.GetValue(instances), result.GetValue(json), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string backend, int instances, bool json, CancellationToken cancellationToken)
    {
        if (instances < 1)
        {
            await Console.Error.WriteLineAsync("--instances must be at least 1");
            return 2;
        }

        PostgresServer? server = null;
        string connectionString;
        var file = Path.Combine(Path.GetTempPath(), "aischeduler-bench-" + Guid.NewGuid().ToString("N")[..8] + ".db");
        if (backend == "postgres")
        {
            server = await PostgresServer.StartAsync(cancellationToken);
            connectionString = await server.CreateDatabaseAsync("bench", cancellationToken);
        }
        else
        {
            SQLitePCL.Batteries_V2.Init();
            connectionString = "Data Source=" + file;
        }

        try
        {
            var raw = await MeasureRawCommitsAsync(backend, connectionString, TimeSpan.FromSeconds(3), cancellationToken);
            var (sequential, fanOut, light) = await MeasureRuntimeAsync(backend, connectionString, instances, cancellationToken);
            var report = new DurableReport(backend, Environment.ProcessorCount, instances,
                OrchestrationsPerSecond: Math.Round(instances / sequential.Elapsed.TotalSeconds, 1),
                ActivitiesPerSecond: Math.Round(instances * SequentialSteps / sequential.Elapsed.TotalSeconds, 1),
                P50ActivityMs: Math.Round(Percentile(light, 0.50), 2),
                P99ActivityMs: Math.Round(Percentile(light, 0.99), 2),
                LoadedP50ActivityMs: Math.Round(Percentile(sequential.Latencies, 0.50), 2),
                LoadedP99ActivityMs: Math.Round(Percentile(sequential.Latencies, 0.99), 2),
                FanOutActivities: FanOutWidth,
                FanOutSeconds: Math.Round(fanOut.Elapsed.TotalSeconds, 3),
                FanOutActivitiesPerSecond: Math.Round(FanOutWidth / fanOut.Elapsed.TotalSeconds, 1),
                RawCommitsPerSecond: Math.Round(raw, 1),
                ActivitiesPerRawCommit: Math.Round(instances * SequentialSteps / sequential.Elapsed.TotalSeconds / raw, 3));
            Console.WriteLine(json ? JsonSerializer.Serialize(report, JsonSerializerOptions.Web) : report.ToText());
            return 0;
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            SqliteConnection.ClearAllPools();
            if (server is not null)
            {
                await server.DisposeAsync();
            }

            foreach (var path in new[] { file, file + "-wal", file + "-shm" })
            {
                File.Delete(path);
            }
        }
    }

    private static async Task<(Phase Sequential, Phase FanOut, double[] LightLoad)> MeasureRuntimeAsync(string backend, string connectionString, int instances,
        CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders().AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddDurable(durable =>
        {
            _ = backend == "postgres" ? durable.UsePostgres(connectionString) : durable.UseSqlite(connectionString);
            durable.AddTasks(tasks => tasks.AddOrchestrator<FiveSteps>().AddOrchestrator<FanOutThousand>().AddActivity<Echo>())
                .Configure(o =>
                {
                    o.MinPollingInterval = TimeSpan.FromMilliseconds(10);
                    if (Environment.GetEnvironmentVariable("BENCH_MAX_ORCHESTRATIONS") is { } orchestrations)
                    {
                        o.MaxConcurrentOrchestrations = int.Parse(orchestrations, CultureInfo.InvariantCulture);
                    }

                    if (Environment.GetEnvironmentVariable("BENCH_MAX_POLL_MS") is { } maxPoll)
                    {
                        o.MaxPollingInterval = TimeSpan.FromMilliseconds(int.Parse(maxPoll, CultureInfo.InvariantCulture));
                    }
                });
        });
        using var host = builder.Build();
        await host.StartAsync(cancellationToken);
        var client = host.Services.GetRequiredService<DurableTaskClient>();

        // Warm-up: JIT, connection pool, prepared statements.
        await RunSequentialAsync(client, backend, connectionString, "warmup", 20, cancellationToken);
        RoundTrips.Clear();

        // Lightly loaded: one orchestration at a time, so a round trip measures the runtime, not a queue.
        for (var i = 0; i < LightLoadOrchestrations; i++)
        {
            await RunSequentialAsync(client, backend, connectionString, "light" + i.ToString(CultureInfo.InvariantCulture), 1, cancellationToken);
        }

        var light = RoundTrips.ToArray();
        RoundTrips.Clear();
        var sequential = await RunSequentialAsync(client, backend, connectionString, "seq", instances, cancellationToken);
        var started = Stopwatch.GetTimestamp();
        var id = await client.ScheduleNewOrchestrationInstanceAsync(nameof(FanOutThousand), FanOutWidth, cancellation: cancellationToken);
        var state = await client.WaitForInstanceCompletionAsync(id, true, cancellationToken);
        var fanOut = new Phase(Stopwatch.GetElapsedTime(started), []);
        if (state.RuntimeStatus != OrchestrationRuntimeStatus.Completed || state.ReadOutputAs<int>() != FanOutWidth)
        {
            throw new InvalidOperationException($"The fan-out ended {state.RuntimeStatus}: {state.FailureDetails}");
        }

        await host.StopAsync(cancellationToken);
        return (sequential, fanOut, light);
    }

    private static async Task<Phase> RunSequentialAsync(DurableTaskClient client, string backend, string connectionString, string prefix,
        int count, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken },
            async (i, ct) => await client.ScheduleNewOrchestrationInstanceAsync(nameof(FiveSteps), SequentialSteps,
                new StartOrchestrationOptions(string.Create(CultureInfo.InvariantCulture, $"{prefix}-{i}")), ct));

        await using var connection = Open(backend, connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM dt_instances WHERE status = 'Completed' AND substr(instance_id, 1, @n) = @prefix";
        AddParameter(command, "n", prefix.Length + 1);
        AddParameter(command, "prefix", prefix + "-");
        while (Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) < count)
        {
            await Task.Delay(5, cancellationToken);
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        await foreach (var failed in client.GetAllInstancesAsync(new OrchestrationQuery { Statuses = [OrchestrationRuntimeStatus.Failed], PageSize = 1 })
            .WithCancellation(cancellationToken))
        {
            throw new InvalidOperationException($"Instance {failed.InstanceId} failed: {failed.FailureDetails}");
        }

        return new Phase(elapsed, [.. RoundTrips]);
    }

    /// <summary>Single-row INSERT + COMMIT, one after the other on one connection, with the runtime's durability settings.</summary>
    private static async Task<double> MeasureRawCommitsAsync(string backend, string connectionString, TimeSpan duration,
        CancellationToken cancellationToken)
    {
        await using var connection = Open(backend, connectionString);
        await connection.OpenAsync(cancellationToken);
        await using (var setup = connection.CreateCommand())
        {
            setup.CommandText = backend == "postgres"
                ? "CREATE TABLE raw_commits (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, payload text NOT NULL)"
                : "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; CREATE TABLE raw_commits (id INTEGER PRIMARY KEY AUTOINCREMENT, payload text NOT NULL)";
            await setup.ExecuteNonQueryAsync(cancellationToken);
        }

        var commits = 0;
        var started = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(started) < duration)
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO raw_commits (payload) VALUES (@p)";
            AddParameter(insert, "p", "{\"value\":42}");
            await insert.ExecuteNonQueryAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            commits++;
        }

        return commits / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    private static DbConnection Open(string backend, string connectionString) =>
        backend == "postgres" ? new NpgsqlConnection(connectionString) : new SqliteConnection(connectionString);

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    private static double Percentile(IReadOnlyList<double> values, double percentile)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(percentile * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    /// <summary>Activity round trips (ms) seen by the orchestrations of the current run.</summary>
    internal static System.Collections.Concurrent.ConcurrentBag<double> RoundTrips { get; } = [];

    private sealed record Phase(TimeSpan Elapsed, IReadOnlyList<double> Latencies);
}

internal sealed record DurableReport(string Backend, int Cores, int Instances, double OrchestrationsPerSecond, double ActivitiesPerSecond,
    double P50ActivityMs, double P99ActivityMs, double LoadedP50ActivityMs, double LoadedP99ActivityMs, int FanOutActivities, double FanOutSeconds, double FanOutActivitiesPerSecond,
    double RawCommitsPerSecond, double ActivitiesPerRawCommit)
{
    public string ToText() => string.Create(CultureInfo.InvariantCulture, $"""
        durable runtime on {Backend} ({Cores} cores)
          lightly loaded: {DurableBenchmark.LightLoadOrchestrations} orchestrations x {DurableBenchmark.SequentialSteps} activities, one at a time
            round-trip p50 / p99 ms   {P50ActivityMs,10:F2} / {P99ActivityMs:F2}
          sequential: {Instances} orchestrations x {DurableBenchmark.SequentialSteps} activities, all scheduled at once
            orchestrations/s          {OrchestrationsPerSecond,10:F1}
            activity round-trips/s    {ActivitiesPerSecond,10:F1}
            round-trip p50 / p99 ms   {LoadedP50ActivityMs,10:F2} / {LoadedP99ActivityMs:F2}  (includes queueing behind {Instances} instances)
          fan-out: 1 orchestration x {FanOutActivities} activities
            seconds                   {FanOutSeconds,10:F3}
            activity round-trips/s    {FanOutActivitiesPerSecond,10:F1}
          baseline: raw single-row insert+commit
            transactions/s            {RawCommitsPerSecond,10:F1}
            activities per raw commit {ActivitiesPerRawCommit,10:F3}
        """);
}

/// <summary>Five sequential activities; measures each round trip (scheduling to resuming with the result) when not replaying.</summary>
internal sealed class FiveSteps : TaskOrchestrator<int, int>
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string, int), long> Scheduled = new();

    public override async Task<int> RunAsync(TaskOrchestrationContext context, int steps)
    {
        var sum = 0;
        for (var step = 0; step < steps; step++)
        {
            // Measurement only: the timestamps never influence what the orchestration schedules. The start is kept
            // outside the orchestration because the step that sees the result replays the scheduling step.
            var key = (context.InstanceId, step);
            if (!context.IsReplaying)
            {
                Scheduled[key] = Stopwatch.GetTimestamp();
            }

            sum += await context.CallActivityAsync<int>(nameof(Echo), step);
            if (!context.IsReplaying && Scheduled.TryRemove(key, out var scheduled))
            {
                DurableBenchmark.RoundTrips.Add(Stopwatch.GetElapsedTime(scheduled).TotalMilliseconds);
            }
        }

        return sum;
    }
}

internal sealed class FanOutThousand : TaskOrchestrator<int, int>
{
    public override async Task<int> RunAsync(TaskOrchestrationContext context, int width) =>
        (await Task.WhenAll(Enumerable.Range(0, width).Select(i => context.CallActivityAsync<int>(nameof(Echo), 1)))).Sum();
}

internal sealed class Echo : TaskActivity<int, int>
{
    public override Task<int> RunAsync(TaskActivityContext context, int input) => Task.FromResult(input);
}
