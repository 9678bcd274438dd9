using System.Collections.Concurrent;
using AiScheduler.Functions.Store;
using Dapper;

namespace AiScheduler.Functions.Providers.Storage.Embedded;

/// <summary>
/// <see cref="IMessageQueue"/> on the <c>queue_messages</c> table of the data store (SQLite or PostgreSQL). Receiving
/// is one UPDATE ... RETURNING that pushes <c>visible_at</c> past the lease, bumps <c>dequeue_count</c> and stamps a
/// fresh pop receipt, so two receivers (threads or host processes) never hold the same message: PostgreSQL skips rows
/// another receiver has locked (<c>FOR UPDATE SKIP LOCKED</c>), SQLite serialises writers. Delete and release only
/// act while the receipt still matches, so a receiver whose lease expired cannot complete someone else's work.
/// </summary>
internal sealed class StoreTableMessageQueue(DataStore store, TimeProvider clock) : IMessageQueue
{
    // Pollers waiting in this process, per queue; completed by an enqueue here so an upload starts its import at once.
    // Other processes are not signalled and find the message at their next poll.
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _arrivals = new(StringComparer.Ordinal);

    public async Task<string> EnqueueAsync(QueueName queue, string text, TimeSpan initialVisibilityDelay, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        var id = Guid.CreateVersion7(clock.GetUtcNow());
        var now = clock.GetUtcNow();
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO queue_messages (id, queue, body, inserted_at, visible_at, dequeue_count, pop_receipt)
            VALUES (@id, @queue, @text, @now, @visibleAt, 0, NULL)
            """,
            new { id, queue = queue.Value, text, now, visibleAt = now + Max(initialVisibilityDelay, TimeSpan.Zero) },
            cancellationToken: cancellationToken));
        if (_arrivals.TryRemove(queue.Value, out var waiting))
        {
            waiting.TrySetResult();
        }

        return id.ToString("D");
    }

    public async Task WaitForMessagesAsync(QueueName queue, TimeSpan maxWait, CancellationToken cancellationToken)
    {
        var arrival = _arrivals.GetOrAdd(queue.Value, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        using var stopWaiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var timeout = Task.Delay(maxWait, clock, stopWaiting.Token);
        await Task.WhenAny(arrival.Task, timeout);
        // Releases the timer when the arrival came first.
        await stopWaiting.CancelAsync();
    }

    public async Task<IReadOnlyList<QueueMessage>> ReceiveAsync(QueueName queue, int maxMessages, TimeSpan visibilityTimeout,
        CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessages, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxMessages, 32);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(visibilityTimeout, TimeSpan.Zero);
        var now = clock.GetUtcNow();
        var receipt = Guid.NewGuid();
        var lockClause = store.Dialect.Provider == StoreProvider.Postgres ? "FOR UPDATE SKIP LOCKED" : string.Empty;
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"""
            UPDATE queue_messages
            SET visible_at = @leaseUntil, dequeue_count = dequeue_count + 1, pop_receipt = @receipt
            WHERE id IN (
                SELECT id FROM queue_messages
                WHERE queue = @queue AND visible_at <= @now
                ORDER BY visible_at, id
                LIMIT @maxMessages
                {lockClause})
            RETURNING id, body, dequeue_count, inserted_at
            """,
            new { queue = queue.Value, now, leaseUntil = now + visibilityTimeout, receipt, maxMessages },
            cancellationToken: cancellationToken));
        return rows
            .OrderBy(row => row.InsertedAt)
            .Select(row => new QueueMessage(row.Id.ToString("D"), receipt.ToString("D"), row.Body, row.DequeueCount, row.InsertedAt))
            .ToList();
    }

    public async Task<bool> DeleteAsync(QueueName queue, QueueMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!TryParse(message, out var id, out var receipt))
        {
            return false;
        }

        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        var deleted = await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM queue_messages WHERE id = @id AND queue = @queue AND pop_receipt = @receipt",
            new { id, queue = queue.Value, receipt }, cancellationToken: cancellationToken));
        return deleted == 1;
    }

    public async Task<bool> ReleaseAsync(QueueName queue, QueueMessage message, TimeSpan delay, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!TryParse(message, out var id, out var receipt))
        {
            return false;
        }

        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        var updated = await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE queue_messages SET visible_at = @visibleAt, pop_receipt = NULL
            WHERE id = @id AND queue = @queue AND pop_receipt = @receipt
            """,
            new { id, queue = queue.Value, receipt, visibleAt = clock.GetUtcNow() + Max(delay, TimeSpan.Zero) },
            cancellationToken: cancellationToken));
        return updated == 1;
    }

    public async Task<QueueMessage?> RenewLeaseAsync(QueueName queue, QueueMessage message, TimeSpan visibilityTimeout,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(visibilityTimeout, TimeSpan.Zero);
        if (!TryParse(message, out var id, out var receipt))
        {
            return null;
        }

        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        var updated = await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE queue_messages SET visible_at = @visibleAt WHERE id = @id AND queue = @queue AND pop_receipt = @receipt",
            new { id, queue = queue.Value, receipt, visibleAt = clock.GetUtcNow() + visibilityTimeout },
            cancellationToken: cancellationToken));
        return updated == 1 ? message : null;
    }

    public async Task<int> CountAsync(QueueName queue, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT COUNT(*) FROM queue_messages WHERE queue = @queue", new { queue = queue.Value }, cancellationToken: cancellationToken));
    }

    private static bool TryParse(QueueMessage message, out Guid id, out Guid receipt)
    {
        receipt = Guid.Empty;
        return Guid.TryParseExact(message.Id, "D", out id) && Guid.TryParseExact(message.Receipt, "D", out receipt);
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private sealed class Row
    {
        public Guid Id { get; set; }

        public string Body { get; set; } = string.Empty;

        public int DequeueCount { get; set; }

        public DateTimeOffset InsertedAt { get; set; }
    }
}
