using AiScheduler.Functions.Store;

namespace AiScheduler.Functions.Leads;

/// <summary>
/// What the last analysed meeting concluded about a lead: the overall BANT score, the key insights (a JSON array of
/// strings) and which meeting, when. The status column already holds qualified, nurture or disqualified.
/// </summary>
internal sealed class M0074_LeadQualification : PortableMigration
{
    public override int Version => 74;

    public override string Name => "lead qualification: score, insights, last meeting";

    protected override string Schema => """
        ALTER TABLE leads ADD COLUMN score {integer} NULL;
        ALTER TABLE leads ADD COLUMN insights {text} NULL;
        ALTER TABLE leads ADD COLUMN last_meeting_id {uuid} NULL;
        ALTER TABLE leads ADD COLUMN last_meeting_at {timestamp} NULL;
        """;
}
