using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AiScheduler.Functions.Store;
using AiScheduler.Functions.Tests.Campaigns;
using AiScheduler.Functions.Tests.Infrastructure;
using AiScheduler.Testing;
using Dapper;

namespace AiScheduler.Functions.Tests.Permissions;

/// <summary>
/// A campaign over leads in several countries and US states, with the calling rules on: each lead is called only when
/// its rules allow, and every refusal is in the lead's audit trail and agrees with the call-permission endpoint.
/// </summary>
public sealed class CallingRulesCampaignTests(PostgresFixture postgres)
{
    private static readonly Dictionary<string, string?> RulesOn = new(StringComparer.Ordinal) { ["CallingRules:Enabled"] = "true" };

    private static readonly object WebFormConsent = new
    {
        source = "web-form", at = "2026-01-15T10:00:00Z", text = "Yes, you may call me about a demo.", proofRef = "form-2026-0042",
    };

    // Monday 2 March 2026, 12:59:30 UTC: 07:59 in New York and Miami, 04:59 in Los Angeles, 13:59 in Paris, Berlin and
    // Madrid, 12:59 in London, 14:59 in Jerusalem. The US East Coast opens at 13:00:00 UTC (08:00), and so does France's
    // afternoon window (14:00): half a minute after the host starts, time enough to set the campaign up before.
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 12, 59, 30, TimeSpan.Zero);

    private static readonly (string Persona, string Phone)[] Leads =
    [
        ("avery-books-the-second-offer", "+12125550143"),       // New York, consent: waits for 08:00, then called
        ("carmen-spells-another-email", "+13055550117"),        // Florida, consent, 3 calls in 24 h already: capped
        ("elliot-not-interested", "+12135550134"),              // Los Angeles, consent: waits for 08:00 PST
        ("dana-books-tuesday-at-ten", "+972501234567"),         // Israel, consent: called
        ("noa-asks-who-then-picks-the-second", "+972502345678"),// Israel, no consent: never
        ("jonas-asks-who-then-picks-the-second", "+4915123456702"), // Germany, consent: called
        ("lena-proposes-wednesday-at-two", "+4915123456701"),   // Germany, no consent: never
        ("mateo-asks-who-then-picks-the-first", "+34612345602"),// Spain, no consent: never
        ("chloe-call-back-tomorrow-at-two", "+33639980033"),    // France: lunch break until 14:00, then called
        ("hugo-not-interested", "+33639980055"),                // France, refused 10 days ago: 60 days' quiet
        ("george-spells-another-email", "+442079460345"),       // United Kingdom: called
    ];

    [Fact]
    public async Task Leads_in_several_countries_and_states_are_each_called_only_when_their_rules_allow()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await CampaignTestHost.StartAsync(StoreProvider.Sqlite, postgres, [.. Leads.Select(l => l.Persona)], RulesOn, ct,
            clock: TestClocks.StartingAt(Start));
        var ids = new Dictionary<string, Guid>(StringComparer.Ordinal);
        foreach (var (_, phone) in Leads)
        {
            ids[phone] = await host.LeadIdAsync(phone, ct);
        }

        foreach (var phone in new[] { "+12125550143", "+13055550117", "+12135550134", "+972501234567", "+4915123456702" })
        {
            using var added = await host.Client.PostAsJsonAsync($"/api/leads/{ids[phone]}/consents", WebFormConsent, ct);
            Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        }

        // Earlier calls from another campaign: Carmen was called three times this morning; Hugo said no ten days ago.
        var earlier = await host.CreateCampaignAsync(new { name = "Earlier campaign", leads = new { leadIds = new[] { ids["+13055550117"] } } }, ct);
        await using (var connection = await host.Get<DataStore>().OpenConnectionAsync(ct))
        {
            foreach (var (lead, at, outcome, n) in new[]
            {
                (ids["+13055550117"], "2026-03-02T10:00:00Z", "no-answer", 1), (ids["+13055550117"], "2026-03-02T11:00:00Z", "no-answer", 2),
                (ids["+13055550117"], "2026-03-02T12:00:00Z", "no-answer", 3), (ids["+33639980055"], "2026-02-20T10:00:00Z", "not-interested", 1),
            })
            {
                var instance = $"call:{earlier:D}:{lead:D}:{n}";
                await connection.ExecuteAsync(new CommandDefinition(
                    """
                    INSERT INTO call_attempts (instance_id, campaign_id, lead_id, attempt, call_id, state, outcome, created_at, ended_at)
                    VALUES (@instance, @earlier, @lead, @n, @callId, 'ended', @outcome, @at, @at)
                    """,
                    new { instance, earlier, lead, n, callId = Guid.NewGuid().ToString("N"), outcome, at = DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture) },
                    cancellationToken: ct));
            }
        }

        // Before the campaign: the endpoint answers for any instant.
        var avery = ids["+12125550143"];
        var early = await host.Client.GetFromJsonAsync<JsonElement>($"/api/leads/{avery}/call-permission?at=2026-03-02T12:59:00Z", ct);
        Assert.False(early.GetProperty("allowed").GetBoolean());
        Assert.Equal("US.hours", early.GetProperty("rule").GetString());
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 13, 0, 0, TimeSpan.Zero), early.GetProperty("nextAllowedAt").GetDateTimeOffset());
        var open = await host.Client.GetFromJsonAsync<JsonElement>($"/api/leads/{avery}/call-permission?at=2026-03-02T08:00:00-05:00", ct);
        Assert.True(open.GetProperty("allowed").GetBoolean(), open.ToString());

        var campaignId = await host.CreateCampaignAsync(new
        {
            name = "Calling rules",
            callingWindow = "Mon-Sun 00:00-23:59",
            concurrency = 3,
            timeZone = "Etc/UTC",
            retry = new { maxAttempts = 1 },
            leads = new { leadIds = ids.Values },
        }, ct);
        (await host.Client.PostAsync($"/api/campaigns/{campaignId}/start", null, ct)).EnsureSuccessStatusCode();

        // Five calls end (Avery, Dana, Jonas, Chloe, George) and three leads are settled for lack of consent.
        var called = new[] { "+12125550143", "+972501234567", "+4915123456702", "+33639980033", "+442079460345" };
        await using (var connection = await host.Get<DataStore>().OpenConnectionAsync(ct))
        {
            var waited = System.Diagnostics.Stopwatch.StartNew();
            while (await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                       "SELECT COUNT(*) FROM campaign_leads WHERE campaign_id = @campaignId AND attempts = 1 AND state <> 'calling'", new { campaignId },
                       cancellationToken: ct)) < called.Length)
            {
                Assert.True(waited.Elapsed < TimeSpan.FromMinutes(3), "the five callable leads were not all called within 3 minutes");
                await Task.Delay(200, ct);
            }
        }

        var status = await host.WaitForStatusAsync(campaignId, s =>
            s.GetProperty("progress").GetProperty("byOutcome").TryGetProperty("no-consent", out var noConsent) && noConsent.GetInt32() == 3
            && s.GetProperty("progress").GetProperty("inFlight").GetInt32() == 0,
            TimeSpan.FromMinutes(1), ct);
        // Elliot, Carmen and Hugo wait for their next allowed instant; the campaign keeps running for them.
        Assert.Equal("Running", status.GetProperty("orchestration").GetString());
        Assert.Equal(4, status.GetProperty("progress").GetProperty("byOutcome").GetProperty("booked").GetInt32());

        await using (var connection = await host.Get<DataStore>().OpenConnectionAsync(ct))
        {
            foreach (var (persona, phone) in Leads)
            {
                var calls = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                    "SELECT COUNT(*) FROM call_sessions WHERE lead_id = @lead", new { lead = ids[phone] }, cancellationToken: ct));
                Assert.True(calls == (called.Contains(phone) ? 1 : 0), $"{persona}: {calls} calls");
            }

            // New York and France were dialed only once their hours opened, at 13:00:00 UTC.
            foreach (var phone in new[] { "+12125550143", "+33639980033" })
            {
                var dialed = await connection.ExecuteScalarAsync<DateTimeOffset>(new CommandDefinition(
                    "SELECT created_at FROM call_attempts WHERE lead_id = @lead AND campaign_id = @campaignId", new { lead = ids[phone], campaignId },
                    cancellationToken: ct));
                Assert.True(dialed >= new DateTimeOffset(2026, 3, 2, 13, 0, 0, TimeSpan.Zero), $"{phone} dialed at {dialed:O}");
            }
        }

        Assert.Equal(called.Length, host.Emulator.Counters.CallsCreated);

        // Each refusal is in the lead's audit trail and is what the call-permission endpoint says for that instant.
        (string Phone, string Rule, string? Next)[] refusals =
        [
            ("+13055550117", "US-FL.cap", "2026-03-03T13:00:00Z"),
            ("+12135550134", "US.hours", "2026-03-02T16:00:00Z"),
            ("+972502345678", "IL.consent", null),
            ("+4915123456701", "DE.consent", null),
            ("+34612345602", "ES.consent", null),
            ("+33639980055", "FR.after-refusal", "2026-04-21T10:00:00Z"),
            ("+12125550143", "US.hours", "2026-03-02T13:00:00Z"),
            ("+33639980033", "FR.hours", "2026-03-02T13:00:00Z"),
        ];
        foreach (var (phone, rule, next) in refusals)
        {
            var decisions = await host.Client.GetFromJsonAsync<JsonElement>($"/api/leads/{ids[phone]}/call-decisions", ct);
            var refusal = decisions.EnumerateArray().First(d => !d.GetProperty("allowed").GetBoolean());
            Assert.True(rule == refusal.GetProperty("rule").GetString(), $"{phone}: {refusal}");
            Assert.Equal(campaignId, refusal.GetProperty("campaignId").GetGuid());
            Assert.False(string.IsNullOrWhiteSpace(refusal.GetProperty("reason").GetString()));
            var nextAt = refusal.GetProperty("nextAllowedAt");
            Assert.Equal(next, nextAt.ValueKind == JsonValueKind.Null ? null : nextAt.GetDateTimeOffset().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'",
                System.Globalization.CultureInfo.InvariantCulture));

            var decidedAt = refusal.GetProperty("decidedAt").GetDateTimeOffset();
            var permission = await host.Client.GetFromJsonAsync<JsonElement>(
                $"/api/leads/{ids[phone]}/call-permission?at={Uri.EscapeDataString(decidedAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture))}&campaignId={campaignId}", ct);
            Assert.False(permission.GetProperty("allowed").GetBoolean());
            Assert.Equal(rule, permission.GetProperty("rule").GetString());
            Assert.Equal(refusal.GetProperty("reason").GetString(), permission.GetProperty("reason").GetString());
        }

        // The called leads' trails end with the dial decision that allowed the call.
        foreach (var phone in called)
        {
            var decisions = await host.Client.GetFromJsonAsync<JsonElement>($"/api/leads/{ids[phone]}/call-decisions", ct);
            var last = decisions.EnumerateArray().Last();
            Assert.True(last.GetProperty("allowed").GetBoolean(), last.ToString());
            Assert.Equal("dial", last.GetProperty("stage").GetString());
            Assert.Equal(1, last.GetProperty("attempt").GetInt32());
        }

        // Leads settled for lack of consent show it on the lead too.
        var noa = await host.Client.GetFromJsonAsync<JsonElement>($"/api/leads/{ids["+972502345678"]}", ct);
        Assert.Equal("no-consent", noa.GetProperty("status").GetString());

        // The audit trail exports as CSV.
        using var csv = await host.Client.GetAsync($"/api/leads/{ids["+13055550117"]}/call-decisions?format=csv", ct);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var text = await csv.Content.ReadAsStringAsync(ct);
        Assert.StartsWith("decided_at,allowed,rule,reason,next_allowed_at,campaign_id,attempt,stage,jurisdiction,rule_versions", text, StringComparison.Ordinal);
        Assert.Contains(",false,US-FL.cap,", text, StringComparison.Ordinal);

        (await host.Client.PostAsync($"/api/campaigns/{campaignId}/cancel", null, ct)).EnsureSuccessStatusCode();
        await host.WaitForStatusAsync(campaignId, s => s.GetProperty("orchestration").GetString() == "Completed", TimeSpan.FromMinutes(1), ct);
    }

    [Theory]
    [InlineData(StoreProvider.Sqlite, DurableEngine.Ours)]
    [InlineData(StoreProvider.Postgres, DurableEngine.Ours)]
    [InlineData(StoreProvider.Sqlite, DurableEngine.Microsoft)]
    public async Task Leads_without_a_required_consent_are_reported_not_dropped_and_a_consenting_lead_is_called(StoreProvider provider, DurableEngine engine)
    {
        var ct = TestContext.Current.CancellationToken;
        // Germany sets no calling hours, so this holds at any instant (Microsoft's engine runs on the real clock).
        await using var host = await CampaignTestHost.StartAsync(provider, postgres,
            ["jonas-asks-who-then-picks-the-second", "lena-proposes-wednesday-at-two", "mateo-asks-who-then-picks-the-first"], RulesOn, ct, engine,
            TestClocks.For(engine));
        var jonas = await host.LeadIdAsync("+4915123456702", ct);
        var lena = await host.LeadIdAsync("+4915123456701", ct);
        var mateo = await host.LeadIdAsync("+34612345602", ct);
        using (var added = await host.Client.PostAsJsonAsync($"/api/leads/{jonas}/consents", WebFormConsent, ct))
        {
            Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        }

        var (campaignId, status) = await host.RunSweepAsync("Consent", [jonas, lena, mateo], TimeSpan.FromMinutes(3), ct);

        var byOutcome = status.GetProperty("progress").GetProperty("byOutcome");
        Assert.Equal(2, byOutcome.GetProperty("no-consent").GetInt32());
        Assert.Equal(1, byOutcome.GetProperty("booked").GetInt32());
        Assert.Equal(1, host.Emulator.Counters.CallsCreated);
        foreach (var (lead, rule) in new[] { (lena, "DE.consent"), (mateo, "ES.consent") })
        {
            var decisions = await host.Client.GetFromJsonAsync<JsonElement>($"/api/leads/{lead}/call-decisions", ct);
            var refusal = Assert.Single(decisions.EnumerateArray());
            Assert.Equal(rule, refusal.GetProperty("rule").GetString());
            Assert.Equal(campaignId, refusal.GetProperty("campaignId").GetGuid());
            Assert.Equal(JsonValueKind.Null, refusal.GetProperty("nextAllowedAt").ValueKind);
        }

        var allowed = await host.Client.GetFromJsonAsync<JsonElement>($"/api/leads/{jonas}/call-decisions", ct);
        Assert.True(Assert.Single(allowed.EnumerateArray()).GetProperty("allowed").GetBoolean());
    }
}
