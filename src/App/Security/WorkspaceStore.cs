using AiScheduler.Functions.Store;
using Dapper;

namespace AiScheduler.Functions.Security;

public sealed record Workspace(Guid Id, string Name, DateTimeOffset CreatedAt);

/// <summary>A workspace name already in use (names are unique so operators can name workspaces on the command line).</summary>
public sealed class WorkspaceNameTakenException(string name) : Exception($"A workspace named '{name}' already exists.")
{
    public string WorkspaceName { get; } = name;
}

/// <summary>The <c>workspaces</c> table, this folder's own (created by its M0001 with the default workspace).</summary>
public sealed class WorkspaceStore(DataStore store, TimeProvider clock)
{
    public const int MaxNameLength = 100;

    public async Task<Workspace> CreateAsync(string name, CancellationToken cancellationToken)
    {
        var trimmed = ValidName(name);
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        var workspace = new Workspace(Guid.CreateVersion7(clock.GetUtcNow()), trimmed, clock.GetUtcNow());
        var inserted = await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO workspaces (id, name, created_at) VALUES (@Id, @Name, @CreatedAt) ON CONFLICT (name) DO NOTHING",
            workspace, cancellationToken: cancellationToken));
        return inserted == 1 ? workspace : throw new WorkspaceNameTakenException(trimmed);
    }

    /// <summary>The workspace named <paramref name="name"/>, creating it when there is none (the demo's first run).</summary>
    public async Task<Workspace> EnsureAsync(string name, CancellationToken cancellationToken) =>
        await FindByNameAsync(name, cancellationToken) ?? await CreateAsync(name, cancellationToken);

    public async Task<Workspace?> FindByNameAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            "SELECT id, name, created_at FROM workspaces WHERE name = @name", new { name = name.Trim() }, cancellationToken: cancellationToken));
        return row?.ToWorkspace();
    }

    public async Task<Workspace?> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            "SELECT id, name, created_at FROM workspaces WHERE id = @id", new { id }, cancellationToken: cancellationToken));
        return row?.ToWorkspace();
    }

    private static string ValidName(string name)
    {
        var trimmed = name?.Trim() ?? "";
        if (trimmed.Length is 0 or > MaxNameLength || trimmed.Any(char.IsControl))
        {
            throw new ArgumentException($"A workspace name is 1 to {MaxNameLength} characters without control characters.", nameof(name));
        }

        return trimmed;
    }

    private sealed class Row
    {
        public Guid Id { get; set; }

        public string Name { get; set; } = "";

        public DateTimeOffset CreatedAt { get; set; }

        public Workspace ToWorkspace() => new(Id, Name, CreatedAt);
    }
}
