using Microsoft.Extensions.DependencyInjection;

namespace AiScheduler.Durable;

/// <summary>Configures the durable runtime inside <see cref="DurableServiceCollectionExtensions.AddDurable"/>.</summary>
public sealed class DurableBuilder
{
    private readonly List<Action<DurableOptions>> _configure = [];

    internal DurableBuilder(IServiceCollection services) => Services = services;

    /// <summary>The service collection, for registering what orchestrations and activities depend on.</summary>
    public IServiceCollection Services { get; }

    /// <summary>The official registry the worker runs orchestrators and activities from.</summary>
    internal DurableTaskRegistry Registry { get; } = new();

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

    /// <summary>
    /// Registers official orchestrator and activity classes exactly as for Microsoft's worker
    /// (<c>AddDurableTaskWorker(b =&gt; b.AddTasks(...))</c>), so one registration method serves both engines.
    /// Names come from <see cref="DurableTaskAttribute"/> or the class name and are matched case-insensitively.
    /// Entities are not supported: registering one fails when the worker starts.
    /// </summary>
    public DurableBuilder AddTasks(Action<DurableTaskRegistry> register)
    {
        ArgumentNullException.ThrowIfNull(register);
        register(Registry);
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

/// <summary>The orchestrators and activities this process can run, by name (case-insensitive), read from the official registry.</summary>
internal sealed class DurableTaskCatalog
{
    public DurableTaskCatalog(DurableTaskRegistry registry)
    {
        if (registry.GetEntities().Any())
        {
            throw new NotSupportedException(
                "DurableTaskRegistry.AddEntity: durable entities are not supported by the AiScheduler durable engine; register orchestrators and activities only.");
        }

        foreach (var (name, factory) in registry.GetOrchestrators())
        {
            Orchestrators[name.Name] = factory;
        }

        foreach (var (name, factory) in registry.GetActivities())
        {
            Activities[name.Name] = factory;
        }
    }

    public Dictionary<string, Func<IServiceProvider, ITaskOrchestrator>> Orchestrators { get; } = new(StringComparer.OrdinalIgnoreCase);

    public Dictionary<string, Func<IServiceProvider, ITaskActivity>> Activities { get; } = new(StringComparer.OrdinalIgnoreCase);
}

/// <summary>Our engine's implementation of the official <see cref="TaskActivityContext"/>.</summary>
internal sealed class ActivityExecutionContext(string name, string instanceId) : TaskActivityContext
{
    public override TaskName Name { get; } = new(name);

    public override string InstanceId { get; } = instanceId;
}
