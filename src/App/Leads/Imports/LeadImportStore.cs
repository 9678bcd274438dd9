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

/// <summary>One import as stored and as returned by <c>GET /api/imports/{id}</c> (the summary is served separately).</summary>
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
    DateTimeOffset? FinishedAt)
{
    public bool IsFinished => LeadImportStatus.IsFinished(Status);
}

/// <summary>The <c>lead_imports</c> table. Every write is keyed by import id, so an activity that runs twice writes the same row.</summary>
public sealed class LeadImportStore(DataStore store, TimeProvider clock)
{
    private const string Columns =
        "id, status, blob_name, size_bytes, campaign_id, rows_processed, imported, updated, skipped, errors, error_report_blob, " +
        "failure_kind, failure, created_at, updated_at, started_at, finished_at";

    private const int MaxFailureLength = 2000;

    public async Task CreateAsync(Guid workspaceId, Guid id, string blobName, long sizeBytes, Guid? campaignId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO lead_imports (id, workspace_id, blob_name, size_bytes, campaign_id, status, created_at, updated_at)
            VALUES (@id, @workspaceId, @blobName, @sizeBytes, @campaignId, @status, @now, @now)
            ON CONFLICT (id) DO NOTHING
            """,
            new { id, workspaceId, blobName, sizeBytes, campaignId, status = LeadImportStatus.Queued, now },
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

    /// <summary>Marks the import running (again, after a crash) and clears the progress of a previous try.</summary>
    public async Task MarkRunningAsync(Guid workspaceId, Guid id, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE lead_imports SET status = @running, rows_processed = 0, imported = 0, updated = 0, skipped = 0, errors = 0,
                started_at = COALESCE(started_at, @now), updated_at = @now
            WHERE workspace_id = @workspaceId AND id = @id
            """,
            new { workspaceId, id, running = LeadImportStatus.Running, now }, cancellationToken: cancellationToken));
    }

    public async Task RecordProgressAsync(Guid workspaceId, Guid id, LeadImportProgress progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(progress);
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE lead_imports SET rows_processed = @Rows, imported = @Imported, updated = @Updated, skipped = @Skipped,
                errors = @Failed, updated_at = @now
            WHERE workspace_id = @workspaceId AND id = @id AND status = @running
            """,
            new
            {
                workspaceId, id, progress.Rows, progress.Imported, progress.Updated, progress.Skipped, progress.Failed,
                running = LeadImportStatus.Running, now = clock.GetUtcNow(),
            },
            cancellationToken: cancellationToken));
    }

    public async Task CompleteAsync(Guid workspaceId, Guid id, LeadImportResult result, string? errorReportBlob, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(result);
        var now = clock.GetUtcNow();
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE lead_imports SET status = @completed, rows_processed = @Rows, imported = @Imported, updated = @Updated,
                skipped = @Skipped, errors = @Failed, error_report_blob = @errorReportBlob, summary = @summary,
                failure_kind = NULL, failure = NULL, updated_at = @now, finished_at = COALESCE(finished_at, @now)
            WHERE workspace_id = @workspaceId AND id = @id
            """,
            new
            {
                workspaceId, id, result.Rows, result.Imported, result.Updated, result.Skipped, result.Failed, errorReportBlob,
                summary = JsonSerializer.Serialize(result, JsonSerializerOptions.Web), completed = LeadImportStatus.Completed, now,
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

        public LeadImportRecord ToRecord() => new(Id, Status, BlobName, SizeBytes, CampaignId, RowsProcessed, Imported, Updated,
            Skipped, Errors, ErrorReportBlob, FailureKind, Failure, CreatedAt, UpdatedAt, StartedAt, FinishedAt);
    }
}
