using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AiScheduler.Emulators.Callees;
using AiScheduler.Emulators.Http;
using AiScheduler.Emulators.Recordings;
using Microsoft.Extensions.Logging;

namespace AiScheduler.Emulators.Calls;

/// <summary>
/// The simulated telephone network: places and answers calls, runs media operations against personas, records, and
/// reports everything back as ACS does (CloudEvents to the call's callback URI, Event Grid events to the configured
/// endpoint).
/// </summary>
public sealed partial class Switchboard : IAsyncDisposable
{
    private const double SpeechConfidence = 0.92;
    private readonly ConcurrentDictionary<string, SimulatedCall> calls = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SimulatedCall> ringingInbound = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, JsonObject> repeatedCreates = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Recording> recordings = new(StringComparer.Ordinal);
    private readonly EmulatorOptions options;
    private readonly HttpClient http;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly SpeechRenderer speech;
    private readonly CancellationTokenSource stopping = new();
    private readonly string recordingsDirectory;
    private int disposed;

    internal Switchboard(EmulatorOptions options, PersonaCatalog personas, EmulatorCounters counters, HttpClient http, TimeProvider time, ILogger logger)
    {
        this.options = options;
        Personas = personas;
        Counters = counters;
        this.http = http;
        this.time = time;
        this.logger = logger;
        speech = new SpeechRenderer(options.RenderSpeech, logger);
        recordingsDirectory = options.RecordingsDirectory ?? Path.Combine(Path.GetTempPath(), "aischeduler-emulator-recordings", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(recordingsDirectory);
    }

    public PersonaCatalog Personas { get; }

    public EmulatorCounters Counters { get; }

    /// <summary>The emulator's own address, used in recording download URLs; set once Kestrel listens.</summary>
    public Uri BaseUri { get; internal set; } = new("http://127.0.0.1/");

    public IReadOnlyList<SimulatedCall> Calls => calls.Values.OrderBy(c => c.CreatedAt).ToList();

    public SimulatedCall? FindCall(string callConnectionId) => calls.GetValueOrDefault(callConnectionId);

    // ---- call control -------------------------------------------------------------------------------------------

    /// <summary>The SIP header the app names its purpose in, and the value of a meeting call.</summary>
    public const string PurposeHeader = "X-MS-Custom-AiScheduler-Purpose";
    public const string MeetingPurpose = "meeting";

    private static bool IsMeetingCall(JsonNode? body) =>
        body?["customCallingContext"]?["sipHeaders"] is JsonObject headers &&
        headers.Any(header => string.Equals(header.Key, PurposeHeader, StringComparison.OrdinalIgnoreCase) &&
                              header.Value is JsonValue value && value.TryGetValue<string>(out var purpose) &&
                              string.Equals(purpose, MeetingPurpose, StringComparison.OrdinalIgnoreCase));

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> callsPerPersona = new(StringComparer.Ordinal);

    internal JsonObject CreateCall(JsonNode? body, string? repeatabilityRequestId)
    {
        if (repeatabilityRequestId is not null && repeatedCreates.TryGetValue(repeatabilityRequestId, out var earlier))
        {
            Counters.CreateRepeated();
            return (JsonObject)earlier.DeepClone();
        }

        var targets = body?["targets"] as JsonArray;
        if (targets is null || targets.Count == 0)
        {
            throw AcsErrorException.BadRequest("targets is required: give the phone number to call as {\"kind\":\"phoneNumber\",\"phoneNumber\":{\"value\":\"+E164\"}}.");
        }

        var target = Identifiers.PhoneNumberOf(targets[0]);
        if (target is null || !Persona.IsE164(target))
        {
            throw AcsErrorException.BadRequest("targets[0] must be a phone number in E.164 format (e.g. +14255550123).");
        }

        var source = body?["sourceCallerIdNumber"]?["value"]?.GetValue<string>();
        if (source is null || !Persona.IsE164(source))
        {
            throw AcsErrorException.BadRequest("sourceCallerIdNumber.value is required for PSTN targets and must be an E.164 number owned by the resource.");
        }

        var callback = RequiredCallbackUri(body);
        // Why the app calls travels as a custom SIP header (ACS customCallingContext): a meeting call reaches the
        // persona's meeting callee, anything else the scheduling callee.
        var persona = Personas.ForNumber(target);
        if (IsMeetingCall(body))
        {
            persona = persona.ForMeeting();
        }

        if (persona.MissedCalls > 0 && callsPerPersona.AddOrUpdate(persona.Id, 1, (_, count) => count + 1) <= persona.MissedCalls)
        {
            persona = persona with { Answer = AnswerKind.NoAnswer };
        }

        var call = new SimulatedCall(Guid.NewGuid().ToString(), CallDirection.Outbound, target, source, persona, time.GetUtcNow())
        {
            CallbackUri = callback,
            OperationContext = body?["operationContext"]?.GetValue<string>(),
            CognitiveServicesEndpoint = body?["callIntelligenceOptions"]?["cognitiveServicesEndpoint"]?.GetValue<string>(),
            SourceDisplayName = body?["sourceDisplayName"]?.GetValue<string>(),
        };
        Register(call);
        var properties = call.ToProperties();
        if (repeatabilityRequestId is not null)
        {
            repeatedCreates[repeatabilityRequestId] = (JsonObject)properties.DeepClone();
        }

        Detach(call, RingOutboundAsync(call));
        return properties;
    }

    /// <summary>Starts a simulated inbound call: the persona dials the app, and Event Grid announces it.</summary>
    internal async Task<JsonObject> SimulateIncomingCallAsync(string from, string to, string? personaId, CancellationToken ct)
    {
        if (!Persona.IsE164(from) || !Persona.IsE164(to))
        {
            throw AcsErrorException.BadRequest("from and to must be E.164 phone numbers (e.g. +14255550123).");
        }

        if (options.EventGridEndpoint is null)
        {
            throw AcsErrorException.BadRequest("No Event Grid endpoint is configured (--event-grid-endpoint); the app would never hear of the call.");
        }

        var persona = personaId is null ? Personas.ForNumber(from)
            : Personas.ById(personaId) ?? throw AcsErrorException.BadRequest($"Persona '{personaId}' is not loaded; known personas: {string.Join(", ", Personas.All.Select(p => p.Id))}.");
        var call = new SimulatedCall(Guid.NewGuid().ToString(), CallDirection.Inbound, from, to, persona, time.GetUtcNow())
        {
            IncomingCallContext = Convert.ToBase64String(Guid.NewGuid().ToByteArray()) + "." + Convert.ToBase64String(Guid.NewGuid().ToByteArray()),
        };
        ringingInbound[call.IncomingCallContext] = call;
        var data = new JsonObject
        {
            ["to"] = Identifiers.Phone(to),
            ["from"] = Identifiers.Phone(from),
            ["serverCallId"] = call.ServerCallId,
            ["callerDisplayName"] = "",
            ["incomingCallContext"] = call.IncomingCallContext,
            ["correlationId"] = call.CorrelationId,
        };
        await PostEventGridAsync("Microsoft.Communication.IncomingCall", $"/caller/4:{from}/recipient/4:{to}", data, ct);
        return new JsonObject
        {
            ["serverCallId"] = call.ServerCallId,
            ["correlationId"] = call.CorrelationId,
            ["incomingCallContext"] = call.IncomingCallContext,
            ["personaId"] = persona.Id,
        };
    }

    internal JsonObject Answer(JsonNode? body)
    {
        var context = body?["incomingCallContext"]?.GetValue<string>()
            ?? throw AcsErrorException.BadRequest("incomingCallContext is required: copy it from the IncomingCall event.");
        var callback = RequiredCallbackUri(body);
        if (!ringingInbound.TryRemove(context, out var call))
        {
            throw AcsErrorException.BadRequest("incomingCallContext is unknown or the call was already answered or rejected.");
        }

        call.CallbackUri = callback;
        call.OperationContext = body?["operationContext"]?.GetValue<string>();
        call.CognitiveServicesEndpoint = body?["callIntelligenceOptions"]?["cognitiveServicesEndpoint"]?.GetValue<string>();
        Register(call);
        Detach(call, ConnectAsync(call));
        return call.ToProperties();
    }

    internal void Reject(JsonNode? body)
    {
        var context = body?["incomingCallContext"]?.GetValue<string>()
            ?? throw AcsErrorException.BadRequest("incomingCallContext is required: copy it from the IncomingCall event.");
        if (!ringingInbound.TryRemove(context, out var call))
        {
            throw AcsErrorException.BadRequest("incomingCallContext is unknown or the call was already answered or rejected.");
        }

        call.State = "disconnected";
        call.EndedAt = time.GetUtcNow();
        call.EndReason = "rejected by the app (" + (body?["callRejectReason"]?.GetValue<string>() ?? "none") + ")";
        calls[call.CallConnectionId] = call;
    }

    /// <summary>GET of a call: like ACS, a call that has ended is no longer found (404, code 8522).</summary>
    internal JsonObject Get(string callConnectionId) => ActiveCall(callConnectionId).ToProperties();

    /// <summary>DELETE (the app leaves) and :terminate (ends for everyone) both end a two-party call.</summary>
    internal void HangUp(string callConnectionId, bool forEveryone)
    {
        var call = ActiveCall(callConnectionId);
        End(call, forEveryone ? "terminated by the app" : "the app hung up", announce: true);
    }

    // ---- media ----------------------------------------------------------------------------------------------------

    internal void Play(string callConnectionId, JsonNode? body)
    {
        var call = ConnectedCall(callConnectionId);
        var sources = body?["playSources"] as JsonArray;
        if (sources is null || sources.Count == 0)
        {
            throw AcsErrorException.BadRequest("playSources is required and must hold at least one text, ssml or file source.");
        }

        var texts = sources.Select(s => PlaySourceText(call, s)).ToList();
        var operationContext = body?["operationContext"]?.GetValue<string>();
        var callback = OperationCallback(call, body);
        call.Media.Enqueue(
            async ct =>
            {
                Publish(call, "PlayStarted", operationContext, callback, null, null);
                foreach (var text in texts)
                {
                    call.Say(Speaker.Agent, text, time.GetUtcNow());
                    await DelayAsync(SpeakingTime(text), call, ct);
                }

                Publish(call, "PlayCompleted", operationContext, callback, Result(200, 0, "Action completed successfully."), null);
            },
            () => Canceled(call, "PlayCanceled", operationContext, callback));
    }

    internal void Recognize(string callConnectionId, JsonNode? body)
    {
        var call = ConnectedCall(callConnectionId);
        var inputType = body?["recognizeInputType"]?.GetValue<string>()
            ?? throw AcsErrorException.BadRequest("recognizeInputType is required: speech, dtmf, speechOrDtmf or choices.");
        if (inputType is not ("speech" or "dtmf" or "speechOrDtmf" or "choices"))
        {
            throw AcsErrorException.BadRequest($"recognizeInputType '{inputType}' is not one of speech, dtmf, speechOrDtmf, choices.");
        }

        var recognizeOptions = body?["recognizeOptions"] ?? throw AcsErrorException.BadRequest("recognizeOptions is required.");
        if (recognizeOptions["targetParticipant"] is null)
        {
            throw AcsErrorException.BadRequest("recognizeOptions.targetParticipant is required: the participant whose input is recognized.");
        }

        var prompts = new List<JsonNode>();
        if (body?["playPrompt"] is { } single)
        {
            prompts.Add(single);
        }

        if (body?["playPrompts"] is JsonArray many)
        {
            prompts.AddRange(many.OfType<JsonNode>());
        }

        var promptTexts = prompts.Select(p => PlaySourceText(call, p)).ToList();
        var initialSilence = TimeSpan.FromSeconds(recognizeOptions["initialSilenceTimeoutInSeconds"]?.GetValue<double>() ?? 5);
        var choices = recognizeOptions["choices"] as JsonArray;
        var maxTones = recognizeOptions["dtmfOptions"]?["maxTonesToCollect"]?.GetValue<int>() ?? 1;
        var operationContext = body?["operationContext"]?.GetValue<string>();
        var callback = OperationCallback(call, body);
        call.Media.Enqueue(
            async ct =>
            {
                foreach (var text in promptTexts)
                {
                    call.Say(Speaker.Agent, text, time.GetUtcNow());
                    await DelayAsync(SpeakingTime(text), call, ct);
                }

                CalleeTurn turn;
                lock (call.Gate)
                {
                    turn = call.Script.NextTurn(call.AgentLastSaid());
                }

                switch (turn)
                {
                    case CalleeTurn.Says says:
                        await DelayAsync(SpeakingTime(says.Text), call, ct);
                        call.Say(Speaker.Callee, says.Text, time.GetUtcNow());
                        ReportRecognized(call, inputType, says.Text, choices, maxTones, operationContext, callback);
                        break;
                    case CalleeTurn.Presses presses:
                        call.Say(Speaker.Callee, $"(presses {presses.Keys})", time.GetUtcNow());
                        if (inputType is "dtmf" or "speechOrDtmf")
                        {
                            ReportRecognized(call, "dtmf", presses.Keys, choices, maxTones, operationContext, callback);
                            break;
                        }

                        // A speech recognize does not hear keys; continuous recognition (when on) reports each at once,
                        // and the recognize itself runs on to its silence timeout unless the app cancels it.
                        ReportTones(call, presses.Keys);
                        await DelayAsync(initialSilence, call, ct);
                        Publish(call, "RecognizeFailed", operationContext, callback, Result(400, 8510, "Action failed, initial silence timeout reached."), null);
                        break;
                    case CalleeTurn.StaysSilent:
                        await DelayAsync(initialSilence, call, ct);
                        Publish(call, "RecognizeFailed", operationContext, callback, Result(400, 8510, "Action failed, initial silence timeout reached."), null);
                        break;
                    default:
                        call.Say(Speaker.System, "(callee hung up)", time.GetUtcNow());
                        End(call, "the callee hung up", announce: true);
                        break;
                }
            },
            () => Canceled(call, "RecognizeCanceled", operationContext, callback));
    }

    internal void StartContinuousDtmf(string callConnectionId, JsonNode? body)
    {
        var call = ConnectedCall(callConnectionId);
        if (body?["targetParticipant"] is null)
        {
            throw AcsErrorException.BadRequest("targetParticipant is required: the participant whose keys are recognized.");
        }

        call.ContinuousDtmfContext = body?["operationContext"]?.GetValue<string>();
        call.ContinuousDtmf = true;
    }

    internal void StopContinuousDtmf(string callConnectionId)
    {
        var call = ConnectedCall(callConnectionId);
        call.ContinuousDtmf = false;
    }

    private void ReportTones(SimulatedCall call, string keys)
    {
        if (!call.ContinuousDtmf)
        {
            return;
        }

        foreach (var key in keys)
        {
            Publish(call, "ContinuousDtmfRecognitionToneReceived", call.ContinuousDtmfContext, call.CallbackUri!, Result(200, 0, "Success."), new JsonObject
            {
                ["tone"] = ToneName(key),
                ["sequenceId"] = ++call.DtmfSequence,
            });
        }
    }

    internal void CancelAllMediaOperations(string callConnectionId)
    {
        var call = ConnectedCall(callConnectionId);
        call.Media.CancelAll();
    }

    private void ReportRecognized(SimulatedCall call, string inputType, string said, JsonArray? choices, int maxTones, string? operationContext, Uri callback)
    {
        switch (inputType)
        {
            case "dtmf":
                var tones = said.Where(c => char.IsAsciiDigit(c) || c is '*' or '#').Take(Math.Max(1, maxTones)).Select(ToneName).ToArray();
                if (tones.Length == 0)
                {
                    Publish(call, "RecognizeFailed", operationContext, callback, Result(400, 8510, "Action failed, initial silence timeout reached."), null);
                    return;
                }

                Publish(call, "RecognizeCompleted", operationContext, callback, Result(200, 8531, "Action completed, max digits received."), new JsonObject
                {
                    ["recognitionType"] = "dtmf",
                    ["dtmfResult"] = new JsonObject { ["tones"] = new JsonArray(tones.Select(t => (JsonNode)JsonValue.Create(t)).ToArray()) },
                });
                return;
            case "choices":
                var choice = choices?.FirstOrDefault(c =>
                    said.Contains(c?["label"]?.GetValue<string>() ?? "\0", StringComparison.OrdinalIgnoreCase)
                    || (c?["phrases"] as JsonArray)?.Any(p => said.Contains(p!.GetValue<string>(), StringComparison.OrdinalIgnoreCase)) == true);
                if (choice is null)
                {
                    Publish(call, "RecognizeFailed", operationContext, callback, Result(400, 8547, "Action failed, recognized phrase does not match a valid option."), null);
                    return;
                }

                Publish(call, "RecognizeCompleted", operationContext, callback, Result(200, 8545, "Action completed, recognized speech matches a valid option."), new JsonObject
                {
                    ["recognitionType"] = "choices",
                    ["choiceResult"] = new JsonObject { ["label"] = choice["label"]?.GetValue<string>(), ["recognizedPhrase"] = said, ["confidence"] = SpeechConfidence },
                });
                return;
            default:
                Publish(call, "RecognizeCompleted", operationContext, callback, Result(200, 8569, "Action completed, speech recognized."), new JsonObject
                {
                    ["recognitionType"] = "speech",
                    ["speechResult"] = new JsonObject { ["speech"] = said, ["confidence"] = SpeechConfidence },
                });
                return;
        }
    }

    private static string ToneName(char digit) => digit switch
    {
        '0' => "zero", '1' => "one", '2' => "two", '3' => "three", '4' => "four",
        '5' => "five", '6' => "six", '7' => "seven", '8' => "eight", '*' => "asterisk", '#' => "pound", _ => "nine",
    };

    private Task Canceled(SimulatedCall call, string eventType, string? operationContext, Uri callback)
    {
        if (call.IsActive)
        {
            Publish(call, eventType, operationContext, callback, Result(400, 8508, "Action failed, the operation was cancelled."), null);
        }

        return Task.CompletedTask;
    }

    private string PlaySourceText(SimulatedCall call, JsonNode? source)
    {
        var kind = source?["kind"]?.GetValue<string>();
        switch (kind)
        {
            case "text":
                RequireCognitiveServices(call);
                return source?["text"]?["text"]?.GetValue<string>() is { Length: > 0 } text
                    ? text
                    : throw AcsErrorException.BadRequest("A text play source needs text.text.");
            case "ssml":
                RequireCognitiveServices(call);
                var ssml = source?["ssml"]?["ssmlText"]?.GetValue<string>()
                    ?? throw AcsErrorException.BadRequest("An ssml play source needs ssml.ssmlText.");
                return WebUtility.HtmlDecode(SsmlTags().Replace(ssml, " ")).Trim();
            case "file":
                var uri = source?["file"]?["uri"]?.GetValue<string>()
                    ?? throw AcsErrorException.BadRequest("A file play source needs file.uri.");
                return "[audio " + uri + "]";
            default:
                throw AcsErrorException.BadRequest($"Play source kind '{kind}' is not one of text, ssml, file.");
        }
    }

    private static void RequireCognitiveServices(SimulatedCall call)
    {
        if (string.IsNullOrEmpty(call.CognitiveServicesEndpoint))
        {
            throw AcsErrorException.BadRequest(
                "Text-to-speech needs an Azure AI services resource: set callIntelligenceOptions.cognitiveServicesEndpoint when creating or answering the call.");
        }
    }

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex SsmlTags();

    // ---- recording ------------------------------------------------------------------------------------------------

    internal JsonObject StartRecording(JsonNode? body)
    {
        var callConnectionId = body?["callConnectionId"]?.GetValue<string>();
        var serverCallId = body?["callLocator"]?["serverCallId"]?.GetValue<string>();
        var call = callConnectionId is not null ? ActiveCall(callConnectionId)
            : serverCallId is not null ? calls.Values.FirstOrDefault(c => c.ServerCallId == serverCallId && c.IsActive)
                ?? throw new AcsErrorException(HttpStatusCode.NotFound, "8522", $"No active call has serverCallId {serverCallId}.")
            : throw AcsErrorException.BadRequest("callLocator (serverCallLocator with serverCallId) or callConnectionId is required.");
        if (call.ActiveRecordingId is not null)
        {
            throw new AcsErrorException(HttpStatusCode.Conflict, "8526", $"Call {call.CallConnectionId} is already being recorded (recording {call.ActiveRecordingId}).");
        }

        var stateCallback = body?["recordingStateCallbackUri"]?.GetValue<string>() is { } s && Uri.TryCreate(s, UriKind.Absolute, out var u) ? u : call.CallbackUri!;
        var recording = new Recording(
            Convert.ToBase64String(Guid.NewGuid().ToByteArray()).TrimEnd('=').Replace('/', '_').Replace('+', '-'),
            call,
            stateCallback,
            time.GetUtcNow(),
            call.TranscriptCount);
        recordings[recording.Id] = recording;
        call.ActiveRecordingId = recording.Id;
        call.RecordingsStarted++;
        call.LastRecordingStartedAt = recording.StartedAt;
        Publish(call, "RecordingStateChanged", null, stateCallback, null, new JsonObject
        {
            ["recordingId"] = recording.Id,
            ["state"] = "active",
            ["startDateTime"] = recording.StartedAt.ToString("O", CultureInfo.InvariantCulture),
            ["recordingKind"] = "azureCommunicationServices",
        });
        return RecordingState(recording);
    }

    internal JsonObject GetRecording(string recordingId) => RecordingState(FindRecording(recordingId));

    internal async Task StopRecordingAsync(string recordingId, CancellationToken ct)
    {
        var recording = FindRecording(recordingId);
        await FinishRecordingAsync(recording, ct);
    }

    internal (byte[] Wav, Recording Recording) RecordingContent(string documentId) =>
        recordings.Values.FirstOrDefault(r => r.DocumentId == documentId && r.Wav is not null) is { } r
            ? (r.Wav!, r)
            : throw new AcsErrorException(HttpStatusCode.NotFound, "NotFound", $"Recording document {documentId} does not exist or was deleted.");

    internal void DeleteRecording(string documentId)
    {
        var recording = recordings.Values.FirstOrDefault(r => r.DocumentId == documentId)
            ?? throw new AcsErrorException(HttpStatusCode.NotFound, "NotFound", $"Recording document {documentId} does not exist.");
        recordings.TryRemove(recording.Id, out _);
        if (recording.FilePath is not null)
        {
            File.Delete(recording.FilePath);
        }
    }

    private Recording FindRecording(string recordingId) =>
        recordings.GetValueOrDefault(recordingId)
        ?? throw new AcsErrorException(HttpStatusCode.NotFound, "NotFound", $"Recording {recordingId} does not exist.");

    private static JsonObject RecordingState(Recording recording) => new()
    {
        ["recordingId"] = recording.Id,
        ["recordingState"] = recording.State,
        ["recordingKind"] = "azureCommunicationServices",
    };

    private async Task FinishRecordingAsync(Recording recording, CancellationToken ct)
    {
        var call = recording.Call;
        lock (recording)
        {
            if (recording.State == "inactive")
            {
                return;
            }

            recording.State = "inactive";
        }

        call.ActiveRecordingId = null;
        var lines = call.Transcript.Skip(recording.FirstTranscriptLine).ToList();
        var duration = time.GetUtcNow() - recording.StartedAt;
        Publish(call, "RecordingStateChanged", null, recording.StateCallbackUri, null, new JsonObject
        {
            ["recordingId"] = recording.Id,
            ["state"] = "inactive",
            ["startDateTime"] = recording.StartedAt.ToString("O", CultureInfo.InvariantCulture),
            ["recordingKind"] = "azureCommunicationServices",
        });
        recording.Wav = await speech.RenderAsync(lines, call.Persona.Language, ct);
        recording.Lines = lines;
        recording.FilePath = Path.Combine(recordingsDirectory, recording.DocumentId + ".wav");
        await File.WriteAllBytesAsync(recording.FilePath, recording.Wav, ct);
        var objects = new Uri(BaseUri, "v1/objects/" + recording.DocumentId);
        var data = new JsonObject
        {
            ["recordingStorageInfo"] = new JsonObject
            {
                ["recordingChunks"] = new JsonArray(new JsonObject
                {
                    ["documentId"] = recording.DocumentId,
                    ["index"] = 0,
                    ["endReason"] = "SessionEnded",
                    ["contentLocation"] = objects + "/content/audio",
                    ["metadataLocation"] = objects + "/content/acsmetadata",
                    ["deleteLocation"] = objects.ToString(),
                }),
            },
            ["recordingStartTime"] = recording.StartedAt.ToString("O", CultureInfo.InvariantCulture),
            ["recordingDurationMs"] = (long)duration.TotalMilliseconds,
            ["sessionEndReason"] = call.IsActive ? "RecordingStopped" : "CallEnded",
            ["recordingId"] = recording.Id,
            ["serverCallId"] = call.ServerCallId,
        };
        if (options.EventGridEndpoint is not null)
        {
            await PostEventGridAsync("Microsoft.Communication.RecordingFileStatusUpdated", "/recording/call/" + call.ServerCallId + "/serverCallId/" + call.ServerCallId, data, ct);
        }
    }

    // ---- the call's life ------------------------------------------------------------------------------------------

    private async Task RingOutboundAsync(SimulatedCall call)
    {
        var persona = call.Persona;
        await DelayAsync(TimeSpan.FromSeconds(persona.RingSeconds), call, call.Lifetime.Token);
        switch (persona.Answer)
        {
            case AnswerKind.Human:
            case AnswerKind.Voicemail:
                await ConnectAsync(call);
                return;
            case AnswerKind.NoAnswer:
                Fail(call, "no answer", Result(408, 10004, "Call was not answered.", 408, "Request Timeout"));
                return;
            case AnswerKind.Busy:
                Fail(call, "busy", Result(486, 10003, "Callee is busy.", 486, "Busy Here"));
                return;
            case AnswerKind.Reject:
                Fail(call, "rejected", Result(603, 10002, "Callee declined the call.", 603, "Decline"));
                return;
            default:
                Fail(call, "failed", Result(500, 10500, "Call could not be established.", 503, "Service Unavailable"));
                return;
        }
    }

    private Task ConnectAsync(SimulatedCall call)
    {
        call.State = "connected";
        call.ConnectedAt = time.GetUtcNow();
        Log.CallStateChanged(logger, call.CallConnectionId, call.Direction.ToString(), call.Persona.Id, call.State);
        Publish(call, "CallConnected", call.OperationContext, call.CallbackUri!, Result(200, 0, "Call connected."), null);
        return Task.CompletedTask;
    }

    private void Fail(SimulatedCall call, string reason, JsonObject result)
    {
        Publish(call, "CreateCallFailed", call.OperationContext, call.CallbackUri!, result, null);
        End(call, reason, announce: false);
    }

    private void End(SimulatedCall call, string reason, bool announce)
    {
        lock (call.Gate)
        {
            if (!call.IsActive)
            {
                return;
            }

            call.State = "disconnected";
            call.EndedAt = time.GetUtcNow();
            call.EndReason = reason;
        }

        Log.CallStateChanged(logger, call.CallConnectionId, call.Direction.ToString(), call.Persona.Id, call.State);
        call.Media.CancelAll();
        call.Lifetime.Cancel();
        if (call.ActiveRecordingId is { } recordingId && recordings.TryGetValue(recordingId, out var recording))
        {
            Detach(call, FinishRecordingAsync(recording, stopping.Token));
        }

        if (announce)
        {
            Publish(call, "CallDisconnected", null, call.CallbackUri!, Result(200, 0, "The conversation has ended."), null);
        }

        call.Outbox?.Complete();
        Counters.CallEnded();
    }

    private void Register(SimulatedCall call)
    {
        call.Outbox = new CallbackOutbox(http, options.Faults, Counters, logger, stopping.Token);
        calls[call.CallConnectionId] = call;
        Counters.CallStarted();
        Log.CallStateChanged(logger, call.CallConnectionId, call.Direction.ToString(), call.Persona.Id, call.State);
    }

    private void Detach(SimulatedCall call, Task work) =>
        _ = work.ContinueWith(
            t =>
            {
                if (t.Exception is { } e && !stopping.IsCancellationRequested)
                {
                    Log.SimulationFailed(logger, e.GetBaseException(), call.CallConnectionId);
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.NotOnRanToCompletion,
            TaskScheduler.Default);

    private SimulatedCall ActiveCall(string callConnectionId, bool allowEnded = false)
    {
        if (!calls.TryGetValue(callConnectionId, out var call) || (!allowEnded && !call.IsActive))
        {
            throw AcsErrorException.CallNotFound(callConnectionId);
        }

        return call;
    }

    private SimulatedCall ConnectedCall(string callConnectionId)
    {
        var call = ActiveCall(callConnectionId);
        if (call.State != "connected")
        {
            throw new AcsErrorException(HttpStatusCode.BadRequest, "8501", $"Action is not valid while call {callConnectionId} is {call.State}; wait for CallConnected.");
        }

        return call;
    }

    private static Uri RequiredCallbackUri(JsonNode? body)
    {
        var text = body?["callbackUri"]?.GetValue<string>();
        return text is not null && Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? uri
            : throw AcsErrorException.BadRequest("callbackUri is required and must be an absolute http(s) URL that receives the call's events.");
    }

    private static Uri OperationCallback(SimulatedCall call, JsonNode? body) =>
        body?["operationCallbackUri"]?.GetValue<string>() is { } text && Uri.TryCreate(text, UriKind.Absolute, out var uri) ? uri : call.CallbackUri!;

    private TimeSpan SpeakingTime(string text) => options.SpeechTimePerCharacter * text.Length;

    private async Task DelayAsync(TimeSpan duration, SimulatedCall call, CancellationToken ct)
    {
        var scaled = duration * options.TimeScale;
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, call.Lifetime.Token, stopping.Token);
        if (scaled > TimeSpan.Zero)
        {
            await Task.Delay(scaled, time, linked.Token);
        }
        else
        {
            // Keep callbacks asynchronous even at time scale 0: the REST answer must go out before its events.
            await Task.Yield();
            linked.Token.ThrowIfCancellationRequested();
        }
    }

    // ---- events ---------------------------------------------------------------------------------------------------

    private static JsonObject Result(int code, int subCode, string message, int? sipCode = null, string? sipMessage = null)
    {
        var result = new JsonObject { ["code"] = code, ["subCode"] = subCode, ["message"] = message };
        if (sipCode is not null)
        {
            result["sipDetails"] = new JsonObject { ["code"] = sipCode, ["message"] = sipMessage };
        }

        return result;
    }

    private void Publish(SimulatedCall call, string name, string? operationContext, Uri destination, JsonObject? resultInformation, JsonObject? extra)
    {
        var data = new JsonObject
        {
            ["callConnectionId"] = call.CallConnectionId,
            ["serverCallId"] = call.ServerCallId,
            ["correlationId"] = call.CorrelationId,
        };
        if (operationContext is not null)
        {
            data["operationContext"] = operationContext;
        }

        if (resultInformation is not null)
        {
            data["resultInformation"] = resultInformation;
        }

        foreach (var (key, value) in extra ?? [])
        {
            data[key] = value?.DeepClone();
        }

        var source = "calling/callConnections/" + call.CallConnectionId;
        var cloudEvent = new JsonObject
        {
            ["id"] = Guid.NewGuid().ToString(),
            ["source"] = source,
            ["type"] = "Microsoft.Communication." + name,
            ["specversion"] = "1.0",
            ["datacontenttype"] = "application/json",
            ["time"] = time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture),
            ["subject"] = source,
            ["data"] = data,
        };
        call.Outbox?.Post(destination, cloudEvent);
    }

    private async Task PostEventGridAsync(string eventType, string subject, JsonObject data, CancellationToken ct)
    {
        var events = new JsonArray(new JsonObject
        {
            ["id"] = Guid.NewGuid().ToString(),
            ["topic"] = "/subscriptions/00000000-0000-0000-0000-000000000000/resourcegroups/emulator/providers/microsoft.communication/communicationservices/emulator",
            ["subject"] = subject,
            ["data"] = data,
            ["eventType"] = eventType,
            ["dataVersion"] = "1.0",
            ["metadataVersion"] = "1",
            ["eventTime"] = time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture),
        });
        using var request = new HttpRequestMessage(HttpMethod.Post, options.EventGridEndpoint) { Content = JsonContent.Create(events) };
        request.Headers.Add("aeg-event-type", "Notification");
        try
        {
            using var response = await http.SendAsync(request, ct);
            if (response.IsSuccessStatusCode)
            {
                Counters.EventGridEventDelivered();
            }
            else
            {
                Log.EventGridUndelivered(logger, eventType, "HTTP " + ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture));
            }
        }
        catch (HttpRequestException e)
        {
            Log.EventGridUndelivered(logger, eventType, e.Message);
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Both the host and its container dispose the switchboard; the first one stops the simulations.
        if (Interlocked.Exchange(ref disposed, 1) == 0)
        {
            await stopping.CancelAsync();
        }
    }
}

/// <summary>A recording of a call: from start to stop (or the call's end) the transcript lines become its audio.</summary>
internal sealed class Recording(string id, SimulatedCall call, Uri stateCallbackUri, DateTimeOffset startedAt, int firstTranscriptLine)
{
    public string Id { get; } = id;

    public string DocumentId { get; } = Guid.NewGuid().ToString("N");

    public SimulatedCall Call { get; } = call;

    public Uri StateCallbackUri { get; } = stateCallbackUri;

    public DateTimeOffset StartedAt { get; } = startedAt;

    public int FirstTranscriptLine { get; } = firstTranscriptLine;

    public string State { get; set; } = "active";

    public byte[]? Wav { get; set; }

    public IReadOnlyList<TranscriptLine> Lines { get; set; } = [];

    public string? FilePath { get; set; }
}
