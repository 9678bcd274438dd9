using AiScheduler.Functions.Store;

namespace AiScheduler.Functions.Meetings.Analysis;

/// <summary>
/// The BANT analysis of each held meeting: the AI's value (JSON of the whole analysis, from the rule-based or the LLM
/// analyser, <c>source</c> says which) and, beside it, what a sales rep confirmed or corrected (JSON of the fields set),
/// so neither overwrites the other.
/// </summary>
internal sealed class M0387_MeetingAnalyses : PortableMigration
{
    public override int Version => 387;

    public override string Name => "meeting analyses: AI value and rep-confirmed value";

    protected override string Schema => """
        CREATE TABLE meeting_analyses (
            meeting_id {uuid} PRIMARY KEY,
            workspace_id {uuid} NOT NULL REFERENCES workspaces (id),
            lead_id {uuid} NULL,
            source {text} NOT NULL,
            fallback_reason {text} NULL,
            ai {text} NOT NULL,
            confirmed {text} NULL,
            confirmed_by {text} NULL,
            confirmed_at {timestamp} NULL,
            analyzed_at {timestamp} NOT NULL,
            updated_at {timestamp} NOT NULL
        );
        CREATE INDEX ix_meeting_analyses_lead ON meeting_analyses (workspace_id, lead_id);
        """;
}
