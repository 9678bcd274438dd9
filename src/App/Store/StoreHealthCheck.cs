using Dapper;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AiScheduler.Functions.Store;

/// <summary>Healthy when the database answers and its schema has every migration this host knows.</summary>
internal sealed class StoreHealthCheck(DataStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await store.OpenConnectionAsync(cancellationToken);
            var applied = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "SELECT COUNT(*) FROM schema_migrations", cancellationToken: cancellationToken));
            var expected = SchemaMigrator.All.Count;
            return applied >= expected
                ? HealthCheckResult.Healthy($"{store.Describe()}: {applied} migrations applied")
                : HealthCheckResult.Unhealthy($"{store.Describe()}: {applied} of {expected} migrations applied; run 'migrate'");
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException or IOException)
        {
            return HealthCheckResult.Unhealthy($"{store.Describe()} is unreachable: {ex.Message}", ex);
        }
    }
}
