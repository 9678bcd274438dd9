using AiScheduler.Functions.Store;
using AiScheduler.Functions.Tests.Infrastructure;
using AiScheduler.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.Tests.Calls;

/// <summary>A fresh, migrated store of the chosen provider: a temp SQLite file or a new PostgreSQL database.</summary>
internal static class TestStores
{
    /// <summary>The settings of <see cref="TestDatabase"/>, waiting up to a minute for a busy SQLite file (the call tests write from many calls at once).</summary>
    public static async Task<Dictionary<string, string?>> SettingsAsync(StoreProvider provider, PostgresFixture postgres, CancellationToken cancellationToken)
    {
        var settings = await TestDatabase.SettingsAsync(provider, postgres, cancellationToken, database: "calls");
        settings["Store:BusyTimeoutMilliseconds"] = "60000";
        return settings;
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
