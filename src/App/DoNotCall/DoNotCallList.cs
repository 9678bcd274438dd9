using AiScheduler.Domain.Phones;
using AiScheduler.Functions.Store;
using Dapper;

namespace AiScheduler.Functions.DoNotCall;

/// <summary>One number on the do-not-call list.</summary>
public sealed record DoNotCallEntry(string Phone, string Reason, string Source, DateTimeOffset AddedAt);

/// <summary>Where an entry came from: typed in through the API, or the lead opted out on a call.</summary>
public static class DoNotCallSource
{
    public const string Api = "api";
    public const string OptedOut = "opted-out";
}

/// <summary>
/// The do-not-call list in the store. Numbers are kept in E.164, so "+1 (212) 555-0143" and "212-555-0143" (with a
/// US default region) are one entry. Adding is idempotent: the first reason and time are kept.
/// </summary>
public sealed class DoNotCallList(DataStore store, TimeProvider clock)
{
    public async Task<bool> AddAsync(Guid workspaceId, PhoneNumber phone, string reason, string source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(phone);
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        var inserted = await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO do_not_call (workspace_id, phone, reason, source, added_at)
            VALUES (@workspaceId, @phone, @reason, @source, @now)
            ON CONFLICT (workspace_id, phone) DO NOTHING
            """,
            new { workspaceId, phone = phone.E164, reason, source, now = clock.GetUtcNow() }, cancellationToken: cancellationToken));
        return inserted > 0;
    }

    public async Task<bool> RemoveAsync(Guid workspaceId, PhoneNumber phone, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(phone);
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM do_not_call WHERE workspace_id = @workspaceId AND phone = @phone",
            new { workspaceId, phone = phone.E164 }, cancellationToken: cancellationToken)) > 0;
    }

    public async Task<bool> ContainsAsync(Guid workspaceId, string e164, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM do_not_call WHERE workspace_id = @workspaceId AND phone = @e164",
            new { workspaceId, e164 }, cancellationToken: cancellationToken)) > 0;
    }

    public async Task<IReadOnlyList<DoNotCallEntry>> ListAsync(Guid workspaceId, int limit, int offset, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            "SELECT phone, reason, source, added_at FROM do_not_call WHERE workspace_id = @workspaceId ORDER BY added_at, phone LIMIT @limit OFFSET @offset",
            new { workspaceId, limit, offset }, cancellationToken: cancellationToken));
        return rows.Select(r => new DoNotCallEntry(r.Phone, r.Reason, r.Source, r.AddedAt)).ToList();
    }

    public async Task<long> CountAsync(Guid workspaceId, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM do_not_call WHERE workspace_id = @workspaceId", new { workspaceId }, cancellationToken: cancellationToken));
    }

    private sealed class Row
    {
        public string Phone { get; set; } = "";
        public string Reason { get; set; } = "";
        public string Source { get; set; } = "";
        public DateTimeOffset AddedAt { get; set; }
    }
}
