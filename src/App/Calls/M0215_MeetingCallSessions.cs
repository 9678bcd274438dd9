using AiScheduler.Functions.Store;

namespace AiScheduler.Functions.Calls;

/// <summary>
/// A call session may belong to a meeting: the AI calling the lead to run the meeting's interview. Its turns go to the
/// interviewer instead of the scheduling agent, and its end is reported to the meeting, not to a campaign.
/// </summary>
internal sealed class M0215_MeetingCallSessions : PortableMigration
{
    public override int Version => 215;

    public override string Name => "call sessions of meetings";

    protected override string Schema => """
        ALTER TABLE call_sessions ADD COLUMN meeting_id {uuid} NULL;
        CREATE INDEX ix_call_sessions_meeting ON call_sessions (meeting_id) WHERE meeting_id IS NOT NULL;
        """;
}
