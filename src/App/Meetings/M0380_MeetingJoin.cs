using AiScheduler.Functions.Store;

namespace AiScheduler.Functions.Meetings;

/// <summary>
/// How the AI joins a meeting: its join mode (<c>phone</c>, the default: the AI calls the lead; or <c>room</c>: the web
/// meeting room), the question set the interview uses (null: the default set), and the sales rep who owns the meeting
/// (the summary email goes to them too).
/// </summary>
internal sealed class M0380_MeetingJoin : Migration
{
    public override int Version => 380;

    public override string Name => "meeting join: join mode, question set, rep";

    public override string Sqlite => """
        ALTER TABLE meetings ADD COLUMN join_mode TEXT NOT NULL DEFAULT 'phone';
        ALTER TABLE meetings ADD COLUMN question_set_id TEXT NULL;
        ALTER TABLE meetings ADD COLUMN rep_email TEXT NULL;
        ALTER TABLE meetings ADD COLUMN rep_name TEXT NULL;
        """;

    public override string Postgres => """
        ALTER TABLE meetings ADD COLUMN join_mode text NOT NULL DEFAULT 'phone';
        ALTER TABLE meetings ADD COLUMN question_set_id uuid NULL;
        ALTER TABLE meetings ADD COLUMN rep_email text NULL;
        ALTER TABLE meetings ADD COLUMN rep_name text NULL;
        """;
}
