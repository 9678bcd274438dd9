using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using AiScheduler.Emulators;
using AiScheduler.Functions.Calls;
using AiScheduler.Functions.Hosting;
using AiScheduler.Functions.Leads;
using AiScheduler.Functions.Store;
using AiScheduler.Functions.Tests.Calls;
using AiScheduler.Testing;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace AiScheduler.Functions.Tests.Infrastructure;

/// <summary>What <see cref="TestApp.StartAsync(TestAppOptions, CancellationToken)"/> builds; every part has a default.</summary>
public sealed record TestAppOptions
{
    /// <summary>A fresh database of this provider (<see cref="Postgres"/> serves PostgreSQL); null: <see cref="StoreSettings"/> or none.</summary>
    public StoreProvider? Store { get; init; }

    public PostgresFixture? Postgres { get; init; }

    /// <summary>Store settings a test made itself (<see cref="TestDatabase.SettingsAsync"/>), when <see cref="Store"/> is null.</summary>
    public IEnumerable<KeyValuePair<string, string?>>? StoreSettings { get; init; }

    public DurableEngine Engine { get; init; } = DurableEngine.Ours;

    /// <summary>The app's (and the emulator's) clock; by default <see cref="TestClocks.For"/> the engine.</summary>
    public TimeProvider? Clock { get; init; }

    /// <summary>
    /// Starts the Communication Services emulator on its own loopback port, on the app's clock, and points the app's
    /// telephony at it (<see cref="TestSettings.EmulatedCalls"/>). The options start as the persona library at 50x speed
    /// without rendered speech; this adjusts them. Null: no emulator.
    /// </summary>
    public Action<EmulatorOptions>? Emulator { get; init; }

    /// <summary>The access key the app signs its requests to the emulator with, when a test needs it to be the wrong one.</summary>
    public string? AcsAccessKey { get; init; }

    /// <summary>Settings laid over the harness's own, last.</summary>
    public IEnumerable<KeyValuePair<string, string?>>? Settings { get; init; }

    /// <summary>Adds to the app's builder (services for one test, telemetry, ...).</summary>
    public Action<WebApplicationBuilder>? Configure { get; init; }

    /// <summary>
    /// Builds the app, running the harness's configuration on its builder: by default the whole app as served
    /// (<c>AppHost.Build</c>); a component host composes only its part.
    /// </summary>
    public Func<Action<WebApplicationBuilder>, WebApplication>? Compose { get; init; }

    /// <summary>The app's loopback port; 0: one the operating system gives (picked before the start when the emulator must know it).</summary>
    public int Port { get; init; }

    /// <summary>Imports the sample leads (<see cref="PersonaLibrary.SampleLeadsCsv"/>) into the default workspace once started.</summary>
    public bool SampleLeads { get; init; }

    /// <summary>Signs <see cref="TestApp.Client"/> in as an owner of the default workspace (needs a store).</summary>
    public bool SignIn { get; init; } = true;
}

/// <summary>
/// The one test fixture that builds, starts, signs in to and disposes the app: the real host (AppHost.Build, or a
/// component's own composition) on Kestrel at a loopback port, over a fresh database of the chosen provider, on a
/// clock that starts at <see cref="TestClocks.Default"/>, optionally calling the telephony emulator, with an
/// HttpClient pointed at it. The feature hosts (CallsTestHost, CampaignTestHost, ...) add only their own helpers.
/// </summary>
public sealed class TestApp : IAsyncDisposable
{
    private readonly string? _sqliteDirectory;

    private TestApp(WebApplication app, HttpClient client, TimeProvider clock, EmulatorHost? emulator, string folder, string? sqliteDirectory)
    {
        Clock = clock;
        App = app;
        Client = client;
        Emulator = emulator;
        Folder = folder;
        _sqliteDirectory = sqliteDirectory;
    }

    public WebApplication App { get; }

    /// <summary>Signed in as an owner of the default workspace (<see cref="TestAuth"/>) unless the options said not to.</summary>
    public HttpClient Client { get; }

    /// <summary>A new client with no credentials; the caller disposes it.</summary>
    public HttpClient CreateAnonymousClient() => TestAuth.Anonymous(Client.BaseAddress!);

    public IServiceProvider Services => App.Services;

    public T Get<T>() where T : notnull => App.Services.GetRequiredService<T>();

    /// <summary>The app's clock.</summary>
    public TimeProvider Clock { get; }

    /// <summary>The emulator the app calls, when the options asked for one.</summary>
    public EmulatorHost? Emulator { get; }

    /// <summary>The app's base address (http://127.0.0.1:port/).</summary>
    public Uri BaseAddress => Client.BaseAddress!;

    /// <summary>A scratch folder of this app's own (blobs, outbox, personas), deleted with it.</summary>
    public string Folder { get; }

    public static async Task<TestApp> StartAsync(
        StoreProvider provider,
        PostgresFixture postgres,
        IDictionary<string, string?>? settings = null,
        CancellationToken cancellationToken = default,
        DurableEngine engine = DurableEngine.Ours, TimeProvider? clock = null, int port = 0) =>
        await StartAsync(new TestAppOptions
        {
            Store = provider, Postgres = postgres, Settings = settings, Engine = engine, Clock = clock, Port = port,
        }, cancellationToken);

    public static async Task<TestApp> StartAsync(TestAppOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        // Every app under test reads the same instant whatever the real date, unless the test brings its own clock.
        var clock = options.Clock ?? TestClocks.For(options.Engine);
        // A test that must tell another server where to call back before the app starts picks the port first.
        var port = options.Port;
        var folder = Path.Combine(Path.GetTempPath(), "aischeduler-tests", Guid.NewGuid().ToString("N"));
        var configuration = options.Store is { } provider
            ? await TestDatabase.SettingsAsync(provider, options.Postgres ?? throw new ArgumentException("A store needs the PostgreSQL fixture.", nameof(options)), cancellationToken)
            : new Dictionary<string, string?>(StringComparer.Ordinal).With(options.StoreSettings);
        // Tests burst far past what one caller may send in production; the rate-limit tests put the defaults back.
        configuration["RateLimits:PermitsPerMinute"] = "1000000";
        configuration["RateLimits:UploadsPerMinute"] = "1000000";
        configuration.With(TestSettings.LocalFiles(folder));

        EmulatorHost? emulator = null;
        WebApplication? app = null;
        try
        {
            if (options.Emulator is { } adjust)
            {
                emulator = await StartEmulatorAsync(adjust, clock, cancellationToken);
                // The callbacks name the app's port, so it is picked now, once the emulator has its own.
                port = port != 0 ? port : LoopbackPorts.Free();
                configuration.With(TestSettings.EmulatedCalls(emulator.ConnectionString, port));
                if (options.AcsAccessKey is { } key)
                {
                    configuration["Telephony:Acs:ConnectionString"] = $"endpoint={emulator.Endpoint};accesskey={key}";
                }
            }

            configuration.With(options.Settings);
            var compose = options.Compose ?? (configure => AppHost.Build([], configure));
            app = compose(builder =>
            {
                builder.WebHost.UseUrls($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
                builder.Services.AddSingleton(clock);
                builder.Configuration.AddInMemoryCollection(configuration);
                builder.Logging.SetMinimumLevel(LogLevel.Warning);
                builder.UseDurableEngine(options.Engine);
                options.Configure?.Invoke(builder);
            });
            if (app.Services.GetService<DurableTaskClient>() is not null)
            {
                app.Services.EnsureEngine(options.Engine);
            }

            if (app.Services.GetService<SchemaMigrator>() is { } migrator)
            {
                await migrator.MigrateAsync(cancellationToken);
            }

            await app.StartAsync(cancellationToken);
            if (options.SampleLeads)
            {
                await ImportSampleLeadsAsync(app.Services, cancellationToken);
            }
        }
        catch
        {
            await DisposeAsync(app, emulator, folder, TestDatabase.SqliteDirectory(configuration));
            throw;
        }

        // Port 0 (nothing had to know it beforehand): the one the operating system gave when Kestrel bound it.
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var client = new HttpClient { BaseAddress = new Uri(address.TrimEnd('/') + "/") };
        // What the dashboard's requests carry (an API client sends a Bearer key): a POST without a body passes the
        // cross-site guard. The security tests use a client of their own where they need a bare one.
        client.DefaultRequestHeaders.Add(RequestSafety.RequestedWithHeader, "AiScheduler");
        var started = new TestApp(app, client, clock, emulator, folder, TestDatabase.SqliteDirectory(configuration));
        if (options.SignIn)
        {
            try
            {
                // Signed in as an owner of the default workspace, as the dashboard would be (TestAuth).
                await TestAuth.AuthorizeAsync(app.Services, client, cancellationToken);
            }
            catch
            {
                await started.DisposeAsync();
                throw;
            }
        }

        return started;
    }

    /// <summary>The emulator with the test defaults (the persona library, 50x speed, no rendered speech), adjusted, on <paramref name="clock"/>.</summary>
    private static Task<EmulatorHost> StartEmulatorAsync(Action<EmulatorOptions> adjust, TimeProvider clock, CancellationToken cancellationToken)
    {
        var options = new EmulatorOptions
        {
            AccessKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            PersonasDirectory = PersonaLibrary.Directory,
            TimeScale = 0.02,
            RenderSpeech = false,
        };
        adjust(options);
        // The app and the emulator share one clock (the emulator checks request dates and stamps events with it).
        return EmulatorHost.StartAsync(options, cancellationToken, builder =>
        {
            builder.Services.AddSingleton(clock);
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
        });
    }

    /// <summary>Imports the sample leads (their numbers are the persona library's) into the default workspace.</summary>
    public static async Task ImportSampleLeadsAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        await using var csv = File.OpenRead(PersonaLibrary.SampleLeadsCsv);
        await services.GetRequiredService<LeadCsvImporter>().ImportAsync(
            csv, new LeadImportTarget(Workspaces.DefaultId), new LeadImportOptions(), null, cancellationToken);
    }

    /// <summary>Waits until the call's session has settled and returns it; on timeout, the transcript so far is the message.</summary>
    public async Task<CallSessionRecord> CallEndedAsync(string callId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var sessions = Get<CallSessionStore>();
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var session = await sessions.GetAsync(callId, cancellationToken);
            if (session?.Phase == CallPhase.Ended)
            {
                return session;
            }

            if (waited.Elapsed > timeout)
            {
                var transcript = await sessions.TranscriptAsync(callId, cancellationToken);
                throw new TimeoutException(
                    $"Call {callId} did not end within {timeout} (phase {session?.Phase}):\n" +
                    string.Join('\n', transcript.Select(t => $"{t.Speaker}: {t.Text}")));
            }

            await Task.Delay(50, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await DisposeAsync(App, Emulator, Folder, _sqliteDirectory);
    }

    private static async Task DisposeAsync(WebApplication? app, EmulatorHost? emulator, string folder, string? sqliteDirectory)
    {
        if (app is not null)
        {
            await app.StopAsync();
            // Disposing the host disposes the DataStore, which releases its pooled SQLite connections first.
            await app.DisposeAsync();
        }

        if (emulator is not null)
        {
            await emulator.DisposeAsync();
        }

        foreach (var directory in new[] { folder, sqliteDirectory })
        {
            if (directory is not null && Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
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
        if (settings.TryGetValue("Store:Provider", out var provider) is false || provider != "sqlite")
        {
            return null;
        }

        var file = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(settings["Store:ConnectionString"]).DataSource;
        return Path.GetDirectoryName(file);
    }

    public static async Task<Dictionary<string, string?>> SettingsAsync(
        StoreProvider provider, PostgresFixture postgres, CancellationToken cancellationToken = default, string database = "functions")
    {
        ArgumentNullException.ThrowIfNull(postgres);
        var connectionString = provider == StoreProvider.Postgres
            ? await postgres.Server.CreateDatabaseAsync(database, cancellationToken)
            : $"Data Source={Path.Combine(Path.GetTempPath(), "aischeduler-tests", Guid.NewGuid().ToString("N"), "store.db")}";
        return new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Store:Provider"] = provider == StoreProvider.Postgres ? "postgres" : "sqlite",
            ["Store:ConnectionString"] = connectionString,
        };
    }
}
