using System.Text.Json;
using AiScheduler.Functions.Hosting;
using AiScheduler.Functions.Providers.Telephony;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.Calls.Callbacks;

/// <summary>
/// <c>POST /api/callbacks/acs/{callId}?sig=...&amp;exp=...</c>: ACS posts each call's CloudEvents here. The request is
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
        string? exp,
        HttpRequest request,
        CallbackAddresses addresses,
        AcsCallbackJwtValidator jwt,
        ICallEventIntake intake,
        IOptions<TelephonyOptions> options,
        ILogger<CallEventDispatcher> logger,
        CancellationToken ct)
    {
        switch (addresses.Check(callId, sig, exp))
        {
            case CallbackCheck.BadSignature:
                CallbackLog.Rejected(logger, LogValues.Clean(callId), "bad URL signature");
                return TypedResults.Problem(
                    title: "Callback not authenticated",
                    detail: "The callback URL's sig and exp parameters do not match this call; use the URL the app gave when it placed or answered the call.",
                    statusCode: StatusCodes.Status401Unauthorized);
            case CallbackCheck.Expired:
                CallbackLog.Rejected(logger, LogValues.Clean(callId), "callback URL expired");
                return TypedResults.Problem(
                    title: "Callback URL expired",
                    detail: "This call's callback URL has expired (Telephony:CallbackLifetime); callbacks for a call are accepted for that long after it was placed or answered.",
                    statusCode: StatusCodes.Status401Unauthorized);
        }

        if (options.Value.CallbackJwt.Required && await jwt.ValidateAsync(request.Headers.Authorization.ToString(), ct) is { } problem)
        {
            CallbackLog.Rejected(logger, LogValues.Clean(callId), LogValues.Clean(problem));
            return TypedResults.Problem(title: "Callback token rejected", detail: "The ACS callback token is not valid: " + problem, statusCode: StatusCodes.Status401Unauthorized);
        }

        // Parsed in full before anything is stored, so a bad event fails the whole delivery (400, not retried). Each event
        // is stored as its CloudEvent (Azure.Core's serialization of what was parsed).
        List<(CallEvent Event, string Json)> events;
        try
        {
            var body = await BinaryData.FromStreamAsync(request.Body, ct);
            events = AcsEvents.ParseCallbackEnvelopes(body).Select(e => (AcsEvents.ParseCallback(e), JsonSerializer.Serialize(e))).ToList();
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
                CallbackLog.Duplicate(logger, callEvent.GetType().Name, LogValues.Clean(callEvent.EventId), LogValues.Clean(callId));
            }
        }

        return TypedResults.Ok();
    }
}
