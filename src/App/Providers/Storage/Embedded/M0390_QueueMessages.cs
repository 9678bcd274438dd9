using AiScheduler.Functions.Store;

namespace AiScheduler.Functions.Providers.Storage.Embedded;

/// <summary>The embedded queue's one table; a message is leased by moving its <c>visible_at</c> forward.</summary>
internal sealed class M0390_QueueMessages : Migration
{
    public override int Version => 390;

    public override string Name => "queue messages for the embedded message queue";

    public override string Sqlite => """
        CREATE TABLE queue_messages (
            id TEXT PRIMARY KEY,
            queue TEXT NOT NULL,
            body TEXT NOT NULL,
            inserted_at TEXT NOT NULL,
            visible_at TEXT NOT NULL,
            dequeue_count INTEGER NOT NULL DEFAULT 0,
            pop_receipt TEXT NULL
        );
        CREATE INDEX ix_queue_messages_due ON queue_messages (queue, visible_at);
        """;

    public override string Postgres => """
        CREATE TABLE queue_messages (
            id uuid PRIMARY KEY,
            queue text NOT NULL,
            body text NOT NULL,
            inserted_at timestamptz NOT NULL,
            visible_at timestamptz NOT NULL,
            dequeue_count integer NOT NULL DEFAULT 0,
            pop_receipt uuid NULL
        );
        CREATE INDEX ix_queue_messages_due ON queue_messages (queue, visible_at);
        """;
}
