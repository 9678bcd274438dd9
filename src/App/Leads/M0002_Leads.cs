using AiScheduler.Functions.Store;

namespace AiScheduler.Functions.Leads;

/// <summary>
/// Leads. Personal data (name, phone, email, notes, custom fields) is nullable so an erased lead keeps its row, status,
/// language, zone and region for statistics. A phone is unique within a workspace while it is present.
/// </summary>
internal sealed class M0002_Leads : PortableMigration
{
    public override int Version => 2;

    public override string Name => "leads";

    protected override string Schema => """
        CREATE TABLE leads (
            id {uuid} PRIMARY KEY,
            workspace_id {uuid} NOT NULL REFERENCES workspaces (id),
            name {text} NULL,
            phone {text} NULL,
            email {text} NULL,
            company {text} NULL,
            region {text} NULL,
            language {text} NOT NULL,
            language_source {text} NOT NULL,
            time_zone {text} NOT NULL,
            time_zone_source {text} NOT NULL,
            notes {text} NULL,
            custom_fields {json} NULL,
            status {text} NOT NULL,
            campaign_id {uuid} NULL,
            created_at {timestamp} NOT NULL,
            updated_at {timestamp} NOT NULL,
            erased_at {timestamp} NULL
        );
        CREATE UNIQUE INDEX ux_leads_workspace_phone ON leads (workspace_id, phone) WHERE phone IS NOT NULL;
        CREATE INDEX ix_leads_workspace_status ON leads (workspace_id, status);
        CREATE INDEX ix_leads_workspace_campaign ON leads (workspace_id, campaign_id);
        """;
}
