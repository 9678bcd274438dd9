using AiScheduler.Domain.Phones;
using AiScheduler.Emulators.Callees;
using AiScheduler.Emulators.Recordings;
using AiScheduler.Functions.Providers.Telephony;
using static AiScheduler.Functions.Tests.Telephony.TelephonyTestHost;

namespace AiScheduler.Functions.Tests.Telephony;

/// <summary>The ACS client against the emulator over real HTTP, with callbacks through the real callback endpoint.</summary>
public class AcsClientTests
{
    private static readonly PhoneNumber Target = PhoneNumber.Parse(Callee);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<(TelephonyTestHost Host, CallConnection Call)> ConnectedCallAsync(Persona persona, string callId = "call-1")
    {
        var host = await StartAsync(personas: [persona]);
        var call = await host.Telephony.PlaceCallAsync(new PlaceCall(Target, host.Callbacks.ForCall(callId), "attempt-1"), Ct);
        await host.Events.WaitForAsync<CallConnected>();
        return (host, call);
    }

    [Fact]
    public async Task Placing_a_call_hands_CallConnected_to_the_session_under_our_call_id()
    {
        await using var host = await StartAsync(personas: [Persona(AnswerKind.Human)]);

        var call = await host.Telephony.PlaceCallAsync(new PlaceCall(Target, host.Callbacks.ForCall("lead-7:attempt-1"), "attempt-1"), Ct);
        var connected = await host.Events.WaitForAsync<CallConnected>();
        var state = await host.Telephony.GetCallAsync(call.CallConnectionId, Ct);

        Assert.Equal(call.CallConnectionId, connected.CallConnectionId);
        Assert.Equal("attempt-1", connected.OperationContext);
        Assert.Equal(call.ServerCallId, connected.ServerCallId);
        Assert.Equal(call.CorrelationId, connected.CorrelationId);
        Assert.False(string.IsNullOrEmpty(connected.EventId));
        Assert.Equal("lead-7:attempt-1", host.Events.All.Single().CallId);
        Assert.Equal(CallConnectionState.Connected, state.State);
        Assert.Equal(CallerId, host.Emulator!.Switchboard.FindCall(call.CallConnectionId)!.CallerNumber);
    }

    [Theory]
    [InlineData(AnswerKind.NoAnswer, CallFailureReason.NoAnswer)]
    [InlineData(AnswerKind.Busy, CallFailureReason.Busy)]
    [InlineData(AnswerKind.Reject, CallFailureReason.Rejected)]
    [InlineData(AnswerKind.Fail, CallFailureReason.Failed)]
    public async Task A_call_that_is_not_picked_up_reports_why(AnswerKind answer, CallFailureReason reason)
    {
        await using var host = await StartAsync(personas: [Persona(answer)]);

        var call = await host.Telephony.PlaceCallAsync(new PlaceCall(Target, host.Callbacks.ForCall("c"), "attempt-2"), Ct);
        var failed = await host.Events.WaitForAsync<CreateCallFailed>();

        Assert.Equal(call.CallConnectionId, failed.CallConnectionId);
        Assert.Equal(reason, failed.Reason);
        Assert.Equal("attempt-2", failed.OperationContext);
    }

    [Fact]
    public async Task Text_and_SSML_are_played_and_report_completion_with_their_operation_context()
    {
        var (host, call) = await ConnectedCallAsync(Persona(AnswerKind.Human));
        await using var _ = host;

        await host.Telephony.PlayAsync(call.CallConnectionId, new SpokenPrompt("Hello Dana", "en-US", "en-US-JennyNeural"), "greeting", Ct);
        await host.Events.WaitForAsync<PlayCompleted>(e => e.OperationContext == "greeting");
        await host.Telephony.PlayAsync(call.CallConnectionId, new SsmlPrompt("<speak version=\"1.0\" xml:lang=\"he-IL\"><voice name=\"he-IL-HilaNeural\">שלום</voice></speak>"), "ssml", Ct);
        var completed = await host.Events.WaitForAsync<PlayCompleted>(e => e.OperationContext == "ssml");

        Assert.Equal(200, completed.Result!.Code);
        var said = host.Emulator!.Switchboard.FindCall(call.CallConnectionId)!.Transcript.Select(l => l.Text).ToList();
        Assert.Equal(["Hello Dana", "שלום"], said);
    }

    [Fact]
    public async Task Speech_recognition_with_a_prompt_returns_what_the_callee_said_and_the_confidence()
    {
        var (host, call) = await ConnectedCallAsync(Persona(AnswerKind.Human, OutOfRepliesBehaviour.Silence, "Tuesday at ten works"));
        await using var _ = host;

        await host.Telephony.RecognizeAsync(
            call.CallConnectionId,
            new SpeechRecognition(Target, "en-US", new SpokenPrompt("Which day suits you?", "en-US"), TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(800), "ask-day"),
            Ct);
        var recognized = await host.Events.WaitForAsync<RecognizeCompleted>();

        Assert.Equal(RecognitionKind.Speech, recognized.Kind);
        Assert.Equal("Tuesday at ten works", recognized.Speech);
        Assert.InRange(recognized.Confidence!.Value, 0.5, 1);
        Assert.Equal("ask-day", recognized.OperationContext);
    }

    [Fact]
    public async Task Keypad_recognition_returns_tones()
    {
        var (host, call) = await ConnectedCallAsync(Persona(AnswerKind.Human, OutOfRepliesBehaviour.Silence, "1"));
        await using var _ = host;

        await host.Telephony.RecognizeAsync(call.CallConnectionId, new DtmfRecognition(Target, 1, new SpokenPrompt("Press 1 to continue", "en-US"), operationContext: "amd"), Ct);
        var recognized = await host.Events.WaitForAsync<RecognizeCompleted>();

        Assert.Equal(RecognitionKind.Dtmf, recognized.Kind);
        Assert.Equal(["one"], recognized.Tones);
    }

    [Fact]
    public async Task A_callee_who_says_nothing_makes_recognition_fail_with_initial_silence()
    {
        var (host, call) = await ConnectedCallAsync(Persona(AnswerKind.Human, OutOfRepliesBehaviour.Silence));
        await using var _ = host;

        await host.Telephony.RecognizeAsync(call.CallConnectionId, new SpeechRecognition(Target, "en-US", operationContext: "listen"), Ct);
        var failed = await host.Events.WaitForAsync<RecognizeFailed>();

        Assert.Equal(RecognizeFailure.InitialSilence, failed.Reason);
        Assert.Equal(8510, failed.ReasonCode);
        Assert.Equal("listen", failed.OperationContext);
    }

    [Fact]
    public async Task Cancelling_media_cancels_the_recognition_in_progress()
    {
        await using var host = await StartAsync(emulatorOptions: o => o.TimeScale = 1, personas: [new Persona("slow", [Callee], "en-US", AnswerKind.Human, 0, [], OutOfRepliesBehaviour.Silence)]);
        var call = await host.Telephony.PlaceCallAsync(new PlaceCall(Target, host.Callbacks.ForCall("c")), Ct);
        await host.Events.WaitForAsync<CallConnected>();

        await host.Telephony.RecognizeAsync(call.CallConnectionId, new SpeechRecognition(Target, "en-US", initialSilenceTimeout: TimeSpan.FromSeconds(120), operationContext: "long"), Ct);
        await host.Telephony.CancelMediaAsync(call.CallConnectionId, Ct);
        var canceled = await host.Events.WaitForAsync<RecognizeCanceled>();

        Assert.Equal("long", canceled.OperationContext);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Hanging_up_disconnects_and_later_operations_report_the_call_as_gone(bool forEveryone)
    {
        var (host, call) = await ConnectedCallAsync(Persona(AnswerKind.Human));
        await using var _ = host;

        await host.Telephony.HangUpAsync(call.CallConnectionId, forEveryone, Ct);
        var disconnected = await host.Events.WaitForAsync<CallDisconnected>();

        Assert.Equal(call.CallConnectionId, disconnected.CallConnectionId);
        var gone = await Assert.ThrowsAsync<CallNotFoundException>(() => host.Telephony.PlayAsync(call.CallConnectionId, new SpokenPrompt("x", "en-US"), null, Ct));
        Assert.Contains(call.CallConnectionId, gone.Message);
    }

    [Fact]
    public async Task A_recording_is_started_stopped_announced_and_downloaded_as_WAV()
    {
        var (host, call) = await ConnectedCallAsync(Persona(AnswerKind.Human, OutOfRepliesBehaviour.Silence, "Sure"));
        await using var _ = host;

        var recording = await host.Telephony.StartRecordingAsync(call, null, Ct);
        await host.Telephony.RecognizeAsync(call.CallConnectionId, new SpeechRecognition(Target, "en-US", new SpokenPrompt("This call is recorded, ok?", "en-US")), Ct);
        await host.Events.WaitForAsync<RecognizeCompleted>();
        var state = await host.Telephony.GetRecordingAsync(recording.RecordingId, Ct);
        await host.Telephony.StopRecordingAsync(recording.RecordingId, Ct);
        var stopped = await host.Events.WaitForAsync<RecordingStateChanged>(e => !e.IsActive);
        var announced = await host.WaitForEventGridAsync("Microsoft.Communication.RecordingFileStatusUpdated");
        var file = AcsEvents.ParseRecordingFiles(BinaryData.FromString(announced.GetProperty("data").GetRawText())).Single();
        await using var audio = await host.Telephony.DownloadRecordingAsync(file.ContentLocation, Ct);
        using var buffer = new MemoryStream();
        await audio.CopyToAsync(buffer, Ct);
        var (samples, rate) = WavFile.Read(buffer.ToArray());

        Assert.True(recording.IsActive);
        Assert.True(state.IsActive);
        Assert.Equal(recording.RecordingId, stopped.RecordingId);
        Assert.Equal(recording.RecordingId, file.RecordingId);
        Assert.Equal(16000, rate);
        Assert.NotEmpty(samples);
    }

    [Fact]
    public async Task An_inbound_call_from_Event_Grid_is_answered_and_connects()
    {
        await using var host = await StartAsync(personas: [Persona(AnswerKind.Human, OutOfRepliesBehaviour.Silence, "I'd like to book a demo")]);
        using var http = new HttpClient { BaseAddress = host.Emulator!.Endpoint };

        using var started = await http.PostAsync("/emulator/incoming-calls", new StringContent($$"""{"from":"{{Callee}}","to":"{{CallerId}}"}""", System.Text.Encoding.UTF8, "application/json"), Ct);
        var announced = await host.WaitForEventGridAsync("Microsoft.Communication.IncomingCall");
        var incoming = AcsEvents.ParseIncomingCall(BinaryData.FromString(announced.GetProperty("data").GetRawText()));
        var call = await host.Telephony.AnswerCallAsync(new AnswerCall(incoming.IncomingCallContext, host.Callbacks.ForCall("inbound-1"), "inbound"), Ct);
        var connected = await host.Events.WaitForAsync<CallConnected>();
        await host.Telephony.RecognizeAsync(call.CallConnectionId, new SpeechRecognition(Target, "en-US", new SpokenPrompt("How can I help?", "en-US")), Ct);
        var said = await host.Events.WaitForAsync<RecognizeCompleted>();

        Assert.Equal(Callee, incoming.From);
        Assert.Equal(CallerId, incoming.To);
        Assert.Equal(incoming.ServerCallId, call.ServerCallId);
        Assert.Equal("inbound", connected.OperationContext);
        Assert.Equal("I'd like to book a demo", said.Speech);
    }

    [Fact]
    public async Task An_inbound_call_can_be_rejected()
    {
        await using var host = await StartAsync();
        using var http = new HttpClient { BaseAddress = host.Emulator!.Endpoint };
        using var started = await http.PostAsync("/emulator/incoming-calls", new StringContent($$"""{"from":"{{Callee}}","to":"{{CallerId}}"}""", System.Text.Encoding.UTF8, "application/json"), Ct);
        var incoming = AcsEvents.ParseIncomingCall(BinaryData.FromString((await host.WaitForEventGridAsync("Microsoft.Communication.IncomingCall")).GetProperty("data").GetRawText()));

        await host.Telephony.RejectCallAsync(incoming.IncomingCallContext, Ct);

        await Assert.ThrowsAsync<TelephonyRequestException>(() => host.Telephony.AnswerCallAsync(new AnswerCall(incoming.IncomingCallContext, host.Callbacks.ForCall("x")), Ct));
    }

    [Fact]
    public async Task The_embedded_default_starts_the_emulator_in_process_and_calls_go_through_it()
    {
        await using var host = await StartAsync(inProcessEmulator: true);

        var call = await host.Telephony.PlaceCallAsync(new PlaceCall(PhoneNumber.Parse("+4930901820"), host.Callbacks.ForCall("embedded")), Ct);
        var connected = await host.Events.WaitForAsync<CallConnected>();

        Assert.NotNull(host.Emulator);
        Assert.Equal(call.CallConnectionId, connected.CallConnectionId);
        Assert.Equal(1, host.Emulator!.Counters.CallsCreated);
    }
}
