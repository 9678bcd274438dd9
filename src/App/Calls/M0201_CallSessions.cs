using AiScheduler.Functions.Store;

namespace AiScheduler.Functions.Calls;

/// <summary>
/// Conversation state per call (persisted after every turn so any host process can take the next callback), the
/// callback event ids already handled (so duplicates are no-ops), and the transcript, one row per spoken turn.
/// </summary>
internal sealed class M0201_CallSessions : PortableMigration
{
    public override int Version => 201;

    public override string Name => "call sessions, handled callback events and transcripts";

    protected override string Schema => """
        CREATE TABLE call_sessions (
            call_id {text} PRIMARY KEY,
            workspace_id {uuid} NOT NULL REFERENCES workspaces (id),
            lead_id {uuid} NULL,
            lead_phone {text} NOT NULL,
            call_connection_id {text} NULL,
            phase {text} NOT NULL,
            version {integer} NOT NULL,
            awaiting_context {text} NULL,
            state {json} NOT NULL,
            outcome {text} NULL,
            callback_at {timestamp} NULL,
            created_at {timestamp} NOT NULL,
            updated_at {timestamp} NOT NULL,
            ended_at {timestamp} NULL
        );
        CREATE UNIQUE INDEX ux_call_sessions_connection ON call_sessions (call_connection_id) WHERE call_connection_id IS NOT NULL;
        CREATE INDEX ix_call_sessions_lead ON call_sessions (workspace_id, lead_id);
        CREATE TABLE call_session_events (
            call_id {text} NOT NULL,
            event_id {text} NOT NULL,
            received_at {timestamp} NOT NULL,
            PRIMARY KEY (call_id, event_id)
        );
        CREATE TABLE call_transcript_turns (
            call_id {text} NOT NULL,
            seq {integer} NOT NULL,
            workspace_id {uuid} NOT NULL REFERENCES workspaces (id),
            speaker {text} NOT NULL,
            text {text} NOT NULL,
            language {text} NOT NULL,
            at_utc {timestamp} NOT NULL,
            PRIMARY KEY (call_id, seq)
        );
        """;
}
