using System.Text.Json;
using System.Text.Json.Serialization;
using AiScheduler.Functions.Calls.Callbacks;
using AiScheduler.Functions.Hosting;
using Azure.Messaging.EventGrid;
using Azure.Messaging.EventGrid.SystemEvents;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.EventGrid;

/// <summary>
/// <c>/api/eventgrid</c>, the Event Grid trigger (protocols.md 1.9). <c>POST</c> takes Event Grid schema arrays
/// (answering <c>SubscriptionValidationEvent</c> with the validation code) and CloudEvents 1.0, single or batched;
/// <c>OPTIONS</c> answers the CloudEvents abuse-protection handshake. Both check <c>EventGrid:Key</c> first.
/// </summary>
public static class EventGridEndpoints
{
    public const string Path = "/api/eventgrid";

    public static IEndpointRouteBuilder MapEventGrid(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(Path, ReceiveAsync).WithName("ReceiveEventGridEvents").WithTags("Event Grid").DisableAntiforgery()
            // Authenticated by the Event Grid key and the subscription handshake, not by sign-in.
            .AllowAnonymous();
        endpoints.MapMethods(Path, [HttpMethods.Options], Handshake).WithName("EventGridHandshake").WithTags("Event Grid")
            // The CloudEvents abuse-protection handshake: Event Grid sends no credentials with it.
            .AllowAnonymous();
        return endpoints;
    }

    /// <summary>The validation answer: Event Grid requires exactly this property name and a 200.</summary>
    public sealed record SubscriptionValidationAnswer([property: JsonPropertyName("validationResponse")] string Code);

    internal static async Task<Results<Ok<SubscriptionValidationAnswer>, Ok, ProblemHttpResult>> ReceiveAsync(
        HttpRequest request,
        CallInbox inbox,
        EventGridKey key,
        EventGridEvents events,
        ILogger<EventGridEvents> logger,
        CancellationToken cancellationToken)
    {
        if (await UnauthorizedAsync(request, key, logger, cancellationToken) is { } unauthorized)
        {
            return unauthorized;
        }

        IReadOnlyList<DeliveredEvent> delivered;
        try
        {
            delivered = EventGridDelivery.Parse(await BinaryData.FromStreamAsync(request.Body, cancellationToken));
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            return BadBody(e.Message);
        }

        // A validation request carries one event and nothing else; it must be answered with its code, synchronously.
        if (delivered.FirstOrDefault(e => e.Type == SystemEventNames.EventGridSubscriptionValidation) is { } validation)
        {
            if (ValidationCodeOf(validation) is not { } code)
            {
                return BadBody("The SubscriptionValidationEvent has no data.validationCode.");
            }

            Log.SubscriptionValidated(logger, LogValues.Clean(validation.Id));
            return TypedResults.Ok(new SubscriptionValidationAnswer(code));
        }

        // Every event is checked by its feature before any is accepted, so a bad one fails the delivery as a whole (400,
        // not retried).
        var accepted = new List<(DeliveredEvent Event, IEventGridHandler Handler)>();
        foreach (var item in delivered)
        {
            if (events.HandlerOf(item) is not { } handler)
            {
                Log.UnknownEventType(logger, LogValues.Clean(item.Id), LogValues.Clean(item.Type));
                continue;
            }

            try
            {
                if (await handler.CheckAsync(item, cancellationToken) is { } refusal)
                {
                    return TypedResults.Problem(new HttpValidationProblemDetails(refusal.Errors)
                    {
                        Title = refusal.Title,
                        Detail = refusal.Detail,
                        Status = StatusCodes.Status400BadRequest,
                    });
                }
            }
            catch (FormatException e)
            {
                return BadBody($"Event {item.Id} ({item.Type}): {e.Message}");
            }

            accepted.Add((item, handler));
        }

        // Stored in the call inbox before the 200; handled from there, each in its own lane (a slow recording download
        // holds up nothing else). A repeat of a stored event is acknowledged and not stored again.
        foreach (var (item, handler) in accepted)
        {
            if (!await inbox.AcceptAsync(EventGridInboxHandler.SourceName, item.Id, handler.Lane + ":" + item.Id, item.Json, cancellationToken))
            {
                Log.Duplicate(logger, LogValues.Clean(item.Id), item.Type);
            }
        }

        return TypedResults.Ok();
    }

    private static string? ValidationCodeOf(DeliveredEvent validation)
    {
        try
        {
            return validation.Data?.ToObjectFromJson<SubscriptionValidationEventData>() is { ValidationCode: { Length: > 0 } code } ? code : null;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    internal static async Task<Results<Ok, ProblemHttpResult>> Handshake(
        HttpContext context, IOptions<EventGridOptions> options, EventGridKey key, ILogger<EventGridEvents> logger)
    {
        var settings = options.Value;
        if (await UnauthorizedAsync(context.Request, key, logger, context.RequestAborted) is { } unauthorized)
        {
            return unauthorized;
        }

        var origin = context.Request.Headers["WebHook-Request-Origin"].ToString();
        if (string.IsNullOrWhiteSpace(origin))
        {
            return TypedResults.Problem(
                title: "Not an abuse-protection request",
                detail: "OPTIONS on this endpoint is the CloudEvents webhook handshake and needs a WebHook-Request-Origin header (Event Grid sends eventgrid.azure.net).",
                statusCode: StatusCodes.Status400BadRequest);
        }

        if (settings.AllowedOrigin != "*" && !string.Equals(origin, settings.AllowedOrigin, StringComparison.OrdinalIgnoreCase))
        {
            Log.Rejected(logger, "handshake from an origin that is not allowed");
            return TypedResults.Problem(
                title: "Origin not allowed",
                detail: $"This endpoint accepts deliveries from '{settings.AllowedOrigin}' only (EventGrid:AllowedOrigin); '{origin}' was not allowed.",
                statusCode: StatusCodes.Status403Forbidden);
        }

        context.Response.Headers["WebHook-Allowed-Origin"] = origin;
        context.Response.Headers["WebHook-Allowed-Rate"] = settings.AllowedRate;
        context.Response.Headers.Allow = "POST, OPTIONS";
        Log.HandshakeAnswered(logger, LogValues.Clean(origin));
        return TypedResults.Ok();
    }

    // The key may come as ?code= (the subscription URL, as for Azure Functions) or in x-functions-key / aeg-sas-key.
    private static async Task<ProblemHttpResult?> UnauthorizedAsync(HttpRequest request, EventGridKey key, ILogger logger, CancellationToken cancellationToken)
    {
        var presented = request.Query["code"].ToString() is { Length: > 0 } code ? code
            : request.Headers["x-functions-key"].ToString() is { Length: > 0 } functionsKey ? functionsKey
            : request.Headers["aeg-sas-key"].ToString();
        if (await key.AcceptsAsync(presented, cancellationToken))
        {
            return null;
        }

        Log.Rejected(logger, string.IsNullOrEmpty(presented) ? "no key presented" : "wrong key");
        return TypedResults.Problem(
            title: "Event Grid key missing or wrong",
            detail: "Deliveries must present EventGrid:Key (or, when it is not set, the key generated at first start: see the 'eventgrid-key' command) " +
                "as ?code=<key> in the subscription's endpoint URL, or in an x-functions-key or aeg-sas-key header.",
            statusCode: StatusCodes.Status401Unauthorized);
    }

    private static ProblemHttpResult BadBody(string reason) => TypedResults.Problem(
        title: "Event Grid body not understood",
        detail: "Expected an Event Grid schema array, a CloudEvent, or a CloudEvents batch with id, type and data: " + reason,
        statusCode: StatusCodes.Status400BadRequest);
}
