namespace AiScheduler.Durable;

/// <summary>Anchors the assembly.</summary>
public static class DurableAssembly
{
    /// <summary>The runtime's assembly.</summary>
    public static System.Reflection.Assembly Assembly => typeof(DurableAssembly).Assembly;
}
