using AiScheduler.Functions.Store;

namespace AiScheduler.Functions.Meetings;

/// <summary>
/// What a booked meeting needs after booking: its iCalendar SEQUENCE (raised by every reschedule and by the
/// cancellation, so the UID stays and clients apply updates in order), the calendar event it has in the configured
/// calendar provider, why its status last changed, and an index for listing by start time.
/// </summary>
internal sealed class M0370_MeetingLifecycle : PortableMigration
{
    public override int Version => 370;

    public override string Name => "meeting lifecycle: sequence, calendar event, status reason";

    protected override string Schema => """
        ALTER TABLE meetings ADD COLUMN sequence {integer} NOT NULL DEFAULT 0;
        ALTER TABLE meetings ADD COLUMN calendar_provider {text} NULL;
        ALTER TABLE meetings ADD COLUMN calendar_event_id {text} NULL;
        ALTER TABLE meetings ADD COLUMN status_reason {text} NULL;
        CREATE INDEX ix_meetings_workspace_start ON meetings (workspace_id, start_utc);
        """;
}
