using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using AiScheduler.Functions.Store;
using Dapper;

namespace AiScheduler.Functions.Security;

/// <summary>An API key as listed: never the key itself, which is shown once when created.</summary>
public sealed record ApiKeyView(
    Guid Id, string Name, string Prefix, IReadOnlyList<string> Scopes, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt,
    DateTimeOffset? RevokedAt);

/// <summary>A key just created: <see cref="Key"/> is in no other answer and is not stored.</summary>
public sealed record CreatedApiKey(
    Guid Id, string Name, string Prefix, IReadOnlyList<string> Scopes, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt,
    DateTimeOffset? RevokedAt, string Key);

/// <summary>A live key that matched a presented secret.</summary>
public sealed record ApiKeyGrant(Guid Id, Guid WorkspaceId, string Name, IReadOnlyList<string> Scopes);

/// <summary>
/// Workspace API keys (<c>api_keys</c>). A key is <c>ask_&lt;8-character prefix&gt;_&lt;secret&gt;</c>: the prefix is
/// stored as is (to find the key and show which one it is), the whole key only as its SHA-256 (the secret has 256 bits
/// of entropy, so a fast hash is enough: nothing to brute-force).
/// </summary>
public sealed class ApiKeyStore(DataStore store, TimeProvider clock)
{
    public const string KeyPrefix = "ask_";
    public const int PrefixLength = 8;
    public const int MaxNameLength = 100;

    /// <summary>How stale <c>last_used_at</c> may get: a key in constant use is written at most once a minute.</summary>
    public static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    private const string PrefixAlphabet = "abcdefghijkmnpqrstuvwxyz23456789";

    public async Task<CreatedApiKey> CreateAsync(
        Guid workspaceId, string name, IReadOnlyList<string> scopes, Guid? createdBy, CancellationToken cancellationToken)
    {
        var prefix = RandomNumberGenerator.GetString(PrefixAlphabet, PrefixLength);
        var key = $"{KeyPrefix}{prefix}_{Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32))}";
        var now = clock.GetUtcNow();
        var id = Guid.CreateVersion7(now);
        var ordered = Scopes.All.Where(scopes.Contains).ToList();
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO api_keys (id, workspace_id, name, prefix, secret_hash, scopes, created_by, created_at)
            VALUES (@id, @workspaceId, @name, @prefix, @hash, @scopes, @createdBy, @now)
            """,
            new { id, workspaceId, name = name.Trim(), prefix, hash = Hash(key), scopes = string.Join(' ', ordered), createdBy, now },
            cancellationToken: cancellationToken));
        return new CreatedApiKey(id, name.Trim(), prefix, ordered, now, null, null, key);
    }

    public async Task<IReadOnlyList<ApiKeyView>> ListAsync(Guid workspaceId, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            """
            SELECT id, workspace_id, name, prefix, secret_hash, scopes, created_at, last_used_at, revoked_at FROM api_keys
            WHERE workspace_id = @workspaceId ORDER BY created_at, id
            """,
            new { workspaceId }, cancellationToken: cancellationToken));
        return rows.Select(row => row.ToView()).ToList();
    }

    /// <summary>Revokes the key; false when the workspace has no such key. Revoking twice keeps the first time.</summary>
    public async Task<bool> RevokeAsync(Guid workspaceId, Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        var found = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM api_keys WHERE workspace_id = @workspaceId AND id = @id", new { workspaceId, id },
            cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE api_keys SET revoked_at = @now WHERE workspace_id = @workspaceId AND id = @id AND revoked_at IS NULL",
            new { workspaceId, id, now = clock.GetUtcNow() }, cancellationToken: cancellationToken));
        return found == 1;
    }

    /// <summary>The live key <paramref name="presented"/> is, or null (malformed, unknown, wrong secret or revoked).
    /// Records the use at most once per <see cref="LastUsedResolution"/>.</summary>
    public async Task<ApiKeyGrant?> AuthenticateAsync(string presented, CancellationToken cancellationToken)
    {
        if (!TryGetPrefix(presented, out var prefix))
        {
            return null;
        }

        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            """
            SELECT id, workspace_id, name, prefix, secret_hash, scopes, created_at, last_used_at, revoked_at FROM api_keys
            WHERE prefix = @prefix
            """,
            new { prefix }, cancellationToken: cancellationToken));
        if (row is null
            || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(presented)), Encoding.ASCII.GetBytes(row.SecretHash))
            || row.RevokedAt is not null)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        if (row.LastUsedAt is null || now - row.LastUsedAt.Value >= LastUsedResolution)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE api_keys SET last_used_at = @now WHERE id = @id", new { id = row.Id, now }, cancellationToken: cancellationToken));
        }

        return new ApiKeyGrant(row.Id, row.WorkspaceId, row.Name, row.ScopeList());
    }

    /// <summary>Whether <paramref name="presented"/> has the key format; the prefix is what the store looks up.</summary>
    public static bool TryGetPrefix(string presented, out string prefix)
    {
        prefix = "";
        if (presented is null || presented.Length < KeyPrefix.Length + PrefixLength + 2 || presented.Length > 200
            || !presented.StartsWith(KeyPrefix, StringComparison.Ordinal) || presented[KeyPrefix.Length + PrefixLength] != '_')
        {
            return false;
        }

        prefix = presented.Substring(KeyPrefix.Length, PrefixLength);
        return prefix.All(PrefixAlphabet.Contains);
    }

    private static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private sealed class Row
    {
        public Guid Id { get; set; }

        public Guid WorkspaceId { get; set; }

        public string Name { get; set; } = "";

        public string Prefix { get; set; } = "";

        public string SecretHash { get; set; } = "";

        public string Scopes { get; set; } = "";

        public DateTimeOffset CreatedAt { get; set; }

        public DateTimeOffset? LastUsedAt { get; set; }

        public DateTimeOffset? RevokedAt { get; set; }

        public IReadOnlyList<string> ScopeList() => Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries);

        public ApiKeyView ToView() => new(Id, Name, Prefix, ScopeList(), CreatedAt, LastUsedAt, RevokedAt);
    }
}
