using System.Reflection;

namespace AiScheduler.Durable;

/// <summary>The orchestration and activity classes this process can run, by name (case-insensitive).</summary>
internal sealed class DurableRegistry
{
    public Dictionary<string, (Type Type, string? Version)> Orchestrations { get; } = new(StringComparer.OrdinalIgnoreCase);

    public Dictionary<string, Type> Activities { get; } = new(StringComparer.OrdinalIgnoreCase);

    public static string NameOf(Type type) => type.GetCustomAttribute<DurableTaskAttribute>()?.Name ?? type.Name;
}
