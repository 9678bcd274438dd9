using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AiScheduler.Functions.Leads.Imports;
using AiScheduler.Functions.Tests.EndToEnd;
using AiScheduler.Testing;
using Npgsql;

namespace AiScheduler.Benchmarks;

/// <summary>
/// Lead imports as the product runs them: the self-host as its own process, a generated CSV (every tenth row bad:
/// no phone, a broken phone or a broken email) uploaded to <c>POST /api/leads/upload</c>, the import followed on
/// <c>GET /api/imports/{id}</c> until it completes. Figures: rows per second (upload to completed, and the import
/// activity alone), the host's peak working set (VmHWM), the machine's load average. <c>--crash</c> kills the host
/// with SIGKILL part-way, starts it again and checks that nothing was lost or written twice and the counts are right.
/// </summary>
internal static class ImportBenchmark
{
    public static Command CreateCommand()
    {
        var backend = new Option<string>("--backend") { Description = "sqlite, postgres or both (side by side in one run)", DefaultValueFactory = _ => "both" };
        backend.AcceptOnlyFromAmong("sqlite", "postgres", "both");
        var rows = new Option<int>("--rows") { Description = "data rows in the file", DefaultValueFactory = _ => 100_000 };
        var crash = new Option<bool>("--crash") { Description = "kill -9 the host part-way through the import, restart it and verify the result" };
        var batch = new Option<int?>("--batch-size") { Description = "Leads:Import:BatchSize (default: the product's)" };
        var command = new Command("import", "Lead CSV import: rows/s and peak memory on SQLite and PostgreSQL; --crash for kill -9 recovery.")
        {
            backend, rows, crash, batch,
        };
        command.SetAction((result, cancellationToken) =>
            RunAsync(result.GetValue(backend)!, result.GetValue(rows), result.GetValue(crash), result.GetValue(batch), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string backend, int rows, bool crash, int? batchSize, CancellationToken cancellationToken)
    {
        if (rows < 10)
        {
            await Console.Error.WriteLineAsync("--rows must be at least 10");
            return 2;
        }

        var root = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "aischeduler-import-bench-" + Guid.NewGuid().ToString("N")[..8])).FullName;
        var csv = Path.Combine(root, "leads.csv");
        var expected = WriteCsv(csv, rows);
        var runs = new List<ImportRun>();
        PostgresServer? server = null;
        try
        {
            foreach (var name in backend == "both" ? new[] { "sqlite", "postgres" } : [backend])
            {
                var settings = new Dictionary<string, string?>(StringComparer.Ordinal)
                {
                    ["Storage:Provider"] = "local",
                    ["Storage:Blobs:Directory"] = Path.Combine(root, name, "blobs"),
                    ["Email:Outbox:Directory"] = Path.Combine(root, name, "outbox"),
                    ["Durable:MaxPollingInterval"] = "00:00:00.200",
                    ["Durable:LeaseLength"] = "00:00:03",
                    ["extensions:queues:maxPollingInterval"] = "00:00:00.200",
                    ["Imports:UploadWaitSeconds"] = "0",
                };
                if (batchSize is { } size)
                {
                    settings["Leads:Import:BatchSize"] = size.ToString(CultureInfo.InvariantCulture);
                }

                if (name == "postgres")
                {
                    server ??= await PostgresServer.StartAsync(cancellationToken);
                    settings["Store:Provider"] = "postgres";
                    settings["Store:ConnectionString"] = await server.CreateDatabaseAsync("import", cancellationToken);
                }
                else
                {
                    settings["Store:Provider"] = "sqlite";
                    settings["Store:ConnectionString"] = "Data Source=" + Path.Combine(root, name, "store.db");
                }

                runs.Add(await RunOnceAsync(name, settings, csv, expected, crash, cancellationToken));
            }
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
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

        Console.WriteLine(JsonSerializer.Serialize(new ImportReport(rows, expected.Bad, Environment.ProcessorCount, LoadAverage(), crash, runs),
            JsonSerializerOptions.Web));
        return runs.All(run => run.Verified) ? 0 : 1;
    }

    private static async Task<ImportRun> RunOnceAsync(string backend, Dictionary<string, string?> settings, string csv, ExpectedCounts expected,
        bool crash, CancellationToken cancellationToken)
    {
        var port = LoopbackPort();
        var host = await HostProcess.StartAsync(port, settings, cancellationToken);
        try
        {
            using var client = host.CreateClient(await HostProcess.CreateApiKeyAsync(settings, cancellationToken), TimeSpan.FromMinutes(5));
            var loadBefore = LoadAverage();
            var baseline = Memory(host.ProcessId).Current;
            var stopwatch = Stopwatch.StartNew();
            Guid importId;
            await using (var file = File.OpenRead(csv))
            {
                using var content = new StreamContent(file);
                content.Headers.ContentType = new("text/csv");
                using var response = await client.PostAsync("/api/leads/upload?wait=0", content, cancellationToken);
                response.EnsureSuccessStatusCode();
                importId = (await response.Content.ReadFromJsonAsync<LeadImportRecord>(JsonSerializerOptions.Web, cancellationToken))!.Id;
            }

            var uploaded = stopwatch.Elapsed;
            CrashFigures? crashed = null;
            var peak = baseline;
            LeadImportRecord record;
            while (true)
            {
                record = (await client.GetFromJsonAsync<LeadImportRecord>($"/api/imports/{importId}", JsonSerializerOptions.Web, cancellationToken))!;
                peak = Math.Max(peak, Memory(host.ProcessId).Peak);
                if (record.IsFinished)
                {
                    break;
                }

                if (crash && crashed is null && record.RowsProcessed >= expected.Rows / 3)
                {
                    peak = Math.Max(peak, Memory(host.ProcessId).Peak);
                    await host.KillAsync();
                    var killedAt = record;
                    var restartClock = Stopwatch.StartNew();
                    await host.DisposeAsync();
                    host = await HostProcess.StartAsync(port, settings, cancellationToken);
                    crashed = new CrashFigures(killedAt.RowsProcessed, killedAt.Imported, killedAt.CheckpointLine,
                        Math.Round(restartClock.Elapsed.TotalSeconds, 2));
                    continue;
                }

                await Task.Delay(50, cancellationToken);
            }

            var elapsed = stopwatch.Elapsed;
            var loadAfter = LoadAverage();
            var stored = await CountLeadsAsync(client, cancellationToken);
            using var report = await client.GetAsync($"/api/imports/{importId}/errors?format=csv", cancellationToken);
            var reportLines = report.IsSuccessStatusCode
                ? (await report.Content.ReadAsStringAsync(cancellationToken)).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length - 1
                : -1;
            var activity = record.FinishedAt - record.StartedAt;
            var verified = record.Status == LeadImportStatus.Completed && record.RowsProcessed == expected.Rows &&
                           record.Imported == expected.Good && record.Updated == 0 && record.Errors == expected.Bad &&
                           stored == expected.Good && reportLines >= expected.Bad;
            return new ImportRun(backend, record.Status, record.RowsProcessed, record.Imported, record.Updated, record.Errors, stored, reportLines,
                Math.Round(elapsed.TotalSeconds, 2), Math.Round(uploaded.TotalSeconds, 2),
                Math.Round(expected.Rows / elapsed.TotalSeconds, 0),
                activity is { } seconds && crashed is null ? Math.Round(expected.Rows / seconds.TotalSeconds, 0) : null,
                Math.Round(baseline / 1048576.0, 1), Math.Round(peak / 1048576.0, 1), loadBefore, loadAfter, crashed, verified);
        }
        finally
        {
            await host.DisposeAsync();
        }
    }

    private static async Task<long> CountLeadsAsync(HttpClient client, CancellationToken cancellationToken)
    {
        var page = await client.GetFromJsonAsync<JsonElement>("/api/leads?pageSize=1", cancellationToken);
        return page.GetProperty("total").GetInt64();
    }

    private sealed record ExpectedCounts(int Rows, int Good, int Bad);

    /// <summary>Data rows 1..n; every tenth row is bad, in turn without a phone, with a broken phone, with a broken email.</summary>
    private static ExpectedCounts WriteCsv(string path, int rows)
    {
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
        writer.Write("name,phone,email,company,segment\n");
        var bad = 0;
        for (var i = 1; i <= rows; i++)
        {
            var phone = string.Create(CultureInfo.InvariantCulture, $"+1 212 5{i / 10000 % 10}{i / 1000 % 10} {i % 10000:0000}");
            var email = string.Create(CultureInfo.InvariantCulture, $"lead{i}@example.com");
            if (i % 10 == 0)
            {
                bad++;
                switch (i / 10 % 3)
                {
                    case 0:
                        phone = "";
                        break;
                    case 1:
                        phone = "12-broken";
                        break;
                    default:
                        email = "not-an-email";
                        break;
                }
            }

            writer.Write(string.Create(CultureInfo.InvariantCulture, $"Lead {i},{phone},{email},Company {i % 500},segment-{i % 7}\n"));
        }

        return new ExpectedCounts(rows, rows - bad, bad);
    }

    /// <summary>The process's resident set now and its peak so far (VmRSS, VmHWM), in bytes.</summary>
    private static (long Current, long Peak) Memory(int processId)
    {
        long current = 0, peak = 0;
        try
        {
            foreach (var line in File.ReadLines($"/proc/{processId}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    current = Kilobytes(line) * 1024;
                }
                else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    peak = Kilobytes(line) * 1024;
                }
            }
        }
        catch (IOException)
        {
            // The process is gone (killed on purpose): its last reading stands.
        }

        return (current, peak);

        static long Kilobytes(string line) =>
            long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
    }

    internal static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static int LoopbackPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}

internal sealed record CrashFigures(int KilledAtRows, int KilledAtImported, long KilledAtCheckpointLine, double RestartSeconds);

internal sealed record ImportRun(
    string Backend,
    string Status,
    int Rows,
    int Imported,
    int Updated,
    int Errors,
    long LeadsStored,
    int ErrorReportLines,
    double Seconds,
    double UploadSeconds,
    double RowsPerSecond,
    double? ImportRowsPerSecond,
    double HostBaselineMb,
    double HostPeakWorkingSetMb,
    string LoadAverageBefore,
    string LoadAverageAfter,
    CrashFigures? Crash,
    bool Verified)
{
    public string ToText()
    {
        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        text.Append(c, $"import {Backend}: {Rows} rows ({Imported} imported, {Updated} updated, {Errors} rejected, {LeadsStored} stored, ")
            .Append(c, $"{ErrorReportLines} lines in the error report) in {Seconds} s = {RowsPerSecond} rows/s end to end");
        if (ImportRowsPerSecond is { } import)
        {
            text.Append(c, $" ({import} rows/s in the import activity)");
        }

        text.Append(c, $"; host memory {HostBaselineMb} MB at rest, peak {HostPeakWorkingSetMb} MB; load average {LoadAverageBefore} -> {LoadAverageAfter}");
        if (Crash is { } crash)
        {
            text.Append(c, $"; killed -9 at {crash.KilledAtRows} rows ({crash.KilledAtImported} imported, checkpoint line {crash.KilledAtCheckpointLine}), ")
                .Append(c, $"restarted in {crash.RestartSeconds} s");
        }

        return text.Append(Verified ? "; counts verified" : "; COUNTS WRONG").ToString();
    }
}

internal sealed record ImportReport(int Rows, int BadRows, int Cores, string LoadAverage, bool Crash, IReadOnlyList<ImportRun> Runs);
