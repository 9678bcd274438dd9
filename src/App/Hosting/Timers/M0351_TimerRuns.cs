using AiScheduler.Functions.Store;

namespace AiScheduler.Functions.Hosting.Timers;

/// <summary>
/// One row per schedule occurrence that a host claimed. The primary key is what makes an occurrence fire once across
/// all host processes: the INSERT that claims it succeeds for exactly one of them.
/// </summary>
internal sealed class M0351_TimerRuns : Migration
{
    public override int Version => 351;

    public override string Name => "timer runs";

    public override string Sqlite => """
        CREATE TABLE timer_runs (
            schedule TEXT NOT NULL,
            occurrence_at TEXT NOT NULL,
            host_id TEXT NOT NULL,
            past_due INTEGER NOT NULL,
            claimed_at TEXT NOT NULL,
            completed_at TEXT NULL,
            error TEXT NULL,
            PRIMARY KEY (schedule, occurrence_at)
        );
        """;

    public override string Postgres => """
        CREATE TABLE timer_runs (
            schedule text NOT NULL,
            occurrence_at timestamptz NOT NULL,
            host_id text NOT NULL,
            past_due boolean NOT NULL,
            claimed_at timestamptz NOT NULL,
            completed_at timestamptz NULL,
            error text NULL,
            PRIMARY KEY (schedule, occurrence_at)
        );
        """;
}
