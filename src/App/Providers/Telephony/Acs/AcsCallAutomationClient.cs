using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using AiScheduler.Domain.Phones;
using AiScheduler.Functions.Hosting;
using AiScheduler.Functions.Providers.Http;
using Microsoft.Extensions.Options;
using Polly.Timeout;

namespace AiScheduler.Functions.Providers.Telephony;

/// <summary>
/// <see cref="ITelephony"/> over the ACS Call Automation REST API (api-version 2025-05-15 by default), hand-written
/// on HttpClient because the official .NET SDK is not in this build's package feed. Creates carry
/// Repeatability-Request-ID / Repeatability-First-Sent (create, answer, reject, terminate, start recording: the operations
/// whose spec has them), which makes them safe to retry: the service answers a repeat from its cache. Retries are the
/// shared outbound policy (<see cref="OutboundHttp"/>, honouring Retry-After); it sends the same signed request again, so
/// every attempt carries the same bytes, signature and repeatability headers. Media commands (play, recognize, cancel,
/// continuous DTMF) have no repeatability headers and a repeat would be heard twice: they are retried only on 429/503 or
/// when the connection failed, never after a 500, 502 or timeout.
/// </summary>
internal sealed class AcsCallAutomationClient : ITelephony
{
    private readonly HttpClient http;
    private readonly AcsConnectionSource connectionSource;
    private readonly AcsTelephonyOptions options;
    private readonly TimeProvider time;
    private readonly RecordingSources recordingSources;
    private readonly ILogger logger;

    // time: the clock requests are dated by (x-ms-date, which ACS refuses beyond 15 minutes from its own time, and
    // Repeatability-First-Sent); the SigningClock when composed, real time even when the app's clock is anchored.
    public AcsCallAutomationClient(HttpClient http, AcsConnectionSource connectionSource, IOptions<TelephonyOptions> options,
        [FromKeyedServices(SigningClock.Key)] TimeProvider time, ILogger<AcsCallAutomationClient> logger, RecordingSources? recordingSources = null)
    {
        // Without storage settings only the Call Automation endpoint itself (and ACS's recording storage) is trusted.
        this.recordingSources = recordingSources ?? new RecordingSources(connectionSource, options, Options.Create(new Storage.StorageOptions()));
        this.logger = logger;
        this.http = http;
        this.connectionSource = connectionSource;
        this.options = options.Value.Acs;
        this.time = time;
    }

    public async Task<CallConnection> PlaceCallAsync(PlaceCall request, CancellationToken ct)
    {
        var callerId = request.CallerId?.E164 ?? options.CallerId;
        var body = new JsonObject
        {
            ["targets"] = new JsonArray(PhoneIdentifier(request.Target.E164)),
            ["sourceCallerIdNumber"] = new JsonObject { ["value"] = callerId },
            ["callbackUri"] = request.CallbackUri.AbsoluteUri,
            ["operationContext"] = request.OperationContext,
            ["callIntelligenceOptions"] = new JsonObject { ["cognitiveServicesEndpoint"] = options.CognitiveServicesEndpoint.AbsoluteUri },
        };
        if (request.SipHeaders.Count > 0)
        {
            var headers = new JsonObject();
            foreach (var (name, value) in request.SipHeaders)
            {
                headers[name] = value;
            }

            body["customCallingContext"] = new JsonObject { ["sipHeaders"] = headers };
        }

        var response = await SendAsync(HttpMethod.Post, "calling/callConnections", body, repeatable: true, ct);
        return ToCallConnection(response);
    }

    public async Task<CallConnection> AnswerCallAsync(AnswerCall request, CancellationToken ct)
    {
        var body = new JsonObject
        {
            ["incomingCallContext"] = request.IncomingCallContext,
            ["callbackUri"] = request.CallbackUri.AbsoluteUri,
            ["operationContext"] = request.OperationContext,
            ["callIntelligenceOptions"] = new JsonObject { ["cognitiveServicesEndpoint"] = options.CognitiveServicesEndpoint.AbsoluteUri },
        };
        return ToCallConnection(await SendAsync(HttpMethod.Post, "calling/callConnections:answer", body, repeatable: true, ct));
    }

    public async Task RejectCallAsync(string incomingCallContext, CancellationToken ct) =>
        await SendAsync(HttpMethod.Post, "calling/callConnections:reject", new JsonObject { ["incomingCallContext"] = incomingCallContext, ["callRejectReason"] = "none" }, repeatable: true, ct);

    public async Task<CallConnection> GetCallAsync(string callConnectionId, CancellationToken ct) =>
        ToCallConnection(await SendAsync(HttpMethod.Get, CallPath(callConnectionId), null, repeatable: false, ct));

    public async Task PlayAsync(string callConnectionId, Prompt prompt, string? operationContext, CancellationToken ct)
    {
        var body = new JsonObject
        {
            ["playSources"] = new JsonArray(PlaySource(prompt)),
            ["playOptions"] = new JsonObject { ["loop"] = false },
            ["operationContext"] = operationContext,
        };
        await SendAsync(HttpMethod.Post, CallPath(callConnectionId) + ":play", body, repeatable: false, ct);
    }

    public async Task RecognizeAsync(string callConnectionId, Recognition request, CancellationToken ct)
    {
        var recognizeOptions = new JsonObject
        {
            ["targetParticipant"] = PhoneIdentifier(request.Participant.E164),
            ["interruptPrompt"] = true,
            ["initialSilenceTimeoutInSeconds"] = (int)Math.Ceiling(request.InitialSilenceTimeout.TotalSeconds),
        };
        string inputType;
        switch (request)
        {
            case SpeechRecognition speech:
                inputType = "speech";
                recognizeOptions["speechLanguage"] = speech.Language;
                recognizeOptions["speechOptions"] = new JsonObject { ["endSilenceTimeoutInMs"] = (int)speech.EndSilenceTimeout.TotalMilliseconds };
                break;
            case DtmfRecognition dtmf:
                inputType = "dtmf";
                recognizeOptions["dtmfOptions"] = new JsonObject
                {
                    ["interToneTimeoutInSeconds"] = (int)Math.Ceiling(dtmf.InterToneTimeout.TotalSeconds),
                    ["maxTonesToCollect"] = dtmf.MaxTones,
                    ["stopTones"] = new JsonArray(dtmf.StopTones.Select(t => (JsonNode)JsonValue.Create(t)).ToArray()),
                };
                break;
            default:
                throw new ArgumentException($"Recognition {request.GetType().Name} is not supported.", nameof(request));
        }

        var body = new JsonObject
        {
            ["recognizeInputType"] = inputType,
            ["recognizeOptions"] = recognizeOptions,
            ["interruptCallMediaOperation"] = false,
            ["operationContext"] = request.OperationContext,
        };
        if (request.Prompt is not null)
        {
            body["playPrompts"] = new JsonArray(PlaySource(request.Prompt));
        }

        await SendAsync(HttpMethod.Post, CallPath(callConnectionId) + ":recognize", body, repeatable: false, ct);
    }

    public async Task StartContinuousDtmfRecognitionAsync(string callConnectionId, PhoneNumber participant, string? operationContext, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(participant);
        var body = new JsonObject
        {
            ["targetParticipant"] = PhoneIdentifier(participant.E164),
            ["operationContext"] = operationContext,
        };
        await SendAsync(HttpMethod.Post, CallPath(callConnectionId) + ":startContinuousDtmfRecognition", body, repeatable: false, ct);
    }

    public async Task CancelMediaAsync(string callConnectionId, CancellationToken ct) =>
        await SendAsync(HttpMethod.Post, CallPath(callConnectionId) + ":cancelAllMediaOperations", new JsonObject(), repeatable: false, ct);

    public async Task HangUpAsync(string callConnectionId, bool forEveryone, CancellationToken ct)
    {
        if (forEveryone)
        {
            await SendAsync(HttpMethod.Post, CallPath(callConnectionId) + ":terminate", new JsonObject(), repeatable: true, ct);
        }
        else
        {
            await SendAsync(HttpMethod.Delete, CallPath(callConnectionId), null, repeatable: false, ct);
        }
    }

    public async Task<CallRecording> StartRecordingAsync(CallConnection call, Uri? stateCallbackUri, CancellationToken ct)
    {
        var body = new JsonObject
        {
            ["recordingContentType"] = "audio",
            ["recordingChannelType"] = "mixed",
            ["recordingFormatType"] = "wav",
            ["recordingStateCallbackUri"] = stateCallbackUri?.AbsoluteUri,
        };
        if (call.ServerCallId is not null)
        {
            body["callLocator"] = new JsonObject { ["kind"] = "serverCallLocator", ["serverCallId"] = call.ServerCallId };
        }
        else
        {
            body["callConnectionId"] = call.CallConnectionId;
        }

        return ToRecording(await SendAsync(HttpMethod.Post, "calling/recordings", body, repeatable: true, ct));
    }

    public async Task<CallRecording> GetRecordingAsync(string recordingId, CancellationToken ct) =>
        ToRecording(await SendAsync(HttpMethod.Get, "calling/recordings/" + Uri.EscapeDataString(recordingId), null, repeatable: false, ct));

    public async Task StopRecordingAsync(string recordingId, CancellationToken ct) =>
        await SendAsync(HttpMethod.Delete, "calling/recordings/" + Uri.EscapeDataString(recordingId), null, repeatable: false, ct);

    public async Task<Stream> DownloadRecordingAsync(Uri contentLocation, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(contentLocation);
        // The location comes from an event; the signed request below must never go anywhere but the service's own hosts.
        if (!await recordingSources.AllowsAsync(contentLocation, ct))
        {
            Log.RecordingLocationRefused(logger, LogValues.Clean(contentLocation.GetLeftPart(UriPartial.Authority)));
            throw new TelephonyException(HttpStatusCode.Forbidden, "RecordingLocationNotAllowed",
                $"Recordings are downloaded only from the telephony service or the configured storage; '{contentLocation.GetLeftPart(UriPartial.Authority)}' is neither.");
        }

        var connection = await connectionSource.GetAsync(ct);
        using var request = new HttpRequestMessage(HttpMethod.Get, contentLocation);
        await connection.AuthenticateAsync(request, [], time, ct);
        var response = await SendOrExplainAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        if (!response.IsSuccessStatusCode)
        {
            using (response)
            {
                throw await ErrorAsync(response, ct);
            }
        }

        return await response.Content.ReadAsStreamAsync(ct);
    }

    private static string CallPath(string callConnectionId) => "calling/callConnections/" + Uri.EscapeDataString(callConnectionId);

    private async Task<JsonNode?> SendAsync(HttpMethod method, string path, JsonObject? body, bool repeatable, CancellationToken ct)
    {
        var connection = await connectionSource.GetAsync(ct);
        var uri = new Uri(connection.Endpoint, path + "?api-version=" + Uri.EscapeDataString(options.ApiVersion));
        // Serialized once: the signature covers these exact bytes, and every retry sends the same ones.
        var bytes = body is null ? [] : JsonSerializer.SerializeToUtf8Bytes(body);
        var repeatabilityId = repeatable ? Guid.NewGuid().ToString() : null;
        var firstSent = time.GetUtcNow().ToString("r", CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(method, uri);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(bytes);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        if (repeatabilityId is not null)
        {
            request.Headers.TryAddWithoutValidation("Repeatability-Request-ID", repeatabilityId);
            request.Headers.TryAddWithoutValidation("Repeatability-First-Sent", firstSent);
        }

        await connection.AuthenticateAsync(request, bytes, time, ct);
        using var response = await SendOrExplainAsync(request, HttpCompletionOption.ResponseContentRead, ct);
        if (!response.IsSuccessStatusCode)
        {
            throw await ErrorAsync(response, ct);
        }

        var text = await response.Content.ReadAsStringAsync(ct);
        return string.IsNullOrWhiteSpace(text) ? null : JsonNode.Parse(text);
    }

    private async Task<HttpResponseMessage> SendOrExplainAsync(HttpRequestMessage request, HttpCompletionOption completion, CancellationToken ct)
    {
        try
        {
            return await http.SendAsync(request, completion, ct);
        }
        catch (TimeoutRejectedException ex)
        {
            throw TelephonyException.From(HttpStatusCode.GatewayTimeout, "Timeout",
                $"ACS did not answer {request.Method} in time ({ex.Message.TrimEnd('.')}; Http:Resilience:AttemptTimeout / TotalRequestTimeout).");
        }
    }

    private static async Task<TelephonyException> ErrorAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var text = await response.Content.ReadAsStringAsync(ct);
        string code = ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture), message = text;
        try
        {
            if (JsonNode.Parse(text)?["error"] is { } error)
            {
                code = error["code"]?.ToString() ?? code;
                message = error["message"]?.ToString() ?? text;
            }
        }
        catch (JsonException)
        {
            // Not an ACS error body (e.g. a proxy's HTML page); the raw text is the best message there is.
        }

        return TelephonyException.From(
            response.StatusCode,
            code,
            string.Create(CultureInfo.InvariantCulture, $"ACS answered {(int)response.StatusCode} {code}: {message}"));
    }

    private static JsonObject PhoneIdentifier(string e164) => new()
    {
        ["kind"] = "phoneNumber",
        ["rawId"] = "4:" + e164,
        ["phoneNumber"] = new JsonObject { ["value"] = e164 },
    };

    private static JsonObject PlaySource(Prompt prompt) => prompt switch
    {
        SpokenPrompt spoken => new JsonObject
        {
            ["kind"] = "text",
            ["text"] = new JsonObject { ["text"] = spoken.Text, ["sourceLocale"] = spoken.Locale, ["voiceName"] = spoken.VoiceName },
        },
        SsmlPrompt ssml => new JsonObject { ["kind"] = "ssml", ["ssml"] = new JsonObject { ["ssmlText"] = ssml.Ssml } },
        _ => throw new ArgumentException($"Prompt {prompt.GetType().Name} is not supported.", nameof(prompt)),
    };

    private static CallConnection ToCallConnection(JsonNode? json)
    {
        var id = json?["callConnectionId"]?.GetValue<string>() ?? throw new TelephonyException("ACS returned no callConnectionId.");
        var state = json["callConnectionState"]?.GetValue<string>() is { } s && Enum.TryParse<CallConnectionState>(s, ignoreCase: true, out var parsed)
            ? parsed
            : CallConnectionState.Unknown;
        return new CallConnection(id, json["serverCallId"]?.GetValue<string>(), json["correlationId"]?.GetValue<string>(), state);
    }

    private static CallRecording ToRecording(JsonNode? json) => new(
        json?["recordingId"]?.GetValue<string>() ?? throw new TelephonyException("ACS returned no recordingId."),
        string.Equals(json["recordingState"]?.GetValue<string>(), "active", StringComparison.OrdinalIgnoreCase));
}
