using System.Data.Common;
using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace AiScheduler.Durable;

/// <summary>
/// The <c>durable</c> health check: healthy while the durable tables answer and the work waiting stays under
/// <see cref="DurableOptions.UnhealthyBacklog"/>; unhealthy when the store is unreachable or the backlog is beyond it
/// (workers stopped, or far too few for the load). The description gives the counts, never the connection string.
/// </summary>
internal sealed class DurableBacklogHealthCheck : IHealthCheck
{
    private readonly DurableStore store;
    private readonly DurableOptions options;

    public DurableBacklogHealthCheck(DurableStore store, IOptions<DurableOptions> options)
    {
        this.store = store;
        this.options = options.Value;
    }

    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var (activities, orchestrations) = await store.GetBacklogAsync(cancellationToken);
            var description = string.Create(CultureInfo.InvariantCulture,
                $"{options.Backend} backend: {activities} activities and {orchestrations} orchestration instances waiting");
            return activities + orchestrations > options.UnhealthyBacklog
                ? HealthCheckResult.Unhealthy(string.Create(CultureInfo.InvariantCulture,
                    $"{description}, over Durable:UnhealthyBacklog ({options.UnhealthyBacklog}); are the workers running?"))
                : HealthCheckResult.Healthy(description);
        }
        catch (Exception exception) when (exception is DbException or InvalidOperationException or IOException or TimeoutException)
        {
            // The exception's message, not the exception: it can name the host but never the password.
            return HealthCheckResult.Unhealthy($"{options.Backend} backend is unreachable: {exception.GetType().Name}: {exception.Message}");
        }
    }
}
