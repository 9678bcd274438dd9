namespace AiScheduler.Domain;

/// <summary>Anchors the assembly for reflection-based tests.</summary>
public static class DomainAssembly
{
    public static System.Reflection.Assembly Assembly => typeof(DomainAssembly).Assembly;
}
