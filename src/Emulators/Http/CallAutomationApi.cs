using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using AiScheduler.Emulators.Calls;

namespace AiScheduler.Emulators.Http;

/// <summary>The ACS Call Automation REST surface (protocols.md 1.5) and the recording download locations.</summary>
internal static class CallAutomationApi
{
    public static void MapCallAutomation(this WebApplication app)
    {
        var calling = app.MapGroup("/calling").AddEndpointFilter(RequireApiVersion).AddEndpointFilter(TranslateErrors);

        calling.MapPost("/callConnections", async (HttpContext http, Switchboard board) =>
        {
            var properties = board.CreateCall(await ReadBodyAsync(http), http.Request.Headers["Repeatability-Request-ID"].FirstOrDefault());
            return Results.Json(properties, statusCode: StatusCodes.Status201Created);
        });

        // ":answer" and friends sit in the same path segment as "callConnections", so they are dispatched by hand.
        calling.MapPost("/{operation}", async (string operation, HttpContext http, Switchboard board) =>
        {
            var body = await ReadBodyAsync(http);
            return operation switch
            {
                "callConnections:answer" => Results.Json(board.Answer(body)),
                "callConnections:reject" => Reject(board, body),
                _ => throw new AcsErrorException(HttpStatusCode.NotFound, "NotFound", $"Operation '/calling/{operation}' is not supported by the emulator."),
            };
        });

        calling.MapGet("/callConnections/{callConnectionId}", (string callConnectionId, Switchboard board) => Results.Json(board.Get(callConnectionId)));

        calling.MapDelete("/callConnections/{callConnectionId}", (string callConnectionId, Switchboard board) =>
        {
            board.HangUp(callConnectionId, forEveryone: false);
            return Results.NoContent();
        });

        calling.MapGet("/callConnections/{callConnectionId}/participants", (string callConnectionId, Switchboard board) =>
        {
            var properties = board.Get(callConnectionId);
            var participants = new JsonArray(new JsonObject { ["identifier"] = properties["targets"]![0]!.DeepClone(), ["isMuted"] = false, ["isOnHold"] = false });
            return Results.Json(new JsonObject { ["value"] = participants });
        });

        calling.MapPost("/callConnections/{target}", async (string target, HttpContext http, Switchboard board) =>
        {
            var colon = target.LastIndexOf(':');
            if (colon <= 0)
            {
                throw new AcsErrorException(HttpStatusCode.NotFound, "NotFound", $"'{target}' is not an operation; use {{callConnectionId}}:play, :recognize, :terminate, :cancelAllMediaOperations or :startContinuousDtmfRecognition.");
            }

            var (id, action) = (target[..colon], target[(colon + 1)..]);
            var body = await ReadBodyAsync(http);
            switch (action)
            {
                case "terminate":
                    board.HangUp(id, forEveryone: true);
                    return Results.NoContent();
                case "play":
                    board.Play(id, body);
                    return Results.Accepted();
                case "recognize":
                    board.Recognize(id, body);
                    return Results.Accepted();
                case "startContinuousDtmfRecognition":
                    board.StartContinuousDtmf(id, body);
                    return Results.Ok();
                case "stopContinuousDtmfRecognition":
                    board.StopContinuousDtmf(id);
                    return Results.Ok();
                case "cancelAllMediaOperations":
                    board.CancelAllMediaOperations(id);
                    return Results.Accepted();
                default:
                    throw new AcsErrorException(HttpStatusCode.NotFound, "NotFound", $"Operation ':{action}' is not supported by the emulator.");
            }
        });

        calling.MapPost("/recordings", async (HttpContext http, Switchboard board) => Results.Json(board.StartRecording(await ReadBodyAsync(http))));
        calling.MapGet("/recordings/{recordingId}", (string recordingId, Switchboard board) => Results.Json(board.GetRecording(recordingId)));
        calling.MapDelete("/recordings/{recordingId}", async (string recordingId, Switchboard board, CancellationToken ct) =>
        {
            await board.StopRecordingAsync(recordingId, ct);
            return Results.NoContent();
        });

        var objects = app.MapGroup("/v1/objects").AddEndpointFilter(TranslateErrors);
        objects.MapGet("/{documentId}/content/audio", (string documentId, Switchboard board) =>
            Results.File(board.RecordingContent(documentId).Wav, "audio/wav", enableRangeProcessing: true));
        objects.MapGet("/{documentId}/content/acsmetadata", (string documentId, Switchboard board) =>
        {
            var (_, recording) = board.RecordingContent(documentId);
            return Results.Json(new
            {
                recordingId = recording.Id,
                callId = recording.Call.ServerCallId,
                chunkDocumentId = recording.DocumentId,
                chunkStartTime = recording.StartedAt,
                recordingInfo = new { contentType = "audio", channelType = "mixed", format = "wav", audioConfiguration = new { sampleRate = 16000, channels = 1, bitRate = 256000 } },
                transcript = recording.Lines.Select(l => new { speaker = l.Speaker.ToString().ToLowerInvariant(), text = l.Text, at = l.At }),
            });
        });
        objects.MapDelete("/{documentId}", (string documentId, Switchboard board) =>
        {
            board.DeleteRecording(documentId);
            return Results.Ok();
        });
    }

    private static IResult Reject(Switchboard board, JsonNode? body)
    {
        board.Reject(body);
        return Results.NoContent();
    }

    private static async Task<JsonNode?> ReadBodyAsync(HttpContext http)
    {
        if (http.Request.ContentLength is 0)
        {
            return null;
        }

        try
        {
            return await JsonNode.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
        }
        catch (JsonException e)
        {
            throw AcsErrorException.BadRequest("The request body is not valid JSON: " + e.Message);
        }
    }

    private static async ValueTask<object?> RequireApiVersion(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (string.IsNullOrEmpty(context.HttpContext.Request.Query["api-version"]))
        {
            return AcsErrorException.ToResult(HttpStatusCode.BadRequest, "MissingApiVersionParameter", "The api-version query parameter is required, e.g. ?api-version=2025-05-15.");
        }

        return await next(context);
    }

    private static async ValueTask<object?> TranslateErrors(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (AcsErrorException e)
        {
            return AcsErrorException.ToResult(e.Status, e.Code, e.Message);
        }
        catch (InvalidOperationException e) when (e.InnerException is null && e.Message.Contains("JsonValue", StringComparison.Ordinal))
        {
            // A field of the wrong JSON type (e.g. a number where a string belongs).
            return AcsErrorException.ToResult(HttpStatusCode.BadRequest, "BadRequest", "A field has the wrong JSON type: " + e.Message);
        }
    }
}
