using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AiScheduler.Functions.EventGrid;
using AiScheduler.Functions.Providers.Telephony;
using AiScheduler.Functions.Store;
using AiScheduler.Functions.Tests.Infrastructure;
using AiScheduler.Testing;

namespace AiScheduler.Functions.Tests.Security.Holes;

/// <summary>
/// The embedded default has an Event Grid key too: generated at first start and kept in the store, so unauthenticated
/// events are refused; the in-process emulator is told the key and its deliveries are accepted.
/// </summary>
public sealed class EventGridKeyTests(PostgresFixture postgres)
{
    private const string Validation = """
        [{ "id": "v-1", "topic": "t", "subject": "", "eventType": "Microsoft.EventGrid.SubscriptionValidationEvent",
           "eventTime": "2026-03-02T08:00:00Z", "dataVersion": "1", "metadataVersion": "1", "data": { "validationCode": "code-1" } }]
        """;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Without_a_configured_key_the_embedded_default_refuses_events_that_present_none()
    {
        // The Event Grid webhook keeps its own authentication (no user or API key).
        await using var app = await TestApp.StartAsync(StoreProvider.Sqlite, postgres, cancellationToken: Ct);

        using var response = await app.Client.PostAsync("api/eventgrid", Json(Validation), Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task The_generated_key_is_stored_kept_across_restarts_and_given_to_the_in_process_emulator()
    {
        var settings = await TestDatabase.SettingsAsync(StoreProvider.Sqlite, postgres, Ct);
        string key;
        await using (var first = await TestApp.StartAsync(StoreProvider.Sqlite, postgres, settings, Ct))
        {
            key = await first.Services.GetRequiredService<EventGridKey>().GetAsync(Ct);
            Assert.True(key.Length >= 32, key);
            var emulatorEndpoint = first.Services.GetRequiredService<IEmbeddedTelephony>().EventGridEndpoint!;
            Assert.Equal("code=" + Uri.EscapeDataString(key), emulatorEndpoint.Query.TrimStart('?'));

            using var accepted = await first.Client.PostAsync(emulatorEndpoint.PathAndQuery.TrimStart('/'), Json(Validation), Ct);
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
            Assert.Equal("code-1", (await accepted.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("validationResponse").GetString());
        }

        // Two hosts on one database (scale-out, or a restart) use the one key the first stored.
        settings = await TestDatabase.SettingsAsync(StoreProvider.Postgres, postgres, Ct);
        await using var one = await TestApp.StartAsync(StoreProvider.Postgres, postgres, settings, Ct);
        var stored = await one.Services.GetRequiredService<EventGridKey>().GetAsync(Ct);
        await using var other = await TestApp.StartAsync(StoreProvider.Postgres, postgres, settings, Ct);
        Assert.Equal(stored, await other.Services.GetRequiredService<EventGridKey>().GetAsync(Ct));
        Assert.NotEqual(key, stored);
    }

    [Fact]
    public async Task A_configured_key_wins_over_the_stored_one()
    {
        await using var app = await TestApp.StartAsync(StoreProvider.Sqlite, postgres,
            new Dictionary<string, string?> { ["EventGrid:Key"] = "configured-event-grid-key-0123" }, Ct);

        Assert.Equal("configured-event-grid-key-0123", await app.Services.GetRequiredService<EventGridKey>().GetAsync(Ct));
        using var response = await app.Client.PostAsync("api/eventgrid?code=configured-event-grid-key-0123", Json(Validation), Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
