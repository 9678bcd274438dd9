using AiScheduler.Functions.Store;
using AiScheduler.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.Tests.Calls;

/// <summary>A fresh, migrated store of the chosen provider: a temp SQLite file or a new PostgreSQL database.</summary>
internal static class TestStores
{
    public static async Task<Dictionary<string, string?>> SettingsAsync(StoreProvider provider, PostgresFixture postgres, CancellationToken cancellationToken)
    {
        var connectionString = provider == StoreProvider.Postgres
            ? await postgres.Server.CreateDatabaseAsync("calls", cancellationToken)
            : $"Data Source={Path.Combine(Path.GetTempPath(), "aischeduler-calls-tests", Guid.NewGuid().ToString("N"), "store.db")}";
        return new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Store:Provider"] = provider == StoreProvider.Postgres ? "postgres" : "sqlite",
            ["Store:ConnectionString"] = connectionString,
            ["Store:BusyTimeoutMilliseconds"] = "60000",
        };
    }

    public static async Task<DataStore> CreateAsync(StoreProvider provider, PostgresFixture postgres, TimeProvider clock, CancellationToken cancellationToken)
    {
        var settings = await SettingsAsync(provider, postgres, cancellationToken);
        var store = new DataStore(Options.Create(new StoreOptions
        {
            Provider = settings["Store:Provider"]!,
            ConnectionString = settings["Store:ConnectionString"]!,
            BusyTimeoutMilliseconds = 60_000,
        }));
        await new SchemaMigrator(store, clock, NullLogger<SchemaMigrator>.Instance).MigrateAsync(cancellationToken);
        return store;
    }
}
