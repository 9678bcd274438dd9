using System.Text.Json;
using System.Text.Json.Serialization;

namespace AiScheduler.Durable;

/// <summary>The serializer settings for inputs, outputs, events and statuses (System.Text.Json, web defaults).</summary>
public static class DurableJson
{
    /// <summary>The shared options: camelCase, enums as strings.</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        options.Converters.Add(new JsonStringEnumConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    internal static string? Serialize(object? value) => value is null ? null : JsonSerializer.Serialize(value, value.GetType(), Options);

    internal static object? Deserialize(string? json, Type type) =>
        json is null ? (type.IsValueType ? Activator.CreateInstance(type) : null) : JsonSerializer.Deserialize(json, type, Options);
}
