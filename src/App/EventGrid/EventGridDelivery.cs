using System.Text.Json;

namespace AiScheduler.Functions.EventGrid;

/// <summary>Which envelope an event arrived in.</summary>
public enum EventSchema
{
    /// <summary>The Event Grid schema: <c>eventType</c>, <c>eventTime</c>, <c>dataVersion</c>.</summary>
    EventGrid,

    /// <summary>CloudEvents 1.0: <c>type</c>, <c>time</c>, <c>specversion</c>.</summary>
    CloudEvents,
}

/// <summary>One delivered event, whichever schema it came in; <see cref="Data"/> is detached from the request body.</summary>
public sealed record DeliveredEvent(string Id, string Type, string? Subject, EventSchema Schema, JsonElement Data)
{
    public const string SubscriptionValidation = "Microsoft.EventGrid.SubscriptionValidationEvent";
    public const string IncomingCall = "Microsoft.Communication.IncomingCall";
    public const string RecordingFileStatusUpdated = "Microsoft.Communication.RecordingFileStatusUpdated";
}

/// <summary>
/// Reads a delivery body (protocols.md 1.9): an Event Grid schema array, a single structured CloudEvent
/// (<c>application/cloudevents+json</c>) or a CloudEvents batch (an array). Each event is recognised by its own fields.
/// </summary>
public static class EventGridDelivery
{
    public static IReadOnlyList<DeliveredEvent> Parse(JsonElement body) => body.ValueKind switch
    {
        JsonValueKind.Array => body.EnumerateArray().Select(ParseOne).ToList(),
        JsonValueKind.Object => [ParseOne(body)],
        _ => throw new FormatException("The body must be a JSON array of events (Event Grid schema or CloudEvents batch) or one CloudEvent object."),
    };

    private static DeliveredEvent ParseOne(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("Every event must be a JSON object.");
        }

        var schema = element.TryGetProperty("eventType", out _) ? EventSchema.EventGrid
            : element.TryGetProperty("specversion", out _) ? EventSchema.CloudEvents
            : throw new FormatException("An event needs eventType (Event Grid schema) or specversion and type (CloudEvents 1.0).");
        var type = Text(element, schema == EventSchema.EventGrid ? "eventType" : "type")
            ?? throw new FormatException(schema == EventSchema.EventGrid ? "An Event Grid event needs eventType." : "A CloudEvent needs type.");
        var id = Text(element, "id") ?? throw new FormatException($"The {type} event has no id.");
        if (schema == EventSchema.CloudEvents && Text(element, "specversion") != "1.0")
        {
            throw new FormatException($"CloudEvents specversion '{Text(element, "specversion")}' is not supported; only 1.0 is.");
        }

        var data = element.TryGetProperty("data", out var value) ? value.Clone() : default;
        return new DeliveredEvent(id, type, Text(element, "subject"), schema, data);
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
