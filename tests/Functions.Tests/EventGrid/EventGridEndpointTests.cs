using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AiScheduler.Functions.Store;
using AiScheduler.Functions.Tests.Calls;
using AiScheduler.Testing;
using Dapper;

namespace AiScheduler.Functions.Tests.EventGrid;

/// <summary>
/// <c>/api/eventgrid</c> over real HTTP with the payload shapes of protocols.md 1.9: both validation handshakes, the key
/// check, CloudEvents structured and batched, unknown types, bad bodies and repeated deliveries.
/// </summary>
public sealed class EventGridEndpointTests(PostgresFixture postgres)
{
    private const string ValidationCode = "512d38b6-c7b8-40c8-89fe-f46f9e9622b6";

    private static readonly string ValidationEvent = $$"""
        [{
          "id": "2d1781af-3a4c-4d7c-bd0c-e34b19da4e66",
          "topic": "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Communication/CommunicationServices/acs",
          "subject": "",
          "data": {
            "validationCode": "{{ValidationCode}}",
            "validationUrl": "https://rp-eastus2.eventgrid.azure.net:553/eventsubscriptions/aischeduler/validate?id=0000&t=2022-10-28T04:23:35.1981776Z&apiVersion=2018-05-01-preview&token=1A1A1A1A"
          },
          "eventType": "Microsoft.EventGrid.SubscriptionValidationEvent",
          "eventTime": "2022-10-28T04:23:35.1981776Z",
          "metadataVersion": "1",
          "dataVersion": "1"
        }]
        """;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Subscription_validation_in_the_Event_Grid_schema_is_answered_with_its_code()
    {
        await using var host = await StartAsync();

        using var response = await host.Client.SendAsync(Post("api/eventgrid?code=" + EventGridTestHost.Key, ValidationEvent, "application/json", "SubscriptionValidation"), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal(ValidationCode, body.RootElement.GetProperty("validationResponse").GetString());
    }

    [Fact]
    public async Task The_CloudEvents_abuse_protection_handshake_allows_Event_Grid_to_deliver()
    {
        await using var host = await StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Options, "api/eventgrid?code=" + EventGridTestHost.Key);
        request.Headers.Add("WebHook-Request-Origin", "eventgrid.azure.net");
        request.Headers.Add("WebHook-Request-Rate", "120");

        using var response = await host.Client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("eventgrid.azure.net", Assert.Single(response.Headers.GetValues("WebHook-Allowed-Origin")));
        Assert.Equal("*", Assert.Single(response.Headers.GetValues("WebHook-Allowed-Rate")));
        Assert.Contains("POST", response.Content.Headers.Allow);
    }

    [Fact]
    public async Task A_handshake_from_another_origin_or_without_one_is_refused_with_a_problem()
    {
        await using var host = await StartAsync();
        using var foreign = new HttpRequestMessage(HttpMethod.Options, "api/eventgrid?code=" + EventGridTestHost.Key);
        foreign.Headers.Add("WebHook-Request-Origin", "attacker.example.com");
        using var bare = new HttpRequestMessage(HttpMethod.Options, "api/eventgrid?code=" + EventGridTestHost.Key);

        using var refused = await host.Client.SendAsync(foreign, Ct);
        using var notAHandshake = await host.Client.SendAsync(bare, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.False(refused.Headers.Contains("WebHook-Allowed-Origin"));
        Assert.Equal(HttpStatusCode.BadRequest, notAHandshake.StatusCode);
        Assert.Contains("WebHook-Request-Origin", await notAHandshake.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_or_missing_key_is_refused_with_a_401_problem_on_deliveries_and_handshakes()
    {
        await using var host = await StartAsync();
        using var handshake = new HttpRequestMessage(HttpMethod.Options, "api/eventgrid?code=wrong-key-wrong-key-wrong");
        handshake.Headers.Add("WebHook-Request-Origin", "eventgrid.azure.net");

        using var wrong = await host.Client.SendAsync(Post("api/eventgrid?code=wrong-key-wrong-key-wrong", ValidationEvent, "application/json", "SubscriptionValidation"), Ct);
        using var missing = await host.Client.SendAsync(Post("api/eventgrid", ValidationEvent, "application/json", "SubscriptionValidation"), Ct);
        using var wrongHandshake = await host.Client.SendAsync(handshake, Ct);

        foreach (var response in new[] { wrong, missing, wrongHandshake })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
            Assert.Contains("?code=", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.DoesNotContain(EventGridTestHost.Key, await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }

        Assert.False(wrongHandshake.Headers.Contains("WebHook-Allowed-Origin"));
    }

    [Theory]
    [InlineData("x-functions-key")]
    [InlineData("aeg-sas-key")]
    public async Task The_key_may_also_come_in_a_header(string header)
    {
        await using var host = await StartAsync();
        var request = Post("api/eventgrid", ValidationEvent, "application/json", "SubscriptionValidation");
        request.Headers.Add(header, EventGridTestHost.Key);

        using var response = await host.Client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Unknown_event_types_are_acknowledged_as_a_structured_CloudEvent_a_batch_and_in_the_Event_Grid_schema()
    {
        await using var host = await StartAsync();
        const string structured = """
            {"specversion":"1.0","id":"a1","source":"/subscriptions/x/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/acct",
             "type":"Microsoft.Storage.BlobCreated","subject":"/blobServices/default/containers/c/blobs/b","time":"2026-11-20T10:00:00Z",
             "datacontenttype":"application/json","data":{"api":"PutBlob"}}
            """;
        const string batch = """
            [{"specversion":"1.0","id":"b1","source":"/x","type":"Contoso.Items.ItemReceived","data":{"itemSku":"1"}},
             {"specversion":"1.0","id":"b2","source":"/x","type":"Microsoft.Communication.CallEnded","data":{}}]
            """;
        const string eventGrid = """
            [{"id":"c1","topic":"/x","subject":"s","eventType":"Microsoft.Communication.SMSReceived","eventTime":"2026-11-20T10:00:00Z",
              "data":{"from":"+14255550123"},"dataVersion":"1.0","metadataVersion":"1"}]
            """;

        using var one = await host.Client.SendAsync(Post("api/eventgrid?code=" + EventGridTestHost.Key, structured, "application/cloudevents+json"), Ct);
        using var many = await host.Client.SendAsync(Post("api/eventgrid?code=" + EventGridTestHost.Key, batch, "application/cloudevents-batch+json"), Ct);
        using var classic = await host.Client.SendAsync(Post("api/eventgrid?code=" + EventGridTestHost.Key, eventGrid, "application/json", "Notification"), Ct);

        Assert.Equal(HttpStatusCode.OK, one.StatusCode);
        Assert.Equal(HttpStatusCode.OK, many.StatusCode);
        Assert.Equal(HttpStatusCode.OK, classic.StatusCode);
        await using var connection = await host.Get<DataStore>().OpenConnectionAsync(Ct);
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>(new CommandDefinition("SELECT COUNT(*) FROM event_grid_deliveries", cancellationToken: Ct)));
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("[{\"id\":\"x\",\"data\":{}}]")]
    [InlineData("[{\"specversion\":\"0.3\",\"id\":\"x\",\"type\":\"t\"}]")]
    [InlineData("42")]
    public async Task A_body_that_is_not_events_is_a_400_problem_that_says_what_was_expected(string body)
    {
        await using var host = await StartAsync();

        using var response = await host.Client.SendAsync(Post("api/eventgrid?code=" + EventGridTestHost.Key, body, "application/json"), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Contains("Event Grid schema array", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""[{"id":"x","eventType":"Microsoft.Communication.IncomingCall","data":{},"dataVersion":"1.0"}]""", "$[0].subject is required")]
    [InlineData("""[{"specversion":"1.0","id":"a","source":"/s","type":"t","data":{}},{"specversion":"1.0","id":"b","type":"t","data":{}}]""", "$[1]: The source property")]
    [InlineData("""[{"specversion":"1.0","id":"a","source":"/s","type":"t","time":"yesterday"}]""", "$[0].time 'yesterday'")]
    [InlineData("""[{"specversion":"1.0","id":7,"source":"/s","type":"t"}]""", "$[0].id must be a string")]
    [InlineData("""[{"specversion":"1.0","id":"a","source":"/s","type":"t"},{"id":"b","subject":"s","eventType":"t","data":{},"dataVersion":"1"}]""", "$[1] is not in the schema of $[0]")]
    [InlineData("""{"specversion":"1.0","id":"i","source":"/s","type":"Microsoft.Communication.IncomingCall","data":{"to":{"rawId":"4:+14255550100"},"incomingCallContext":"c"}}""", "from.phoneNumber.value")]
    public async Task A_malformed_event_is_a_400_problem_naming_the_event_and_field(string body, string named)
    {
        await using var host = await StartAsync();

        using var response = await host.Client.SendAsync(Post("api/eventgrid?code=" + EventGridTestHost.Key, body, "application/json"), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Contains(named, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_IncomingCall_delivered_twice_is_handled_once()
    {
        await using var host = await StartAsync();
        // A CloudEvents delivery of a call that has already stopped ringing: the answer fails and must not be retried.
        const string incoming = """
            {"specversion":"1.0","id":"5ba2d7e1-0000-4000-8000-00000000c0de","type":"Microsoft.Communication.IncomingCall",
             "source":"/subscriptions/x/resourcegroups/rg/providers/microsoft.communication/communicationservices/acs",
             "subject":"/caller/4:+33144556677/recipient/4:+14255550100","time":"2026-11-20T10:00:00Z",
             "data":{"to":{"kind":"phoneNumber","rawId":"4:+14255550100","phoneNumber":{"value":"+14255550100"}},
                     "from":{"kind":"phoneNumber","rawId":"4:+33144556677","phoneNumber":{"value":"+33144556677"}},
                     "serverCallId":"server-call-gone","callerDisplayName":"","incomingCallContext":"expired.context",
                     "correlationId":"d732db64-0000-4000-8000-000000000001"}}
            """;

        using var first = await host.Client.SendAsync(Post("api/eventgrid?code=" + EventGridTestHost.Key, incoming, "application/cloudevents+json"), Ct);
        using var again = await host.Client.SendAsync(Post("api/eventgrid?code=" + EventGridTestHost.Key, incoming, "application/cloudevents+json"), Ct);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        await using var connection = await host.Get<DataStore>().OpenConnectionAsync(Ct);
        // Stored once in the call inbox before the 200, then handled from it.
        Assert.Equal(1, await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT COUNT(*) FROM call_inbox WHERE source = 'eventgrid' AND event_id = '5ba2d7e1-0000-4000-8000-00000000c0de'", cancellationToken: Ct)));
        List<string?> sessions;
        do
        {
            await Task.Delay(20, Ct);
            sessions = (await connection.QueryAsync<string?>(new CommandDefinition(
                "SELECT outcome FROM call_sessions WHERE lead_phone = '+33144556677'", cancellationToken: Ct))).ToList();
        }
        while (sessions.Count == 0 || sessions[0] is null
               || await connection.ExecuteScalarAsync<int>(new CommandDefinition("SELECT COUNT(*) FROM call_inbox WHERE processed_at IS NULL", cancellationToken: Ct)) > 0);

        Assert.Equal("failed", Assert.Single(sessions));
    }

    private async Task<EventGridTestHost> StartAsync() =>
        await EventGridTestHost.StartAsync(await TestStores.SettingsAsync(StoreProvider.Sqlite, postgres, Ct), null, Ct);

    private static HttpRequestMessage Post(string path, string body, string contentType, string? eventGridType = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, contentType) };
        if (eventGridType is not null)
        {
            request.Headers.Add("aeg-event-type", eventGridType);
        }

        return request;
    }
}
