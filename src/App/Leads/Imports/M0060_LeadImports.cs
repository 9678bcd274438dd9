using AiScheduler.Functions.Store;

namespace AiScheduler.Functions.Leads.Imports;

/// <summary>
/// Uploaded lead files on their way through the <c>LeadImport</c> orchestration: where the CSV blob is, how far the
/// import got (rows processed, updated after every committed batch), the final counts, the JSON summary the upload
/// endpoint answers with, and the blob holding the row-error report.
/// </summary>
internal sealed class M0060_LeadImports : Migration
{
    public override int Version => 60;

    public override string Name => "lead imports";

    public override string Sqlite => """
        CREATE TABLE lead_imports (
            id TEXT PRIMARY KEY,
            workspace_id TEXT NOT NULL REFERENCES workspaces (id),
            blob_name TEXT NOT NULL,
            size_bytes INTEGER NOT NULL,
            campaign_id TEXT NULL,
            status TEXT NOT NULL,
            rows_processed INTEGER NOT NULL DEFAULT 0,
            imported INTEGER NOT NULL DEFAULT 0,
            updated INTEGER NOT NULL DEFAULT 0,
            skipped INTEGER NOT NULL DEFAULT 0,
            errors INTEGER NOT NULL DEFAULT 0,
            error_report_blob TEXT NULL,
            failure_kind TEXT NULL,
            failure TEXT NULL,
            summary TEXT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            started_at TEXT NULL,
            finished_at TEXT NULL
        );
        CREATE INDEX ix_lead_imports_workspace_created ON lead_imports (workspace_id, created_at);
        """;

    public override string Postgres => """
        CREATE TABLE lead_imports (
            id uuid PRIMARY KEY,
            workspace_id uuid NOT NULL REFERENCES workspaces (id),
            blob_name text NOT NULL,
            size_bytes bigint NOT NULL,
            campaign_id uuid NULL,
            status text NOT NULL,
            rows_processed integer NOT NULL DEFAULT 0,
            imported integer NOT NULL DEFAULT 0,
            updated integer NOT NULL DEFAULT 0,
            skipped integer NOT NULL DEFAULT 0,
            errors integer NOT NULL DEFAULT 0,
            error_report_blob text NULL,
            failure_kind text NULL,
            failure text NULL,
            summary text NULL,
            created_at timestamptz NOT NULL,
            updated_at timestamptz NOT NULL,
            started_at timestamptz NULL,
            finished_at timestamptz NULL
        );
        CREATE INDEX ix_lead_imports_workspace_created ON lead_imports (workspace_id, created_at);
        """;
}
