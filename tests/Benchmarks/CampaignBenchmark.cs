using System.Collections.Concurrent;
using System.CommandLine;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AiScheduler.Emulators;
using AiScheduler.Functions.Calls;
using AiScheduler.Functions.Hosting;
using AiScheduler.Functions.Leads.Imports;
using AiScheduler.Functions.Security;
using AiScheduler.Functions.Store;
using AiScheduler.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace AiScheduler.Benchmarks;

/// <summary>
/// A campaign of N leads (default 10,000) over the Communication Services emulator at time scale, as the self-host runs
/// it (the whole app: durable engine, campaign and call-attempt orchestrations, signed callbacks, the rule-based agent):
/// the leads are uploaded as a CSV, one campaign with concurrency 200 calls them all once. Figures: calls per second,
/// minutes to finish, the app's turn latency (callback in to command out) p50/p99 from its own histogram, the most
/// calls the emulator had up at once, and the machine's load average.
/// </summary>
internal static class CampaignBenchmark
{
    public static Command CreateCommand()
    {
        var backend = new Option<string>("--backend") { Description = "sqlite, postgres or both (side by side in one run)", DefaultValueFactory = _ => "both" };
        backend.AcceptOnlyFromAmong("sqlite", "postgres", "both");
        var leads = new Option<int>("--leads") { Description = "leads in the campaign", DefaultValueFactory = _ => 10_000 };
        var concurrency = new Option<int>("--concurrency") { Description = "the campaign's concurrency cap", DefaultValueFactory = _ => 200 };
        var timeScale = new Option<double>("--time-scale") { Description = "the emulator's time scale (1 = real time)", DefaultValueFactory = _ => 0.02 };
        var limit = new Option<int>("--timeout-minutes") { Description = "give up after this long", DefaultValueFactory = _ => 30 };
        var command = new Command("campaign", "A campaign of N leads over the emulator: calls/s, minutes, turn latency p50/p99, peak calls in flight.")
        {
            backend, leads, concurrency, timeScale, limit,
        };
        command.SetAction((result, cancellationToken) => RunAsync(result.GetValue(backend)!, result.GetValue(leads), result.GetValue(concurrency),
            result.GetValue(timeScale), TimeSpan.FromMinutes(result.GetValue(limit)), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string backend, int leads, int concurrency, double timeScale, TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        if (leads < 1 || concurrency < 1)
        {
            await Console.Error.WriteLineAsync("--leads and --concurrency must be at least 1");
            return 2;
        }

        var root = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "aischeduler-campaign-bench-" + Guid.NewGuid().ToString("N")[..8])).FullName;
        var runs = new List<CampaignRun>();
        PostgresServer? server = null;
        try
        {
            foreach (var name in backend == "both" ? new[] { "sqlite", "postgres" } : [backend])
            {
                string connectionString;
                if (name == "postgres")
                {
                    server ??= await PostgresServer.StartAsync(cancellationToken);
                    connectionString = await server.CreateDatabaseAsync("campaign", cancellationToken);
                }
                else
                {
                    connectionString = "Data Source=" + Path.Combine(root, name, "store.db");
                }

                runs.Add(await RunOnceAsync(name, connectionString, Path.Combine(root, name), leads, concurrency, timeScale, timeout, cancellationToken));
            }
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            SqliteConnection.ClearAllPools();
            if (server is not null)
            {
                await server.DisposeAsync();
            }

            Directory.Delete(root, recursive: true);
        }

        foreach (var run in runs)
        {
            Console.WriteLine(run.ToText());
        }

        Console.WriteLine(JsonSerializer.Serialize(new CampaignReport(leads, concurrency, timeScale, Environment.ProcessorCount,
            ImportBenchmark.LoadAverage(), runs), JsonSerializerOptions.Web));
        return runs.All(run => run.Finished) ? 0 : 1;
    }

    private static async Task<CampaignRun> RunOnceAsync(string backend, string connectionString, string directory, int leads, int concurrency,
        double timeScale, TimeSpan timeout, CancellationToken cancellationToken)
    {
        await using var emulator = await EmulatorHost.StartAsync(new EmulatorOptions
        {
            AccessKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            TimeScale = timeScale,
            RenderSpeech = false,
        }, cancellationToken, builder => Quiet(builder.Logging));
        var port = LoopbackPort();
        var settings = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["urls"] = $"http://127.0.0.1:{port}",
            ["Store:Provider"] = backend,
            ["Store:ConnectionString"] = connectionString,
            ["Telephony:Provider"] = "acs",
            ["Telephony:Acs:ConnectionString"] = emulator.ConnectionString,
            ["Telephony:Acs:CallerId"] = "+14255550100",
            ["Telephony:CallbackSecret"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Telephony:CallbackBaseUri"] = $"http://127.0.0.1:{port}/",
            // The benchmark polls and bursts far past one production caller's share.
            ["RateLimits:PermitsPerMinute"] = "1000000",
            ["Llm:Provider"] = "rules",
            ["Storage:Provider"] = "local",
            ["Storage:Blobs:Directory"] = Path.Combine(directory, "blobs"),
            ["Email:Provider"] = "outbox",
            ["Email:Outbox:Directory"] = Path.Combine(directory, "outbox"),
            ["Booking:TimeZone"] = "Etc/UTC",
            ["Booking:Days"] = "Sunday,Monday,Tuesday,Wednesday,Thursday,Friday,Saturday",
            ["Booking:Opens"] = "00:00",
            ["Booking:Closes"] = "23:59",
            ["Campaigns:CallEndedTimeout"] = "00:02:00",
            // Generated leads carry no consent and are called at any hour: the calling rules have their own tests.
            ["CallingRules:Enabled"] = "false",
            ["Campaigns:MinimumWait"] = "00:00:00.200",
            ["Durable:MaxPollingInterval"] = "00:00:00.200",
            ["extensions:queues:maxPollingInterval"] = "00:00:00.200",
            ["Imports:UploadWaitSeconds"] = "300",
            // Per-request logs of thousands of calls would cost more than the calls; only warnings go to stderr.
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:AiScheduler"] = "Warning",
            ["Logging:LogLevel:System.Net.Http"] = "Warning",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        };
        var turns = new ConcurrentQueue<double>();
        var profile = new DurableProfile();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == CallMetrics.MeterName
                && (instrument.Name == CallMetrics.TurnLatencyName || instrument.Name.StartsWith("aischeduler.durable.", StringComparison.Ordinal)))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((instrument, seconds, tags, _) =>
        {
            if (instrument.Name == CallMetrics.TurnLatencyName)
            {
                turns.Enqueue(seconds * 1000);
            }
            else
            {
                profile.Record(instrument.Name, tags, seconds * 1000);
            }
        });
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => profile.Record(instrument.Name, tags, value));
        listener.Start();

        await using var app = AppHost.Build([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(settings);
            Quiet(builder.Logging);
        });
        await app.StartAsync(cancellationToken);
        try
        {
            // An integration's API key with every scope (the benchmark measures calls, not sign-in).
            var key = await app.Services.GetRequiredService<ApiKeyStore>().CreateAsync(Workspaces.DefaultId, "benchmark", Scopes.All, null, cancellationToken);
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromMinutes(6) };
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key.Key);
            using (var upload = await client.PostAsync("/api/leads/upload", new StringContent(Csv(leads), Encoding.UTF8, "text/csv"), cancellationToken))
            {
                upload.EnsureSuccessStatusCode();
            }

            using var created = await client.PostAsJsonAsync("/api/campaigns", new
            {
                name = "Benchmark",
                callingWindow = "Mon-Sun 00:00-23:59",
                concurrency,
                retry = new { maxAttempts = 1 },
            }, cancellationToken);
            created.EnsureSuccessStatusCode();
            var campaignId = (await created.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("id").GetGuid();
            turns.Clear();
            profile.Clear();
            using var runtime = new RuntimeProbe();
            var loadBefore = ImportBenchmark.LoadAverage();
            var stopwatch = Stopwatch.StartNew();
            (await client.PostAsync($"/api/campaigns/{campaignId}/start", null, cancellationToken)).EnsureSuccessStatusCode();
            var completed = false;
            while (stopwatch.Elapsed < timeout)
            {
                await Task.Delay(1000, cancellationToken);
                var status = await client.GetFromJsonAsync<JsonElement>($"/api/campaigns/{campaignId}/status", cancellationToken);
                if (status.GetProperty("orchestration").GetString() == "Completed")
                {
                    completed = true;
                    break;
                }
            }

            var elapsed = stopwatch.Elapsed;
            var runtimeFigures = runtime.Stop();
            // Counted after the orchestration was seen completed: every attempt it waited for has recorded its outcome.
            // A lead is accounted for when settled, or waiting for the callback its call ended with (the agent promises
            // one when the calendar has no free time left to offer: 200 calls at once hold offers on one calendar).
            var final = (await client.GetFromJsonAsync<JsonElement>($"/api/campaigns/{campaignId}/status", cancellationToken)).GetProperty("progress");
            var settled = final.GetProperty("settled").GetInt32();
            var waiting = final.GetProperty("waiting").GetInt32();
            var outcomes = string.Join(", ", final.GetProperty("byOutcome").EnumerateObject().Select(o => $"{o.Name} {o.Value.GetInt32()}"));
            Console.WriteLine($"campaign {backend} state when the orchestration completed:");
            Console.WriteLine(await StateBreakdownAsync(app.Services.GetRequiredService<DataStore>(), campaignId, cancellationToken));
            Console.WriteLine($"campaign {backend} profile over {emulator.Counters.CallsCreated} calls:");
            Console.WriteLine(profile.ToText(emulator.Counters.CallsCreated));
            Console.WriteLine(runtimeFigures.ToText());
            var sorted = turns.ToArray();
            Array.Sort(sorted);
            var calls = emulator.Counters.CallsCreated;
            return new CampaignRun(backend, completed && settled + waiting == leads, settled, waiting, leads - settled - waiting, outcomes, calls,
                Math.Round(elapsed.TotalMinutes, 2),
                Math.Round(calls / elapsed.TotalSeconds, 1), sorted.Length, Percentile(sorted, 0.50), Percentile(sorted, 0.99),
                emulator.Counters.MaxConcurrentActiveCalls, loadBefore, ImportBenchmark.LoadAverage());
        }
        finally
        {
            await app.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>The campaign's leads by state and settlement, the leads by status, its attempts and their calls by phase.</summary>
    private static async Task<string> StateBreakdownAsync(DataStore store, Guid campaignId, CancellationToken cancellationToken)
    {
        var id = store.Provider == StoreProvider.Postgres ? (object)campaignId : campaignId.ToString("D");
        var lines = new StringBuilder();
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        foreach (var (title, sql) in new[]
        {
            ("campaign_leads (state, settlement)", "SELECT state || ' ' || COALESCE(settlement, '-'), COUNT(*) FROM campaign_leads WHERE campaign_id = @id GROUP BY state, settlement"),
            ("leads (status)", "SELECT l.status, COUNT(*) FROM leads l JOIN campaign_leads cl ON cl.lead_id = l.id WHERE cl.campaign_id = @id GROUP BY l.status"),
            ("call_attempts (state, outcome)", "SELECT state || ' ' || COALESCE(outcome, '-'), COUNT(*) FROM call_attempts WHERE campaign_id = @id GROUP BY state, outcome"),
            ("slot holds left", "SELECT kind, COUNT(*) FROM slot_holds GROUP BY kind"),
            ("call_sessions (phase, outcome)",
                "SELECT s.phase || ' ' || COALESCE(s.outcome, '-'), COUNT(*) FROM call_sessions s JOIN call_attempts a ON a.call_id = s.call_id WHERE a.campaign_id = @id GROUP BY s.phase, s.outcome"),
        })
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            var parameter = command.CreateParameter();
            parameter.ParameterName = "id";
            parameter.Value = id;
            command.Parameters.Add(parameter);
            var counts = new List<string>();
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    counts.Add(string.Create(CultureInfo.InvariantCulture, $"{reader.GetString(0)}: {reader.GetInt64(1)}"));
                }
            }

            counts.Sort(StringComparer.Ordinal);
            lines.Append(CultureInfo.InvariantCulture, $"  {title}: {string.Join(", ", counts)}\n");
        }

        return lines.ToString().TrimEnd('\n');
    }

    /// <summary>Leads 1..n with New York numbers (so every lead is inside the all-week calling window).</summary>
    private static string Csv(int leads)
    {
        var csv = new StringBuilder("name,phone,email\n");
        for (var i = 1; i <= leads; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"Lead {i},+1 212 5{i / 10000 % 10}{i / 1000 % 10} {i % 10000:0000},lead{i}@example.com\n");
        }

        return csv.ToString();
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : Math.Round(sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)], 2);

    private static void Quiet(ILoggingBuilder logging)
    {
        logging.ClearProviders();
        logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        logging.SetMinimumLevel(LogLevel.Error);
    }

    private static int LoopbackPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>The durable engine's instruments over a run, by instrument and task name: count, total, p50/p99/max.</summary>
internal sealed class DurableProfile
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<double>> series = new(StringComparer.Ordinal);

    public void Record(string instrument, ReadOnlySpan<KeyValuePair<string, object?>> tags, double value)
    {
        var key = instrument.Replace("aischeduler.durable.", "", StringComparison.Ordinal);
        foreach (var tag in tags)
        {
            if (tag.Key is "durable.name" or "durable.work")
            {
                key += " " + tag.Value;
            }
        }

        series.GetOrAdd(key, _ => new ConcurrentQueue<double>()).Enqueue(value);
    }

    public void Clear() => series.Clear();

    public string ToText(long calls) => string.Join('\n', series.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s =>
    {
        var values = s.Value.ToArray();
        Array.Sort(values);
        double P(double p) => values.Length == 0 ? 0 : Math.Round(values[Math.Min(values.Length - 1, (int)Math.Ceiling(p * values.Length) - 1)], 1);
        return string.Create(CultureInfo.InvariantCulture,
            $"  {s.Key}: {values.Length} ({Math.Round(values.Length / (double)Math.Max(1, calls), 2)} per call), total {Math.Round(values.Sum() / 1000, 1)} k, " +
            $"p50 {P(0.5)}, p99 {P(0.99)}, max {P(1)}");
    }));
}

internal sealed record CampaignRun(
    string Backend,
    bool Finished,
    int LeadsSettled,
    int LeadsWaitingForCallback,
    int LeadsUnaccounted,
    string ByOutcome,
    long Calls,
    double Minutes,
    double CallsPerSecond,
    int Turns,
    double TurnP50Ms,
    double TurnP99Ms,
    int PeakCallsInFlight,
    string LoadAverageBefore,
    string LoadAverageAfter)
{
    public string ToText() => string.Create(CultureInfo.InvariantCulture,
        $"campaign {Backend}: {Calls} calls, {LeadsSettled} leads settled and {LeadsWaitingForCallback} waiting for a callback " +
        $"({ByOutcome}; {LeadsUnaccounted} unaccounted) in {Minutes} min = {CallsPerSecond} calls/s " +
        $"({(Finished ? "finished" : "NOT FINISHED")}); turn latency p50 {TurnP50Ms} ms, p99 {TurnP99Ms} ms over {Turns} turns; " +
        $"peak {PeakCallsInFlight} calls in flight; load average {LoadAverageBefore} -> {LoadAverageAfter}");
}

internal sealed record CampaignReport(int Leads, int Concurrency, double TimeScale, int Cores, string LoadAverage, IReadOnlyList<CampaignRun> Runs);
