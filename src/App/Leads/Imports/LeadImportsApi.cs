using System.Security.Claims;
using AiScheduler.Functions.Security;
using System.Globalization;
using System.Text.Json;
using Microsoft.DurableTask;
using AiScheduler.Functions.Campaigns;
using AiScheduler.Functions.Hosting.Queues;
using AiScheduler.Functions.Providers.Storage;
using AiScheduler.Functions.Store;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace AiScheduler.Functions.Leads.Imports;

/// <summary>Settings under <c>Imports:</c>.</summary>
public sealed class LeadImportsOptions
{
    public const string Section = "Imports";

    /// <summary>How long an upload waits for its import to finish before answering 202 Accepted instead (0-300 s; <c>?wait=</c> overrides).</summary>
    public int UploadWaitSeconds { get; set; } = 30;
}

/// <summary>The services <see cref="LeadImportsApi.UploadAsync"/> uses, bound from the container with <c>[AsParameters]</c>.</summary>
public readonly record struct LeadUploadServices(
    LeadImportStore Imports,
    IBlobStore Blobs,
    IMessageQueue Queue,
    IOptions<StorageOptions> Storage,
    IOptions<LeadsOptions> Leads,
    IOptions<LeadImportsOptions> ImportOptions,
    CampaignStore Campaigns,
    TimeProvider Clock,
    ILoggerFactory Loggers);

/// <summary>Lead imports as orchestrations: <c>POST /api/leads/upload</c> (mapped by the leads group) and <c>/api/imports</c>.</summary>
public static class LeadImportsApi
{
    public const int MaxWaitSeconds = 300;

    // Room for multipart boundaries and part headers around a file of the maximum size.
    private const long MultipartAllowance = 64 * 1024;

    /// <summary>Registers the <c>lead-imports</c> queue trigger, the import store and the <c>Imports:*</c> settings.</summary>
    public static IServiceCollection AddLeadImports(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<LeadImportsOptions>().BindConfiguration(LeadImportsOptions.Section)
            .Validate(o => o.UploadWaitSeconds is >= 0 and <= MaxWaitSeconds, $"Imports:UploadWaitSeconds must be between 0 and {MaxWaitSeconds}.")
            .ValidateOnStart();
        services.AddSingleton<LeadImportStore>();
        services.AddQueueTrigger<LeadImportQueueTrigger>(storage => storage.Queues.LeadImports);
        return services;
    }

    /// <summary>The LeadImport orchestration and its activities, for whichever Durable Task worker runs them.</summary>
    public static DurableTaskRegistry AddLeadImportTasks(this DurableTaskRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return registry
            .AddOrchestrator<LeadImportOrchestration>()
            .AddActivity<ImportLeadRows>()
            .AddActivity<FailLeadImport>();
    }

    public static IEndpointRouteBuilder MapLeadImports(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/imports").WithTags("Leads");
        group.MapGet("/{id:guid}", GetAsync).WithName("GetLeadImport").WithSummary("An import's status, progress (rows processed) and counts");
        group.MapGet("/{id:guid}/errors", ErrorsAsync).WithName("GetLeadImportErrors")
            .WithSummary("The full row-error report of a finished import: {line, field, reason} per rejected row and merged duplicates (JSON), or ?format=csv");
        return endpoints;
    }

    /// <summary>
    /// <c>POST /api/leads/upload</c>: streams the CSV into blob storage (the size limit enforced while streaming),
    /// records the import, announces it on the <c>lead-imports</c> queue, and waits up to <c>?wait=</c> seconds for it:
    /// 200 with the import summary when it finished, 202 with its location otherwise.
    /// </summary>
    public static async Task<Results<Ok<LeadImportResult>, Accepted<LeadImportRecord>, ProblemHttpResult>> UploadAsync(
        ClaimsPrincipal caller, HttpContext context,
        [AsParameters] LeadUploadServices services,
        CancellationToken cancellationToken,
        Guid? campaign = null,
        int? wait = null)
    {
        var (imports, blobs, queue, storage, leads, importOptions, campaigns, clock, loggers) = services;
        ArgumentNullException.ThrowIfNull(context);
        if (campaign is { } campaignId && await campaigns.GetAsync(caller.WorkspaceId(), campaignId, cancellationToken) is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "No such campaign",
                detail: $"campaign {campaignId} does not exist in this workspace; list campaigns with GET /api/campaigns, or upload without ?campaign=.",
                extensions: new Dictionary<string, object?>(StringComparer.Ordinal)
                {
                    ["errors"] = new Dictionary<string, string[]>(StringComparer.Ordinal) { ["campaign"] = [$"there is no campaign {campaignId} in this workspace"] },
                });
        }

        if (wait is < 0 or > MaxWaitSeconds)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid wait",
                detail: string.Create(CultureInfo.InvariantCulture, $"wait is in seconds, 0 to {MaxWaitSeconds}; use wait=0 to get 202 Accepted at once."));
        }

        var maxBytes = leads.Value.Import.MaxBytes;
        var request = context.Request;
        // The configured limit is enforced while streaming; Kestrel's own default (30 MB) must not pre-empt it.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            sizeFeature.MaxRequestBodySize = null;
        }

        if (request.ContentLength > maxBytes + MultipartAllowance)
        {
            return TooLarge(maxBytes);
        }

        var (body, problem) = await OpenCsvAsync(request, cancellationToken);
        if (body is null)
        {
            return problem!;
        }

        var importId = Guid.CreateVersion7(clock.GetUtcNow());
        var blob = new BlobName($"imports/{importId:D}/upload.csv");
        var records = new CsvRecordCounter();
        var limited = new SizeLimitedStream(body, maxBytes, records);
        try
        {
            await blobs.PutAsync(blob, limited, "text/csv", cancellationToken);
        }
        catch (UploadTooLargeException)
        {
            await blobs.DeleteAsync(blob, CancellationToken.None);
            return TooLarge(maxBytes);
        }

        await imports.CreateAsync(caller.WorkspaceId(), importId, blob.Value, limited.BytesRead, campaign, records.DataRecords,
            cancellationToken);
        await queue.EnqueueAsync(new QueueName(storage.Value.Queues.LeadImports),
            JsonSerializer.Serialize(new LeadImportMessage(importId, caller.WorkspaceId()), JsonSerializerOptions.Web), TimeSpan.Zero,
            cancellationToken);
        Log.ImportAccepted(loggers.CreateLogger(typeof(LeadImportsApi)), importId, limited.BytesRead);

        var record = await WaitAsync(caller, imports, importId, TimeSpan.FromSeconds(wait ?? importOptions.Value.UploadWaitSeconds), clock, cancellationToken);
        if (record is { Status: LeadImportStatus.Completed } &&
            await imports.GetSummaryAsync(caller.WorkspaceId(), importId, cancellationToken) is { } summary)
        {
            return TypedResults.Ok(summary);
        }

        if (record is { Status: LeadImportStatus.Failed })
        {
            return Failed(record);
        }

        return TypedResults.Accepted($"/api/imports/{importId:D}", record);
    }

    private static async Task<Results<Ok<LeadImportRecord>, ProblemHttpResult>> GetAsync(ClaimsPrincipal caller, Guid id, LeadImportStore imports, CancellationToken cancellationToken)
    {
        var record = await imports.GetAsync(caller.WorkspaceId(), id, cancellationToken);
        return record is null ? NotFound(id) : TypedResults.Ok(record);
    }

    private static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> ErrorsAsync(
        ClaimsPrincipal caller, Guid id, LeadImportStore imports, IBlobStore blobs, CancellationToken cancellationToken, string? format = null)
    {
        var csv = string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase);
        if (!csv && format is not null && !string.Equals(format, "json", StringComparison.OrdinalIgnoreCase))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unknown report format",
                detail: $"format '{format}' is not offered; use format=json (the default) or format=csv.");
        }

        var record = await imports.GetAsync(caller.WorkspaceId(), id, cancellationToken);
        if (record is null)
        {
            return NotFound(id);
        }

        if (record.ErrorReportBlob is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "No error report yet",
                detail: record.IsFinished
                    ? $"Import {id} {record.Status} without reading its rows ({record.Failure}); there is no row report."
                    : $"Import {id} is {record.Status}; the report is written when it completes. Poll GET /api/imports/{id}.");
        }

        var report = await blobs.OpenReadAsync(csv ? ImportLeadRows.ErrorReportCsvName(id) : new BlobName(record.ErrorReportBlob),
            cancellationToken);
        return report is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status410Gone, title: "The error report is gone",
                detail: $"The report of import {id} is no longer in blob storage ({record.ErrorReportBlob}); upload the file again to get a new one.")
            : csv
                ? TypedResults.Stream(report, "text/csv", $"import-{id:D}-errors.csv")
                : TypedResults.Stream(report, "application/json", $"import-{id:D}-errors.json");
    }

    /// <summary>Polls the import row until it finishes or <paramref name="wait"/> passes; the last row read either way.</summary>
    private static async Task<LeadImportRecord?> WaitAsync(ClaimsPrincipal caller, LeadImportStore imports, Guid importId, TimeSpan wait, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var deadline = clock.GetUtcNow() + wait;
        var delay = TimeSpan.FromMilliseconds(25);
        while (true)
        {
            var record = await imports.GetAsync(caller.WorkspaceId(), importId, cancellationToken);
            var left = deadline - clock.GetUtcNow();
            if (record is null || record.IsFinished || left <= TimeSpan.Zero)
            {
                return record;
            }

            await Task.Delay(delay < left ? delay : left, clock, cancellationToken);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 250));
        }
    }

    /// <summary>The CSV inside the request: the file part of a multipart form, or the whole body for text/csv.</summary>
    private static async Task<(Stream? Body, ProblemHttpResult? Problem)> OpenCsvAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var mediaType = MediaTypeHeaderValue.TryParse(request.ContentType, out var parsed) ? parsed.MediaType.Value : null;
        if (string.Equals(mediaType, "multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            var boundary = HeaderUtilities.RemoveQuotes(parsed!.Boundary).Value;
            if (string.IsNullOrEmpty(boundary))
            {
                return (null, NoCsv("The multipart body has no boundary parameter."));
            }

            var reader = new MultipartReader(boundary, request.Body);
            while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
            {
                if (ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) && disposition.IsFileDisposition())
                {
                    return (section.Body, null);
                }
            }

            return (null, NoCsv("The multipart body has no file part; send the CSV as a form file (e.g. curl -F file=@leads.csv)."));
        }

        if (mediaType is null || mediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase) ||
            mediaType.Equals("text/plain", StringComparison.OrdinalIgnoreCase) ||
            mediaType.Equals("application/octet-stream", StringComparison.OrdinalIgnoreCase))
        {
            return (request.Body, null);
        }

        return (null, TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported upload type",
            detail: $"'{mediaType}' is not accepted; send the CSV as multipart/form-data (a file field) or as a text/csv body."));
    }

    private static ProblemHttpResult Failed(LeadImportRecord record) =>
        Enum.TryParse<LeadImportRejection>(record.FailureKind, out var reason)
            ? TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: reason switch
            {
                LeadImportRejection.TooManyRows => "Too many rows",
                LeadImportRejection.MissingPhoneColumn => "No phone column",
                _ => "No header line",
            }, detail: record.Failure, type: "https://aischeduler.dev/problems/lead-import-" + reason.ToString().ToLowerInvariant(),
                extensions: new Dictionary<string, object?>(StringComparer.Ordinal) { ["importId"] = record.Id })
            : TypedResults.Problem(statusCode: StatusCodes.Status500InternalServerError, title: "The import failed",
                detail: $"Import {record.Id} failed: {record.Failure} Upload the file again; if it keeps failing, check the host's logs.",
                extensions: new Dictionary<string, object?>(StringComparer.Ordinal) { ["importId"] = record.Id });

    private static ProblemHttpResult NotFound(Guid id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such import",
            detail: $"There is no lead import {id} in this workspace; an upload answered 202 with its Location.");

    private static ProblemHttpResult NoCsv(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "No CSV in the request", detail: detail);

    private static ProblemHttpResult TooLarge(long maxBytes) =>
        TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "The upload is too large",
            detail: string.Create(CultureInfo.InvariantCulture,
                $"CSV uploads are limited to {maxBytes} bytes (Leads:Import:MaxBytes); split the file into smaller ones."));
}

/// <summary>Thrown by <see cref="SizeLimitedStream"/> when the upload passes its limit.</summary>
internal sealed class UploadTooLargeException(long limit) : IOException($"The upload is larger than {limit} bytes.");

/// <summary>A read-only view of a request body that fails as soon as more than the limit has been read, counting CSV records as they pass.</summary>
internal sealed class SizeLimitedStream(Stream inner, long limit, CsvRecordCounter? records = null) : Stream
{
    public long BytesRead { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => BytesRead;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Count(buffer.AsSpan(offset), inner.Read(buffer, offset, count));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken);
        return Count(buffer.Span, read);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private int Count(ReadOnlySpan<byte> buffer, int read)
    {
        records?.Add(buffer[..read]);
        BytesRead += read;
        return BytesRead > limit ? throw new UploadTooLargeException(limit) : read;
    }
}
