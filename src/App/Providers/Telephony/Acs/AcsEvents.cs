using System.Text.Json;
using Azure.Messaging;
using Azure.Messaging.EventGrid.SystemEvents;

namespace AiScheduler.Functions.Providers.Telephony;

/// <summary>
/// Maps ACS wire events to our records: CloudEvents callbacks (protocols.md 1.7), whose envelope Azure.Core's
/// <see cref="CloudEvent"/> parses, and the data of the Event Grid events the app subscribes to (IncomingCall,
/// RecordingFileStatusUpdated; 1.9 and 1.6), read as Azure.Messaging.EventGrid's system event types.
/// </summary>
public static class AcsEvents
{
    private const string Prefix = "Microsoft.Communication.";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Parses a callback body, a JSON array of CloudEvents or a single CloudEvent, with <see cref="CloudEvent.ParseMany"/>.
    /// The callback URL is signed per call, so an envelope needs only what the app reads (id, type, data.callConnectionId),
    /// as ACS's always has; its other CloudEvents attributes are not required.
    /// </summary>
    public static IReadOnlyList<CloudEvent> ParseCallbackEnvelopes(BinaryData body)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (FirstToken(body) is not (JsonTokenType.StartArray or JsonTokenType.StartObject))
        {
            throw new FormatException("A callback body must be a CloudEvent or an array of CloudEvents.");
        }

        CloudEvent[] events;
        try
        {
            events = CloudEvent.ParseMany(body, skipValidation: true);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            throw new FormatException("A callback is not a CloudEvent: " + e.Message, e);
        }

        for (var i = 0; i < events.Length; i++)
        {
            if (string.IsNullOrEmpty(events[i].Type))
            {
                throw new FormatException($"CloudEvent [{i}] needs a type.");
            }

            if (string.IsNullOrEmpty(events[i].Id))
            {
                throw new FormatException($"CloudEvent [{i}] ({events[i].Type}) needs an id.");
            }
        }

        return events;
    }

    /// <summary>Parses a callback body (see <see cref="ParseCallbackEnvelopes"/>) into our records.</summary>
    public static IReadOnlyList<CallEvent> ParseCallbacks(BinaryData body) => ParseCallbackEnvelopes(body).Select(ParseCallback).ToList();

    public static CallEvent ParseCallback(CloudEvent cloudEvent)
    {
        ArgumentNullException.ThrowIfNull(cloudEvent);
        var type = cloudEvent.Type is { Length: > 0 } t ? t : throw new FormatException("A CloudEvent needs a type.");
        var id = cloudEvent.Id is { Length: > 0 } i ? i : throw new FormatException("A CloudEvent needs an id.");
        if (cloudEvent.Data is not { } raw || FirstToken(raw) != JsonTokenType.StartObject)
        {
            throw new FormatException($"CloudEvent {type} has no data object.");
        }

        CallAutomationEventData data;
        try
        {
            data = raw.ToObjectFromJson<CallAutomationEventData>(Json)!;
        }
        catch (JsonException e)
        {
            throw new FormatException($"CloudEvent {type} data could not be read: {e.Message}", e);
        }

        var callConnectionId = data.CallConnectionId ?? throw new FormatException($"CloudEvent {type} has no data.callConnectionId.");
        var time = cloudEvent.Time ?? DateTimeOffset.MinValue;
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
            "PlayFailed" => new PlayFailed { EventId = id, Time = time, CallConnectionId = callConnectionId, FailedPlaySourceIndex = data.FailedPlaySourceIndex },
            "RecognizeCompleted" => Recognized(data, id, time, callConnectionId),
            "RecognizeFailed" => new RecognizeFailed { EventId = id, Time = time, CallConnectionId = callConnectionId, FailedPlaySourceIndex = data.FailedPlaySourceIndex },
            "RecognizeCanceled" => new RecognizeCanceled { EventId = id, Time = time, CallConnectionId = callConnectionId },
            "ContinuousDtmfRecognitionToneReceived" => new DtmfToneReceived
            {
                EventId = id,
                Time = time,
                CallConnectionId = callConnectionId,
                // 2023-10-15 and later put the tone on data; earlier previews nested it in toneInfo.
                Tone = data.Tone ?? data.ToneInfo?.Tone ?? "",
                SequenceId = data.SequenceId ?? data.ToneInfo?.SequenceId,
            },
            "RecordingStateChanged" => new RecordingStateChanged
            {
                EventId = id,
                Time = time,
                CallConnectionId = callConnectionId,
                RecordingId = data.RecordingId ?? "",
                IsActive = string.Equals(data.State, "active", StringComparison.OrdinalIgnoreCase),
                StartedAt = data.StartDateTime,
            },
            _ => new OtherCallEvent { EventId = id, Time = time, CallConnectionId = callConnectionId, Type = type },
        };
        return parsed with
        {
            ServerCallId = data.ServerCallId,
            CorrelationId = data.CorrelationId,
            OperationContext = data.OperationContext,
            Result = data.ResultInformation is { } result ? new CallResult(result.Code ?? 0, result.SubCode ?? 0, result.Message, result.SipDetails?.Code) : null,
        };
    }

    /// <summary>Reads an Event Grid IncomingCall event's <c>data</c> (<see cref="AcsIncomingCallEventData"/>).</summary>
    public static IncomingCall ParseIncomingCall(BinaryData data)
    {
        var incoming = Read<AcsIncomingCallEventData>(data, "IncomingCall");
        return new IncomingCall(
            PhoneOf(incoming.FromCommunicationIdentifier) ?? throw new FormatException("IncomingCall data has no from.phoneNumber.value."),
            PhoneOf(incoming.ToCommunicationIdentifier) ?? throw new FormatException("IncomingCall data has no to.phoneNumber.value."),
            incoming.IncomingCallContext is { Length: > 0 } context ? context : throw new FormatException("IncomingCall data has no incomingCallContext."),
            incoming.ServerCallId,
            incoming.CorrelationId);
    }

    /// <summary>
    /// Reads an Event Grid RecordingFileStatusUpdated event's <c>data</c> (<see cref="AcsRecordingFileStatusUpdatedEventData"/>):
    /// one entry per recording chunk.
    /// </summary>
    public static IReadOnlyList<RecordingFileReady> ParseRecordingFiles(BinaryData data)
    {
        var updated = Read<AcsRecordingFileStatusUpdatedEventData>(data, "RecordingFileStatusUpdated");
        var chunks = updated.RecordingStorageInfo?.RecordingChunks
            ?? throw new FormatException("RecordingFileStatusUpdated data has no recordingStorageInfo.recordingChunks.");
        var ids = Read<RecordingIds>(data, "RecordingFileStatusUpdated");
        var duration = updated.RecordingDurationMs is { } ms ? TimeSpan.FromMilliseconds(ms) : (TimeSpan?)null;
        return chunks.Select((chunk, i) => new RecordingFileReady(
            ids.RecordingId,
            chunk.DocumentId ?? "",
            (int)(chunk.Index ?? 0),
            Location(chunk.ContentLocation, i, "contentLocation") ?? throw new FormatException($"data.recordingStorageInfo.recordingChunks[{i}] has no contentLocation."),
            Location(chunk.MetadataLocation, i, "metadataLocation"),
            Location(chunk.DeleteLocation, i, "deleteLocation"),
            updated.RecordingStartTime,
            duration)).ToList();
    }

    /// <summary>
    /// The server call id a RecordingFileStatusUpdated event is about: <c>data.serverCallId</c> where the API version
    /// has it, else the end of the subject (<c>/recording/call/{callId}/serverCallId/{serverCallId}</c>).
    /// </summary>
    public static string? RecordingServerCallId(BinaryData data, string? subject)
    {
        const string marker = "/serverCallId/";
        if (Read<RecordingIds>(data, "RecordingFileStatusUpdated").ServerCallId is { Length: > 0 } id)
        {
            return id;
        }

        var at = (subject ?? "").LastIndexOf(marker, StringComparison.Ordinal);
        return at < 0 ? null : subject![(at + marker.Length)..];
    }

    private static RecognizeCompleted Recognized(CallAutomationEventData data, string id, DateTimeOffset time, string callConnectionId)
    {
        var kind = data.RecognitionType switch
        {
            "dtmf" => RecognitionKind.Dtmf,
            "choices" => RecognitionKind.Choices,
            _ => RecognitionKind.Speech,
        };
        var result = new RecognizeCompleted { EventId = id, Time = time, CallConnectionId = callConnectionId, Kind = kind };
        if (data.SpeechResult is { } speech)
        {
            result = result with { Speech = speech.Speech, Confidence = speech.Confidence };
        }

        if (data.DtmfResult?.Tones is { } tones)
        {
            result = result with { Tones = tones.Select(tone => tone ?? "").ToList() };
        }

        if (data.ChoiceResult is { } choice)
        {
            result = result with { ChoiceLabel = choice.Label, Speech = choice.RecognizedPhrase, Confidence = choice.Confidence };
        }

        return result;
    }

    private static string? PhoneOf(CommunicationIdentifierModel? identifier) =>
        identifier?.PhoneNumber?.Value is { Length: > 0 } value ? value
        : identifier?.RawId is { } raw && raw.StartsWith("4:", StringComparison.Ordinal) ? raw[2..]
        : null;

    private static Uri? Location(string? value, int chunk, string field) =>
        value is null ? null
        : Uri.TryCreate(value, UriKind.Absolute, out var uri) ? uri
        : throw new FormatException($"data.recordingStorageInfo.recordingChunks[{chunk}].{field} is not an absolute URL.");

    // The SDK's system event types deserialize through their own converters; a body that is not their shape is a
    // FormatException naming the event, like a missing field.
    private static T Read<T>(BinaryData data, string eventName)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(data);
        if (FirstToken(data) != JsonTokenType.StartObject)
        {
            throw new FormatException($"{eventName} data is not a JSON object.");
        }

        try
        {
            return data.ToObjectFromJson<T>(Json) ?? throw new FormatException($"{eventName} data is empty.");
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw new FormatException($"{eventName} data could not be read: {e.Message}", e);
        }
    }

    private static JsonTokenType FirstToken(BinaryData json)
    {
        var reader = new Utf8JsonReader(json.ToMemory().Span);
        return reader.Read() ? reader.TokenType : JsonTokenType.None;
    }

    // Not in AcsRecordingFileStatusUpdatedEventData: the recording id and server call id some API versions (and the
    // emulator) put on the data.
    private sealed record RecordingIds(string? RecordingId, string? ServerCallId);

    // Azure.Communication.CallAutomation, which has the Call Automation event payload types, is not served by the
    // package feed: the payloads of the callbacks are read into these small records of our own (the envelope is
    // Azure.Core's CloudEvent). Only the fields the app uses are here.
    private sealed record CallAutomationEventData(
        string? CallConnectionId,
        string? ServerCallId,
        string? CorrelationId,
        string? OperationContext,
        ResultInformation? ResultInformation,
        int? FailedPlaySourceIndex,
        string? RecognitionType,
        SpeechResult? SpeechResult,
        DtmfResult? DtmfResult,
        ChoiceResult? ChoiceResult,
        string? Tone,
        int? SequenceId,
        ToneInfo? ToneInfo,
        string? RecordingId,
        string? State,
        DateTimeOffset? StartDateTime);

    private sealed record ResultInformation(int? Code, int? SubCode, string? Message, SipDetails? SipDetails);

    private sealed record SipDetails(int? Code);

    private sealed record SpeechResult(string? Speech, double? Confidence);

    private sealed record DtmfResult(IReadOnlyList<string?>? Tones);

    private sealed record ChoiceResult(string? Label, string? RecognizedPhrase, double? Confidence);

    private sealed record ToneInfo(string? Tone, int? SequenceId);
}
