using AiScheduler.Functions.Store;

namespace AiScheduler.Functions.EventGrid;

/// <summary>
/// The Event Grid webhook key generated when <c>EventGrid:Key</c> is not set: created by the first host that starts and
/// kept here, so every instance and every restart accepts the same subscription URL.
/// </summary>
internal sealed class M0525_EventGridKeys : Migration
{
    public override int Version => 525;

    public override string Name => "generated Event Grid webhook key";

    public override string Sqlite => """
        CREATE TABLE event_grid_keys (
            name TEXT NOT NULL PRIMARY KEY,
            key_value TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        """;

    public override string Postgres => """
        CREATE TABLE event_grid_keys (
            name text NOT NULL PRIMARY KEY,
            key_value text NOT NULL,
            created_at timestamptz NOT NULL
        );
        """;
}
