using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using AiScheduler.Domain.Phones;
using AiScheduler.Functions.Store;
using Dapper;

namespace AiScheduler.Functions.DoNotCall;

/// <summary>One number on the do-not-call list; <paramref name="Evidence"/> is what the lead said or pressed when they
/// opted out on a call (a transcript excerpt), null for entries added by hand.</summary>
public sealed record DoNotCallEntry(string Phone, string Reason, string Source, DateTimeOffset AddedAt, string? Evidence = null);

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
    /// <summary>
    /// How an erased person's number is kept (<c>sha256:</c> and the hex SHA-256 of a fixed prefix and the E.164 number):
    /// enough to recognise the number and never call it again, not the number itself. Every lookup matches a number
    /// by itself or by this hash. A hash of a phone number can be reversed by trying every number of a country, so it
    /// is a minimisation, not an anonymisation (see the README).
    /// </summary>
    public static string HashOf(string e164) =>
        "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("aischeduler-dnc:" + e164)));

    /// <summary>Replaces the entry of <paramref name="phone"/> by its hash and drops its evidence (erasure); returns rows changed.</summary>
    public async Task<int> HashAsync(Guid workspaceId, PhoneNumber phone, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(phone);
        var hash = HashOf(phone.E164);
        return await store.InTransactionAsync(async (connection, transaction) =>
        {
            var hashed = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "SELECT COUNT(*) FROM do_not_call WHERE workspace_id = @workspaceId AND phone = @hash", new { workspaceId, hash }, transaction,
                cancellationToken: cancellationToken));
            return await connection.ExecuteAsync(new CommandDefinition(
                hashed > 0
                    ? "DELETE FROM do_not_call WHERE workspace_id = @workspaceId AND phone = @e164"
                    : "UPDATE do_not_call SET phone = @hash, evidence = NULL WHERE workspace_id = @workspaceId AND phone = @e164",
                new { workspaceId, hash, e164 = phone.E164 }, transaction, cancellationToken: cancellationToken));
        }, cancellationToken);
    }

    private const string Insert = """
        INSERT INTO do_not_call (workspace_id, phone, reason, source, added_at, evidence)
        VALUES (@workspaceId, @phone, @reason, @source, @now, @evidence)
        ON CONFLICT (workspace_id, phone) DO NOTHING
        """;

    /// <summary>
    /// Adds <paramref name="e164"/> on the caller's open connection, inside its transaction when it has one, so the entry
    /// commits with the caller's own rows (a campaign settling a lead that opted out). An entry already there is kept.
    /// </summary>
    public static async Task<bool> AddInTransactionAsync(DbConnection connection, DbTransaction? transaction, Guid workspaceId, string e164,
        string reason, string source, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return await connection.ExecuteAsync(new CommandDefinition(
            Insert, new { workspaceId, phone = e164, reason, source, now, evidence = (string?)null }, transaction,
            cancellationToken: cancellationToken)) > 0;
    }

    public Task<bool> AddAsync(Guid workspaceId, PhoneNumber phone, string reason, string source, CancellationToken cancellationToken) =>
        AddAsync(workspaceId, phone, reason, source, null, cancellationToken);

    /// <summary>Adds the number for the whole workspace (every campaign skips it from its next dial on), keeping
    /// <paramref name="evidence"/>; an entry already there keeps its first reason, and gains the evidence if it had none.</summary>
    public async Task<bool> AddAsync(Guid workspaceId, PhoneNumber phone, string reason, string source, string? evidence, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(phone);
        if (await ContainsAsync(workspaceId, phone.E164, cancellationToken))
        {
            return false;
        }

        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        var inserted = await connection.ExecuteAsync(new CommandDefinition(
            Insert, new { workspaceId, phone = phone.E164, reason, source, now = clock.GetUtcNow(), evidence }, cancellationToken: cancellationToken));
        if (inserted == 0 && evidence is not null)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE do_not_call SET evidence = @evidence WHERE workspace_id = @workspaceId AND phone = @phone AND evidence IS NULL",
                new { workspaceId, phone = phone.E164, evidence }, cancellationToken: cancellationToken));
        }

        return inserted > 0;
    }

    /// <summary>The entry for <paramref name="e164"/>, or null when the number may be called.</summary>
    public async Task<DoNotCallEntry?> FindAsync(Guid workspaceId, string e164, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            "SELECT phone, reason, source, added_at, evidence FROM do_not_call WHERE workspace_id = @workspaceId AND phone IN (@e164, @hash)",
            new { workspaceId, e164, hash = HashOf(e164) }, cancellationToken: cancellationToken));
        return row is null ? null : new DoNotCallEntry(row.Phone, row.Reason, row.Source, row.AddedAt, row.Evidence);
    }

    public async Task<bool> RemoveAsync(Guid workspaceId, PhoneNumber phone, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(phone);
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM do_not_call WHERE workspace_id = @workspaceId AND phone IN (@phone, @hash)",
            new { workspaceId, phone = phone.E164, hash = HashOf(phone.E164) }, cancellationToken: cancellationToken)) > 0;
    }

    public async Task<bool> ContainsAsync(Guid workspaceId, string e164, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM do_not_call WHERE workspace_id = @workspaceId AND phone IN (@e164, @hash)",
            new { workspaceId, e164, hash = HashOf(e164) }, cancellationToken: cancellationToken)) > 0;
    }

    public async Task<IReadOnlyList<DoNotCallEntry>> ListAsync(Guid workspaceId, int limit, int offset, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            "SELECT phone, reason, source, added_at, evidence FROM do_not_call WHERE workspace_id = @workspaceId ORDER BY added_at, phone LIMIT @limit OFFSET @offset",
            new { workspaceId, limit, offset }, cancellationToken: cancellationToken));
        return rows.Select(r => new DoNotCallEntry(r.Phone, r.Reason, r.Source, r.AddedAt, r.Evidence)).ToList();
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

        public string? Evidence { get; set; }
    }
}
