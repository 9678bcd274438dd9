using System.Text.Json;
using Azure.Messaging;
using Azure.Messaging.EventGrid;

namespace AiScheduler.Functions.EventGrid;

/// <summary>Which envelope an event arrived in.</summary>
public enum EventSchema
{
    /// <summary>The Event Grid schema (<see cref="EventGridEvent"/>): <c>eventType</c>, <c>eventTime</c>, <c>dataVersion</c>.</summary>
    EventGrid,

    /// <summary>CloudEvents 1.0 (Azure.Core's <see cref="CloudEvent"/>): <c>type</c>, <c>time</c>, <c>specversion</c>.</summary>
    CloudEvents,
}

/// <summary>
/// One delivered event, whichever schema it came in: the envelope the SDK parsed, its <see cref="Data"/> (null when it
/// had none), and <see cref="Json"/>, the event as delivered (what the call inbox keeps).
/// </summary>
public sealed record DeliveredEvent(string Id, string Type, string? Subject, EventSchema Schema, BinaryData? Data, string Json);

/// <summary>
/// Reads a delivery body (protocols.md 1.9) with Azure.Messaging.EventGrid: an Event Grid schema array
/// (<see cref="EventGridEvent.ParseMany"/>), a single structured CloudEvent (<c>application/cloudevents+json</c>) or a
/// CloudEvents batch (<see cref="CloudEvent.ParseMany"/>, with its validation: id, source, type and specversion 1.0).
/// A delivery is in one schema, told by its first event (<c>specversion</c> marks a CloudEvent).
/// </summary>
public static class EventGridDelivery
{
    private static readonly string[] TimeAttributes = ["time", "eventTime"];

    public static IReadOnlyList<DeliveredEvent> Parse(BinaryData body)
    {
        ArgumentNullException.ThrowIfNull(body);
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        IReadOnlyList<JsonElement> elements = root.ValueKind switch
        {
            JsonValueKind.Array => [.. root.EnumerateArray()],
            JsonValueKind.Object => [root],
            _ => throw new FormatException("The body must be a JSON array of events (Event Grid schema or CloudEvents batch) or one CloudEvent object."),
        };
        if (elements.Count == 0)
        {
            return [];
        }

        var schema = SchemaOf(elements[0], 0);
        for (var i = 1; i < elements.Count; i++)
        {
            if (SchemaOf(elements[i], i) != schema)
            {
                throw new FormatException($"$[{i}] is not in the schema of $[0] ({schema}); a delivery is all Event Grid schema or all CloudEvents.");
            }
        }

        try
        {
            var parsed = schema == EventSchema.CloudEvents
                ? CloudEvent.ParseMany(body).Select(e => (e.Id, e.Type, e.Subject, e.Data)).ToList()
                : EventGridEvent.ParseMany(body).Select(e => (e.Id, Type: e.EventType, Subject: (string?)e.Subject, Data: (BinaryData?)e.Data)).ToList();
            return parsed.Select((e, i) => new DeliveredEvent(e.Id, e.Type, e.Subject, schema, e.Data, elements[i].GetRawText())).ToList();
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException)
        {
            throw new FormatException(Explain(elements, schema, e), e);
        }
    }

    private static EventSchema SchemaOf(JsonElement element, int index) =>
        element.ValueKind != JsonValueKind.Object ? throw new FormatException($"$[{index}] is not a JSON object; every event must be one.")
        : element.TryGetProperty("specversion", out _) ? EventSchema.CloudEvents
        : EventSchema.EventGrid;

    // The SDK refuses the batch as a whole; its message names a missing attribute but neither the event nor a value of the
    // wrong JSON type. On this error path each event is parsed alone to find the first bad one, and the problem is named
    // by its JSON path.
    private static string Explain(IReadOnlyList<JsonElement> elements, EventSchema schema, Exception batchError)
    {
        for (var i = 0; i < elements.Count; i++)
        {
            var element = elements[i];
            try
            {
                var single = BinaryData.FromString(element.GetRawText());
                _ = schema == EventSchema.CloudEvents ? (object?)CloudEvent.Parse(single) : EventGridEvent.Parse(single);
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException)
            {
                return $"$[{i}]" + Describe(element, schema, e);
            }
        }

        return FirstLine(batchError.Message);
    }

    private static string Describe(JsonElement element, EventSchema schema, Exception error)
    {
        // A value of the wrong JSON type (every envelope attribute but data is a string).
        foreach (var attribute in element.EnumerateObject())
        {
            if (attribute.Name is not ("data" or "data_base64") && attribute.Value.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
            {
                return $".{attribute.Name} must be a string ({schema} schema).";
            }
        }

        foreach (var name in TimeAttributes)
        {
            if (element.TryGetProperty(name, out var time) && time.ValueKind == JsonValueKind.String && !time.TryGetDateTimeOffset(out _))
            {
                return $".{name} '{time.GetString()}' is not an RFC 3339 timestamp.";
            }
        }

        return error switch
        {
            ArgumentNullException { ParamName: { } name } => $".{JsonNamingPolicy.CamelCase.ConvertName(name)} is required ({schema} schema).",
            InvalidOperationException when !element.TryGetProperty("data", out _) => $".data is required ({schema} schema).",
            _ => ": " + FirstLine(error.Message),
        };
    }

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();
}
