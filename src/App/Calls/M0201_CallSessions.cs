using AiScheduler.Functions.Store;

namespace AiScheduler.Functions.Calls;

/// <summary>
/// Conversation state per call (persisted after every turn so any host process can take the next callback), the
/// callback event ids already handled (so duplicates are no-ops), and the transcript, one row per spoken turn.
/// </summary>
internal sealed class M0201_CallSessions : Migration
{
    public override int Version => 201;

    public override string Name => "call sessions, handled callback events and transcripts";

    public override string Sqlite => """
        CREATE TABLE call_sessions (
            call_id TEXT PRIMARY KEY,
            workspace_id TEXT NOT NULL REFERENCES workspaces (id),
            lead_id TEXT NULL,
            lead_phone TEXT NOT NULL,
            call_connection_id TEXT NULL,
            phase TEXT NOT NULL,
            version INTEGER NOT NULL,
            awaiting_context TEXT NULL,
            state TEXT NOT NULL,
            outcome TEXT NULL,
            callback_at TEXT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            ended_at TEXT NULL
        );
        CREATE UNIQUE INDEX ux_call_sessions_connection ON call_sessions (call_connection_id) WHERE call_connection_id IS NOT NULL;
        CREATE INDEX ix_call_sessions_lead ON call_sessions (workspace_id, lead_id);
        CREATE TABLE call_session_events (
            call_id TEXT NOT NULL,
            event_id TEXT NOT NULL,
            received_at TEXT NOT NULL,
            PRIMARY KEY (call_id, event_id)
        );
        CREATE TABLE call_transcript_turns (
            call_id TEXT NOT NULL,
            seq INTEGER NOT NULL,
            workspace_id TEXT NOT NULL REFERENCES workspaces (id),
            speaker TEXT NOT NULL,
            text TEXT NOT NULL,
            language TEXT NOT NULL,
            at_utc TEXT NOT NULL,
            PRIMARY KEY (call_id, seq)
        );
        """;

    public override string Postgres => """
        CREATE TABLE call_sessions (
            call_id text PRIMARY KEY,
            workspace_id uuid NOT NULL REFERENCES workspaces (id),
            lead_id uuid NULL,
            lead_phone text NOT NULL,
            call_connection_id text NULL,
            phase text NOT NULL,
            version integer NOT NULL,
            awaiting_context text NULL,
            state jsonb NOT NULL,
            outcome text NULL,
            callback_at timestamptz NULL,
            created_at timestamptz NOT NULL,
            updated_at timestamptz NOT NULL,
            ended_at timestamptz NULL
        );
        CREATE UNIQUE INDEX ux_call_sessions_connection ON call_sessions (call_connection_id) WHERE call_connection_id IS NOT NULL;
        CREATE INDEX ix_call_sessions_lead ON call_sessions (workspace_id, lead_id);
        CREATE TABLE call_session_events (
            call_id text NOT NULL,
            event_id text NOT NULL,
            received_at timestamptz NOT NULL,
            PRIMARY KEY (call_id, event_id)
        );
        CREATE TABLE call_transcript_turns (
            call_id text NOT NULL,
            seq integer NOT NULL,
            workspace_id uuid NOT NULL REFERENCES workspaces (id),
            speaker text NOT NULL,
            text text NOT NULL,
            language text NOT NULL,
            at_utc timestamptz NOT NULL,
            PRIMARY KEY (call_id, seq)
        );
        """;
}
