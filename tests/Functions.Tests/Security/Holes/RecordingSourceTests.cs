using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AiScheduler.Functions.Providers.Telephony;
using AiScheduler.Functions.Store;
using AiScheduler.Functions.Tests.Calls;
using AiScheduler.Functions.Tests.EventGrid;
using AiScheduler.Testing;

namespace AiScheduler.Functions.Tests.Security.Holes;

/// <summary>
/// A RecordingFileStatusUpdated event may only point at the telephony service (or the configured storage account):
/// a forged one naming any other host is refused, and nothing, least of all a signed request, is sent there.
/// </summary>
public sealed class RecordingSourceTests(PostgresFixture postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("contentLocation")]
    [InlineData("metadataLocation")]
    [InlineData("deleteLocation")]
    public async Task A_recording_event_pointing_at_a_foreign_host_is_refused_naming_the_field(string field)
    {
        await using var trap = new TrapServer();
        await using var host = await EventGridTestHost.StartAsync(await TestStores.SettingsAsync(StoreProvider.Sqlite, postgres, Ct), null, Ct);
        var objects = new Uri(host.Emulator.Endpoint, "v1/objects/doc-1");
        var locations = new Dictionary<string, string>
        {
            ["contentLocation"] = objects + "/content/audio",
            ["metadataLocation"] = objects + "/content/acsmetadata",
            ["deleteLocation"] = objects.ToString(),
        };
        locations[field] = new Uri(trap.Address, "v1/objects/doc-1/steal").ToString();

        using var response = await host.Client.PostAsync($"api/eventgrid?code={EventGridTestHost.Key}",
            new StringContent(RecordingEvent(locations), Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var errors = problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).ToList();
        Assert.Contains(errors, name => name.EndsWith(field, StringComparison.Ordinal));
        await Task.Delay(200, Ct);
        Assert.Empty(trap.Requests);
    }

    [Fact]
    public async Task The_telephony_client_never_sends_its_signature_to_a_host_it_was_not_configured_with()
    {
        await using var trap = new TrapServer();
        await using var host = await EventGridTestHost.StartAsync(await TestStores.SettingsAsync(StoreProvider.Sqlite, postgres, Ct), null, Ct);
        var telephony = host.Get<ITelephony>();

        await Assert.ThrowsAsync<TelephonyException>(() => telephony.DownloadRecordingAsync(new Uri(trap.Address, "v1/objects/x/content/audio"), Ct));
        Assert.Empty(trap.Requests);
    }

    private static string RecordingEvent(IReadOnlyDictionary<string, string> locations) => JsonSerializer.Serialize(new[]
    {
        new Dictionary<string, object>
        {
            ["id"] = Guid.NewGuid().ToString(),
            ["topic"] = "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Communication/CommunicationServices/acs",
            ["subject"] = "/recording/call/c/serverCallId/forged-server-call",
            ["eventType"] = "Microsoft.Communication.RecordingFileStatusUpdated",
            ["eventTime"] = "2026-03-02T08:00:00Z",
            ["dataVersion"] = "1.0",
            ["metadataVersion"] = "1",
            ["data"] = new Dictionary<string, object>
            {
                ["recordingStorageInfo"] = new Dictionary<string, object>
                {
                    ["recordingChunks"] = new[]
                    {
                        new Dictionary<string, object>
                        {
                            ["documentId"] = "doc-1",
                            ["index"] = 0,
                            ["endReason"] = "SessionEnded",
                            ["contentLocation"] = locations["contentLocation"],
                            ["metadataLocation"] = locations["metadataLocation"],
                            ["deleteLocation"] = locations["deleteLocation"],
                        },
                    },
                },
                ["recordingStartTime"] = "2026-03-02T07:59:00Z",
                ["recordingDurationMs"] = 60000,
                ["sessionEndReason"] = "CallEnded",
                ["recordingId"] = "rec-1",
                ["serverCallId"] = "forged-server-call",
            },
        },
    });
}
