namespace AiScheduler.Functions.Store;

/// <summary>Every row belongs to a workspace; until sign-in exists, everything lives in the default one.</summary>
public static class Workspaces
{
    /// <summary>The default workspace, created by migration 0001.</summary>
    public static readonly Guid DefaultId = Guid.Parse("00000000-0000-7000-8000-000000000001");
}
