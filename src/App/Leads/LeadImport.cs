using System.Data.Common;

namespace AiScheduler.Functions.Leads;

/// <summary>Which workspace (and optionally campaign) imported leads go to.</summary>
public sealed record LeadImportTarget(Guid WorkspaceId, Guid? CampaignId = null);

/// <summary>One problem with one CSV row: the physical line where the record starts, the field, and why.</summary>
public sealed record LeadImportRowError(int Line, string Field, string Reason);

/// <summary>A row whose phone appeared earlier in the file; it was merged into the lead of <paramref name="FirstLine"/>.</summary>
public sealed record LeadImportDuplicate(int Line, int FirstLine, string Phone);

/// <summary>Running totals, reported after every committed batch.</summary>
public sealed record LeadImportProgress(int Rows, int Imported, int Updated, int Skipped, int Failed);

/// <summary>
/// How far an import got: every record starting on or before <paramref name="Line"/> has been handled (written in a
/// committed batch, rejected or merged), with the totals at that point. Written in the same transaction as the batch, so
/// an import interrupted by a crash resumes after the last committed batch with counts that match what is stored.
/// </summary>
public sealed record LeadImportCheckpoint(long Line, int Rows, int Imported, int Updated, int Skipped, int Failed)
{
    public static LeadImportCheckpoint Start { get; } = new(0, 0, 0, 0, 0, 0);

    public LeadImportProgress ToProgress() => new(Rows, Imported, Updated, Skipped, Failed);
}

/// <summary>Writes a checkpoint inside the transaction that commits its batch.</summary>
public delegate Task LeadImportCheckpointWriter(DbConnection connection, DbTransaction transaction, LeadImportCheckpoint checkpoint,
    CancellationToken cancellationToken);

/// <summary>
/// What a durable import adds to a plain one: where to resume (null: from the start), how to record each committed batch's
/// checkpoint, and where every rejected row and merged duplicate goes (the full report; the result keeps only the first).
/// </summary>
public sealed record LeadImportJournal(
    LeadImportCheckpoint? ResumeFrom,
    LeadImportCheckpointWriter? WriteCheckpointAsync,
    LeadImportReportWriter? Report);

/// <summary>
/// What an import did. <see cref="Imported"/>: new leads; <see cref="Updated"/>: existing leads (same phone) merged;
/// <see cref="Skipped"/>: rows repeating a phone seen earlier in the file (merged, listed in <see cref="Duplicates"/>);
/// <see cref="Failed"/>: rows rejected, each reason in <see cref="Errors"/> up to the configured cap, the rest counted in
/// <see cref="ErrorsOmitted"/>.
/// </summary>
public sealed record LeadImportResult(
    int Rows,
    int Imported,
    int Updated,
    int Skipped,
    int Failed,
    IReadOnlyList<LeadImportRowError> Errors,
    int ErrorsOmitted,
    IReadOnlyList<LeadImportDuplicate> Duplicates,
    int DuplicatesOmitted,
    IReadOnlyList<string> CustomFieldColumns,
    string Separator);

/// <summary>Why a whole file was refused before any row was written.</summary>
public enum LeadImportRejection
{
    MissingHeader,
    MissingPhoneColumn,
    TooManyRows,
}

/// <summary>The file as a whole cannot be imported; <see cref="Exception.Message"/> says what to change.</summary>
public sealed class LeadImportRejectedException(LeadImportRejection reason, string message) : Exception(message)
{
    public LeadImportRejection Reason { get; } = reason;
}
