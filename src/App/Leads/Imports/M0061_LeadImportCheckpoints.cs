using AiScheduler.Functions.Store;

namespace AiScheduler.Functions.Leads.Imports;

/// <summary>
/// Resumable imports: the checkpoint line (every record up to it is handled; written in the batch's own transaction, with
/// the counts beside it), the data records counted while the upload was stored (the row limit and progress), and the
/// first rejected rows shown inline in the import's status.
/// </summary>
internal sealed class M0061_LeadImportCheckpoints : PortableMigration
{
    public override int Version => 61;

    public override string Name => "lead import checkpoints";

    protected override string Schema => """
        ALTER TABLE lead_imports ADD COLUMN checkpoint_line {bigint} NOT NULL DEFAULT 0;
        ALTER TABLE lead_imports ADD COLUMN total_rows {bigint} NULL;
        ALTER TABLE lead_imports ADD COLUMN first_errors {text} NULL;
        """;
}
