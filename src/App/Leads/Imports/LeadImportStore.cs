using System.Data.Common;
using System.Text.Json;
using AiScheduler.Functions.Store;
using Dapper;

namespace AiScheduler.Functions.Leads.Imports;

/// <summary>Where an import is in its life.</summary>
public static class LeadImportStatus
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Completed = "completed";
    public const string Failed = "failed";

    public static bool IsFinished(string status) => status is Completed or Failed;
}

/// <summary>
/// One import as stored and as returned by <c>GET /api/imports/{id}</c> (the summary is served separately). While it runs,
/// <see cref="RowsProcessed"/> of <see cref="TotalRows"/> (counted at upload) and the counts move after each committed
/// batch; <see cref="CheckpointLine"/> is the last line handled, where a restarted import resumes; when it completes,
/// <see cref="FirstErrors"/> holds the first rejected rows and the full report is at <c>/api/imports/{id}/errors</c>.
/// </summary>
public sealed record LeadImportRecord(
    Guid Id,
    string Status,
    string BlobName,
    long SizeBytes,
    Guid? CampaignId,
    int RowsProcessed,
    int Imported,
    int Updated,
    int Skipped,
    int Errors,
    string? ErrorReportBlob,
    string? FailureKind,
    string? Failure,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    long? TotalRows = null,
    long CheckpointLine = 0,
    IReadOnlyList<LeadImportRowError>? FirstErrors = null)
{
    public bool IsFinished => LeadImportStatus.IsFinished(Status);
}

/// <summary>The <c>lead_imports</c> table. Every write is keyed by import id, so an activity that runs twice writes the same row.</summary>
public sealed class LeadImportStore(DataStore store, TimeProvider clock)
{
    private const string Columns =
        "id, status, blob_name, size_bytes, campaign_id, rows_processed, imported, updated, skipped, errors, error_report_blob, " +
        "failure_kind, failure, created_at, updated_at, started_at, finished_at, total_rows, checkpoint_line, first_errors";

    /// <summary>Rejected rows shown inline in the status of a completed import.</summary>
    public const int InlineErrors = 20;

    private const int MaxFailureLength = 2000;

    public Task CreateAsync(Guid workspaceId, Guid id, string blobName, long sizeBytes, Guid? campaignId, CancellationToken cancellationToken) =>
        CreateAsync(workspaceId, id, blobName, sizeBytes, campaignId, null, cancellationToken);

    /// <summary>Records an accepted upload; <paramref name="totalRows"/> is its data records as counted while it was stored.</summary>
    public async Task CreateAsync(Guid workspaceId, Guid id, string blobName, long sizeBytes, Guid? campaignId, long? totalRows,
        CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO lead_imports (id, workspace_id, blob_name, size_bytes, campaign_id, total_rows, status, created_at, updated_at)
            VALUES (@id, @workspaceId, @blobName, @sizeBytes, @campaignId, @totalRows, @status, @now, @now)
            ON CONFLICT (id) DO NOTHING
            """,
            new { id, workspaceId, blobName, sizeBytes, campaignId, totalRows, status = LeadImportStatus.Queued, now },
            cancellationToken: cancellationToken));
    }

    public async Task<LeadImportRecord?> GetAsync(Guid workspaceId, Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM lead_imports WHERE workspace_id = @workspaceId AND id = @id",
            new { workspaceId, id }, cancellationToken: cancellationToken));
        return row?.ToRecord();
    }

    /// <summary>The summary the import finished with (the same document the upload endpoint answered with before imports were queued).</summary>
    public async Task<LeadImportResult?> GetSummaryAsync(Guid workspaceId, Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        var json = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT summary FROM lead_imports WHERE workspace_id = @workspaceId AND id = @id",
            new { workspaceId, id }, cancellationToken: cancellationToken));
        return json is null ? null : JsonSerializer.Deserialize<LeadImportResult>(json, JsonSerializerOptions.Web);
    }

    /// <summary>
    /// Marks the import running (again, after a crash); the checkpoint and counts of a previous try stay, as they describe
    /// rows already committed.
    /// </summary>
    public async Task MarkRunningAsync(Guid workspaceId, Guid id, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE lead_imports SET status = @running,
                started_at = COALESCE(started_at, @now), updated_at = @now
            WHERE workspace_id = @workspaceId AND id = @id
            """,
            new { workspaceId, id, running = LeadImportStatus.Running, now }, cancellationToken: cancellationToken));
    }

    /// <summary>
    /// Records a committed batch's checkpoint and counts, inside that batch's transaction: both commit or neither does.
    /// </summary>
    public async Task SaveCheckpointAsync(DbConnection connection, DbTransaction transaction, Guid workspaceId, Guid id,
        LeadImportCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(checkpoint);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE lead_imports SET checkpoint_line = @Line, rows_processed = @Rows, imported = @Imported, updated = @Updated,
                skipped = @Skipped, errors = @Failed, updated_at = @now
            WHERE workspace_id = @workspaceId AND id = @id
            """,
            new
            {
                workspaceId, id, checkpoint.Line, checkpoint.Rows, checkpoint.Imported, checkpoint.Updated, checkpoint.Skipped,
                checkpoint.Failed, now = clock.GetUtcNow(),
            },
            transaction, cancellationToken: cancellationToken));
    }

    public async Task CompleteAsync(Guid workspaceId, Guid id, LeadImportResult result, string? errorReportBlob, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(result);
        var now = clock.GetUtcNow();
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE lead_imports SET status = @completed, rows_processed = @Rows, imported = @Imported, updated = @Updated,
                skipped = @Skipped, errors = @Failed, error_report_blob = @errorReportBlob, summary = @summary, first_errors = @firstErrors,
                failure_kind = NULL, failure = NULL, updated_at = @now, finished_at = COALESCE(finished_at, @now)
            WHERE workspace_id = @workspaceId AND id = @id
            """,
            new
            {
                workspaceId, id, result.Rows, result.Imported, result.Updated, result.Skipped, result.Failed, errorReportBlob,
                summary = JsonSerializer.Serialize(result, JsonSerializerOptions.Web), completed = LeadImportStatus.Completed, now,
                firstErrors = JsonSerializer.Serialize(result.Errors.Take(InlineErrors), JsonSerializerOptions.Web),
            },
            cancellationToken: cancellationToken));
    }

    public async Task FailAsync(Guid workspaceId, Guid id, string failureKind, string failure, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE lead_imports SET status = @failed, failure_kind = @failureKind, failure = @failure, updated_at = @now,
                finished_at = COALESCE(finished_at, @now)
            WHERE workspace_id = @workspaceId AND id = @id AND status <> @completed
            """,
            new
            {
                workspaceId, id, failureKind, failure = failure.Length > MaxFailureLength ? failure[..MaxFailureLength] : failure,
                failed = LeadImportStatus.Failed, completed = LeadImportStatus.Completed, now,
            },
            cancellationToken: cancellationToken));
    }

    private sealed class Row
    {
        public Guid Id { get; set; }
        public string Status { get; set; } = "";
        public string BlobName { get; set; } = "";
        public long SizeBytes { get; set; }
        public Guid? CampaignId { get; set; }
        public int RowsProcessed { get; set; }
        public int Imported { get; set; }
        public int Updated { get; set; }
        public int Skipped { get; set; }
        public int Errors { get; set; }
        public string? ErrorReportBlob { get; set; }
        public string? FailureKind { get; set; }
        public string? Failure { get; set; }
        public DateTimeOffset CreatedAt { get; set; }
        public DateTimeOffset UpdatedAt { get; set; }
        public DateTimeOffset? StartedAt { get; set; }
        public DateTimeOffset? FinishedAt { get; set; }

        public long? TotalRows { get; set; }

        public long CheckpointLine { get; set; }

        public string? FirstErrors { get; set; }

        public LeadImportRecord ToRecord() => new(Id, Status, BlobName, SizeBytes, CampaignId, RowsProcessed, Imported, Updated,
            Skipped, Errors, ErrorReportBlob, FailureKind, Failure, CreatedAt, UpdatedAt, StartedAt, FinishedAt, TotalRows,
            CheckpointLine,
            FirstErrors is null ? null : JsonSerializer.Deserialize<List<LeadImportRowError>>(FirstErrors, JsonSerializerOptions.Web));
    }
}
