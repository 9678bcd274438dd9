using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace AiScheduler.Durable;

/// <summary>Registers the durable runtime.</summary>
public static class DurableServiceCollectionExtensions
{
    /// <summary>
    /// Adds the durable runtime: the backend, the registered official orchestrator and activity classes, a
    /// <see cref="DurableTaskClient"/> (our <see cref="SqlDurableTaskClient"/>), and (unless <see cref="DurableOptions.WorkerEnabled"/> is false) the hosted
    /// worker. Options are validated when the host starts.
    /// </summary>
    /// <example><code>
    /// services.AddDurable(b => b.UseSqlite("Data Source=.data/app.db")
    ///     .AddTasks(r =&gt; r.AddOrchestrator&lt;CallAttempt&gt;().AddActivity&lt;PlaceCall&gt;())
    ///     .Configure(o => o.MaxConcurrentActivities = 50));
    /// </code></example>
    public static IServiceCollection AddDurable(this IServiceCollection services, Action<DurableBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var builder = new DurableBuilder(services);
        configure(builder);

        var options = services.AddOptions<DurableOptions>();
        foreach (var step in builder.Configurations)
        {
            options.Configure(step);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DurableOptions>, DurableOptionsValidator>());
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(_ => new DurableTaskCatalog(builder.Registry));
        services.AddSingleton<DurableMetrics>();
        services.AddSingleton<DurableStore>(provider =>
        {
            var settings = provider.GetRequiredService<IOptions<DurableOptions>>().Value;
            return settings.Backend switch
            {
                DurableBackend.Sqlite => new SqliteDurableStore(settings.ConnectionString!),
                DurableBackend.Postgres => new PostgresDurableStore(settings.ConnectionString!,
                    provider.GetRequiredService<ILoggerFactory>().CreateLogger<SqlDurableTaskClient>()),
                _ => throw new InvalidOperationException("Durable: choose a backend with UseSqlite(connectionString) or UsePostgres(connectionString)."),
            };
        });
        services.AddSingleton(provider => new SqlDurableTaskClient(provider.GetRequiredService<DurableStore>(),
            provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton<DurableTaskClient>(provider => provider.GetRequiredService<SqlDurableTaskClient>());
        services.AddHealthChecks().Add(new HealthCheckRegistration("durable",
            provider => new DurableBacklogHealthCheck(provider.GetRequiredService<DurableStore>(), provider.GetRequiredService<IOptions<DurableOptions>>()),
            failureStatus: null, tags: null));
        services.AddSingleton<IHostedService>(provider =>
            provider.GetRequiredService<IOptions<DurableOptions>>().Value.WorkerEnabled
                ? ActivatorUtilities.CreateInstance<DurableWorker>(provider)
                : new IdleService());
        return services;
    }

    /// <summary>Stands in for the worker in client-only processes.</summary>
    private sealed class IdleService : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
