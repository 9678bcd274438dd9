using AiScheduler.Functions.Store;
using System.Data.Common;
using Dapper;

namespace AiScheduler.Functions.Leads.Consents;

/// <summary>The <c>lead_consents</c> table: the Leads feature's record of who consented to be called, when and how.</summary>
public sealed class ConsentStore(DataStore store, TimeProvider clock)
{
    private const string Columns = "id, lead_id, source, consented_at, text, proof_ref, created_at";

    /// <summary>Adds a consent record; the same lead, source and instant again returns the stored record unchanged.</summary>
    public async Task<LeadConsent> AddAsync(Guid workspaceId, Guid leadId, ConsentDraft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO lead_consents (id, workspace_id, lead_id, source, consented_at, text, proof_ref, created_at)
            VALUES (@id, @workspaceId, @leadId, @source, @at, @text, @proof, @now)
            ON CONFLICT (lead_id, source, consented_at) DO NOTHING
            """,
            new { id = Guid.CreateVersion7(), workspaceId, leadId, source = draft.Source, at = draft.At, text = draft.Text, proof = draft.ProofRef, now = clock.GetUtcNow() },
            cancellationToken: cancellationToken));
        var row = await connection.QuerySingleAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM lead_consents WHERE lead_id = @leadId AND source = @source AND consented_at = @at",
            new { leadId, source = draft.Source, at = draft.At }, cancellationToken: cancellationToken));
        return row.ToConsent();
    }

    /// <summary>
    /// Adds consent records for leads named by phone, inside the caller's transaction (an import batch writes its rows'
    /// consents with the rows, so a crash keeps both or neither); records already stored are left as they are.
    /// </summary>
    public async Task AddForPhonesAsync(DbConnection connection, DbTransaction transaction, Guid workspaceId,
        IReadOnlyList<(string Phone, ConsentDraft Consent)> consents, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(consents);
        var now = clock.GetUtcNow();
        foreach (var (phone, draft) in consents)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO lead_consents (id, workspace_id, lead_id, source, consented_at, text, proof_ref, created_at)
                SELECT @id, workspace_id, id, @source, @at, @text, @proof, @now
                FROM leads WHERE workspace_id = @workspaceId AND phone = @phone
                ON CONFLICT (lead_id, source, consented_at) DO NOTHING
                """,
                new { id = Guid.CreateVersion7(), workspaceId, phone, source = draft.Source, at = draft.At, text = draft.Text, proof = draft.ProofRef, now },
                transaction, cancellationToken: cancellationToken));
        }
    }

    /// <summary>The lead's consent records, oldest first.</summary>
    public async Task<IReadOnlyList<LeadConsent>> ListAsync(Guid workspaceId, Guid leadId, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM lead_consents WHERE workspace_id = @workspaceId AND lead_id = @leadId ORDER BY consented_at, created_at",
            new { workspaceId, leadId }, cancellationToken: cancellationToken));
        return rows.Select(r => r.ToConsent()).ToList();
    }

    private sealed class Row
    {
        public Guid Id { get; set; }
        public Guid LeadId { get; set; }
        public string Source { get; set; } = "";
        public DateTimeOffset ConsentedAt { get; set; }
        public string? Text { get; set; }
        public string? ProofRef { get; set; }
        public DateTimeOffset CreatedAt { get; set; }

        public LeadConsent ToConsent() => new(Id, LeadId, Source, ConsentedAt, Text, ProofRef, CreatedAt);
    }
}
