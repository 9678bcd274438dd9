using AiScheduler.Functions.Providers.Storage.Azure;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.Providers.Storage;

/// <summary>
/// Healthy when the blob store answers an authorized request and the lead-imports queue can be counted; the
/// description names the provider and the backlog, never credentials.
/// </summary>
internal sealed class StorageHealthCheck(IBlobStore blobs, IMessageQueue queue, IOptions<StorageOptions> options) : IHealthCheck
{
    // Any name works: a missing blob answers 404 (or false) quickly, while bad credentials or a dead endpoint fail.
    private static readonly BlobName Probe = new("healthz/probe");

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        var where = settings.ParsedProvider == StorageProvider.Local
            ? $"local folder {Path.GetFullPath(settings.Blobs.Directory)} and store-table queue"
            : $"Azure Storage container {settings.Blobs.Container}";
        try
        {
            await blobs.ExistsAsync(Probe, cancellationToken);
            var leadImports = new QueueName(settings.Queues.LeadImports);
            var waiting = await queue.CountAsync(leadImports, cancellationToken);
            return HealthCheckResult.Healthy($"{where}: {waiting} message(s) on {leadImports}");
        }
        catch (Exception ex) when (ex is StorageRequestException or global::Azure.RequestFailedException or AggregateException or HttpRequestException or IOException or UnauthorizedAccessException or
                                       System.Data.Common.DbException or TaskCanceledException)
        {
            return HealthCheckResult.Unhealthy($"{where} is unreachable: {ex.Message}", ex);
        }
    }
}
