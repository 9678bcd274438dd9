using System.Data.Common;
using System.Globalization;
using AiScheduler.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace AiScheduler.Durable.Tests;

/// <summary>A database for one test: a temporary SQLite file or a fresh PostgreSQL database.</summary>
public sealed record TestDatabase(string Backend, string ConnectionString)
{
    public static async Task<TestDatabase> CreateAsync(string backend, PostgresFixture postgres)
    {
        if (backend == "postgres")
        {
            return new TestDatabase(backend, await postgres.Server.CreateDatabaseAsync("durable", TestContext.Current.CancellationToken));
        }

        SQLitePCL.Batteries_V2.Init();
        var file = Path.Combine(Path.GetTempPath(), "durable-" + Guid.NewGuid().ToString("N")[..12] + ".db");
        return new TestDatabase(backend, "Data Source=" + file);
    }

    /// <summary>Where the worker process records its external effects: the same PostgreSQL database, another SQLite file.</summary>
    public TestDatabase Effects => Backend == "postgres" ? this : this with { ConnectionString = ConnectionString + "-effects" };

    public DbConnection Open() => Backend == "postgres" ? new NpgsqlConnection(ConnectionString) : new SqliteConnection(ConnectionString);

    public async Task<long> CountAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = Open();
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        return Convert.ToInt64(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken), CultureInfo.InvariantCulture);
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var connection = Open();
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }
}

/// <summary>A real host running the durable worker with test-sized leases and polling.</summary>
public sealed class DurableTestHost : IAsyncDisposable
{
    private DurableTestHost(IHost host, TestDatabase database)
    {
        Host = host;
        Database = database;
        Client = host.Services.GetRequiredService<SqlDurableTaskClient>();
    }

    public IHost Host { get; }

    public TestDatabase Database { get; }

    public SqlDurableTaskClient Client { get; }

    public LogCollector Logs => Host.Services.GetRequiredService<LogCollector>();

    public static async Task<DurableTestHost> StartAsync(TestDatabase database, Action<DurableBuilder>? register = null,
        Action<DurableOptions>? configure = null)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        var logs = new LogCollector();
        builder.Logging.ClearProviders().AddProvider(logs).SetMinimumLevel(LogLevel.Information);
        builder.Services.AddSingleton(logs);
        builder.Services.AddDurable(durable =>
        {
            _ = database.Backend == "postgres" ? durable.UsePostgres(database.ConnectionString) : durable.UseSqlite(database.ConnectionString);
            durable.AddTasks(TestOrchestrations.Register);
            register?.Invoke(durable);
            durable.Configure(options =>
            {
                options.LeaseLength = TimeSpan.FromSeconds(2);
                options.MinPollingInterval = TimeSpan.FromMilliseconds(10);
                options.MaxPollingInterval = TimeSpan.FromMilliseconds(100);
                configure?.Invoke(options);
            });
        });
        var host = builder.Build();
        await host.StartAsync(TestContext.Current.CancellationToken);
        return new DurableTestHost(host, database);
    }

    public async Task<OrchestrationMetadata> RunAsync(string name, object? input = null, string? instanceId = null)
    {
        var id = await Client.ScheduleNewOrchestrationInstanceAsync(name, input, new StartOrchestrationOptions(instanceId),
            TestContext.Current.CancellationToken);
        return await WaitAsync(id);
    }

    public async Task<OrchestrationMetadata> WaitAsync(string instanceId)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        return await Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, timeout.Token);
    }

    /// <summary>Waits until the instance reaches <paramref name="status"/> (e.g. Running, waiting on a timer).</summary>
    public async Task WaitForStatusAsync(string instanceId, OrchestrationRuntimeStatus status, Func<OrchestrationMetadata, bool>? also = null)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        while (true)
        {
            var state = await Client.GetInstanceAsync(instanceId, true, timeout.Token);
            if (state?.RuntimeStatus == status && (also is null || also(state)))
            {
                return;
            }

            await Task.Delay(10, timeout.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        await Host.StopAsync(stop.Token);
        Host.Dispose();
    }
}

/// <summary>Keeps log messages for assertions.</summary>
public sealed class LogCollector : ILoggerProvider
{
    private readonly List<string> _messages = [];

    public IReadOnlyList<string> Messages
    {
        get
        {
            lock (_messages)
            {
                return [.. _messages];
            }
        }
    }

    public ILogger CreateLogger(string categoryName) => new Collector(this);

    public void Dispose()
    {
    }

    private sealed class Collector(LogCollector owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (owner._messages)
            {
                owner._messages.Add(formatter(state, exception));
            }
        }
    }
}
