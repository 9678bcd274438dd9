using System.ComponentModel.DataAnnotations;

namespace AiScheduler.Functions.Store;

/// <summary>Settings under <c>Store:</c>: which database holds the product's data.</summary>
public sealed class StoreOptions
{
    public const string Section = "Store";

    /// <summary><c>sqlite</c> (embedded default, a file under <c>.data/</c>) or <c>postgres</c>.</summary>
    public string Provider { get; set; } = "sqlite";

    /// <summary>ADO.NET connection string for the chosen provider.</summary>
    public string ConnectionString { get; set; } = "Data Source=.data/aischeduler.db";

    /// <summary>How long SQLite waits for a writer lock before failing (milliseconds).</summary>
    [Range(0, 600_000)]
    public int BusyTimeoutMilliseconds { get; set; } = 10_000;

    internal StoreProvider ParsedProvider => Provider.Trim().ToUpperInvariant() switch
    {
        "SQLITE" => StoreProvider.Sqlite,
        "POSTGRES" or "POSTGRESQL" or "NPGSQL" => StoreProvider.Postgres,
        _ => throw new InvalidOperationException(
            $"Store:Provider '{Provider}' is not supported; use 'sqlite' (embedded) or 'postgres'."),
    };
}

public enum StoreProvider
{
    Sqlite,
    Postgres,
}
