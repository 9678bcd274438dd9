using AiScheduler.Emulators.Callees;
using AiScheduler.Emulators.Calls;
using AiScheduler.Emulators.Http;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AiScheduler.Emulators;

/// <summary>
/// A running Communication Services emulator on a loopback port. Start it in-process with <see cref="StartAsync"/>;
/// the standalone program uses <see cref="Build"/>.
/// </summary>
public sealed class EmulatorHost : IAsyncDisposable
{
    private readonly WebApplication app;

    private EmulatorHost(WebApplication app, Uri endpoint, string accessKey)
    {
        this.app = app;
        Endpoint = endpoint;
        AccessKey = accessKey;
        Switchboard = app.Services.GetRequiredService<Switchboard>();
    }

    /// <summary>The emulator's base address (what goes after <c>endpoint=</c>).</summary>
    public Uri Endpoint { get; }

    public string AccessKey { get; }

    /// <summary>A connection string the ACS client uses unchanged: <c>endpoint=http://127.0.0.1:PORT/;accesskey=KEY</c>.</summary>
    public string ConnectionString => $"endpoint={Endpoint};accesskey={AccessKey}";

    public Switchboard Switchboard { get; }

    public EmulatorCounters Counters => Switchboard.Counters;

    public static async Task<EmulatorHost> StartAsync(EmulatorOptions options, CancellationToken ct = default, Action<WebApplicationBuilder>? configure = null)
    {
        var app = Build(options, [], configure);
        await app.StartAsync(ct);
        var endpoint = ListeningAddress(app);
        return new EmulatorHost(app, endpoint, options.AccessKey);
    }

    /// <summary>Builds the emulator application; <paramref name="args"/> may carry <c>--urls</c> and logging settings.</summary>
    public static WebApplication Build(EmulatorOptions options, string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        options.Validate();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        // Only an explicit --urls overrides the listen address: an in-process emulator must not pick up the host's ASPNETCORE_URLS.
        if (!args.Any(a => a.StartsWith("--urls", StringComparison.Ordinal)))
        {
            builder.WebHost.UseUrls(options.Listen.ToString());
        }

        configure?.Invoke(builder);
        var personas = options.Personas.ToList();
        if (options.PersonasDirectory is not null)
        {
            personas.AddRange(PersonaCatalog.LoadDirectory(options.PersonasDirectory));
        }

        builder.Services.AddSingleton(options);
        // A host that runs on another clock (tests, the demo anchored at a chosen instant) registers it in configure.
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<EmulatorCounters>();
        builder.Services.AddSingleton(new PersonaCatalog(personas, options.DefaultPersona));
        builder.Services.AddHttpClient(nameof(Switchboard));
        builder.Services.AddSingleton(sp => new Switchboard(
            options,
            sp.GetRequiredService<PersonaCatalog>(),
            sp.GetRequiredService<EmulatorCounters>(),
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(Switchboard)),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("AiScheduler.Emulators")));

        var app = builder.Build();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("AiScheduler.Emulators");
        var counters = app.Services.GetRequiredService<EmulatorCounters>();
        var time = app.Services.GetRequiredService<TimeProvider>();
        var faults = new FaultInjection(options.Faults, time, counters);
        // Signatures are checked against real time (the signing clock), as ACS does, whatever clock the simulation runs on.
        var hmac = new HmacVerification(Convert.FromBase64String(options.AccessKey), options.AcceptBearerTokens, options.SigningClock, counters, logger);
        app.Use(faults.InvokeAsync);
        app.Use(hmac.InvokeAsync);
        app.MapCallAutomation();
        app.MapSimulation();
        app.MapGet("/", () => Results.Redirect("/emulator"));
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var board = app.Services.GetRequiredService<Switchboard>();
            board.BaseUri = ListeningAddress(app);
            Log.Listening(logger, board.BaseUri, board.Personas.All.Count());
        });
        return app;
    }

    private static Uri ListeningAddress(WebApplication app)
    {
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        // Kestrel reports wildcard hosts literally; callers need an address they can dial.
        var uri = new UriBuilder(address.Replace("://[::]", "://127.0.0.1", StringComparison.Ordinal).Replace("://0.0.0.0", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://+", "://127.0.0.1", StringComparison.Ordinal).Replace("://*", "://127.0.0.1", StringComparison.Ordinal)) { Path = "/" };
        return uri.Uri;
    }

    public async ValueTask DisposeAsync()
    {
        await Switchboard.DisposeAsync();
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
