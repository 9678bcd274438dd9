using AiScheduler.Functions.Store;

namespace AiScheduler.Functions.DoNotCall;

/// <summary>The do-not-call list: E.164 numbers per workspace that no campaign may dial, with why and since when.</summary>
internal sealed class M0410_DoNotCall : Migration
{
    public override int Version => 410;

    public override string Name => "do-not-call list";

    public override string Sqlite => """
        CREATE TABLE do_not_call (
            workspace_id TEXT NOT NULL REFERENCES workspaces (id),
            phone TEXT NOT NULL,
            reason TEXT NOT NULL,
            source TEXT NOT NULL,
            added_at TEXT NOT NULL,
            PRIMARY KEY (workspace_id, phone)
        );
        """;

    public override string Postgres => """
        CREATE TABLE do_not_call (
            workspace_id uuid NOT NULL REFERENCES workspaces (id),
            phone text NOT NULL,
            reason text NOT NULL,
            source text NOT NULL,
            added_at timestamptz NOT NULL,
            PRIMARY KEY (workspace_id, phone)
        );
        """;
}
