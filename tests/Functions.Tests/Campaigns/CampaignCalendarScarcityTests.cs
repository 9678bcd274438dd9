using System.Globalization;
using System.Text;
using System.Text.Json;
using AiScheduler.Domain.Conversation.Languages;
using AiScheduler.Functions.Leads;
using AiScheduler.Functions.Store;
using AiScheduler.Functions.Tests.Infrastructure;
using AiScheduler.Testing;
using Dapper;

namespace AiScheduler.Functions.Tests.Campaigns;

/// <summary>
/// The campaign benchmark's "settled-lead gap": with many calls at once on one calendar, the calls hold every free time
/// as offers, and a lead who says yes while none is left hears "no free times, we'll call you back". Such a lead waits
/// for that callback (counted as waiting, not settled); nothing is lost. These runs make the calendar one slot wide so
/// the same happens with a few hundred leads, and account for every lead on real SQLite and PostgreSQL.
/// </summary>
public sealed class CampaignCalendarScarcityTests(PostgresFixture postgres)
{
    private const int Leads = 200;

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task A_campaign_whose_calendar_runs_out_under_concurrency_accounts_for_every_lead_as_settled_or_waiting_for_its_callback(
        StoreProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        // The host's clock starts on Monday 08:00 UTC; the leads are in New York, where a meeting is offered only in
        // their working hours (14:00-23:00 UTC that Monday). Open an hour of it for one day: a single slot, at 14:00.
        await using var host = await CampaignTestHost.StartAsync(provider, postgres, [], new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Booking:Opens"] = "14:00",
            ["Booking:Closes"] = "15:00",
            ["Booking:HorizonDays"] = "1",
        }, ct);
        var csv = new StringBuilder("name,phone,email\n");
        for (var i = 1; i <= Leads; i++)
        {
            // Numbers no persona claims: the emulator's default callee, who asks who is calling, says "sure, that
            // sounds interesting" to the meeting and hangs up on the offer.
            csv.Append(CultureInfo.InvariantCulture, $"Lead {i},+1 212 506 {i:0000},lead{i}@example.com\n");
        }

        await using (var stream = new MemoryStream(Encoding.UTF8.GetBytes(csv.ToString())))
        {
            var imported = await host.Get<LeadCsvImporter>().ImportAsync(stream, new LeadImportTarget(Workspaces.DefaultId), new LeadImportOptions(), null, ct);
            Assert.Equal(Leads, imported.Imported);
        }

        await using var connection = await host.Get<DataStore>().OpenConnectionAsync(ct);
        var leadIds = (await connection.QueryAsync<Guid>(new CommandDefinition(
            "SELECT id FROM leads WHERE phone LIKE '+1212506%'", cancellationToken: ct))).ToList();
        Assert.Equal(Leads, leadIds.Count);

        var campaignId = await host.CreateCampaignAsync(new
        {
            name = "One slot, many calls",
            callingWindow = "Mon-Sun 00:00-23:59",
            concurrency = 50,
            retry = new { maxAttempts = 1 },
            leads = new { leadIds },
        }, ct);
        using (var start = await host.Client.PostAsync($"/api/campaigns/{campaignId}/start", null, ct))
        {
            Assert.Equal(System.Net.HttpStatusCode.Accepted, start.StatusCode);
        }

        var status = await host.WaitForStatusAsync(campaignId, s => s.GetProperty("orchestration").GetString() == "Completed",
            TimeSpan.FromMinutes(8), ct);

        // The status that says Completed carries the final counts: every lead settled or waiting, none due or in flight.
        var progress = status.GetProperty("progress");
        Assert.Equal("completed", status.GetProperty("status").GetString());
        Assert.Equal(Leads, progress.GetProperty("total").GetInt32());
        Assert.Equal(0, progress.GetProperty("due").GetInt32());
        Assert.Equal(0, progress.GetProperty("inFlight").GetInt32());
        var settled = progress.GetProperty("settled").GetInt32();
        var waiting = progress.GetProperty("waiting").GetInt32();
        Assert.Equal(Leads, settled + waiting);
        Assert.Equal(Leads, host.Emulator.Counters.CallsCreated);

        // Each lead's one attempt ended and was recorded: the lead who heard offers and hung up is settled not
        // interested; the one who said yes when no time was left waits for the callback the agent promised.
        var rows = (await connection.QueryAsync<LeadRow>(new CommandDefinition(
            """
            SELECT cl.state AS State, cl.settlement AS Settlement, cl.last_outcome AS LastOutcome, cl.attempts AS Attempts,
                   cl.next_at AS NextAt, l.status AS LeadStatus, a.state AS AttemptState, a.outcome AS AttemptOutcome, s.state AS Session
            FROM campaign_leads cl
            JOIN leads l ON l.id = cl.lead_id
            JOIN call_attempts a ON a.campaign_id = cl.campaign_id AND a.lead_id = cl.lead_id
            JOIN call_sessions s ON s.call_id = a.call_id
            WHERE cl.campaign_id = @campaignId
            """, new { campaignId }, cancellationToken: ct))).ToList();
        Assert.Equal(Leads, rows.Count);
        var noSlots = LanguagePacks.For("en-US").NoSlots();
        foreach (var row in rows)
        {
            Assert.Equal(1, row.Attempts);
            Assert.Equal("ended", row.AttemptState);
            Assert.Equal(row.LastOutcome, row.AttemptOutcome);
            if (row.State == "settled")
            {
                // A call starved of CPU past Campaigns:CallEndedTimeout is concluded as failed: settled as that.
                Assert.Contains(row.LastOutcome, new[] { "not-interested", "failed" });
                Assert.Equal((row.LastOutcome, row.LastOutcome), (row.Settlement, row.LeadStatus));
            }
            else
            {
                Assert.Equal(("callback", "callback-requested", "callback"), (row.State, row.LastOutcome, row.LeadStatus));
                Assert.NotNull(row.NextAt);
                var turns = JsonDocument.Parse(row.Session).RootElement.GetProperty("turns");
                Assert.Equal(noSlots, turns[turns.GetArrayLength() - 1].GetProperty("text").GetString());
            }
        }

        Assert.Equal(settled, rows.Count(r => r.State == "settled"));
        Assert.Equal(waiting, rows.Count(r => r.State == "callback"));
        // The calendar did run out (fifty calls at once, one slot), and it did not leak: every call gave its holds back.
        Assert.InRange(waiting, 1, Leads - 1);
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM slot_holds", cancellationToken: ct)));
    }

    private sealed class LeadRow
    {
        public string State { get; set; } = "";
        public string? Settlement { get; set; }
        public string? LastOutcome { get; set; }
        public long Attempts { get; set; }
        public DateTimeOffset? NextAt { get; set; }
        public string LeadStatus { get; set; } = "";
        public string AttemptState { get; set; } = "";
        public string? AttemptOutcome { get; set; }
        public string Session { get; set; } = "";
    }
}
