using AiScheduler.Functions.Store;

namespace AiScheduler.Functions.Meetings.Booking;

/// <summary>
/// Booked meetings and the slots calls hold while offering them. The partial unique index on
/// (workspace, calendar, start) among booked meetings is what makes a double booking impossible, whatever the callers
/// race; holds are keyed the same way so one slot is offered by one call at a time.
/// </summary>
internal sealed class M0200_SlotHoldsAndMeetings : Migration
{
    public override int Version => 200;

    public override string Name => "slot holds and booked meetings";

    public override string Sqlite => """
        CREATE TABLE meetings (
            id TEXT PRIMARY KEY,
            workspace_id TEXT NOT NULL REFERENCES workspaces (id),
            calendar_id TEXT NOT NULL,
            lead_id TEXT NULL,
            call_id TEXT NULL,
            attendee_email TEXT NOT NULL,
            start_utc TEXT NOT NULL,
            end_utc TEXT NOT NULL,
            time_zone TEXT NOT NULL,
            local_start TEXT NOT NULL,
            join_url TEXT NOT NULL,
            status TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE UNIQUE INDEX ux_meetings_booked_slot ON meetings (workspace_id, calendar_id, start_utc) WHERE status = 'booked';
        CREATE INDEX ix_meetings_lead ON meetings (workspace_id, lead_id);
        CREATE TABLE slot_holds (
            workspace_id TEXT NOT NULL REFERENCES workspaces (id),
            calendar_id TEXT NOT NULL,
            slot_start TEXT NOT NULL,
            slot_end TEXT NOT NULL,
            call_id TEXT NOT NULL,
            expires_at TEXT NOT NULL,
            created_at TEXT NOT NULL,
            PRIMARY KEY (workspace_id, calendar_id, slot_start)
        );
        CREATE INDEX ix_slot_holds_call ON slot_holds (call_id);
        """;

    public override string Postgres => """
        CREATE TABLE meetings (
            id uuid PRIMARY KEY,
            workspace_id uuid NOT NULL REFERENCES workspaces (id),
            calendar_id text NOT NULL,
            lead_id uuid NULL,
            call_id text NULL,
            attendee_email text NOT NULL,
            start_utc timestamptz NOT NULL,
            end_utc timestamptz NOT NULL,
            time_zone text NOT NULL,
            local_start text NOT NULL,
            join_url text NOT NULL,
            status text NOT NULL,
            created_at timestamptz NOT NULL,
            updated_at timestamptz NOT NULL
        );
        CREATE UNIQUE INDEX ux_meetings_booked_slot ON meetings (workspace_id, calendar_id, start_utc) WHERE status = 'booked';
        CREATE INDEX ix_meetings_lead ON meetings (workspace_id, lead_id);
        CREATE TABLE slot_holds (
            workspace_id uuid NOT NULL REFERENCES workspaces (id),
            calendar_id text NOT NULL,
            slot_start timestamptz NOT NULL,
            slot_end timestamptz NOT NULL,
            call_id text NOT NULL,
            expires_at timestamptz NOT NULL,
            created_at timestamptz NOT NULL,
            PRIMARY KEY (workspace_id, calendar_id, slot_start)
        );
        CREATE INDEX ix_slot_holds_call ON slot_holds (call_id);
        """;
}
