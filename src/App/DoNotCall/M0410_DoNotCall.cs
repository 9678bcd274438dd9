using AiScheduler.Functions.Store;

namespace AiScheduler.Functions.DoNotCall;

/// <summary>The do-not-call list: E.164 numbers per workspace that no campaign may dial, with why and since when.</summary>
internal sealed class M0410_DoNotCall : PortableMigration
{
    public override int Version => 410;

    public override string Name => "do-not-call list";

    protected override string Schema => """
        CREATE TABLE do_not_call (
            workspace_id {uuid} NOT NULL REFERENCES workspaces (id),
            phone {text} NOT NULL,
            reason {text} NOT NULL,
            source {text} NOT NULL,
            added_at {timestamp} NOT NULL,
            PRIMARY KEY (workspace_id, phone)
        );
        """;
}
