using AiScheduler.Functions.Store;

namespace AiScheduler.Functions.Meetings.Interview;

/// <summary>
/// One interview per meeting: its personalised plan (prepared once, before the meeting), its state after every turn
/// (optimistic <c>version</c> so two processes never both advance it), and the transcript, one row per line.
/// </summary>
internal sealed class M1420_MeetingInterviews : PortableMigration
{
    public override int Version => 1420;

    public override string Name => "meeting interviews: plan, state per turn, transcript lines";

    protected override string Schema => """
        CREATE TABLE meeting_interviews (
            meeting_id {uuid} PRIMARY KEY,
            workspace_id {uuid} NOT NULL REFERENCES workspaces (id),
            plan {json} NOT NULL,
            plan_source {text} NOT NULL,
            question_set_id {uuid} NULL,
            status {text} NOT NULL,
            channel {text} NULL,
            state {json} NULL,
            last_say {text} NULL,
            last_action {text} NULL,
            end_reason {text} NULL,
            version {integer} NOT NULL,
            created_at {timestamp} NOT NULL,
            updated_at {timestamp} NOT NULL,
            started_at {timestamp} NULL,
            ended_at {timestamp} NULL
        );
        CREATE TABLE meeting_transcript_lines (
            meeting_id {uuid} NOT NULL,
            seq {integer} NOT NULL,
            workspace_id {uuid} NOT NULL REFERENCES workspaces (id),
            speaker {text} NOT NULL,
            text {text} NOT NULL,
            language {text} NOT NULL,
            at_utc {timestamp} NOT NULL,
            PRIMARY KEY (meeting_id, seq)
        );
        """;
}
