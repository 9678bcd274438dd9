using AiScheduler.Functions.Store;
using Dapper;

namespace AiScheduler.Functions.Calls.Callbacks;

/// <summary>One inbox entry: an event as delivered, from <see cref="Source"/>, handled in order within its <see cref="Lane"/>.</summary>
public sealed record InboxEntry(long Seq, string Source, string EventId, string Lane, string Body, int Attempts);

/// <summary>The <c>call_inbox</c> table (see <see cref="M0260_CallInbox"/>).</summary>
public sealed class CallInboxStore(DataStore store, TimeProvider clock)
{
    /// <summary>Writes a new entry owned by <paramref name="owner"/>; null when the event (source and id) is there already.</summary>
    public async Task<InboxEntry?> TryAddAsync(string source, string eventId, string lane, string body, string owner, TimeSpan lease,
        CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var seq = await store.WriteAsync(connection => connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            """
            INSERT INTO call_inbox (source, event_id, lane, body, received_at, owner, lease_until, attempts)
            VALUES (@source, @eventId, @lane, @body, @now, @owner, @leaseUntil, 0)
            ON CONFLICT (source, event_id) DO NOTHING
            RETURNING seq
            """,
            new { source, eventId, lane, body, now, owner, leaseUntil = now + lease }, cancellationToken: cancellationToken)), cancellationToken);
        return seq is { } value ? new InboxEntry(value, source, eventId, lane, body, 0) : null;
    }

    /// <summary>Marks entries handled.</summary>
    public async Task MarkProcessedAsync(IReadOnlyCollection<long> seqs, CancellationToken cancellationToken)
    {
        if (seqs.Count == 0)
        {
            return;
        }

        await store.WriteAsync(connection => connection.ExecuteAsync(new CommandDefinition(
            $"UPDATE call_inbox SET processed_at = @now WHERE {store.Dialect.InList("seq", "@seqs")} AND processed_at IS NULL",
            new { seqs = seqs.ToArray(), now = clock.GetUtcNow() }, cancellationToken: cancellationToken)), cancellationToken);
    }

    /// <summary>Counts a failed try; with <paramref name="giveUp"/> the entry is closed with the failure instead of retried.</summary>
    public async Task RecordFailureAsync(long seq, string failure, bool giveUp, CancellationToken cancellationToken)
    {
        await store.WriteAsync(connection => connection.ExecuteAsync(new CommandDefinition(
            "UPDATE call_inbox SET attempts = attempts + 1, failure = @failure, processed_at = CASE WHEN @giveUp THEN @now ELSE NULL END WHERE seq = @seq",
            new { seq, failure = failure.Length > 2000 ? failure[..2000] : failure, giveUp, now = clock.GetUtcNow() },
            cancellationToken: cancellationToken)), cancellationToken);
    }

    /// <summary>Extends the lease of entries this process still holds (handling them takes longer than one lease).</summary>
    public async Task RenewAsync(string owner, IReadOnlyCollection<long> seqs, TimeSpan lease, CancellationToken cancellationToken)
    {
        if (seqs.Count == 0)
        {
            return;
        }

        await store.WriteAsync(connection => connection.ExecuteAsync(new CommandDefinition(
            $"UPDATE call_inbox SET lease_until = @leaseUntil WHERE owner = @owner AND processed_at IS NULL AND {store.Dialect.InList("seq", "@seqs")}",
            new { owner, seqs = seqs.ToArray(), leaseUntil = clock.GetUtcNow() + lease }, cancellationToken: cancellationToken)), cancellationToken);
    }

    /// <summary>
    /// Takes over unhandled entries whose lease ran out (their process died, or this process restarted), oldest first,
    /// whole lanes at a time so a call's events stay in order.
    /// </summary>
    public async Task<IReadOnlyList<InboxEntry>> ClaimExpiredAsync(string owner, TimeSpan lease, int limit, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        return await store.InTransactionAsync(async (connection, transaction) =>
        {
            var rows = (await connection.QueryAsync<EntryRow>(new CommandDefinition(
                """
                SELECT seq AS Seq, source AS Source, event_id AS EventId, lane AS Lane, body AS Body, attempts AS Attempts
                FROM call_inbox
                WHERE processed_at IS NULL AND lane IN (
                    SELECT lane FROM call_inbox WHERE processed_at IS NULL AND lease_until < @now ORDER BY seq LIMIT @limit)
                ORDER BY seq
                """,
                new { now, limit }, transaction, cancellationToken: cancellationToken))).ToList();
            if (rows.Count == 0)
            {
                return (IReadOnlyList<InboxEntry>)[];
            }

            await connection.ExecuteAsync(new CommandDefinition(
                $"UPDATE call_inbox SET owner = @owner, lease_until = @leaseUntil WHERE {store.Dialect.InList("seq", "@seqs")} AND processed_at IS NULL",
                new { owner, leaseUntil = now + lease, seqs = rows.Select(r => r.Seq).ToArray() }, transaction, cancellationToken: cancellationToken));
            return rows.Select(r => new InboxEntry(r.Seq, r.Source, r.EventId, r.Lane, r.Body, r.Attempts)).ToList();
        }, cancellationToken);
    }

    /// <summary>Deletes handled entries older than <paramref name="retention"/>; returns how many.</summary>
    public async Task<int> PurgeAsync(TimeSpan retention, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM call_inbox WHERE processed_at IS NOT NULL AND processed_at < @before",
            new { before = clock.GetUtcNow() - retention }, cancellationToken: cancellationToken));
    }

    /// <summary>How many entries are waiting (for the health of the pipeline and for tests).</summary>
    public async Task<long> PendingAsync(CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM call_inbox WHERE processed_at IS NULL", cancellationToken: cancellationToken));
    }

    private sealed class EntryRow
    {
        public long Seq { get; set; }
        public string Source { get; set; } = "";
        public string EventId { get; set; } = "";
        public string Lane { get; set; } = "";
        public string Body { get; set; } = "";
        public int Attempts { get; set; }
    }
}
