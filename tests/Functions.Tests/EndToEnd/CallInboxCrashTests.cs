using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AiScheduler.Emulators;
using AiScheduler.Emulators.Callees;
using AiScheduler.Functions.Calls.Callbacks;
using AiScheduler.Functions.Providers.Telephony;
using AiScheduler.Functions.Tests.Infrastructure;
using AiScheduler.Testing;
using AiScheduler.Functions.Hosting;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace AiScheduler.Functions.Tests.EndToEnd;

/// <summary>
/// The call inbox and reconciliation under kill -9 (short versions; the benchmarks' <c>crash</c> verb runs the long
/// ones). Campaigns wait up to 30 minutes for a call's end here (<c>Campaigns:CallEndedTimeout</c>), so a campaign that
/// finishes after a crash was moved on by the inbox and the reconciler, not by that timeout.
/// </summary>
public sealed class CallInboxCrashTests(PostgresFixture postgres)
{
    private const int Leads = 120;

    [Fact]
    public async Task A_host_killed_mid_campaign_with_every_callback_delivered_twice_loses_no_call_calls_no_lead_twice_and_finishes_without_the_call_timeout()
    {
        var ct = TestContext.Current.CancellationToken;
        var folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "aischeduler-inbox-crash-" + Guid.NewGuid().ToString("N"))).FullName;
        var emulatorOptions = new EmulatorOptions
        {
            AccessKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            TimeScale = 0.02,
            RenderSpeech = false,
            DefaultPersona = new Persona("not-interested", [], "en-US", AnswerKind.Human, 1,
                [new PersonaReply("Hello?"), new PersonaReply("No thanks, I'm not interested.")], OutOfRepliesBehaviour.Hangup),
        };
        emulatorOptions.Faults.DuplicateCallbacks = true;
        await using var emulator = await EmulatorHost.StartAsync(emulatorOptions, ct);
        var database = await postgres.Server.CreateDatabaseAsync("inboxcrash", ct);
        var port = LoopbackPorts.Free();
        var settings = Settings(database, emulator.ConnectionString, port, folder);

        var host = await HostProcess.StartAsync(port, settings, ct);
        using var client = host.CreateClient(await HostProcess.CreateApiKeyAsync(settings, ct));
        var leadIds = new List<Guid>();
        for (var i = 0; i < Leads; i++)
        {
            using var created = await client.PostAsJsonAsync("/api/leads", new { name = $"Lead {i}", phone = $"+1206555{3000 + i:D4}" }, ct);
            Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync(ct));
            leadIds.Add((await created.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetGuid());
        }

        using var create = await client.PostAsJsonAsync("/api/campaigns", new
        {
            name = "Inbox crash",
            callingWindow = "Mon-Sun 00:00-23:59",
            concurrency = 24,
            retry = new { maxAttempts = 1 },
            leads = new { leadIds },
        }, ct);
        Assert.True(create.IsSuccessStatusCode, await create.Content.ReadAsStringAsync(ct));
        var campaignId = (await create.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetGuid();
        (await client.PostAsync($"/api/campaigns/{campaignId}/start", null, ct)).EnsureSuccessStatusCode();

        // Kill while the campaign is in full swing: a third of the leads dialed, calls up, callbacks arriving twice.
        while (emulator.Counters.CallsCreated < Leads / 3)
        {
            await Task.Delay(20, ct);
        }

        await host.KillAsync();
        await host.DisposeAsync();
        var liveAtKill = emulator.Counters.ActiveCalls;
        await using var restarted = await HostProcess.StartAsync(port, settings, ct);

        // A guard against hanging, far below the 30-minute call timeout the campaign would otherwise need.
        var waited = Stopwatch.StartNew();
        JsonElement status;
        do
        {
            await Task.Delay(300, ct);
            status = await client.GetFromJsonAsync<JsonElement>($"/api/campaigns/{campaignId}/status", ct);
            Assert.True(waited.Elapsed < TimeSpan.FromMinutes(8), $"The campaign did not finish after the crash ({liveAtKill} calls were up at the kill): {status}");
        }
        while (status.GetProperty("orchestration").GetString() != "Completed");

        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync(ct);
        // Every lead called exactly once: one call per lead at the provider, one session and one attempt per call.
        Assert.Equal(Leads, emulator.Counters.CallsCreated);
        Assert.Equal(0, emulator.Counters.RepeatedCreates);
        Assert.Equal(Leads, await Count(connection, "SELECT COUNT(*) FROM call_sessions", ct));
        Assert.Equal(Leads, await Count(connection, "SELECT COUNT(DISTINCT lead_id) FROM call_sessions", ct));
        Assert.Equal(Leads, await Count(connection, "SELECT COUNT(*) FROM call_attempts", ct));
        // Nothing lost: every call settled, every attempt ended, every lead settled, the inbox drained.
        Assert.Equal(0, await Count(connection, "SELECT COUNT(*) FROM call_sessions WHERE phase <> 'ended'", ct));
        Assert.Equal(0, await Count(connection, "SELECT COUNT(*) FROM call_attempts WHERE state <> 'ended'", ct));
        Assert.Equal(Leads, await Count(connection, $"SELECT COUNT(*) FROM campaign_leads WHERE campaign_id = '{campaignId}' AND state = 'settled'", ct));
        Assert.Equal(0, await Count(connection, "SELECT COUNT(*) FROM call_inbox WHERE processed_at IS NULL", ct));
        // Nothing twice: each delivered callback is in the inbox once although the emulator sent every one twice.
        Assert.True(emulator.Counters.CallbacksDuplicated > 0);
        Assert.Equal(0, await Count(connection, "SELECT COUNT(*) FROM (SELECT event_id FROM call_inbox GROUP BY source, event_id HAVING COUNT(*) > 1) d", ct));
        // Counts right: the campaign's outcomes add up to its leads, and match the sessions' outcomes.
        var progress = status.GetProperty("progress");
        Assert.Equal(Leads, progress.GetProperty("settled").GetInt32());
        var byOutcome = progress.GetProperty("byOutcome").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32());
        Assert.Equal(Leads, byOutcome.Values.Sum());
        Assert.Equal(0, await Count(connection, "SELECT COUNT(*) FROM call_sessions WHERE outcome IS NULL", ct));
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{liveAtKill} calls up at the kill; outcomes {string.Join(", ", byOutcome.Select(p => $"{p.Key}={p.Value}"))}; " +
            $"{await Count(connection, "SELECT COUNT(*) FROM call_inbox WHERE event_id LIKE 'reconciled-end:%'", ct)} ends found by reconciliation");
    }

    [Fact]
    public async Task Every_callback_acknowledged_before_a_kill_is_handled_once_after_the_restart_and_a_redelivery_is_not_stored_again()
    {
        var ct = TestContext.Current.CancellationToken;
        var folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "aischeduler-inbox-burst-" + Guid.NewGuid().ToString("N"))).FullName;
        await using var emulator = await EmulatorHost.StartAsync(new EmulatorOptions
        {
            AccessKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            RenderSpeech = false,
        }, ct);
        var database = await postgres.Server.CreateDatabaseAsync("inboxburst", ct);
        var port = LoopbackPorts.Free();
        var settings = Settings(database, emulator.ConnectionString, port, folder);
        var addresses = new CallbackAddresses(Options.Create(new TelephonyOptions
        {
            CallbackBaseUri = new Uri($"http://127.0.0.1:{port}/"),
            CallbackSecret = settings["Telephony:CallbackSecret"]!,
        }));

        var host = await HostProcess.StartAsync(port, settings, ct);
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var acknowledged = new ConcurrentDictionary<string, (string CallId, string Body)>(StringComparer.Ordinal);
        var sent = 0;
        using var burst = CancellationTokenSource.CreateLinkedTokenSource(ct);
        // 40 callers post callbacks of 200 calls as fast as the host takes them; the host is killed mid-burst.
        var senders = Enumerable.Range(0, 40).Select(sender => Task.Run(async () =>
        {
            for (var n = 0; !burst.IsCancellationRequested; n++)
            {
                var callId = $"burst-call-{(sender * 5) + (n % 5)}";
                var eventId = $"evt-{sender}-{n}";
                var body = CloudEvent(eventId, callId);
                Interlocked.Increment(ref sent);
                try
                {
                    using var response = await client.PostAsync(addresses.ForCall(callId), new StringContent(body, Encoding.UTF8, "application/json"), burst.Token);
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        acknowledged[eventId] = (callId, body);
                    }
                }
                catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
                {
                    // The host is gone (or going): this delivery was not acknowledged, so ACS would send it again.
                }
            }
        }, ct)).ToList();
        while (acknowledged.Count < 1500)
        {
            await Task.Delay(10, ct);
        }

        await host.KillAsync();
        await burst.CancelAsync();
        await Task.WhenAll(senders);
        await host.DisposeAsync();
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync(ct);
        var pendingAtKill = await Count(connection, "SELECT COUNT(*) FROM call_inbox WHERE processed_at IS NULL", ct);

        await using var restarted = await HostProcess.StartAsync(port, settings, ct);
        long pending;
        do
        {
            await Task.Delay(200, ct);
            pending = await Count(connection, "SELECT COUNT(*) FROM call_inbox WHERE processed_at IS NULL", ct);
        }
        while (pending > 0);

        // Nothing lost: every acknowledged callback is stored and was handled (none given up as failed).
        var stored = (await connection.QueryAsync<(string EventId, bool Handled, string? Failure)>(new CommandDefinition(
            "SELECT event_id, processed_at IS NOT NULL, failure FROM call_inbox WHERE source = 'acs'", cancellationToken: ct)))
            .ToDictionary(r => r.EventId, StringComparer.Ordinal);
        Assert.All(acknowledged.Keys, id => Assert.True(stored.TryGetValue(id, out var row) && row.Handled && row.Failure is null, id));
        // Nothing twice: ACS redelivering the same callbacks after the restart is acknowledged and not stored again.
        var before = await Count(connection, "SELECT COUNT(*) FROM call_inbox", ct);
        foreach (var (eventId, (callId, body)) in acknowledged.Take(200))
        {
            using var again = await client.PostAsync(addresses.ForCall(callId), new StringContent(body, Encoding.UTF8, "application/json"), ct);
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        }

        Assert.Equal(before, await Count(connection, "SELECT COUNT(*) FROM call_inbox", ct));
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{sent} callbacks sent, {acknowledged.Count} acknowledged before the kill, {pendingAtKill} of them still unhandled when it came, all handled after the restart");
    }

    private static string CloudEvent(string eventId, string callId) => JsonSerializer.Serialize(new
    {
        specversion = "1.0",
        id = eventId,
        type = "Microsoft.Communication.PlayStarted",
        source = "calling/callConnections/conn-" + callId,
        time = "2026-12-02T10:00:00Z",
        data = new { callConnectionId = "conn-" + callId, operationContext = "burst" },
    });

    private static async Task<long> Count(NpgsqlConnection connection, string sql, CancellationToken ct) =>
        await connection.ExecuteScalarAsync<long>(new CommandDefinition(sql, cancellationToken: ct));

    private static Dictionary<string, string?> Settings(string database, string emulatorConnection, int port, string folder) =>
        TestSettings.RecoveringHost(database, emulatorConnection, port, folder, "inbox-crash-test-secret-0123456789abcdef");
}
