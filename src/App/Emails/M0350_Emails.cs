using AiScheduler.Functions.Store;

namespace AiScheduler.Functions.Emails;

/// <summary>
/// Every email the product sends, tracked from queued to sent or failed. The recipient is stored for the dashboard and
/// never logged. <c>idempotency_key</c> makes a retried "send the invite for meeting M, sequence 0" one email, not two.
/// </summary>
internal sealed class M0350_Emails : Migration
{
    public override int Version => 350;

    public override string Name => "emails";

    public override string Sqlite => """
        CREATE TABLE emails (
            id TEXT PRIMARY KEY,
            workspace_id TEXT NOT NULL REFERENCES workspaces (id),
            idempotency_key TEXT NOT NULL,
            kind TEXT NOT NULL,
            to_address TEXT NOT NULL,
            subject TEXT NOT NULL,
            status TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            provider TEXT NULL,
            provider_message_id TEXT NULL,
            last_error TEXT NULL,
            meeting_id TEXT NULL,
            lead_id TEXT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            sent_at TEXT NULL
        );
        CREATE UNIQUE INDEX ux_emails_workspace_key ON emails (workspace_id, idempotency_key);
        CREATE INDEX ix_emails_workspace_status ON emails (workspace_id, status);
        CREATE INDEX ix_emails_workspace_lead ON emails (workspace_id, lead_id);
        CREATE INDEX ix_emails_workspace_meeting ON emails (workspace_id, meeting_id);
        """;

    public override string Postgres => """
        CREATE TABLE emails (
            id uuid PRIMARY KEY,
            workspace_id uuid NOT NULL REFERENCES workspaces (id),
            idempotency_key text NOT NULL,
            kind text NOT NULL,
            to_address text NOT NULL,
            subject text NOT NULL,
            status text NOT NULL,
            attempts integer NOT NULL DEFAULT 0,
            provider text NULL,
            provider_message_id text NULL,
            last_error text NULL,
            meeting_id uuid NULL,
            lead_id uuid NULL,
            created_at timestamptz NOT NULL,
            updated_at timestamptz NOT NULL,
            sent_at timestamptz NULL
        );
        CREATE UNIQUE INDEX ux_emails_workspace_key ON emails (workspace_id, idempotency_key);
        CREATE INDEX ix_emails_workspace_status ON emails (workspace_id, status);
        CREATE INDEX ix_emails_workspace_lead ON emails (workspace_id, lead_id);
        CREATE INDEX ix_emails_workspace_meeting ON emails (workspace_id, meeting_id);
        """;
}
