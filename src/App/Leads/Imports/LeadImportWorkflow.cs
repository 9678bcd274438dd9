using System.Text.Json;
using AiScheduler.Functions.Hosting;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using AiScheduler.Functions.Providers.Storage;
using AiScheduler.Functions.Store;
using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.Leads.Imports;

/// <summary>The input of the <c>LeadImport</c> orchestration and its activities: which import (one row of <c>lead_imports</c>).</summary>
public sealed record LeadImportInput
{
    public LeadImportInput(Guid importId, Guid workspaceId)
    {
        if (importId == Guid.Empty || workspaceId == Guid.Empty)
        {
            throw new ArgumentException("a lead import needs its import id and workspace id");
        }

        ImportId = importId;
        WorkspaceId = workspaceId;
    }

    public Guid ImportId { get; }

    public Guid WorkspaceId { get; }

    /// <summary>The orchestration instance of an import: one per import, so a redelivered queue message cannot start a second.</summary>
    public static string InstanceIdFor(Guid importId) => $"import:{importId:D}";
}

/// <summary>How an import ended, as the orchestration reports it.</summary>
public sealed record LeadImportOutcome(Guid ImportId, string Status, int Rows, int Imported, int Updated, int Skipped, int Errors,
    string? FailureKind = null, string? Failure = null);

/// <summary>
/// LeadImport(importId): streams the uploaded CSV from blob storage through the lead importer in batches (progress on
/// the import row as it goes), records the row-error report, and marks the import completed; an import whose activity
/// keeps failing is marked failed with the reason.
/// </summary>
[DurableTask(Name)]
public sealed class LeadImportOrchestration : TaskOrchestrator<LeadImportInput, LeadImportOutcome>
{
    public const string Name = "LeadImport";

    // Database or blob hiccups are worth a few tries; a file the importer rejects is not (the activity reports that as an outcome).
    private static readonly TaskOptions Retry = TaskOptions.FromRetryPolicy(new RetryPolicy(3, TimeSpan.FromSeconds(2), 2.0));

    public override async Task<LeadImportOutcome> RunAsync(TaskOrchestrationContext context, LeadImportInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        context.SetCustomStatus(new { stage = LeadImportStatus.Running });
        LeadImportOutcome outcome;
        try
        {
            outcome = await context.CallActivityAsync<LeadImportOutcome>(ImportLeadRows.Name, input, Retry);
        }
        catch (TaskFailedException failure)
        {
            outcome = await context.CallActivityAsync<LeadImportOutcome>(FailLeadImport.Name,
                new LeadImportFailure(input, failure.FailureDetails.ErrorMessage), Retry);
        }

        context.SetCustomStatus(new { stage = outcome.Status, outcome.Rows, outcome.Errors });
        return outcome;
    }
}

/// <summary>
/// Runs the import of one file in one pass. Idempotent by import id: a finished import returns its recorded outcome, and
/// a re-run after a crash resumes after the last committed batch (its checkpoint commits with the batch), re-reading the
/// rows before it only to rebuild the duplicate index and the error report, so nothing is written twice and rows written
/// before the crash stay counted as imported.
/// </summary>
[DurableTask(Name)]
public sealed class ImportLeadRows(
    LeadImportStore imports,
    LeadCsvImporter importer,
    IBlobStore blobs,
    IOptions<LeadsOptions> options,
    ILogger<ImportLeadRows> logger, IHostApplicationLifetime lifetime) : TaskActivity<LeadImportInput, LeadImportOutcome>
{
    public const string Name = "ImportLeadRows";

    public override async Task<LeadImportOutcome> RunAsync(TaskActivityContext context, LeadImportInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var cancellationToken = lifetime.ApplicationStopping;
        var record = await imports.GetAsync(input.WorkspaceId, input.ImportId, cancellationToken)
            ?? throw new InvalidOperationException($"Lead import {input.ImportId} has no row in lead_imports; it was never accepted.");
        if (record.IsFinished)
        {
            return Outcome(record);
        }

        var limits = options.Value.Import;
        if (record.TotalRows > limits.MaxRows)
        {
            // Counted while the upload was stored: refused before anything is written.
            return await RejectAsync(input, LeadImportRejection.TooManyRows,
                $"The file has more than {limits.MaxRows} rows (Leads:Import:MaxRows); split it into smaller files.", cancellationToken);
        }

        await imports.MarkRunningAsync(input.WorkspaceId, input.ImportId, cancellationToken);
        await using var csv = await blobs.OpenReadAsync(new BlobName(record.BlobName), cancellationToken)
            ?? throw new InvalidOperationException($"The uploaded file of import {input.ImportId} ({record.BlobName}) is missing from blob storage.");
        var resume = record.CheckpointLine > 0
            ? new LeadImportCheckpoint(record.CheckpointLine, record.RowsProcessed, record.Imported, record.Updated, record.Skipped, record.Errors)
            : null;
        if (resume is not null)
        {
            Log.ImportResumed(logger, input.ImportId, resume.Line, resume.Imported, resume.Updated);
        }

        await using var report = new LeadImportReportWriter();
        var journal = new LeadImportJournal(resume,
            (connection, transaction, checkpoint, ct) =>
                imports.SaveCheckpointAsync(connection, transaction, input.WorkspaceId, input.ImportId, checkpoint, ct),
            report);
        LeadImportResult result;
        try
        {
            result = await importer.ImportAsync(csv, new LeadImportTarget(input.WorkspaceId, record.CampaignId), limits, null, journal,
                cancellationToken);
        }
        catch (LeadImportRejectedException ex)
        {
            return await RejectAsync(input, ex.Reason, ex.Message, cancellationToken);
        }

        var reportName = ErrorReportName(input.ImportId);
        await using (var json = await report.JsonAsync(input.ImportId, result.Rows, result.Failed, cancellationToken))
        {
            await blobs.PutAsync(reportName, json, "application/json", cancellationToken);
        }

        await using (var csvReport = await report.CsvAsync(cancellationToken))
        {
            await blobs.PutAsync(ErrorReportCsvName(input.ImportId), csvReport, "text/csv", cancellationToken);
        }

        await imports.CompleteAsync(input.WorkspaceId, input.ImportId, result, reportName.Value, cancellationToken);
        Log.ImportCompleted(logger, input.ImportId, result.Rows, result.Imported, result.Updated, result.Skipped, result.Failed);
        return new LeadImportOutcome(input.ImportId, LeadImportStatus.Completed, result.Rows, result.Imported, result.Updated,
            result.Skipped, result.Failed);
    }

    /// <summary>The JSON report: every rejected row and merged duplicate.</summary>
    public static BlobName ErrorReportName(Guid importId) => new($"imports/{importId:D}/errors.json");

    /// <summary>The same rejected rows as CSV (<c>line,field,reason</c>), for a spreadsheet.</summary>
    public static BlobName ErrorReportCsvName(Guid importId) => new($"imports/{importId:D}/errors.csv");

    private async Task<LeadImportOutcome> RejectAsync(LeadImportInput input, LeadImportRejection reason, string message, CancellationToken cancellationToken)
    {
        await imports.FailAsync(input.WorkspaceId, input.ImportId, reason.ToString(), message, cancellationToken);
        Log.ImportRejected(logger, input.ImportId, reason.ToString());
        return new LeadImportOutcome(input.ImportId, LeadImportStatus.Failed, 0, 0, 0, 0, 0, reason.ToString(), message);
    }

    private static LeadImportOutcome Outcome(LeadImportRecord record) => new(record.Id, record.Status, record.RowsProcessed, record.Imported,
        record.Updated, record.Skipped, record.Errors, record.FailureKind, record.Failure);
}

/// <summary>Why an import's activity gave up, for <see cref="FailLeadImport"/>.</summary>
public sealed record LeadImportFailure(LeadImportInput Import, string Reason);

/// <summary>Marks an import failed after its activity exhausted its retries (idempotent: a completed import stays completed).</summary>
[DurableTask(Name)]
public sealed class FailLeadImport(LeadImportStore imports, IHostApplicationLifetime lifetime) : TaskActivity<LeadImportFailure, LeadImportOutcome>
{
    public const string Name = "FailLeadImport";

    public const string ErrorKind = "Error";

    public override async Task<LeadImportOutcome> RunAsync(TaskActivityContext context, LeadImportFailure input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var import = input.Import;
        await imports.FailAsync(import.WorkspaceId, import.ImportId, ErrorKind, input.Reason, lifetime.ApplicationStopping);
        var record = await imports.GetAsync(import.WorkspaceId, import.ImportId, lifetime.ApplicationStopping);
        return new LeadImportOutcome(import.ImportId, record?.Status ?? LeadImportStatus.Failed, record?.RowsProcessed ?? 0,
            record?.Imported ?? 0, record?.Updated ?? 0, record?.Skipped ?? 0, record?.Errors ?? 0, record?.FailureKind ?? ErrorKind,
            record?.Failure ?? input.Reason);
    }
}

/// <summary>
/// The row-error report kept as a blob and served by <c>GET /api/imports/{id}/errors</c>: every rejected row and every
/// merged duplicate (the omitted counts are kept for reports written before the report was complete).
/// </summary>
public sealed record LeadImportErrorReport(
    Guid ImportId,
    int Rows,
    int Failed,
    IReadOnlyList<LeadImportRowError> Errors,
    int ErrorsOmitted,
    IReadOnlyList<LeadImportDuplicate> Duplicates,
    int DuplicatesOmitted);

/// <summary>The <c>lead-imports</c> queue message: which accepted upload to import.</summary>
public sealed record LeadImportMessage(Guid ImportId, Guid WorkspaceId);

/// <summary>
/// The <c>lead-imports</c> queue trigger: starts the import's orchestration. Starting <c>import:{id}</c> again is a no-op,
/// so a message delivered twice imports the file once.
/// </summary>
public sealed class LeadImportQueueTrigger(LeadImportStore imports, DurableTaskClient durable, ILogger<LeadImportQueueTrigger> logger)
    : Hosting.Queues.IQueueTriggerHandler
{
    public async Task HandleAsync(QueueMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        LeadImportMessage? body;
        try
        {
            body = JsonSerializer.Deserialize<LeadImportMessage>(message.Text, JsonSerializerOptions.Web);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"lead-imports message {message.Id} is not JSON like {{\"importId\":\"...\",\"workspaceId\":\"...\"}}.", ex);
        }

        if (body is null || body.ImportId == Guid.Empty)
        {
            throw new FormatException($"lead-imports message {message.Id} has no importId.");
        }

        var workspaceId = body.WorkspaceId == Guid.Empty ? Workspaces.DefaultId : body.WorkspaceId;
        _ = await imports.GetAsync(workspaceId, body.ImportId, cancellationToken)
            ?? throw new InvalidOperationException($"lead-imports message {message.Id} names import {body.ImportId}, which was never accepted.");
        await durable.StartOnceAsync(LeadImportOrchestration.Name, new LeadImportInput(body.ImportId, workspaceId),
            LeadImportInput.InstanceIdFor(body.ImportId), cancellationToken);
        Log.ImportStarted(logger, body.ImportId, message.DequeueCount);
    }
}
