using AiScheduler.Functions.Hosting;
using AiScheduler.Functions.Store;
using AiScheduler.Testing;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace AiScheduler.Functions.Tests.Infrastructure;

/// <summary>
/// The real host (AppHost.Build) on Kestrel at a free loopback port, over a fresh database of the chosen provider,
/// with an HttpClient pointed at it, on a clock that starts at <see cref="TestClocks.Default"/>.
/// </summary>
public sealed class TestApp : IAsyncDisposable
{
    private readonly string? _sqliteDirectory;

    private TestApp(WebApplication app, HttpClient client, string? sqliteDirectory, TimeProvider clock)
    {
        Clock = clock;
        App = app;
        Client = client;
        _sqliteDirectory = sqliteDirectory;
    }

    public WebApplication App { get; }

    /// <summary>Signed in as an owner of the default workspace (<see cref="TestAuth"/>).</summary>
    public HttpClient Client { get; }

    /// <summary>A new client with no credentials; the caller disposes it.</summary>
    public HttpClient CreateAnonymousClient() => TestAuth.Anonymous(Client.BaseAddress!);

    public IServiceProvider Services => App.Services;

    /// <summary>The app's clock.</summary>
    public TimeProvider Clock { get; }

    public static async Task<TestApp> StartAsync(
        StoreProvider provider,
        PostgresFixture postgres,
        IDictionary<string, string?>? settings = null,
        CancellationToken cancellationToken = default,
        DurableEngine engine = DurableEngine.Ours, TimeProvider? clock = null, int port = 0)
    {
        // Every app under test reads the same instant whatever the real date, unless the test brings its own clock.
        clock ??= TestClocks.For(engine);
        var configuration = await TestDatabase.SettingsAsync(provider, postgres, cancellationToken);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }

        var app = AppHost.Build([], builder =>
        {
            // A test that must tell another server where to call back (the telephony emulator) picks the port first.
            builder.WebHost.UseUrls($"http://127.0.0.1:{port.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
            builder.Services.AddSingleton(clock);
            builder.Configuration.AddInMemoryCollection(configuration);
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.UseDurableEngine(engine);
        });
        app.Services.EnsureEngine(engine);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!
            .Addresses.First();
        var client = new HttpClient { BaseAddress = new Uri(address) };
        // Signed in as an owner of the default workspace, as the dashboard would be (TestAuth).
        await TestAuth.AuthorizeAsync(app.Services, client, cancellationToken);
        return new TestApp(app, client, TestDatabase.SqliteDirectory(configuration), clock);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        // Disposing the host disposes the DataStore, which releases its pooled SQLite connections first.
        await App.DisposeAsync();
        if (_sqliteDirectory is not null && Directory.Exists(_sqliteDirectory))
        {
            Directory.Delete(_sqliteDirectory, recursive: true);
        }
    }
}

/// <summary>Store settings for a fresh, empty database: a temp SQLite file or a new PostgreSQL database.</summary>
public static class TestDatabase
{
    /// <summary>The directory of the SQLite file named in <paramref name="settings"/>, or null for PostgreSQL.</summary>
    public static string? SqliteDirectory(IDictionary<string, string?> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings["Store:Provider"] != "sqlite")
        {
            return null;
        }

        var file = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(settings["Store:ConnectionString"]).DataSource;
        return Path.GetDirectoryName(file);
    }

    public static async Task<Dictionary<string, string?>> SettingsAsync(
        StoreProvider provider, PostgresFixture postgres, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(postgres);
        var connectionString = provider == StoreProvider.Postgres
            ? await postgres.Server.CreateDatabaseAsync("functions", cancellationToken)
            : $"Data Source={Path.Combine(Path.GetTempPath(), "aischeduler-tests", Guid.NewGuid().ToString("N"), "store.db")}";
        return new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Store:Provider"] = provider == StoreProvider.Postgres ? "postgres" : "sqlite",
            ["Store:ConnectionString"] = connectionString,
        };
    }
}
