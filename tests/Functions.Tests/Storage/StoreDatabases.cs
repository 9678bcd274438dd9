using AiScheduler.Functions.Providers.Storage.Embedded;
using AiScheduler.Functions.Store;
using AiScheduler.Functions.Tests.Infrastructure;
using AiScheduler.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.Tests.Storage;

/// <summary>A fresh, migrated data store per test: a SQLite file in a temp folder, or a new PostgreSQL database.</summary>
internal static class StoreDatabases
{
    public static async Task<DataStore> CreateAsync(string provider, PostgresFixture postgres, CancellationToken cancellationToken)
    {
        var options = new StoreOptions
        {
            Provider = provider,
            ConnectionString = provider == "postgres"
                ? await postgres.Server.CreateDatabaseAsync("storage", cancellationToken)
                : $"Data Source={Path.Combine(Path.GetTempPath(), "aischeduler-queue-" + Guid.NewGuid().ToString("N")[..12] + ".db")}",
        };
        var store = new DataStore(Options.Create(options));
        // Only the queue table: these tests must not depend on every other feature's migrations.
        await new SchemaMigrator(store, TestClocks.StartingAt(TestClocks.Default), NullLogger<SchemaMigrator>.Instance)
            .MigrateAsync([new M0390_QueueMessages()], cancellationToken);
        return store;
    }
}
