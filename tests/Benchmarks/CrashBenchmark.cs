using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using AiScheduler.Emulators;
using AiScheduler.Emulators.Callees;
using AiScheduler.Functions.Tests.EndToEnd;
using AiScheduler.Functions.Tests.Infrastructure;
using AiScheduler.Testing;
using AiScheduler.Functions.Hosting;
using Dapper;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace AiScheduler.Benchmarks;

/// <summary>
/// The long crash test: a campaign of N leads on PostgreSQL over the standalone emulator (every callback delivered
/// twice), its host process killed with SIGKILL K times while calls are up and started again. Campaigns wait 30 minutes
/// for a call's end here, so the campaign finishing at all shows the inbox and the reconciler recovered the cut-off calls.
/// Prints how long the campaign took to move again after each restart, the totals, and the checks (no lead called
/// twice, nothing lost, counts right). Needs the host built: <c>dotnet build -c Release src/Host</c>.
/// </summary>
internal static class CrashBenchmark
{
    public static Command CreateCommand()
    {
        var leads = new Option<int>("--leads") { Description = "leads in the campaign", DefaultValueFactory = _ => 1000 };
        var concurrency = new Option<int>("--concurrency") { Description = "the campaign's concurrency", DefaultValueFactory = _ => 50 };
        var kills = new Option<int>("--kills") { Description = "how many times the host is killed", DefaultValueFactory = _ => 2 };
        var command = new Command("crash", "Kill -9 during a campaign (callbacks delivered twice): recovery time and consistency checks.") { leads, concurrency, kills };
        command.SetAction((result, ct) => RunAsync(result.GetValue(leads), result.GetValue(concurrency), result.GetValue(kills), ct));
        return command;
    }

    private static async Task<int> RunAsync(int leadCount, int concurrency, int kills, CancellationToken ct)
    {
        var hostDll = Path.GetFullPath(Environment.GetEnvironmentVariable("AISCHEDULER_HOST_DLL") ?? Path.Combine("src", "Host", "bin", "Release", "net10.0", "AiScheduler.Host.dll"));
        if (!File.Exists(hostDll))
        {
            await Console.Error.WriteLineAsync($"The host is not built at {hostDll}: run `dotnet build -c Release src/Host` from the repository root, or set AISCHEDULER_HOST_DLL.");
            return 2;
        }

        Environment.SetEnvironmentVariable("AISCHEDULER_HOST_DLL", hostDll);
        var folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "aischeduler-crash-bench-" + Guid.NewGuid().ToString("N"))).FullName;
        var options = new EmulatorOptions
        {
            AccessKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            TimeScale = 0.02,
            RenderSpeech = false,
            DefaultPersona = new Persona("not-interested", [], "en-US", AnswerKind.Human, 1,
                [new PersonaReply("Hello?"), new PersonaReply("No thanks, I'm not interested.")], OutOfRepliesBehaviour.Hangup),
        };
        options.Faults.DuplicateCallbacks = true;
        // Figures go to stdout; the emulator's warnings, if any, to stderr.
        await using var emulator = await EmulatorHost.StartAsync(options, ct, builder =>
        {
            builder.Logging.ClearProviders();
            builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
        });
        await using var server = await PostgresServer.StartAsync(ct);
        var database = await server.CreateDatabaseAsync("crash", ct);
        var port = LoopbackPorts.Free();

        var settings = TestSettings.RecoveringHost(database, emulator.ConnectionString, port, folder);

        var host = await HostProcess.StartAsync(port, settings, ct);
        try
        {
            using var client = host.CreateClient(await HostProcess.CreateApiKeyAsync(settings, ct), TimeSpan.FromSeconds(30));
            var leadIds = new List<Guid>(leadCount);
            for (var i = 0; i < leadCount; i++)
            {
                using var created = await client.PostAsJsonAsync("/api/leads", new { name = $"Lead {i}", phone = $"+1206{5550000 + i:D7}" }, ct);
                created.EnsureSuccessStatusCode();
                leadIds.Add((await created.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetGuid());
            }

            using var create = await client.PostAsJsonAsync("/api/campaigns", new
            {
                name = "Crash benchmark",
                callingWindow = "Mon-Sun 00:00-23:59",
                concurrency,
                retry = new { maxAttempts = 1 },
                leads = new { leadIds },
            }, ct);
            create.EnsureSuccessStatusCode();
            var campaignId = (await create.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetGuid();
            var started = Stopwatch.StartNew();
            (await client.PostAsync($"/api/campaigns/{campaignId}/start", null, ct)).EnsureSuccessStatusCode();

            var resumes = new List<double>();
            var upAtKills = new List<int>();
            for (var kill = 1; kill <= kills; kill++)
            {
                while (emulator.Counters.CallsCreated < leadCount * kill / (kills + 1))
                {
                    await Task.Delay(20, ct);
                }

                await host.KillAsync();
                await host.DisposeAsync();
                upAtKills.Add(emulator.Counters.ActiveCalls);
                var settledAtKill = await SettledAsync(database, campaignId, ct);
                var restart = Stopwatch.StartNew();
                host = await HostProcess.StartAsync(port, settings, ct);
                while (await SettledAsync(database, campaignId, ct) <= settledAtKill)
                {
                    await Task.Delay(100, ct);
                }

                resumes.Add(restart.Elapsed.TotalSeconds);
            }

            JsonElement status;
            do
            {
                await Task.Delay(300, ct);
                status = await client.GetFromJsonAsync<JsonElement>($"/api/campaigns/{campaignId}/status", ct);
            }
            while (status.GetProperty("orchestration").GetString() != "Completed" && started.Elapsed < TimeSpan.FromMinutes(25));

            var minutes = started.Elapsed.TotalMinutes;
            await using var connection = new NpgsqlConnection(database);
            await connection.OpenAsync(ct);
            async Task<long> Count(string sql) => await connection.ExecuteScalarAsync<long>(new CommandDefinition(sql, cancellationToken: ct));
            var report = new CrashReport(leadCount, concurrency, kills, TurnsBenchmark.LoadAverage(), upAtKills, resumes.Select(r => Math.Round(r, 1)).ToList(),
                Math.Round(minutes, 2), status.GetProperty("orchestration").GetString() == "Completed",
                emulator.Counters.CallsCreated, emulator.Counters.RepeatedCreates,
                await Count("SELECT COUNT(*) - COUNT(DISTINCT lead_id) FROM call_sessions"),
                await Count("SELECT COUNT(*) FROM call_sessions WHERE phase <> 'ended'"),
                await Count($"SELECT COUNT(*) FROM campaign_leads WHERE campaign_id = '{campaignId}' AND state = 'settled'"),
                await Count("SELECT COUNT(*) FROM call_inbox WHERE processed_at IS NULL"),
                await Count("SELECT COUNT(*) FROM call_inbox WHERE event_id LIKE 'reconciled-end:%'"),
                emulator.Counters.CallbacksDuplicated);
            var ok = report.Completed && report.CallsPlaced == leadCount && report.LeadsCalledTwice == 0 && report.SessionsNotEnded == 0
                && report.LeadsSettled == leadCount && report.InboxUnhandled == 0;
            Console.WriteLine(JsonSerializer.Serialize(report, new JsonSerializerOptions(JsonSerializerOptions.Web)));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"crash: {leadCount} leads, concurrency {concurrency}, {kills} kill -9 ({string.Join("/", upAtKills)} calls up); moving again " +
                $"{string.Join(" / ", report.ResumedAfterSeconds)} s after each restart; finished in {report.Minutes} min; {report.CallsPlaced} calls for " +
                $"{leadCount} leads, {report.LeadsCalledTwice} leads called twice, {report.LeadsSettled} settled, {report.EndsFoundByReconciliation} ends found by " +
                $"reconciliation, {report.InboxUnhandled} inbox entries left: {(ok ? "all checks passed" : "CHECKS FAILED")}; load average {report.LoadAverage}"));
            return ok ? 0 : 1;
        }
        finally
        {
            await host.DisposeAsync();
        }
    }

    private static async Task<long> SettledAsync(string database, Guid campaignId, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM campaign_leads WHERE campaign_id = @campaignId AND state = 'settled'", new { campaignId }, cancellationToken: ct));
    }

    private sealed record CrashReport(int Leads, int Concurrency, int Kills, string LoadAverage, IReadOnlyList<int> CallsUpAtKills,
        IReadOnlyList<double> ResumedAfterSeconds, double Minutes, bool Completed, long CallsPlaced, long RepeatedCreates, long LeadsCalledTwice,
        long SessionsNotEnded, long LeadsSettled, long InboxUnhandled, long EndsFoundByReconciliation, long CallbacksDuplicated);
}
