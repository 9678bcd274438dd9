using Microsoft.Extensions.Options;

namespace AiScheduler.Durable;

/// <summary>Per-process settings of the durable runtime.</summary>
public sealed class DurableOptions
{
    /// <summary>Which database holds the runtime's tables.</summary>
    public DurableBackend Backend { get; set; }

    /// <summary>ADO.NET connection string of that database.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Run the dispatchers in this process (false for client-only processes).</summary>
    public bool WorkerEnabled { get; set; } = true;

    /// <summary>Orchestration steps this process executes at once.</summary>
    public int MaxConcurrentOrchestrations { get; set; } = Environment.ProcessorCount * 8;

    /// <summary>Activities this process executes at once.</summary>
    public int MaxConcurrentActivities { get; set; } = Environment.ProcessorCount * 16;

    /// <summary>How long a leased instance or activity belongs to this process before others may take it over.</summary>
    public TimeSpan LeaseLength { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>First poll delay after finding no work; doubles up to <see cref="MaxPollingInterval"/>.</summary>
    public TimeSpan MinPollingInterval { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Longest poll delay; bounds how late a durable timer fires and how long a lost wake-up costs.</summary>
    public TimeSpan MaxPollingInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Leases without a completion after which an activity or instance is declared poison and failed.</summary>
    public int MaxDequeueCount { get; set; } = 10;

    /// <summary>Messages applied to one instance per step.</summary>
    public int MaxEventsPerStep { get; set; } = 1000;

    /// <summary>Work waiting (activities plus instances with messages) above which the <c>durable</c> health check fails.</summary>
    public long UnhealthyBacklog { get; set; } = 100_000;

    /// <summary>
    /// Instances whose history this process keeps in memory between steps, so a step reads only the new rows
    /// (0 turns the cache off). Each entry holds one execution's history.
    /// </summary>
    public int MaxCachedOrchestrations { get; set; } = 10_000;
}

/// <summary>The database a durable runtime runs on.</summary>
public enum DurableBackend
{
    /// <summary>Not chosen yet: call UseSqlite or UsePostgres.</summary>
    None,
    /// <summary>Embedded SQLite (file or in-memory), one host process.</summary>
    Sqlite,
    /// <summary>PostgreSQL, any number of host processes.</summary>
    Postgres,
}

/// <summary>Rejects settings that cannot work, at host start.</summary>
internal sealed class DurableOptionsValidator : IValidateOptions<DurableOptions>
{
    public ValidateOptionsResult Validate(string? name, DurableOptions options)
    {
        var errors = new List<string>();
        if (options.Backend == DurableBackend.None || string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            errors.Add("Durable: choose a backend with UseSqlite(connectionString) or UsePostgres(connectionString).");
        }

        if (options.MaxConcurrentOrchestrations < 1 || options.MaxConcurrentActivities < 1)
        {
            errors.Add("Durable: MaxConcurrentOrchestrations and MaxConcurrentActivities must be at least 1.");
        }

        if (options.LeaseLength < TimeSpan.FromMilliseconds(500))
        {
            errors.Add("Durable: LeaseLength must be at least 500 ms (leases are renewed every third of it).");
        }

        if (options.MinPollingInterval <= TimeSpan.Zero || options.MaxPollingInterval < options.MinPollingInterval)
        {
            errors.Add("Durable: MinPollingInterval must be positive and not above MaxPollingInterval.");
        }

        if (options.MaxCachedOrchestrations < 0)
        {
            errors.Add("Durable: MaxCachedOrchestrations must be 0 (no history cache) or more.");
        }

        if (options.MaxDequeueCount < 1 || options.MaxEventsPerStep < 1)
        {
            errors.Add("Durable: MaxDequeueCount and MaxEventsPerStep must be at least 1.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
