using AiScheduler.Functions.Hosting;
using AiScheduler.Functions.Store;
using AiScheduler.Functions.Tests.Infrastructure;
using AiScheduler.Testing;
using Dapper;
using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.Tests.Store;

public sealed class SqliteStoreTests(PostgresFixture postgres) : StoreTests(StoreProvider.Sqlite, postgres);

public sealed class PostgresStoreTests(PostgresFixture postgres) : StoreTests(StoreProvider.Postgres, postgres);

/// <summary>Migrations and the type mapping, against each provider.</summary>
public abstract class StoreTests(StoreProvider provider, PostgresFixture postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Start_up_applies_every_migration_once_and_running_them_again_changes_nothing()
    {
        await using var app = await TestApp.StartAsync(provider, postgres, cancellationToken: Ct);
        var migrator = app.Services.GetRequiredService<SchemaMigrator>();

        var versions = await migrator.AppliedVersionsAsync(Ct);
        var again = await migrator.MigrateAsync(Ct);

        Assert.Equal(SchemaMigrator.All.Select(m => m.Version), versions);
        Assert.Contains(1, versions);
        Assert.Contains(2, versions);
        Assert.Empty(again);
        Assert.Equal(versions, await migrator.AppliedVersionsAsync(Ct));
    }

    [Fact]
    public async Task Concurrent_migrators_apply_each_migration_exactly_once()
    {
        var settings = await TestDatabase.SettingsAsync(provider, postgres, Ct);
        var options = Options.Create(new StoreOptions
        {
            Provider = settings["Store:Provider"]!, ConnectionString = settings["Store:ConnectionString"]!,
        });
        await using var store = new DataStore(options);
        var migrators = Enumerable.Range(0, 4)
            .Select(_ => new SchemaMigrator(store, TestClocks.StartingAt(TestClocks.Default), Microsoft.Extensions.Logging.Abstractions.NullLogger<SchemaMigrator>.Instance))
            .ToList();

        var applied = await Task.WhenAll(migrators.Select(migrator => migrator.MigrateAsync(Ct)));

        Assert.Equal(SchemaMigrator.All.Select(m => m.Version), applied.SelectMany(versions => versions).Order());
    }

    [Fact]
    public async Task Ids_and_instants_round_trip_exactly_in_utc()
    {
        await using var app = await TestApp.StartAsync(provider, postgres, cancellationToken: Ct);
        var store = app.Services.GetRequiredService<DataStore>();
        await using var connection = await store.OpenConnectionAsync(Ct);

        var row = await connection.QuerySingleAsync<WorkspaceRow>(new CommandDefinition(
            "SELECT id, name, created_at FROM workspaces WHERE id = @id", new { id = Workspaces.DefaultId }, cancellationToken: Ct));
        var instant = new DateTimeOffset(2026, 3, 29, 1, 30, 15, 123, TimeSpan.FromHours(3)).AddTicks(4567);
        var id = Guid.CreateVersion7();
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO workspaces (id, name, created_at) VALUES (@id, 'Second', @instant)", new { id, instant }, cancellationToken: Ct));
        var read = await connection.QuerySingleAsync<WorkspaceRow>(new CommandDefinition(
            "SELECT id, name, created_at FROM workspaces WHERE id = @id", new { id }, cancellationToken: Ct));

        Assert.Equal(Workspaces.DefaultId, row.Id);
        Assert.Equal("Default", row.Name);
        Assert.Equal(id, read.Id);
        // PostgreSQL keeps microseconds; SQLite's text form keeps ticks. Both are the same instant in UTC.
        Assert.Equal(TimeSpan.Zero, read.CreatedAt.Offset);
        Assert.InRange((read.CreatedAt - instant).Duration(), TimeSpan.Zero, TimeSpan.FromMicroseconds(1));
    }

    [Fact]
    public async Task The_migrate_command_brings_an_empty_database_to_the_current_version()
    {
        var settings = await TestDatabase.SettingsAsync(provider, postgres, Ct);
        var output = new StringWriter();

        var exit = await Cli.RunAsync(
            ["migrate", $"--Store:Provider={settings["Store:Provider"]}", $"--Store:ConnectionString={settings["Store:ConnectionString"]}"],
            output, new StringWriter());
        var second = new StringWriter();
        var exitAgain = await Cli.RunAsync(
            ["migrate", $"--Store:Provider={settings["Store:Provider"]}", $"--Store:ConnectionString={settings["Store:ConnectionString"]}"],
            second, new StringWriter());

        Assert.Equal(0, exit);
        Assert.Contains("applied 1, 2", output.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, exitAgain);
        Assert.Contains("already current", second.ToString(), StringComparison.Ordinal);
    }

    private sealed class WorkspaceRow
    {
        public Guid Id { get; set; }

        public string Name { get; set; } = "";

        public DateTimeOffset CreatedAt { get; set; }
    }
}

public sealed class StoreOptionsTests
{
    [Fact]
    public async Task An_unknown_provider_stops_start_up_with_a_message_naming_the_setting()
    {
        var error = new StringWriter();

        var exit = await Cli.RunAsync(["migrate", "--Store:Provider=oracle"], new StringWriter(), error);

        Assert.Equal(2, exit);
        Assert.Contains("Store:Provider 'oracle'", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_connection_string_stops_the_host_with_a_message_naming_the_setting()
    {
        var app = AppHost.Build([], builder =>
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Store:ConnectionString"] = "" });
        });
        await using (app)
        {
            var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync(TestContext.Current.CancellationToken));
            Assert.Contains("Store:ConnectionString", failure.Message, StringComparison.Ordinal);
        }
    }
}
