using AiScheduler.Functions.Store;

namespace AiScheduler.Functions.Meetings.Interview;

/// <summary>
/// One interview per meeting: its personalised plan (prepared once, before the meeting), its state after every turn
/// (optimistic <c>version</c> so two processes never both advance it), and the transcript, one row per line.
/// </summary>
internal sealed class M1420_MeetingInterviews : Migration
{
    public override int Version => 1420;

    public override string Name => "meeting interviews: plan, state per turn, transcript lines";

    public override string Sqlite => """
        CREATE TABLE meeting_interviews (
            meeting_id TEXT PRIMARY KEY,
            workspace_id TEXT NOT NULL REFERENCES workspaces (id),
            plan TEXT NOT NULL,
            plan_source TEXT NOT NULL,
            question_set_id TEXT NULL,
            status TEXT NOT NULL,
            channel TEXT NULL,
            state TEXT NULL,
            last_say TEXT NULL,
            last_action TEXT NULL,
            end_reason TEXT NULL,
            version INTEGER NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            started_at TEXT NULL,
            ended_at TEXT NULL
        );
        CREATE TABLE meeting_transcript_lines (
            meeting_id TEXT NOT NULL,
            seq INTEGER NOT NULL,
            workspace_id TEXT NOT NULL REFERENCES workspaces (id),
            speaker TEXT NOT NULL,
            text TEXT NOT NULL,
            language TEXT NOT NULL,
            at_utc TEXT NOT NULL,
            PRIMARY KEY (meeting_id, seq)
        );
        """;

    public override string Postgres => """
        CREATE TABLE meeting_interviews (
            meeting_id uuid PRIMARY KEY,
            workspace_id uuid NOT NULL REFERENCES workspaces (id),
            plan jsonb NOT NULL,
            plan_source text NOT NULL,
            question_set_id uuid NULL,
            status text NOT NULL,
            channel text NULL,
            state jsonb NULL,
            last_say text NULL,
            last_action text NULL,
            end_reason text NULL,
            version integer NOT NULL,
            created_at timestamptz NOT NULL,
            updated_at timestamptz NOT NULL,
            started_at timestamptz NULL,
            ended_at timestamptz NULL
        );
        CREATE TABLE meeting_transcript_lines (
            meeting_id uuid NOT NULL,
            seq integer NOT NULL,
            workspace_id uuid NOT NULL REFERENCES workspaces (id),
            speaker text NOT NULL,
            text text NOT NULL,
            language text NOT NULL,
            at_utc timestamptz NOT NULL,
            PRIMARY KEY (meeting_id, seq)
        );
        """;
}
