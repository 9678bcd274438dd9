using AiScheduler.Functions.Store;

namespace AiScheduler.Functions.Leads.Imports;

/// <summary>
/// Uploaded lead files on their way through the <c>LeadImport</c> orchestration: where the CSV blob is, how far the
/// import got (rows processed, updated after every committed batch), the final counts, the JSON summary the upload
/// endpoint answers with, and the blob holding the row-error report.
/// </summary>
internal sealed class M0060_LeadImports : PortableMigration
{
    public override int Version => 60;

    public override string Name => "lead imports";

    protected override string Schema => """
        CREATE TABLE lead_imports (
            id {uuid} PRIMARY KEY,
            workspace_id {uuid} NOT NULL REFERENCES workspaces (id),
            blob_name {text} NOT NULL,
            size_bytes {bigint} NOT NULL,
            campaign_id {uuid} NULL,
            status {text} NOT NULL,
            rows_processed {integer} NOT NULL DEFAULT 0,
            imported {integer} NOT NULL DEFAULT 0,
            updated {integer} NOT NULL DEFAULT 0,
            skipped {integer} NOT NULL DEFAULT 0,
            errors {integer} NOT NULL DEFAULT 0,
            error_report_blob {text} NULL,
            failure_kind {text} NULL,
            failure {text} NULL,
            summary {text} NULL,
            created_at {timestamp} NOT NULL,
            updated_at {timestamp} NOT NULL,
            started_at {timestamp} NULL,
            finished_at {timestamp} NULL
        );
        CREATE INDEX ix_lead_imports_workspace_created ON lead_imports (workspace_id, created_at);
        """;
}
