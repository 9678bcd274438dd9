using AiScheduler.Functions.Store;

namespace AiScheduler.Functions.DoNotCall;

/// <summary>What the lead said or pressed when they opted out on a call: the transcript excerpt kept as evidence.</summary>
internal sealed class M0417_DoNotCallEvidence : Migration
{
    public override int Version => 417;

    public override string Name => "do-not-call evidence";

    public override string Sqlite => "ALTER TABLE do_not_call ADD COLUMN evidence TEXT NULL;";

    public override string Postgres => "ALTER TABLE do_not_call ADD COLUMN evidence text NULL;";
}
