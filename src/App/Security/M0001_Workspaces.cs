using AiScheduler.Functions.Store;

namespace AiScheduler.Functions.Security;

internal sealed class M0001_Workspaces : Migration
{
    public override int Version => 1;

    public override string Name => "workspaces with the default workspace";

    public override string Sqlite => """
        CREATE TABLE workspaces (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        INSERT INTO workspaces (id, name, created_at)
        VALUES ('00000000-0000-7000-8000-000000000001', 'Default', strftime('%Y-%m-%dT%H:%M:%f0000Z', 'now'));
        """;

    public override string Postgres => """
        CREATE TABLE workspaces (
            id uuid PRIMARY KEY,
            name text NOT NULL,
            created_at timestamptz NOT NULL
        );
        INSERT INTO workspaces (id, name, created_at)
        VALUES ('00000000-0000-7000-8000-000000000001', 'Default', now());
        """;
}
