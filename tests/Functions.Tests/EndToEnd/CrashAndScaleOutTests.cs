using System.Diagnostics;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using AiScheduler.Emulators;
using AiScheduler.Functions.Tests.Calls;
using AiScheduler.Testing;
using Npgsql;
using Dapper;
using AiScheduler.Functions.Tests.Infrastructure;
using AiScheduler.Functions.Hosting;

namespace AiScheduler.Functions.Tests.EndToEnd;

/// <summary>
/// Two host processes on one PostgreSQL database run one campaign against a standalone emulator; one of them is
/// SIGKILLed while calls are in flight and started again. No attempt is dialed twice, no call is lost, and there is no
/// duplicate booking or invite.
/// </summary>
public sealed class CrashAndScaleOutTests(PostgresFixture postgres)
{
    private static readonly (string Persona, string Phone)[] Personas =
    [
        ("dana-books-tuesday-at-ten", "+972501234567"),
        ("avery-books-the-second-offer", "+12125550143"),
        ("hannah-no-answer", "+4915123456709"),
        ("emma-opts-out", "+4915123456707"),
        ("elliot-not-interested", "+12135550134"),
        ("jordan-voicemail", "+16175550191"),
    ];

    [Fact]
    public async Task Two_hosts_share_a_campaign_and_a_killed_host_loses_no_call_and_repeats_no_attempt_booking_or_invite()
    {
        var ct = TestContext.Current.CancellationToken;
        var personas = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "aischeduler-crash-" + Guid.NewGuid().ToString("N"))).FullName;
        foreach (var (persona, _) in Personas)
        {
            File.Copy(Path.Combine(PersonaLibrary.Directory, persona + ".json"), Path.Combine(personas, persona + ".json"));
        }

        await using var emulator = await EmulatorHost.StartAsync(new EmulatorOptions
        {
            AccessKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            PersonasDirectory = personas,
            TimeScale = 0.02,
            RenderSpeech = false,
        }, ct);
        var database = await postgres.Server.CreateDatabaseAsync("crash", ct);
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        Dictionary<string, string?> SettingsFor(int port) =>
            new Dictionary<string, string?>(StringComparer.Ordinal) { ["Store:Provider"] = "postgres", ["Store:ConnectionString"] = database }
                .With(TestSettings.EmulatedCalls(emulator.ConnectionString, port, secret))
                .With(TestSettings.LocalFiles(personas, providers: true))
                .With(TestSettings.RoundTheClockCalendar())
                // Calls at the real hour with leads that have no consent records: the calling rules are not under test here.
                .With(TestSettings.FastCampaigns(TimeSpan.FromSeconds(10)))
                .With([new("Durable:LeaseLength", "00:00:03")]);
        var (portA, portB) = (LoopbackPorts.Free(), LoopbackPorts.Free());
        var hostA = await HostProcess.StartAsync(portA, SettingsFor(portA), ct);
        await using var hostB = await HostProcess.StartAsync(portB, SettingsFor(portB), ct);
        var key = await HostProcess.CreateApiKeyAsync(SettingsFor(portB), ct);
        using var clientB = hostB.CreateClient(key);
        var leadIds = new List<Guid>();
        foreach (var (persona, phone) in Personas)
        {
            using var created = await clientB.PostAsJsonAsync("/api/leads", new { name = persona, phone, email = $"{persona}@example.com" }, ct);
            Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync(ct));
            leadIds.Add((await created.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetGuid());
        }

        using var clientA = hostA.CreateClient(key);
        using var create = await clientA.PostAsJsonAsync("/api/campaigns", new
        {
            name = "Crash",
            callingWindow = "Mon-Sun 00:00-23:59",
            concurrency = 3,
            retry = new { maxAttempts = 3, delays = new[] { "00:00:01" }, maxVoicemailRetries = 1 },
            leads = new { leadIds },
        }, ct);
        var campaignId = (await create.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetGuid();
        (await clientA.PostAsync($"/api/campaigns/{campaignId}/start", null, ct)).EnsureSuccessStatusCode();

        // Kill host A while calls are up, then start it again on the same port.
        while (emulator.Counters.CallsCreated < 2)
        {
            await Task.Delay(50, ct);
        }

        await hostA.KillAsync();
        await hostA.DisposeAsync();
        await using var restarted = await HostProcess.StartAsync(portA, SettingsFor(portA), ct);

        var waited = Stopwatch.StartNew();
        JsonElement status;
        do
        {
            await Task.Delay(300, ct);
            status = await clientB.GetFromJsonAsync<JsonElement>($"/api/campaigns/{campaignId}/status", ct);
            Assert.True(waited.Elapsed < TimeSpan.FromMinutes(4), $"The campaign did not complete: {status}");
        }
        while (status.GetProperty("orchestration").GetString() != "Completed");

        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync(ct);
        // No attempt dialed twice: every call the emulator saw has one session, and every session one attempt.
        var sessions = await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM call_sessions", cancellationToken: ct));
        Assert.Equal(emulator.Counters.CallsCreated, sessions);
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM call_sessions s WHERE NOT EXISTS (SELECT 1 FROM call_attempts a WHERE a.call_id = s.call_id)", cancellationToken: ct)));
        // No call lost: every attempt ended and every session settled; every lead settled (none asked for a callback here).
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM call_attempts WHERE state <> 'ended'", cancellationToken: ct)));
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM call_sessions WHERE phase <> 'ended'", cancellationToken: ct)));
        Assert.Equal(Personas.Length, await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM campaign_leads WHERE state = 'settled'", cancellationToken: ct)));
        // No duplicate booking, and one invite per booking.
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM (SELECT lead_id FROM meetings WHERE status = 'booked' GROUP BY lead_id HAVING COUNT(*) > 1) d", cancellationToken: ct)));
        var meetings = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM meetings WHERE status = 'booked'", cancellationToken: ct));
        Assert.InRange(meetings, 1, 2);
        var invites = 0L;
        for (var round = 0; round < 100 && invites < meetings; round++)
        {
            invites = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "SELECT COUNT(*) FROM emails WHERE kind = 'invite' AND status = 'sent'", cancellationToken: ct));
            await Task.Delay(100, ct);
        }

        Assert.Equal(meetings, invites);
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM (SELECT meeting_id FROM emails WHERE kind = 'invite' GROUP BY meeting_id HAVING COUNT(*) > 1) d", cancellationToken: ct)));
    }

}
