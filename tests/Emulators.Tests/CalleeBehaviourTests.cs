using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AiScheduler.Emulators.Callees;
using AiScheduler.Emulators.Tests.Support;

namespace AiScheduler.Emulators.Tests;

public class CalleeBehaviourTests
{
    private const string Number = "+14255550123";

    private static Persona Callee(AnswerKind answer, OutOfRepliesBehaviour whenOut = OutOfRepliesBehaviour.Silence, params PersonaReply[] replies) =>
        new("callee", [Number], "en-US", answer, 1, replies, whenOut);

    private static string Data(JsonObject e, string name) => e["data"]![name]!.GetValue<string>();

    private static int Result(JsonObject e, string name) => e["data"]!["resultInformation"]![name]!.GetValue<int>();

    [Fact]
    public async Task A_human_answers_and_the_call_connects_with_the_create_operation_context()
    {
        await using var emulator = await Emulator.StartAsync(null, Callee(AnswerKind.Human));

        var callId = await emulator.Client.CreateCallAsync(Number, emulator.Sink.Callbacks(), "attempt-1");
        var connected = await emulator.Sink.WaitForAsync("CallConnected");

        Assert.Equal(callId, Data(connected, "callConnectionId"));
        Assert.Equal("attempt-1", Data(connected, "operationContext"));
        Assert.Equal("1.0", connected["specversion"]!.GetValue<string>());
        Assert.Equal("calling/callConnections/" + callId, connected["source"]!.GetValue<string>());
        var (_, properties) = await emulator.Client.SendAsync(HttpMethod.Get, $"/calling/callConnections/{callId}?{SignedAcsClient.ApiVersion}");
        Assert.Equal("connected", properties!["callConnectionState"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(AnswerKind.NoAnswer, 408)]
    [InlineData(AnswerKind.Busy, 486)]
    [InlineData(AnswerKind.Reject, 603)]
    [InlineData(AnswerKind.Fail, 500)]
    public async Task A_callee_that_does_not_pick_up_produces_CreateCallFailed_with_the_network_reason(AnswerKind answer, int code)
    {
        await using var emulator = await Emulator.StartAsync(null, Callee(answer));

        var callId = await emulator.Client.CreateCallAsync(Number, emulator.Sink.Callbacks());
        var failed = await emulator.Sink.WaitForAsync("CreateCallFailed");

        Assert.Equal(callId, Data(failed, "callConnectionId"));
        Assert.Equal(code, Result(failed, "code"));
        Assert.DoesNotContain(emulator.Sink.Events, e => EventSink.Type(e) == "CallConnected");
        Assert.Equal(0, emulator.Host.Counters.ActiveCalls);
    }

    [Fact]
    public async Task A_voicemail_box_connects_greets_first_and_records_what_the_agent_says()
    {
        await using var emulator = await Emulator.StartAsync(null, new Persona("box", [Number], "en-US", AnswerKind.Voicemail, 1, [], OutOfRepliesBehaviour.Silence));
        var callId = await emulator.Client.CreateCallAsync(Number, emulator.Sink.Callbacks());
        await emulator.Sink.WaitForAsync("CallConnected");

        await emulator.Client.RecognizeAsync(callId, Number, "Hello?", operationContext: "hello");
        var greeting = await emulator.Sink.WaitForAsync("RecognizeCompleted");
        await emulator.Client.PlayAsync(callId, "Hi, this is the assistant, please call us back.", "message");
        await emulator.Sink.WaitForAsync("PlayCompleted");
        await emulator.Client.RecognizeAsync(callId, Number, null, operationContext: "after");
        var silence = await emulator.Sink.WaitForAsync("RecognizeFailed");

        Assert.Contains("leave a message after the tone", greeting["data"]!["speechResult"]!["speech"]!.GetValue<string>());
        Assert.Equal(8510, Result(silence, "subCode"));
        Assert.Contains(emulator.Host.Switchboard.FindCall(callId)!.Transcript, l => l.Text == "Hi, this is the assistant, please call us back.");
    }

    [Fact]
    public async Task Replies_follow_their_guards_and_arrive_as_speech_with_confidence()
    {
        await using var emulator = await Emulator.StartAsync(null, Callee(
            AnswerKind.Human,
            OutOfRepliesBehaviour.Silence,
            new PersonaReply("Who is this?", new Regex("(?i)hello")),
            new PersonaReply("Tuesday at ten", new Regex(@"\d")),
            new PersonaReply("Maybe")));
        var callId = await emulator.Client.CreateCallAsync(Number, emulator.Sink.Callbacks());
        await emulator.Sink.WaitForAsync("CallConnected");

        await emulator.Client.RecognizeAsync(callId, Number, "Which day suits you?", operationContext: "q1");
        var first = await emulator.Sink.WaitForAsync("RecognizeCompleted", e => Data(e, "operationContext") == "q1");
        await emulator.Client.RecognizeAsync(callId, Number, "Hello, I can offer 10:00 or 14:00", operationContext: "q2");
        var second = await emulator.Sink.WaitForAsync("RecognizeCompleted", e => Data(e, "operationContext") == "q2");
        await emulator.Client.RecognizeAsync(callId, Number, "Is 10:00 fine?", operationContext: "q3");
        var third = await emulator.Sink.WaitForAsync("RecognizeCompleted", e => Data(e, "operationContext") == "q3");

        Assert.Equal("Maybe", first["data"]!["speechResult"]!["speech"]!.GetValue<string>());
        Assert.Equal("speech", first["data"]!["recognitionType"]!.GetValue<string>());
        Assert.InRange(first["data"]!["speechResult"]!["confidence"]!.GetValue<double>(), 0.5, 1);
        Assert.Equal("Who is this?", second["data"]!["speechResult"]!["speech"]!.GetValue<string>());
        Assert.Equal("Tuesday at ten", third["data"]!["speechResult"]!["speech"]!.GetValue<string>());
    }

    [Fact]
    public async Task Out_of_replies_a_silent_callee_makes_recognize_fail_with_initial_silence()
    {
        await using var emulator = await Emulator.StartAsync(null, Callee(AnswerKind.Human, OutOfRepliesBehaviour.Silence));
        var callId = await emulator.Client.CreateCallAsync(Number, emulator.Sink.Callbacks());
        await emulator.Sink.WaitForAsync("CallConnected");

        await emulator.Client.RecognizeAsync(callId, Number, "Are you there?", operationContext: "ask");
        var failed = await emulator.Sink.WaitForAsync("RecognizeFailed");

        Assert.Equal(400, Result(failed, "code"));
        Assert.Equal(8510, Result(failed, "subCode"));
        Assert.Equal("ask", Data(failed, "operationContext"));
    }

    [Fact]
    public async Task Out_of_replies_a_callee_who_hangs_up_disconnects_the_call()
    {
        await using var emulator = await Emulator.StartAsync(null, Callee(AnswerKind.Human, OutOfRepliesBehaviour.Hangup, new PersonaReply("Hi")));
        var callId = await emulator.Client.CreateCallAsync(Number, emulator.Sink.Callbacks());
        await emulator.Sink.WaitForAsync("CallConnected");
        await emulator.Client.RecognizeAsync(callId, Number, "Hello");
        await emulator.Sink.WaitForAsync("RecognizeCompleted");

        await emulator.Client.RecognizeAsync(callId, Number, "Anything else?");
        await emulator.Sink.WaitForAsync("CallDisconnected");

        Assert.Equal("disconnected", emulator.Host.Switchboard.FindCall(callId)!.State);
        var (status, _) = await emulator.Client.PostAsync($"/calling/callConnections/{callId}:play", new { playSources = new[] { new { kind = "text", text = new { text = "x" } } } });
        Assert.Equal(404, status);
    }

    [Fact]
    public async Task Keypad_recognition_returns_the_digits_the_callee_says_as_tones()
    {
        await using var emulator = await Emulator.StartAsync(null, Callee(AnswerKind.Human, OutOfRepliesBehaviour.Silence, new PersonaReply("1 2")));
        var callId = await emulator.Client.CreateCallAsync(Number, emulator.Sink.Callbacks());
        await emulator.Sink.WaitForAsync("CallConnected");

        await emulator.Client.RecognizeAsync(callId, Number, "Press 1 to talk to us", inputType: "dtmf");
        var completed = await emulator.Sink.WaitForAsync("RecognizeCompleted");

        Assert.Equal("dtmf", completed["data"]!["recognitionType"]!.GetValue<string>());
        Assert.Equal(["one", "two"], completed["data"]!["dtmfResult"]!["tones"]!.AsArray().Select(t => t!.GetValue<string>()));
    }

    [Fact]
    public async Task Cancelling_media_cancels_the_running_recognize()
    {
        await using var emulator = await Emulator.StartAsync(o => o.TimeScale = 1, new Persona("slow", [Number], "en-US", AnswerKind.Human, 0, [], OutOfRepliesBehaviour.Silence));
        var callId = await emulator.Client.CreateCallAsync(Number, emulator.Sink.Callbacks());
        await emulator.Sink.WaitForAsync("CallConnected");
        await emulator.Client.RecognizeAsync(callId, Number, null, operationContext: "listen", initialSilenceSeconds: 60);

        var (status, _) = await emulator.Client.PostAsync($"/calling/callConnections/{callId}:cancelAllMediaOperations", new { });
        var canceled = await emulator.Sink.WaitForAsync("RecognizeCanceled");

        Assert.Equal(202, status);
        Assert.Equal("listen", Data(canceled, "operationContext"));
        Assert.Equal(8508, Result(canceled, "subCode"));
    }

    [Fact]
    public async Task An_inbound_call_is_announced_through_Event_Grid_and_can_be_answered()
    {
        await using var emulator = await Emulator.StartAsync(null, Callee(AnswerKind.Human, OutOfRepliesBehaviour.Silence, new PersonaReply("I want to book a meeting")));
        using var http = new HttpClient { BaseAddress = emulator.Host.Endpoint };

        using var started = await http.PostAsync("/emulator/incoming-calls", new StringContent(
            $$"""{"from":"{{Number}}","to":"+14255550100","persona":"callee"}""", System.Text.Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        var incoming = await emulator.Sink.WaitForAsync("IncomingCall");
        var delivery = emulator.Sink.Deliveries.Single(d => EventSink.Type(d.Event) == "IncomingCall");
        var context = incoming["data"]!["incomingCallContext"]!.GetValue<string>();
        var (status, answered) = await emulator.Client.PostAsync("/calling/callConnections:answer", new { incomingCallContext = context, callbackUri = emulator.Sink.Callbacks("inbound").ToString(), callIntelligenceOptions = new { cognitiveServicesEndpoint = "https://x.cognitiveservices.azure.com/" } });
        var callId = answered!["callConnectionId"]!.GetValue<string>();
        await emulator.Sink.WaitForAsync("CallConnected");
        await emulator.Client.RecognizeAsync(callId, Number, "Hello, how can I help?");
        var said = await emulator.Sink.WaitForAsync("RecognizeCompleted");

        Assert.Equal(202, (int)started.StatusCode);
        Assert.Equal("Notification", delivery.Headers["aeg-event-type"]);
        Assert.Equal("/eventgrid", delivery.Path);
        Assert.Equal(Number, incoming["data"]!["from"]!["phoneNumber"]!["value"]!.GetValue<string>());
        Assert.Equal("4:+14255550100", incoming["data"]!["to"]!["rawId"]!.GetValue<string>());
        Assert.Equal(incoming["data"]!["serverCallId"]!.GetValue<string>(), answered["serverCallId"]!.GetValue<string>());
        Assert.Equal(200, status);
        Assert.Equal("I want to book a meeting", said["data"]!["speechResult"]!["speech"]!.GetValue<string>());
        var (again, _) = await emulator.Client.PostAsync("/calling/callConnections:answer", new { incomingCallContext = context, callbackUri = emulator.Sink.Callbacks().ToString() });
        Assert.Equal(400, again);
    }

    [Fact]
    public async Task The_emulator_counts_the_most_calls_that_were_active_at_once()
    {
        await using var emulator = await Emulator.StartAsync(null, Callee(AnswerKind.Human));
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(await emulator.Client.CreateCallAsync(Number, emulator.Sink.Callbacks()));
        }

        foreach (var id in ids)
        {
            await emulator.Client.PostAsync($"/calling/callConnections/{id}:terminate", new { });
        }

        var last = await emulator.Client.CreateCallAsync(Number, emulator.Sink.Callbacks());

        Assert.Equal(3, emulator.Host.Counters.MaxConcurrentActiveCalls);
        Assert.Equal(1, emulator.Host.Counters.ActiveCalls);
        Assert.False(string.IsNullOrEmpty(last));
    }
}
