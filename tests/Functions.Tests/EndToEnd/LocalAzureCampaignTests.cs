using System.Net;
using AiScheduler.Functions.Providers.Storage;
using AiScheduler.Functions.Providers.Storage.Azure;
using AiScheduler.Functions.Store;
using AiScheduler.Functions.Tests.Campaigns;
using AiScheduler.Functions.Tests.Storage;
using AiScheduler.Testing;
using Dapper;

namespace AiScheduler.Functions.Tests.EndToEnd;

/// <summary>
/// The campaign end-to-end test on the local-azure profile's services: PostgreSQL, Azure Blob Storage and Storage
/// Queues on a real Azurite (own container and queue names), and the ACS emulator reached over loopback HTTP as a
/// standalone server. A small persona subset keeps it quick; the guarantees are the same as the embedded run's.
/// </summary>
public sealed class LocalAzureCampaignTests(PostgresFixture postgres, AzuriteFixture azurite)
{
    // Persona file → its number in the sample leads, the outcome its "expect" field names, and the calls the policy allows.
    private static readonly (string Persona, string Phone, string Outcome, long Attempts)[] Personas =
    [
        ("dana-books-tuesday-at-ten", "+972501234567", "booked", 1),
        ("jordan-voicemail", "+16175550191", "voicemail", 2),
        ("emma-opts-out", "+4915123456707", "opted-out", 1),
    ];

    [Fact]
    public async Task A_campaign_on_PostgreSQL_Azurite_and_the_standalone_emulator_settles_each_persona_and_sends_one_invite_per_booking()
    {
        var ct = TestContext.Current.CancellationToken;
        var leadImports = azurite.UniqueName("lead-imports");
        await using var host = await CampaignTestHost.StartAsync(StoreProvider.Postgres, postgres, [.. Personas.Select(p => p.Persona)],
            new Dictionary<string, string?>(StringComparer.Ordinal)
            {
                ["Storage:Provider"] = "azure",
                ["Storage:ConnectionString"] = azurite.ConnectionString,
                ["Storage:Blobs:Container"] = azurite.UniqueName("campaign"),
                ["Storage:Queues:LeadImports"] = leadImports,
            }, ct);

        // The app really is composed over Azurite, not the embedded folder and store-table queue.
        Assert.IsType<AzureBlobStore>(host.Get<IBlobStore>());
        var queue = Assert.IsType<AzureStorageQueue>(host.Get<IMessageQueue>());

        var leadIds = new Dictionary<string, Guid>(StringComparer.Ordinal);
        foreach (var (_, phone, _, _) in Personas)
        {
            leadIds[phone] = await host.LeadIdAsync(phone, ct);
        }

        var (campaignId, status) = await host.RunSweepAsync("Local-azure sweep", leadIds.Values, TimeSpan.FromMinutes(2), ct);

        Assert.Equal("completed", status.GetProperty("status").GetString());
        Assert.Equal(Personas.Length, status.GetProperty("progress").GetProperty("settled").GetInt32());
        await using var connection = await host.Get<DataStore>().OpenConnectionAsync(ct);
        var leads = (await connection.QueryAsync<(Guid LeadId, string LastOutcome, long Attempts)>(new CommandDefinition(
            "SELECT lead_id, last_outcome, attempts FROM campaign_leads WHERE campaign_id = @campaignId", new { campaignId },
            cancellationToken: ct))).ToDictionary(r => r.LeadId);
        foreach (var (persona, phone, outcome, attempts) in Personas)
        {
            var lead = leads[leadIds[phone]];
            Assert.True(lead.LastOutcome == outcome, $"{persona}: expected {outcome}, got {lead.LastOutcome}");
            Assert.Equal(attempts, lead.Attempts);
            Assert.Equal(attempts, await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "SELECT COUNT(*) FROM call_sessions WHERE lead_id = @leadId", new { leadId = leadIds[phone] }, cancellationToken: ct)));
        }

        // Every call the emulator placed belongs to one attempt, never more than the campaign's concurrency at once.
        Assert.Equal(Personas.Sum(p => p.Attempts), host.Emulator.Counters.CallsCreated);
        Assert.InRange(host.Emulator.Counters.MaxConcurrentActiveCalls, 1, 2);

        // One booked meeting and exactly one invite for it.
        var meeting = Assert.Single((await connection.QueryAsync<Guid>(new CommandDefinition(
            "SELECT id FROM meetings WHERE status = 'booked'", cancellationToken: ct))).ToList());
        var invites = 0L;
        for (var round = 0; round < 100 && invites == 0; round++)
        {
            invites = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "SELECT COUNT(*) FROM emails WHERE meeting_id = @meeting AND kind = 'invite' AND status = 'sent'", new { meeting },
                cancellationToken: ct));
            if (invites == 0)
            {
                await Task.Delay(100, ct);
            }
        }

        Assert.Equal(1, invites);
        Assert.Single(Directory.GetFiles(host.Outbox, "*.eml", SearchOption.AllDirectories));
        Assert.Equal(1, await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM emails WHERE kind = 'invite'", cancellationToken: ct)));

        // The lead-imports trigger polled its own Azurite queue throughout, and nothing was left on it.
        Assert.Equal(0, await queue.CountAsync(new QueueName(leadImports), ct));
    }
}
