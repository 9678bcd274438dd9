using System.Globalization;
using System.Text.Json;

namespace AiScheduler.Functions.Providers.Telephony;

/// <summary>
/// Maps ACS wire events to our records: CloudEvents callbacks (protocols.md 1.7) and the Event Grid events the app
/// subscribes to (IncomingCall, RecordingFileStatusUpdated; 1.9 and 1.6).
/// </summary>
public static class AcsEvents
{
    private const string Prefix = "Microsoft.Communication.";

    /// <summary>Parses a callback body: a JSON array of CloudEvents, or a single CloudEvent.</summary>
    public static IReadOnlyList<CallEvent> ParseCallbacks(JsonElement body) => body.ValueKind switch
    {
        JsonValueKind.Array => body.EnumerateArray().Select(ParseCallback).ToList(),
        JsonValueKind.Object => [ParseCallback(body)],
        _ => throw new FormatException("A callback body must be a CloudEvent or an array of CloudEvents."),
    };

    public static CallEvent ParseCallback(JsonElement cloudEvent)
    {
        var type = String(cloudEvent, "type") ?? throw new FormatException("A CloudEvent needs a type.");
        var id = String(cloudEvent, "id") ?? throw new FormatException("A CloudEvent needs an id.");
        if (!cloudEvent.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"CloudEvent {type} has no data object.");
        }

        var callConnectionId = String(data, "callConnectionId") ?? throw new FormatException($"CloudEvent {type} has no data.callConnectionId.");
        var time = String(cloudEvent, "time") is { } t ? DateTimeOffset.Parse(t, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal) : DateTimeOffset.MinValue;
        var name = type.StartsWith(Prefix, StringComparison.Ordinal) ? type[Prefix.Length..] : type;
        CallEvent parsed = name switch
        {
            "CallConnected" => new CallConnected { EventId = id, Time = time, CallConnectionId = callConnectionId },
            "CallDisconnected" => new CallDisconnected { EventId = id, Time = time, CallConnectionId = callConnectionId },
            "CreateCallFailed" => new CreateCallFailed { EventId = id, Time = time, CallConnectionId = callConnectionId },
            "AnswerFailed" => new AnswerFailed { EventId = id, Time = time, CallConnectionId = callConnectionId },
            "PlayStarted" => new PlayStarted { EventId = id, Time = time, CallConnectionId = callConnectionId },
            "PlayCompleted" => new PlayCompleted { EventId = id, Time = time, CallConnectionId = callConnectionId },
            "PlayCanceled" => new PlayCanceled { EventId = id, Time = time, CallConnectionId = callConnectionId },
            "PlayFailed" => new PlayFailed { EventId = id, Time = time, CallConnectionId = callConnectionId, FailedPlaySourceIndex = Int(data, "failedPlaySourceIndex") },
            "RecognizeCompleted" => Recognized(data, id, time, callConnectionId),
            "RecognizeFailed" => new RecognizeFailed { EventId = id, Time = time, CallConnectionId = callConnectionId, FailedPlaySourceIndex = Int(data, "failedPlaySourceIndex") },
            "RecognizeCanceled" => new RecognizeCanceled { EventId = id, Time = time, CallConnectionId = callConnectionId },
            "ContinuousDtmfRecognitionToneReceived" => new DtmfToneReceived
            {
                EventId = id,
                Time = time,
                CallConnectionId = callConnectionId,
                // 2023-10-15 and later put the tone on data; earlier previews nested it in toneInfo.
                Tone = String(data, "tone") ?? (data.TryGetProperty("toneInfo", out var tone) ? String(tone, "tone") : null) ?? "",
                SequenceId = Int(data, "sequenceId") ?? (data.TryGetProperty("toneInfo", out var info) ? Int(info, "sequenceId") : null),
            },
            "RecordingStateChanged" => new RecordingStateChanged
            {
                EventId = id,
                Time = time,
                CallConnectionId = callConnectionId,
                RecordingId = String(data, "recordingId") ?? "",
                IsActive = string.Equals(String(data, "state"), "active", StringComparison.OrdinalIgnoreCase),
                StartedAt = String(data, "startDateTime") is { } s ? DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal) : null,
            },
            _ => new OtherCallEvent { EventId = id, Time = time, CallConnectionId = callConnectionId, Type = type },
        };
        return parsed with
        {
            ServerCallId = String(data, "serverCallId"),
            CorrelationId = String(data, "correlationId"),
            OperationContext = String(data, "operationContext"),
            Result = ResultOf(data),
        };
    }

    /// <summary>Parses an Event Grid IncomingCall event's <c>data</c>.</summary>
    public static IncomingCall ParseIncomingCall(JsonElement data) => new(
        PhoneOf(data, "from") ?? throw new FormatException("IncomingCall data has no from.phoneNumber.value."),
        PhoneOf(data, "to") ?? throw new FormatException("IncomingCall data has no to.phoneNumber.value."),
        String(data, "incomingCallContext") ?? throw new FormatException("IncomingCall data has no incomingCallContext."),
        String(data, "serverCallId"),
        String(data, "correlationId"));

    /// <summary>Parses an Event Grid RecordingFileStatusUpdated event's <c>data</c>: one entry per recording chunk.</summary>
    public static IReadOnlyList<RecordingFileReady> ParseRecordingFiles(JsonElement data)
    {
        if (!data.TryGetProperty("recordingStorageInfo", out var info) || !info.TryGetProperty("recordingChunks", out var chunks))
        {
            throw new FormatException("RecordingFileStatusUpdated data has no recordingStorageInfo.recordingChunks.");
        }

        var startedAt = String(data, "recordingStartTime") is { } s ? DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal) : (DateTimeOffset?)null;
        var duration = data.TryGetProperty("recordingDurationMs", out var d) && d.TryGetInt64(out var ms) ? TimeSpan.FromMilliseconds(ms) : (TimeSpan?)null;
        return chunks.EnumerateArray().Select(chunk => new RecordingFileReady(
            String(data, "recordingId"),
            String(chunk, "documentId") ?? "",
            Int(chunk, "index") ?? 0,
            new Uri(String(chunk, "contentLocation") ?? throw new FormatException("A recording chunk has no contentLocation.")),
            String(chunk, "metadataLocation") is { } m ? new Uri(m) : null,
            String(chunk, "deleteLocation") is { } del ? new Uri(del) : null,
            startedAt,
            duration)).ToList();
    }

    private static RecognizeCompleted Recognized(JsonElement data, string id, DateTimeOffset time, string callConnectionId)
    {
        var kind = String(data, "recognitionType") switch
        {
            "dtmf" => RecognitionKind.Dtmf,
            "choices" => RecognitionKind.Choices,
            _ => RecognitionKind.Speech,
        };
        var result = new RecognizeCompleted { EventId = id, Time = time, CallConnectionId = callConnectionId, Kind = kind };
        if (data.TryGetProperty("speechResult", out var speech) && speech.ValueKind == JsonValueKind.Object)
        {
            result = result with { Speech = String(speech, "speech"), Confidence = Double(speech, "confidence") };
        }

        if (data.TryGetProperty("dtmfResult", out var dtmf) && dtmf.TryGetProperty("tones", out var tones) && tones.ValueKind == JsonValueKind.Array)
        {
            result = result with { Tones = tones.EnumerateArray().Select(t => t.GetString() ?? "").ToList() };
        }

        if (data.TryGetProperty("choiceResult", out var choice) && choice.ValueKind == JsonValueKind.Object)
        {
            result = result with { ChoiceLabel = String(choice, "label"), Speech = String(choice, "recognizedPhrase"), Confidence = Double(choice, "confidence") };
        }

        return result;
    }

    private static CallResult? ResultOf(JsonElement data)
    {
        if (!data.TryGetProperty("resultInformation", out var info) || info.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        int? sip = info.TryGetProperty("sipDetails", out var sipDetails) && sipDetails.ValueKind == JsonValueKind.Object ? Int(sipDetails, "code") : null;
        return new CallResult(Int(info, "code") ?? 0, Int(info, "subCode") ?? 0, String(info, "message"), sip);
    }

    private static string? PhoneOf(JsonElement data, string name)
    {
        if (!data.TryGetProperty(name, out var identifier))
        {
            return null;
        }

        if (identifier.TryGetProperty("phoneNumber", out var phone) && String(phone, "value") is { } value)
        {
            return value;
        }

        return String(identifier, "rawId") is { } raw && raw.StartsWith("4:", StringComparison.Ordinal) ? raw[2..] : null;
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static int? Int(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var i) ? i : null;

    private static double? Double(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;
}
