using System.Net;
using System.Text;
using AiScheduler.Domain.Phones;
using AiScheduler.Emulators.Callees;
using AiScheduler.Functions.Providers.Telephony;
using static AiScheduler.Functions.Tests.Telephony.TelephonyTestHost;

namespace AiScheduler.Functions.Tests.Telephony;

public class AcsCallbackEndpointTests
{
    private const string OneEvent = """[{"id":"ev-1","type":"Microsoft.Communication.CallConnected","specversion":"1.0","time":"2025-01-01T00:00:00Z","data":{"callConnectionId":"cc"}}]""";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    [Fact]
    public async Task A_callback_with_a_signature_for_another_call_is_refused_with_problem_details()
    {
        await using var host = await StartAsync();
        using var http = new HttpClient();
        var url = host.Callbacks.ForCall("call-a").ToString().Replace("/call-a?", "/call-b?", StringComparison.Ordinal);

        using var response = await http.PostAsync(url, Json(OneEvent), Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("sig", await response.Content.ReadAsStringAsync(Ct));
        Assert.Empty(host.Events.All);
    }

    [Fact]
    public async Task A_callback_without_a_signature_is_refused()
    {
        await using var host = await StartAsync();
        using var http = new HttpClient();

        using var response = await http.PostAsync(new Uri(host.BaseUri, "api/callbacks/acs/call-a"), Json(OneEvent), Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_body_that_is_not_CloudEvents_gets_400_with_what_was_expected()
    {
        await using var host = await StartAsync();
        using var http = new HttpClient();

        using var response = await http.PostAsync(host.Callbacks.ForCall("call-a"), Json("""[{"hello":"world"}]"""), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("CloudEvent", await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task The_same_event_delivered_twice_reaches_the_session_once()
    {
        await using var host = await StartAsync();
        using var http = new HttpClient();

        using var first = await http.PostAsync(host.Callbacks.ForCall("call-a"), Json(OneEvent), Ct);
        using var second = await http.PostAsync(host.Callbacks.ForCall("call-a"), Json(OneEvent), Ct);
        await host.Events.WaitForAsync<CallConnected>();
        using var third = await http.PostAsync(host.Callbacks.ForCall("call-a"), Json(OneEvent.Replace("ev-1", "ev-2", StringComparison.Ordinal)), Ct);
        await host.Events.WaitForAsync<CallConnected>(e => e.EventId == "ev-2");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(["ev-1", "ev-2"], host.Events.All.Select(e => e.Event.EventId));
    }

    [Fact]
    public async Task Duplicated_and_reordered_callbacks_from_the_emulator_reach_the_session_once_each()
    {
        await using var host = await StartAsync(
            emulatorOptions: o => { o.Faults.DuplicateCallbacks = true; o.Faults.ReorderCallbacks = true; },
            personas: [Persona(AnswerKind.Human, OutOfRepliesBehaviour.Silence, "Yes please")]);
        var target = PhoneNumber.Parse(Callee);

        var call = await host.Telephony.PlaceCallAsync(new PlaceCall(target, host.Callbacks.ForCall("c")), Ct);
        await host.Events.WaitForAsync<CallConnected>();
        await host.Telephony.PlayAsync(call.CallConnectionId, new SpokenPrompt("Hello", "en-US"), "hello", Ct);
        await host.Events.WaitForAsync<PlayCompleted>();
        await host.Events.WaitForAsync<PlayStarted>();
        await host.Telephony.RecognizeAsync(call.CallConnectionId, new SpeechRecognition(target, "en-US"), Ct);
        await host.Events.WaitForAsync<RecognizeCompleted>();

        var ids = host.Events.All.Select(e => e.Event.EventId).ToList();
        Assert.Equal(ids.Distinct().Count(), ids.Count);
        Assert.True(host.Emulator!.Counters.CallbacksDuplicated >= 3);
        var kinds = host.Events.All.Select(e => e.Event.GetType().Name).ToList();
        Assert.True(kinds.IndexOf("PlayCompleted") < kinds.IndexOf("PlayStarted"), "the emulator delivered the play events swapped and both were handed on");
    }

    [Fact]
    public async Task Callback_urls_are_signed_per_call_and_escape_the_call_id()
    {
        await using var host = await StartAsync();

        var url = host.Callbacks.ForCall("lead 7/attempt 1");

        Assert.StartsWith(host.BaseUri + "api/callbacks/acs/lead%207%2Fattempt%201?sig=", url.AbsoluteUri);
        Assert.NotEqual(host.Callbacks.ForCall("a").Query, host.Callbacks.ForCall("b").Query);
        var query = System.Web.HttpUtility.ParseQueryString(host.Callbacks.ForCall("a").Query);
        Assert.True(host.Callbacks.IsAuthentic("a", query["sig"], query["exp"]));
    }
}
