using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AiScheduler.Domain.Conversation;
using AiScheduler.Functions.Calls.Recordings;
using AiScheduler.Functions.Leads;
using AiScheduler.Functions.Providers.Telephony;
using AiScheduler.Functions.Store;
using AiScheduler.Functions.Tests.Calls;
using AiScheduler.Functions.Tests.Storage;
using AiScheduler.Testing;
using Dapper;

using AiScheduler.Functions.Tests.Infrastructure;

namespace AiScheduler.Functions.Tests.EventGrid;

/// <summary>
/// Inbound calls end to end: a simulated caller dials the app on the standalone emulator (over HTTP), the emulator
/// posts Event Grid IncomingCall to /api/eventgrid, the app answers through the ACS client, the call session talks
/// with the caller, and the recording announced by RecordingFileStatusUpdated lands in the blob store, served by
/// GET /api/calls/{id}/recording.
/// </summary>
public sealed class InboundCallTests(PostgresFixture postgres, AzuriteFixture azurite)
{
    private const string Avery = "+12125550143";

    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(60);

    private static readonly Dictionary<string, string?> Recording = new() { ["EventGrid:RecordCalls"] = "true" };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task A_lead_calling_back_is_answered_with_their_own_context_books_and_the_recording_is_kept(StoreProvider provider)
    {
        await using var host = await EventGridTestHost.StartAsync(await TestStores.SettingsAsync(provider, postgres, Ct), Recording, Ct);

        var callId = await DialInAsync(host, Avery, persona: null);
        var ended = await host.EndedAsync(callId, CallTimeout, Ct);

        var lead = await host.Get<LeadStore>().FindByPhoneAsync(Workspaces.DefaultId, Avery, Ct);
        Assert.Equal(CallOutcome.Booked, ended.Outcome);
        Assert.Equal(lead!.Id, ended.LeadId);
        Assert.Equal("Avery Johnson", ended.State.Context.LeadName);
        Assert.Equal("America/New_York", ended.State.Context.TimeZone);
        await using (var connection = await host.Get<DataStore>().OpenConnectionAsync(Ct))
        {
            var attendee = await connection.QuerySingleAsync<string>(new CommandDefinition(
                "SELECT attendee_email FROM meetings WHERE call_id = @callId", new { callId }, cancellationToken: Ct));
            Assert.Equal(lead.Email, attendee);
        }

        var audio = await RecordingAsync(host, callId);
        Assert.Equal("RIFF"u8.ToArray(), audio[..4]);
        var stored = Assert.Single(await host.Get<RecordingStore>().RecordingsAsync(callId, Ct));
        Assert.Equal(audio.Length, stored.Length);
        Assert.StartsWith($"recordings/{callId}/", stored.BlobName, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_caller_gets_the_generic_flow_in_the_language_and_zone_of_their_number()
    {
        await using var host = await EventGridTestHost.StartAsync(await TestStores.SettingsAsync(StoreProvider.Sqlite, postgres, Ct), null, Ct);

        var callId = await DialInAsync(host, "+33144556677", persona: "amelie-books-tuesday-at-ten");
        var ended = await host.EndedAsync(callId, CallTimeout, Ct);

        Assert.Null(ended.LeadId);
        Assert.Equal("fr-FR", ended.State.Context.Language);
        Assert.Equal("Europe/Paris", ended.State.Context.TimeZone);
        Assert.Equal("+33144556677", ended.LeadPhone);
        var transcript = await host.Get<AiScheduler.Functions.Calls.CallSessionStore>().TranscriptAsync(callId, Ct);
        Assert.Equal(ConversationTurn.Agent, transcript[0].Speaker);
        Assert.StartsWith("fr", transcript[0].Language, StringComparison.Ordinal);
    }

    [Fact]
    public async Task On_the_local_azure_shape_PostgreSQL_Azurite_and_the_standalone_emulator_an_inbound_call_books_and_its_recording_is_a_SAS_link()
    {
        var container = azurite.UniqueName("recordings");
        await using var host = await EventGridTestHost.StartAsync(await TestStores.SettingsAsync(StoreProvider.Postgres, postgres, Ct),
            new Dictionary<string, string?>
            {
                ["Storage:Provider"] = "azure",
                ["Storage:ConnectionString"] = azurite.ConnectionString,
                ["Storage:Blobs:Container"] = container,
                ["EventGrid:RecordCalls"] = "true",
            }, Ct);

        var callId = await DialInAsync(host, Avery, persona: null);
        var ended = await host.EndedAsync(callId, CallTimeout, Ct);
        await RecordingAsync(host, callId);

        using var noRedirects = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.Client.BaseAddress };
        noRedirects.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer",
            await TestAuth.CreateKeyAsync(host.App.Services, Workspaces.DefaultId, cancellationToken: Ct));
        using var response = await noRedirects.GetAsync($"api/calls/{callId}/recording", Ct);
        Assert.Equal(CallOutcome.Booked, ended.Outcome);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var link = response.Headers.Location!;
        Assert.Equal(azurite.BlobPort, link.Port);
        Assert.Contains($"/devstoreaccount1/{container}/recordings/{callId}/", link.AbsolutePath, StringComparison.Ordinal);
        Assert.Contains("sig=", link.Query, StringComparison.Ordinal);
        using var anonymous = new HttpClient();
        var audio = await anonymous.GetByteArrayAsync(link, Ct);
        Assert.Equal("RIFF"u8.ToArray(), audio[..4]);
    }

    [Fact]
    public async Task Without_RecordCalls_a_call_is_not_recorded_and_its_recording_is_a_404_problem_that_says_why()
    {
        await using var host = await EventGridTestHost.StartAsync(await TestStores.SettingsAsync(StoreProvider.Sqlite, postgres, Ct), null, Ct);
        var callId = await DialInAsync(host, Avery, persona: null);
        await host.EndedAsync(callId, CallTimeout, Ct);

        using var response = await host.Client.GetAsync($"api/calls/{callId}/recording", Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty(await host.Get<RecordingStore>().RecordingsAsync(callId, Ct));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Contains("RecordingFileStatusUpdated", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    /// <summary>Starts a simulated inbound call on the emulator; by the time it answers, the app has taken the call.</summary>
    private static async Task<string> DialInAsync(EventGridTestHost host, string from, string? persona)
    {
        using var started = await host.EmulatorClient.PostAsJsonAsync("emulator/incoming-calls",
            new { from, to = EventGridTestHost.AppNumber, persona }, Ct);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var body = await started.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var serverCallId = body.GetProperty("serverCallId").GetString()!;
        var callId = await EventGridTestHost.EventuallyAsync(
            ct => host.Get<RecordingStore>().CallOfServerCallAsync(serverCallId, ct), TimeSpan.FromSeconds(10), "the app to answer the call", Ct);
        return callId;
    }

    private static async Task<byte[]> RecordingAsync(EventGridTestHost host, string callId) =>
        await EventGridTestHost.EventuallyAsync(async ct =>
        {
            using var response = await host.Client.GetAsync($"api/calls/{callId}/recording", ct);
            return response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadAsByteArrayAsync(ct) : null;
        }, TimeSpan.FromSeconds(20), "the recording to be stored", Ct);
}
