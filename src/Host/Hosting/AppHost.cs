using AiScheduler.Functions.Calls.Callbacks;
using AiScheduler.Functions.Calls;
using AiScheduler.Functions.Dashboard;
using AiScheduler.Functions.Hosting.Timers;
using AiScheduler.Functions.Meetings.Room;
using AiScheduler.Functions.Security;

namespace AiScheduler.Functions.Hosting;

/// <summary>
/// The self-host's composition root: the shared features (<see cref="FeatureComposition"/>) served by ASP.NET Core, with
/// our durable engine and the self-host's timer and queue trigger runners.
/// </summary>
public static class AppHost
{
    public const int DefaultPort = 7071;

    /// <summary>Serves the API until shut down (the CLI's default verb).</summary>
    public static async Task<int> ServeAsync(string[] args, CancellationToken cancellationToken)
    {
        await using var app = Build(args);
        await app.StartAsync(cancellationToken);
        await app.WaitForShutdownAsync(cancellationToken);
        return 0;
    }

    /// <summary>
    /// Builds the host. Configuration, later sources winning: host.json, local.settings.json (<c>Values</c>),
    /// environment variables, command line, then whatever <paramref name="configure"/> adds (tests, demo).
    /// </summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        AddFunctionsConfiguration(builder, args);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            builder.WebHost.UseUrls($"http://localhost:{DefaultPort}");
        }

        configure?.Invoke(builder);
        builder.UseProfile();
        builder.AddServiceDefaults();

        builder.Services.AddOpenApi();
        // The embedded default's telephony: the emulator in this process, started before the features' own services.
        builder.Services.AddInProcessEmulator();
        builder.Services.AddFeatures();
        builder.Services.AddTimers();
        builder.Services.AddDurableWorkflows();
        builder.Services.AddMeetingRoom();
        builder.Services.AddRequestSafety();
        builder.Services.AddCallbackBaseProbe();
        builder.Services.AddLiveCallsHub();

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseBrowserSafety();
        // Limits count per signed-in user or API key, so this stays after authentication when that is added.
        app.UseRateLimits();
        app.MapOpenApi();
        app.MapFeatures();
        // The room's static files come before sign-in (public by design); its page and hub carry their own token.
        app.UseMeetingRoom();
        app.MapLiveCallsHub();
        // The dashboard's shell is public too (its data is not): page requests no endpoint serves get it before sign-in.
        app.UseDashboard();
        app.UseSecurity();
        return app;
    }

    private static void AddFunctionsConfiguration(WebApplicationBuilder builder, string[] args)
    {
        var contentRoot = builder.Environment.ContentRootPath;
        var hostJson = Path.Combine(contentRoot, "host.json");
        builder.Configuration.AddJsonFile(File.Exists(hostJson) ? hostJson : Path.Combine(AppContext.BaseDirectory, "host.json"),
            optional: true, reloadOnChange: false);
        builder.Configuration.AddLocalSettingsJson(Path.Combine(contentRoot, "local.settings.json"), optional: true);
        // Re-added so they still win over the two files above, as in the Functions host.
        builder.Configuration.AddEnvironmentVariables();
        builder.Configuration.AddCommandLine(args);
    }
}
