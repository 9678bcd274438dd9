using Microsoft.Extensions.DependencyInjection;

namespace AiScheduler.Durable;

/// <summary>Configures the durable runtime inside <see cref="DurableServiceCollectionExtensions.AddDurable"/>.</summary>
public sealed class DurableBuilder
{
    private readonly List<Action<DurableOptions>> _configure = [];

    internal DurableBuilder(IServiceCollection services) => Services = services;

    /// <summary>The service collection, for registering what orchestrations and activities depend on.</summary>
    public IServiceCollection Services { get; }

    internal DurableRegistry Registry { get; } = new();

    internal IReadOnlyList<Action<DurableOptions>> Configurations => _configure;

    /// <summary>Stores the runtime's tables in SQLite (e.g. <c>Data Source=.data/app.db</c> or <c>Data Source=:memory:</c>).</summary>
    public DurableBuilder UseSqlite(string connectionString) => Configure(o =>
    {
        o.Backend = DurableBackend.Sqlite;
        o.ConnectionString = connectionString;
    });

    /// <summary>Stores the runtime's tables in PostgreSQL; any number of processes may share the database.</summary>
    public DurableBuilder UsePostgres(string connectionString) => Configure(o =>
    {
        o.Backend = DurableBackend.Postgres;
        o.ConnectionString = connectionString;
    });

    /// <summary>Registers an orchestration class under its <see cref="DurableTaskAttribute"/> name or class name.</summary>
    /// <param name="name">Overrides the registered name.</param>
    /// <param name="version">Version string recorded on instances scheduled without an explicit version.</param>
    public DurableBuilder AddOrchestration<T>(string? name = null, string? version = null) where T : class, ITaskOrchestrator
    {
        Registry.Orchestrations[name ?? DurableRegistry.NameOf(typeof(T))] = (typeof(T), version);
        return this;
    }

    /// <summary>Registers an activity class under its <see cref="DurableTaskAttribute"/> name or class name.</summary>
    /// <param name="name">Overrides the registered name.</param>
    public DurableBuilder AddActivity<T>(string? name = null) where T : class, ITaskActivity
    {
        Registry.Activities[name ?? DurableRegistry.NameOf(typeof(T))] = typeof(T);
        return this;
    }

    /// <summary>Adjusts limits, lease length and polling.</summary>
    public DurableBuilder Configure(Action<DurableOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        _configure.Add(configure);
        return this;
    }
}
