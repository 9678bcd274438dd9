using AiScheduler.Functions.Store;

namespace AiScheduler.Functions.Meetings;

/// <summary>
/// How the AI joins a meeting: its join mode (<c>phone</c>, the default: the AI calls the lead; or <c>room</c>: the web
/// meeting room) and the sales rep who owns the meeting (the summary email goes to them too). The meeting's question set
/// is a column of the Questions folder (M1410).
/// </summary>
internal sealed class M0380_MeetingJoin : PortableMigration
{
    public override int Version => 380;

    public override string Name => "meeting join: join mode, rep";

    protected override string Schema => """
        ALTER TABLE meetings ADD COLUMN join_mode {text} NOT NULL DEFAULT 'phone';
        ALTER TABLE meetings ADD COLUMN rep_email {text} NULL;
        ALTER TABLE meetings ADD COLUMN rep_name {text} NULL;
        """;
}
