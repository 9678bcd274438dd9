using AiScheduler.Functions.Store;

namespace AiScheduler.Functions.Leads.Consents;

/// <summary>
/// Consent records per lead: where the lead consented, when, the text it was shown, and a reference to the proof
/// (a form submission id, a recording). One record per lead, source and instant, so re-importing a file adds nothing.
/// </summary>
internal sealed class M1710_LeadConsents : PortableMigration
{
    public override int Version => 1710;

    public override string Name => "lead consents";

    protected override string Schema => """
        CREATE TABLE lead_consents (
            id {uuid} PRIMARY KEY,
            workspace_id {uuid} NOT NULL REFERENCES workspaces (id),
            lead_id {uuid} NOT NULL REFERENCES leads (id),
            source {text} NOT NULL,
            consented_at {timestamp} NOT NULL,
            text {text} NULL,
            proof_ref {text} NULL,
            created_at {timestamp} NOT NULL
        );
        CREATE UNIQUE INDEX ux_lead_consents_lead_source_at ON lead_consents (lead_id, source, consented_at);
        """;
}
