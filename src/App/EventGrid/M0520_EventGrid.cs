using AiScheduler.Functions.Store;

namespace AiScheduler.Functions.EventGrid;

/// <summary>
/// Event Grid bookkeeping: event ids already handled (Event Grid delivers at least once), which of our calls a
/// service-side call id belongs to (recording events name only the server call id), and the recordings stored per call.
/// Shipped as it is and applied by its id; <c>call_server_links</c> and <c>call_recordings</c> now belong to Calls/Recordings
/// (<see cref="Calls.Recordings.RecordingStore"/>), <c>event_grid_deliveries</c> to <see cref="EventGridStore"/>.
/// </summary>
internal sealed class M0520_EventGrid : Migration
{
    public override int Version => 520;

    public override string Name => "event grid deliveries, server call links, call recordings";

    public override string Sqlite => """
        CREATE TABLE event_grid_deliveries (
            event_id TEXT PRIMARY KEY,
            event_type TEXT NOT NULL,
            received_at TEXT NOT NULL
        );
        CREATE TABLE call_server_links (
            server_call_id TEXT PRIMARY KEY,
            call_id TEXT NOT NULL,
            linked_at TEXT NOT NULL
        );
        CREATE TABLE call_recordings (
            call_id TEXT NOT NULL,
            document_id TEXT NOT NULL,
            chunk_index INTEGER NOT NULL,
            recording_id TEXT,
            blob_name TEXT NOT NULL,
            content_type TEXT NOT NULL,
            length INTEGER NOT NULL,
            duration_ms INTEGER,
            stored_at TEXT NOT NULL,
            PRIMARY KEY (call_id, document_id, chunk_index)
        );
        """;

    public override string Postgres => """
        CREATE TABLE event_grid_deliveries (
            event_id text PRIMARY KEY,
            event_type text NOT NULL,
            received_at timestamptz NOT NULL
        );
        CREATE TABLE call_server_links (
            server_call_id text PRIMARY KEY,
            call_id text NOT NULL,
            linked_at timestamptz NOT NULL
        );
        CREATE TABLE call_recordings (
            call_id text NOT NULL,
            document_id text NOT NULL,
            chunk_index integer NOT NULL,
            recording_id text,
            blob_name text NOT NULL,
            content_type text NOT NULL,
            length bigint NOT NULL,
            duration_ms bigint,
            stored_at timestamptz NOT NULL,
            PRIMARY KEY (call_id, document_id, chunk_index)
        );
        """;
}
