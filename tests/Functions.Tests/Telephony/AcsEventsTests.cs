using AiScheduler.Functions.Providers.Telephony;

namespace AiScheduler.Functions.Tests.Telephony;

/// <summary>Every callback type ACS sends maps to our own record with the common fields.</summary>
public class AcsEventsTests
{
    private static CallEvent Parse(string type, string extra = "", string result = """{"code":200,"subCode":0,"message":"ok"}""")
    {
        var json = $$$"""
            [{"id":"e-1","source":"calling/callConnections/cc-1","type":"Microsoft.Communication.{{{type}}}","specversion":"1.0",
              "datacontenttype":"application/json","time":"2025-06-24T15:12:41.5556858+00:00","subject":"calling/callConnections/cc-1",
              "data":{"callConnectionId":"cc-1","serverCallId":"sc-1","correlationId":"co-1","operationContext":"ctx",
                      "resultInformation":{{{result}}}{{{extra}}}}}]
            """;
        var parsed = Assert.Single(AcsEvents.ParseCallbacks(BinaryData.FromString(json)));
        Assert.Equal("e-1", parsed.EventId);
        Assert.Equal("cc-1", parsed.CallConnectionId);
        Assert.Equal("sc-1", parsed.ServerCallId);
        Assert.Equal("co-1", parsed.CorrelationId);
        Assert.Equal("ctx", parsed.OperationContext);
        Assert.Equal(new DateTimeOffset(2025, 6, 24, 15, 12, 41, TimeSpan.Zero), parsed.Time.AddTicks(-(parsed.Time.Ticks % TimeSpan.TicksPerSecond)));
        return parsed;
    }

    [Theory]
    [InlineData("CallConnected", typeof(CallConnected))]
    [InlineData("CallDisconnected", typeof(CallDisconnected))]
    [InlineData("AnswerFailed", typeof(AnswerFailed))]
    [InlineData("PlayStarted", typeof(PlayStarted))]
    [InlineData("PlayCompleted", typeof(PlayCompleted))]
    [InlineData("PlayCanceled", typeof(PlayCanceled))]
    [InlineData("RecognizeCanceled", typeof(RecognizeCanceled))]
    public void Events_without_extra_fields_map_to_their_record(string type, Type expected)
    {
        Assert.IsType(expected, Parse(type));
    }

    [Theory]
    [InlineData(486, CallFailureReason.Busy)]
    [InlineData(408, CallFailureReason.NoAnswer)]
    [InlineData(480, CallFailureReason.NoAnswer)]
    [InlineData(603, CallFailureReason.Rejected)]
    [InlineData(500, CallFailureReason.Failed)]
    public void CreateCallFailed_reads_the_SIP_code_as_a_retry_reason(int sip, CallFailureReason reason)
    {
        var failed = Assert.IsType<CreateCallFailed>(Parse("CreateCallFailed", result: $$$"""{"code":400,"subCode":10004,"message":"m","sipDetails":{"code":{{{sip}}},"message":"x"}}"""));

        Assert.Equal(reason, failed.Reason);
        Assert.Equal(sip, failed.Result!.SipCode);
    }

    [Fact]
    public void PlayFailed_carries_the_failed_source_index()
    {
        var failed = Assert.IsType<PlayFailed>(Parse("PlayFailed", ""","failedPlaySourceIndex":1""", """{"code":400,"subCode":8535,"message":"bad format"}"""));

        Assert.Equal(1, failed.FailedPlaySourceIndex);
        Assert.Equal(8535, failed.Result!.SubCode);
    }

    [Fact]
    public void RecognizeCompleted_speech_carries_the_text_and_confidence()
    {
        var done = Assert.IsType<RecognizeCompleted>(Parse("RecognizeCompleted", ""","recognitionType":"speech","speechResult":{"speech":"יום שלישי","confidence":0.87}"""));

        Assert.Equal(RecognitionKind.Speech, done.Kind);
        Assert.Equal("יום שלישי", done.Speech);
        Assert.Equal(0.87, done.Confidence);
    }

    [Fact]
    public void RecognizeCompleted_dtmf_carries_the_tones()
    {
        var done = Assert.IsType<RecognizeCompleted>(Parse("RecognizeCompleted", ""","recognitionType":"dtmf","dtmfResult":{"tones":["one","pound"]}"""));

        Assert.Equal(RecognitionKind.Dtmf, done.Kind);
        Assert.Equal(["one", "pound"], done.Tones);
    }

    [Fact]
    public void RecognizeCompleted_choices_carries_the_label_and_phrase()
    {
        var done = Assert.IsType<RecognizeCompleted>(Parse("RecognizeCompleted", ""","recognitionType":"choices","choiceResult":{"label":"yes","recognizedPhrase":"yeah","confidence":0.9}"""));

        Assert.Equal(RecognitionKind.Choices, done.Kind);
        Assert.Equal("yes", done.ChoiceLabel);
        Assert.Equal("yeah", done.Speech);
    }

    [Theory]
    [InlineData(8510, RecognizeFailure.InitialSilence)]
    [InlineData(8532, RecognizeFailure.InterDigitTimeout)]
    [InlineData(8563, RecognizeFailure.SpeechNotRecognized)]
    [InlineData(8570, RecognizeFailure.SpeechTimeout)]
    [InlineData(8547, RecognizeFailure.NoMatchingChoice)]
    [InlineData(8511, RecognizeFailure.PromptFailed)]
    [InlineData(8534, RecognizeFailure.IncorrectTone)]
    [InlineData(9999, RecognizeFailure.Other)]
    public void RecognizeFailed_carries_the_reason_code(int subCode, RecognizeFailure reason)
    {
        var failed = Assert.IsType<RecognizeFailed>(Parse("RecognizeFailed", result: $$"""{"code":400,"subCode":{{subCode}},"message":"m"}"""));

        Assert.Equal(subCode, failed.ReasonCode);
        Assert.Equal(reason, failed.Reason);
    }

    [Fact]
    public void RecordingStateChanged_carries_the_recording_and_its_state()
    {
        var changed = Assert.IsType<RecordingStateChanged>(Parse("RecordingStateChanged", ""","recordingId":"r-1","state":"inactive","startDateTime":"2025-06-24T15:00:00Z" """));

        Assert.Equal("r-1", changed.RecordingId);
        Assert.False(changed.IsActive);
        Assert.Equal(new DateTimeOffset(2025, 6, 24, 15, 0, 0, TimeSpan.Zero), changed.StartedAt);
    }

    [Fact]
    public void Unmapped_event_types_are_kept_with_their_type()
    {
        var other = Assert.IsType<OtherCallEvent>(Parse("ParticipantsUpdated", ""","sequenceNumber":3"""));

        Assert.Equal("Microsoft.Communication.ParticipantsUpdated", other.Type);
    }

    [Fact]
    public void A_single_event_object_is_accepted_as_well_as_an_array()
    {
        var body = BinaryData.FromString("""{"id":"e","type":"Microsoft.Communication.CallConnected","data":{"callConnectionId":"c"}}""");

        Assert.IsType<CallConnected>(Assert.Single(AcsEvents.ParseCallbacks(body)));
    }

    [Fact]
    public void An_event_without_a_call_connection_id_is_refused_with_the_missing_field()
    {
        var body = BinaryData.FromString("""[{"id":"e","type":"Microsoft.Communication.CallConnected","data":{}}]""");

        var error = Assert.Throws<FormatException>(() => AcsEvents.ParseCallbacks(body));
        Assert.Contains("callConnectionId", error.Message);
    }
}
