using AiScheduler.Functions.Store;

namespace AiScheduler.Functions.Permissions;

/// <summary>
/// The audit trail of dial decisions: one row per decision the dialer made (allowed or refused), with the rule, the
/// reason, the instant it was made for, the campaign and attempt, and when the lead may next be called. Append-only.
/// </summary>
internal sealed class M1711_CallDecisions : Migration
{
    public override int Version => 1711;

    public override string Name => "call decisions";

    public override string Sqlite => """
        CREATE TABLE call_decisions (
            id TEXT PRIMARY KEY,
            workspace_id TEXT NOT NULL REFERENCES workspaces (id),
            lead_id TEXT NOT NULL,
            campaign_id TEXT NULL,
            attempt INTEGER NULL,
            stage TEXT NOT NULL,
            decided_at TEXT NOT NULL,
            allowed INTEGER NOT NULL,
            rule TEXT NOT NULL,
            reason TEXT NOT NULL,
            next_allowed_at TEXT NULL,
            jurisdiction TEXT NOT NULL,
            rule_versions TEXT NOT NULL
        );
        CREATE INDEX ix_call_decisions_lead ON call_decisions (workspace_id, lead_id, decided_at);
        """;

    public override string Postgres => """
        CREATE TABLE call_decisions (
            id uuid PRIMARY KEY,
            workspace_id uuid NOT NULL REFERENCES workspaces (id),
            lead_id uuid NOT NULL,
            campaign_id uuid NULL,
            attempt integer NULL,
            stage text NOT NULL,
            decided_at timestamptz NOT NULL,
            allowed boolean NOT NULL,
            rule text NOT NULL,
            reason text NOT NULL,
            next_allowed_at timestamptz NULL,
            jurisdiction text NOT NULL,
            rule_versions text NOT NULL
        );
        CREATE INDEX ix_call_decisions_lead ON call_decisions (workspace_id, lead_id, decided_at);
        """;
}
