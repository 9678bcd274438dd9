using AiScheduler.Functions.Store;

namespace AiScheduler.Functions.Campaigns;

/// <summary>
/// Campaigns (their settings and lifecycle), each campaign's leads with where they stand in it (pending, calling,
/// retry, callback, settled; attempt counts and when they are due next). Call attempts, once created here too, are
/// Calls/Attempts' own table (M0401).
/// </summary>
internal sealed class M0400_Campaigns : Migration
{
    public override int Version => 400;

    public override string Name => "campaigns and campaign leads";

    public override string Sqlite => """
        CREATE TABLE campaigns (
            id TEXT PRIMARY KEY,
            workspace_id TEXT NOT NULL REFERENCES workspaces (id),
            name TEXT NOT NULL,
            status TEXT NOT NULL,
            settings TEXT NOT NULL,
            selection TEXT NOT NULL,
            last_start_at TEXT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX ix_campaigns_workspace ON campaigns (workspace_id, created_at);
        CREATE TABLE campaign_leads (
            campaign_id TEXT NOT NULL REFERENCES campaigns (id),
            lead_id TEXT NOT NULL REFERENCES leads (id),
            state TEXT NOT NULL,
            attempts INTEGER NOT NULL,
            voicemails INTEGER NOT NULL,
            callbacks INTEGER NOT NULL,
            next_at TEXT NULL,
            claim TEXT NULL,
            last_outcome TEXT NULL,
            settlement TEXT NULL,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (campaign_id, lead_id)
        );
        CREATE INDEX ix_campaign_leads_due ON campaign_leads (campaign_id, state, next_at);
        """;

    public override string Postgres => """
        CREATE TABLE campaigns (
            id uuid PRIMARY KEY,
            workspace_id uuid NOT NULL REFERENCES workspaces (id),
            name text NOT NULL,
            status text NOT NULL,
            settings jsonb NOT NULL,
            selection jsonb NOT NULL,
            last_start_at timestamptz NULL,
            created_at timestamptz NOT NULL,
            updated_at timestamptz NOT NULL
        );
        CREATE INDEX ix_campaigns_workspace ON campaigns (workspace_id, created_at);
        CREATE TABLE campaign_leads (
            campaign_id uuid NOT NULL REFERENCES campaigns (id),
            lead_id uuid NOT NULL REFERENCES leads (id),
            state text NOT NULL,
            attempts integer NOT NULL,
            voicemails integer NOT NULL,
            callbacks integer NOT NULL,
            next_at timestamptz NULL,
            claim text NULL,
            last_outcome text NULL,
            settlement text NULL,
            updated_at timestamptz NOT NULL,
            PRIMARY KEY (campaign_id, lead_id)
        );
        CREATE INDEX ix_campaign_leads_due ON campaign_leads (campaign_id, state, next_at);
        """;
}
