using AiScheduler.Functions.Store;

namespace AiScheduler.Functions.Calls.Callbacks;

/// <summary>
/// The call inbox: every accepted telephony callback and Event Grid event, written before the delivery is answered and
/// handled from here. <c>lane</c> groups the entries that must be handled one after another (a call's events);
/// <c>owner</c>/<c>lease_until</c> say which host process is handling an entry, so another takes it over when that one
/// dies; <c>processed_at</c> is set once it was handled (or given up, with <c>failure</c>).
/// </summary>
internal sealed class M0260_CallInbox : Migration
{
    public override int Version => 260;

    public override string Name => "call inbox";

    public override string Sqlite => """
        CREATE TABLE call_inbox (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            source TEXT NOT NULL,
            event_id TEXT NOT NULL,
            lane TEXT NOT NULL,
            body TEXT NOT NULL,
            received_at TEXT NOT NULL,
            owner TEXT NOT NULL,
            lease_until TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            processed_at TEXT NULL,
            failure TEXT NULL,
            UNIQUE (source, event_id)
        );
        CREATE INDEX ix_call_inbox_pending ON call_inbox (lease_until) WHERE processed_at IS NULL;
        CREATE INDEX ix_call_inbox_processed ON call_inbox (processed_at) WHERE processed_at IS NOT NULL;
        """;

    public override string Postgres => """
        CREATE TABLE call_inbox (
            seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            source text NOT NULL,
            event_id text NOT NULL,
            lane text NOT NULL,
            body text NOT NULL,
            received_at timestamptz NOT NULL,
            owner text NOT NULL,
            lease_until timestamptz NOT NULL,
            attempts integer NOT NULL DEFAULT 0,
            processed_at timestamptz NULL,
            failure text NULL,
            UNIQUE (source, event_id)
        );
        CREATE INDEX ix_call_inbox_pending ON call_inbox (lease_until) WHERE processed_at IS NULL;
        CREATE INDEX ix_call_inbox_processed ON call_inbox (processed_at) WHERE processed_at IS NOT NULL;
        """;
}
