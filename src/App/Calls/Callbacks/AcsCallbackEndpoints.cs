using System.Text.Json;
using AiScheduler.Functions.Providers.Telephony;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.Calls.Callbacks;

/// <summary>
/// <c>POST /api/callbacks/acs/{callId}?sig=...</c>: ACS posts each call's CloudEvents here. The request is
/// authenticated (per-call URL signature; in Azure mode also the ACS JWT), parsed, and written to the call inbox
/// (de-duplicated by event id) before it is answered; the call session handles the events from the inbox.
/// </summary>
public static class AcsCallbackEndpoints
{
    public static IEndpointRouteBuilder MapAcsCallbacks(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/callbacks/acs/{callId}", ReceiveAsync)
            .WithName("ReceiveAcsCallback")
            .WithTags("Telephony")
            .DisableAntiforgery()
            // Authenticated by the per-call URL signature (and the ACS JWT in Azure), not by sign-in.
            .AllowAnonymous();
        return app;
    }

    internal static async Task<Results<Ok, ProblemHttpResult>> ReceiveAsync(
        string callId,
        string? sig,
        HttpRequest request,
        CallbackAddresses addresses,
        AcsCallbackJwtValidator jwt,
        ICallEventIntake intake,
        IOptions<TelephonyOptions> options,
        ILogger<CallEventDispatcher> logger,
        CancellationToken ct)
    {
        if (!addresses.IsAuthentic(callId, sig))
        {
            CallbackLog.Rejected(logger, callId, "bad URL signature");
            return TypedResults.Problem(
                title: "Callback not authenticated",
                detail: "The callback URL's sig parameter does not match this call; use the URL the app gave when it placed or answered the call.",
                statusCode: StatusCodes.Status401Unauthorized);
        }

        if (options.Value.CallbackJwt.Required && await jwt.ValidateAsync(request.Headers.Authorization.ToString(), ct) is { } problem)
        {
            CallbackLog.Rejected(logger, callId, problem);
            return TypedResults.Problem(title: "Callback token rejected", detail: "The ACS callback token is not valid: " + problem, statusCode: StatusCodes.Status401Unauthorized);
        }

        List<(CallEvent Event, string Json)> events;
        try
        {
            using var body = await JsonDocument.ParseAsync(request.Body, cancellationToken: ct);
            events = body.RootElement.ValueKind == JsonValueKind.Array
                ? body.RootElement.EnumerateArray().Select(e => (AcsEvents.ParseCallback(e), e.GetRawText())).ToList()
                : [.. AcsEvents.ParseCallbacks(body.RootElement).Select(e => (e, body.RootElement.GetRawText()))];
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            return TypedResults.Problem(
                title: "Callback body not understood",
                detail: "Expected a CloudEvent or a JSON array of CloudEvents with id, type and data.callConnectionId: " + e.Message,
                statusCode: StatusCodes.Status400BadRequest);
        }

        foreach (var (callEvent, json) in events)
        {
            if (!await intake.AcceptAsync(callId, callEvent, json, ct))
            {
                CallbackLog.Duplicate(logger, callEvent.GetType().Name, callEvent.EventId, callId);
            }
        }

        return TypedResults.Ok();
    }
}
