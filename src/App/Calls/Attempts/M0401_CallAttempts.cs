using AiScheduler.Functions.Store;

namespace AiScheduler.Functions.Calls.Attempts;

/// <summary>
/// One row per call attempt keyed by the CallAttempt instance id, which is what makes placing a call idempotent. Owned
/// and written by Calls/Attempts (<see cref="CallAttemptStore"/>). Stores created before this migration got the table
/// from M0400 (campaigns), hence <c>IF NOT EXISTS</c>: the same table either way.
/// </summary>
internal sealed class M0401_CallAttempts : Migration
{
    public override int Version => 401;

    public override string Name => "call attempts";

    public override string Sqlite => """
        CREATE TABLE IF NOT EXISTS call_attempts (
            instance_id TEXT PRIMARY KEY,
            campaign_id TEXT NOT NULL REFERENCES campaigns (id),
            lead_id TEXT NOT NULL,
            attempt INTEGER NOT NULL,
            call_id TEXT NOT NULL UNIQUE,
            state TEXT NOT NULL,
            outcome TEXT NULL,
            created_at TEXT NOT NULL,
            ended_at TEXT NULL
        );
        CREATE INDEX IF NOT EXISTS ix_call_attempts_campaign ON call_attempts (campaign_id, lead_id);
        """;

    public override string Postgres => """
        CREATE TABLE IF NOT EXISTS call_attempts (
            instance_id text PRIMARY KEY,
            campaign_id uuid NOT NULL REFERENCES campaigns (id),
            lead_id uuid NOT NULL,
            attempt integer NOT NULL,
            call_id text NOT NULL UNIQUE,
            state text NOT NULL,
            outcome text NULL,
            created_at timestamptz NOT NULL,
            ended_at timestamptz NULL
        );
        CREATE INDEX IF NOT EXISTS ix_call_attempts_campaign ON call_attempts (campaign_id, lead_id);
        """;
}
