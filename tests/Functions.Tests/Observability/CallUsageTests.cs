using System.Net.Http.Json;
using AiScheduler.Domain.Phones;
using AiScheduler.Functions.Calls;
using AiScheduler.Functions.Store;
using AiScheduler.Functions.Tests.Calls;
using AiScheduler.Functions.Tests.Infrastructure;
using AiScheduler.Testing;
using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.Tests.Observability;

/// <summary>
/// Each call keeps what it used: time to the agent's first audio, turn latency (median and worst), telephony, model and
/// speech requests, and a cost estimate from the <c>Costs:*</c> prices - stored per call and shown on <c>GET /api/calls/{id}</c>.
/// </summary>
public sealed class CallUsageTests(PostgresFixture postgres)
{
    private static readonly CostOptions Prices = new() { Currency = "EUR", TelephonyPerMinute = 0.5m, LlmInputPerMillionTokens = 2m, LlmOutputPerMillionTokens = 8m };

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task The_turns_of_a_call_add_up_to_its_usage_and_cost(StoreProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        var clock = new ManualClock(TestClocks.Default);
        var store = new CallUsageStore(await TestStores.CreateAsync(provider, postgres, clock, ct), Options.Create(Prices));
        const long connected = 1_700_000_000_000;

        // Connected: the opening took 150 ms and spoke. Then a model turn of 40 ms, a silent 300 ms turn, the hang-up.
        await store.RecordAsync("call-1", new CallUsageDelta(connected, connected + 150, Spoke: true, 150, 1, 0, 0, 0, 2), ct);
        await store.RecordAsync("call-1", new CallUsageDelta(null, connected + 9_000, Spoke: true, 40, 1, 2, 1_000, 200, 2), ct);
        await store.RecordAsync("call-1", new CallUsageDelta(null, connected + 20_000, Spoke: false, 300, 1, 1, 500, 0, 1), ct);
        await store.RecordAsync("call-1", new CallUsageDelta(null, connected + 21_000, Spoke: false, null, 1, 0, 0, 0, 0), ct);
        var usage = await store.GetAsync("call-1", DateTimeOffset.FromUnixTimeMilliseconds(connected + 120_000), clock.GetUtcNow(), ct);

        Assert.NotNull(usage);
        Assert.Equal(150, usage.TimeToFirstAudioMs);
        Assert.Equal(3, usage.Turns);
        Assert.Equal(150, usage.TurnLatencyP50Ms);
        Assert.Equal(300, usage.TurnLatencyMaxMs);
        // The create command, three turns' commands and the hang-up.
        Assert.Equal(new CallProviderRequests(Telephony: 5, Llm: 3, Speech: 5, LlmInputTokens: 1_500, LlmOutputTokens: 200), usage.Requests);
        // Two minutes at 0.50, and 1,500 input tokens at 2 and 200 output tokens at 8 per million.
        Assert.Equal(new CallCostEstimate("EUR", 1.0m, 0.0046m, 1.0046m, 2.0), usage.Cost);
        Assert.Null(await store.GetAsync("never-connected", null, clock.GetUtcNow(), ct));
    }

    [Fact]
    public async Task A_silent_opening_counts_the_first_audio_from_the_connection_to_the_first_turn_that_speaks()
    {
        var ct = TestContext.Current.CancellationToken;
        var clock = new ManualClock(TestClocks.Default);
        var store = new CallUsageStore(await TestStores.CreateAsync(StoreProvider.Sqlite, postgres, clock, ct), Options.Create(Prices));

        // A voicemail greeting is listened to in silence first; the agent speaks 4.2 s after the call connected.
        await store.RecordAsync("call-2", new CallUsageDelta(10_000, 10_030, Spoke: false, 30, 1, 0, 0, 0, 1), ct);
        await store.RecordAsync("call-2", new CallUsageDelta(null, 14_200, Spoke: true, 20, 1, 0, 0, 0, 1), ct);
        var usage = await store.GetAsync("call-2", null, DateTimeOffset.FromUnixTimeMilliseconds(70_000), ct);

        Assert.Equal(4_200, usage!.TimeToFirstAudioMs);
        Assert.Equal(25, usage.TurnLatencyP50Ms);
        // Still running: the minutes count up to now.
        Assert.Equal(1.0, usage.Cost.TelephonyMinutes);
    }

    [Fact]
    public async Task A_finished_call_shows_its_usage_on_its_api_record()
    {
        var ct = TestContext.Current.CancellationToken;
        // The in-process emulator calls back the port the app listens on.
        var port = LoopbackPorts.Free();
        await using var app = await TestApp.StartAsync(StoreProvider.Sqlite, postgres, new Dictionary<string, string?>
        {
            ["Telephony:CallbackBaseUri"] = $"http://127.0.0.1:{port}/",
            ["Telephony:Emulator:TimeScale"] = "0.02",
            ["Costs:Currency"] = "EUR",
            ["Costs:TelephonyPerMinute"] = "0.5",
        }, ct, port: port);
        var target = new CallTarget(Workspaces.DefaultId, null, PhoneNumber.Parse("+12135550134"), "Elliot", null, null, "en-US", "America/Los_Angeles");

        var callId = await app.Services.GetRequiredService<OutboundCalls>().PlaceAsync(target, ct);
        var sessions = app.Services.GetRequiredService<CallSessionStore>();
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            timeout.CancelAfter(TimeSpan.FromSeconds(60));
            while ((await sessions.GetAsync(callId, timeout.Token))?.Phase != CallPhase.Ended)
            {
                await Task.Delay(50, timeout.Token);
            }
        }

        var details = await app.Client.GetFromJsonAsync<CallDetails>(new Uri($"/api/calls/{callId}", UriKind.Relative), ct);

        var usage = details!.Usage;
        Assert.NotNull(usage);
        Assert.NotNull(usage.TimeToFirstAudioMs);
        Assert.True(usage.Turns >= 1, $"{usage.Turns} turns");
        Assert.True(usage.TurnLatencyP50Ms <= usage.TurnLatencyMaxMs);
        // The rule-based brain asks no model; the create, the opening, the closing line and the hang-up reach telephony.
        Assert.Equal(0, usage.Requests.Llm);
        Assert.True(usage.Requests.Telephony >= 3, $"{usage.Requests.Telephony} telephony commands");
        Assert.True(usage.Requests.Speech >= 2, $"{usage.Requests.Speech} speech requests");
        Assert.Equal("EUR", usage.Cost.Currency);
        Assert.Equal(0m, usage.Cost.Llm);
        Assert.Equal(usage.Cost.Telephony, usage.Cost.Total);
    }

    [Fact]
    public void The_median_of_an_even_count_is_the_mean_of_the_middle_two()
    {
        Assert.Equal(20, CallUsageStore.Median([10, 20, 30]));
        Assert.Equal(25, CallUsageStore.Median([10, 20, 30, 40]));
        Assert.Equal(7, CallUsageStore.Median([7]));
    }
}
