using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AiScheduler.Functions.Store;
using AiScheduler.Functions.Tests.Infrastructure;
using AiScheduler.Testing;
using Dapper;

namespace AiScheduler.Functions.Tests.Campaigns;

/// <summary>Campaigns end to end: the API, the Campaign and CallAttempt orchestrations, real calls to the emulator's personas.</summary>
public sealed class CampaignEndToEndTests(PostgresFixture postgres)
{
    // Persona file → its number in the sample leads and the outcome its "expect" field names.
    private static readonly (string Persona, string Phone, string Outcome)[] Personas =
    [
        ("dana-books-tuesday-at-ten", "+972501234567", "booked"),
        ("hannah-no-answer", "+4915123456709", "no-answer"),
        ("jordan-voicemail", "+16175550191", "voicemail"),
        ("emma-opts-out", "+4915123456707", "opted-out"),
        ("elliot-not-interested", "+12135550134", "not-interested"),
        ("chloe-call-back-tomorrow-at-two", "+33639980033", "callback-requested"),
    ];

    [Theory]
    [InlineData(StoreProvider.Sqlite, DurableEngine.Ours)]
    [InlineData(StoreProvider.Postgres, DurableEngine.Ours)]
    [InlineData(StoreProvider.Sqlite, DurableEngine.Microsoft)]
    public async Task A_campaign_settles_each_persona_as_expected_retries_exactly_per_policy_and_keeps_to_its_concurrency(StoreProvider provider,
        DurableEngine engine)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await CampaignTestHost.StartAsync(provider, postgres, [.. Personas.Select(p => p.Persona)], ct, engine);
        var leadIds = new Dictionary<string, Guid>(StringComparer.Ordinal);
        foreach (var (_, phone, _) in Personas)
        {
            leadIds[phone] = await host.LeadIdAsync(phone, ct);
        }

        var (campaignId, status) = await host.RunSweepAsync("Persona sweep", leadIds.Values, TimeSpan.FromMinutes(3), ct);

        Assert.Equal("completed", status.GetProperty("status").GetString());
        var progress = status.GetProperty("progress");
        Assert.Equal(5, progress.GetProperty("settled").GetInt32());
        Assert.Equal(1, progress.GetProperty("waiting").GetInt32());
        Assert.Equal(0, progress.GetProperty("inFlight").GetInt32());

        await using var connection = await host.Get<DataStore>().OpenConnectionAsync(ct);
        var leads = (await connection.QueryAsync<(Guid LeadId, string State, string LastOutcome, long Attempts)>(new CommandDefinition(
            "SELECT lead_id, state, last_outcome, attempts FROM campaign_leads WHERE campaign_id = @campaignId", new { campaignId },
            cancellationToken: ct))).ToDictionary(r => r.LeadId);
        foreach (var (persona, phone, outcome) in Personas)
        {
            Assert.True(leads[leadIds[phone]].LastOutcome == outcome, $"{persona}: expected {outcome}, got {leads[leadIds[phone]].LastOutcome}");
        }

        // Retries exactly per policy: 3 calls to the lead who never answers, one voicemail retry, one call to everyone else.
        var expectedAttempts = new Dictionary<string, long>(StringComparer.Ordinal)
        {
            ["+4915123456709"] = 3, ["+16175550191"] = 2, ["+972501234567"] = 1, ["+4915123456707"] = 1, ["+12135550134"] = 1, ["+33639980033"] = 1,
        };
        foreach (var (phone, attempts) in expectedAttempts)
        {
            var lead = leads[leadIds[phone]];
            var sessions = (await connection.QueryAsync<string>(new CommandDefinition(
                "SELECT call_id || ' ' || phase || ' ' || COALESCE(outcome, '(none)') FROM call_sessions WHERE lead_id = @leadId ORDER BY created_at",
                new { leadId = leadIds[phone] }, cancellationToken: ct))).ToList();
            var seen = $"{phone}: state {lead.State}, last outcome {lead.LastOutcome}, {lead.Attempts} attempt(s), calls [{string.Join(", ", sessions)}]";
            Assert.True(lead.Attempts == attempts, $"expected {attempts} attempt(s) - {seen}");
            Assert.True(sessions.Count == attempts, $"expected {attempts} call(s) - {seen}");
        }

        // Every call the emulator saw belongs to exactly one attempt, and never more than 2 were up at once.
        Assert.Equal(expectedAttempts.Values.Sum(), host.Emulator.Counters.CallsCreated);
        Assert.InRange(host.Emulator.Counters.MaxConcurrentActiveCalls, 1, 2);
        Assert.Equal("callback", leads[leadIds["+33639980033"]].State);

        // One meeting for the one booking, and one invite for it.
        var meetings = (await connection.QueryAsync<Guid>(new CommandDefinition(
            "SELECT id FROM meetings WHERE status = 'booked'", cancellationToken: ct))).ToList();
        var meeting = Assert.Single(meetings);
        var invites = await WaitForAsync(async () => await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM emails WHERE meeting_id = @meeting AND kind = 'invite' AND status = 'sent'", new { meeting },
            cancellationToken: ct)), count => count >= 1, ct);
        Assert.Equal(1, invites);
        Assert.Single(Directory.GetFiles(host.Outbox, "*.eml", SearchOption.AllDirectories));

        // The opt-out is on the do-not-call list, in E.164.
        var dnc = await host.Client.GetFromJsonAsync<JsonElement>("/api/dnc", ct);
        Assert.Contains(dnc.GetProperty("items").EnumerateArray(), e => e.GetProperty("phone").GetString() == "+4915123456707");

        // The calls API sees the campaign's calls, and a call's transcript.
        var page = await host.Client.GetFromJsonAsync<JsonElement>($"/api/calls?campaignId={campaignId}&limit=50", ct);
        Assert.Equal(expectedAttempts.Values.Sum(), page.GetProperty("items").GetArrayLength());
        var booked = page.GetProperty("items").EnumerateArray().Single(c => c.GetProperty("outcome").GetString() == "booked");
        Assert.Equal("he-IL", booked.GetProperty("language").GetString());
        var details = await host.Client.GetFromJsonAsync<JsonElement>($"/api/calls/{booked.GetProperty("id").GetString()}", ct);
        Assert.True(details.GetProperty("transcript").GetArrayLength() >= 4);
        var noSuchCall = await host.Client.GetAsync("/api/calls/nope", ct);
        Assert.Equal(HttpStatusCode.NotFound, noSuchCall.StatusCode);
    }

    [Fact]
    public async Task Leads_outside_their_own_calling_window_wait_while_those_inside_are_called()
    {
        var ct = TestContext.Current.CancellationToken;
        // Monday 10:00 in Los Angeles (Elliot), 20:00 in Jerusalem (Dana): a 09:00-12:00 window is open for one only.
        var mondayMorningInLosAngeles = new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.FromHours(-8));
        await using var host = await CampaignTestHost.StartAsync(StoreProvider.Sqlite, postgres, ["elliot-not-interested", "dana-books-tuesday-at-ten"],
            settings: null, ct, clock: TestClocks.StartingAt(mondayMorningInLosAngeles));
        const string window = "Mon-Sun 09:00-12:00";
        var elliot = await host.LeadIdAsync("+12135550134", ct);
        var dana = await host.LeadIdAsync("+972501234567", ct);
        var campaignId = await host.CreateCampaignAsync(new { name = "Window", callingWindow = window, concurrency = 2, leads = new { leadIds = new[] { elliot, dana } } }, ct);
        (await host.Client.PostAsync($"/api/campaigns/{campaignId}/start", null, ct)).EnsureSuccessStatusCode();

        var status = await host.WaitForStatusAsync(campaignId, s => s.GetProperty("progress").GetProperty("settled").GetInt32() == 1,
            TimeSpan.FromMinutes(2), ct);

        // Elliot was called and settled; Dana waits for her window, uncalled, and the campaign keeps running for her.
        Assert.Equal("Running", status.GetProperty("orchestration").GetString());
        Assert.Equal(1, status.GetProperty("progress").GetProperty("byOutcome").GetProperty("not-interested").GetInt32());
        await using var connection = await host.Get<DataStore>().OpenConnectionAsync(ct);
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM call_sessions WHERE lead_id = @dana", new { dana }, cancellationToken: ct)));
        Assert.Equal("pending", await connection.ExecuteScalarAsync<string>(new CommandDefinition(
            "SELECT state FROM campaign_leads WHERE lead_id = @dana", new { dana }, cancellationToken: ct)));
        Assert.Equal(1, host.Emulator.Counters.CallsCreated);

        // Cancelling stops the waiting campaign.
        (await host.Client.PostAsync($"/api/campaigns/{campaignId}/cancel", null, ct)).EnsureSuccessStatusCode();
        var cancelled = await host.WaitForStatusAsync(campaignId, s => s.GetProperty("orchestration").GetString() == "Completed", TimeSpan.FromMinutes(1), ct);
        Assert.Equal("cancelled", cancelled.GetProperty("status").GetString());
        using var again = await host.Client.PostAsync($"/api/campaigns/{campaignId}/resume", null, ct);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task A_number_on_the_do_not_call_list_is_never_dialed_and_the_list_is_kept_in_E164()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await CampaignTestHost.StartAsync(StoreProvider.Sqlite, postgres, ["elliot-not-interested"], ct);
        using (var added = await host.Client.PostAsJsonAsync("/api/dnc", new { phone = "+1 (213) 555-0134", reason = "asked by email" }, ct))
        {
            Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        }

        using (var bad = await host.Client.PostAsJsonAsync("/api/dnc", new { phone = "not a number" }, ct))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Contains("phone", await bad.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        }

        var elliot = await host.LeadIdAsync("+12135550134", ct);
        var campaignId = await host.CreateCampaignAsync(new { name = "DNC", callingWindow = "Mon-Sun 00:00-23:59", leads = new { leadIds = new[] { elliot } } }, ct);
        (await host.Client.PostAsync($"/api/campaigns/{campaignId}/start", null, ct)).EnsureSuccessStatusCode();
        var status = await host.WaitForStatusAsync(campaignId, s => s.GetProperty("orchestration").GetString() == "Completed", TimeSpan.FromMinutes(1), ct);

        Assert.Equal(1, status.GetProperty("progress").GetProperty("byOutcome").GetProperty("do-not-call").GetInt32());
        Assert.Equal(0, host.Emulator.Counters.CallsCreated);
        using var removed = await host.Client.DeleteAsync("/api/dnc/%2B12135550134", ct);
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        using var missing = await host.Client.DeleteAsync("/api/dnc/%2B12135550134", ct);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task An_invalid_campaign_is_refused_with_a_problem_that_says_what_to_fix()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await CampaignTestHost.StartAsync(StoreProvider.Sqlite, postgres, [], ct);
        using var response = await host.Client.PostAsJsonAsync("/api/campaigns", new { name = "Bad", callingWindow = "Mon-Fri 18:00-09:00" }, ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("callingWindow", await response.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        using var unknown = await host.Client.PostAsync($"/api/campaigns/{Guid.NewGuid()}/start", null, ct);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    private static async Task<long> WaitForAsync(Func<Task<long>> read, Func<long, bool> done, CancellationToken ct)
    {
        for (var round = 0; round < 200; round++)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }

            await Task.Delay(100, ct);
        }

        return await read();
    }
}
