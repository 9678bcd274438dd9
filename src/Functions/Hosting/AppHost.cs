using AiScheduler.Functions.Calls;
using AiScheduler.Functions.Campaigns;
using AiScheduler.Functions.DoNotCall;
using AiScheduler.Functions.Analytics;
using AiScheduler.Functions.Calls.Callbacks;
using AiScheduler.Functions.EventGrid;
using AiScheduler.Functions.Hosting.Timers;
using AiScheduler.Functions.Leads;
using AiScheduler.Functions.Leads.Imports;
using AiScheduler.Functions.Meetings;
using AiScheduler.Functions.Providers.Calendar;
using AiScheduler.Functions.Providers.Email;
using AiScheduler.Functions.Providers.Storage;
using AiScheduler.Functions.Providers.Telephony;
using AiScheduler.Functions.Store;

namespace AiScheduler.Functions.Hosting;

/// <summary>
/// Composition root: one <c>AddX</c> per component, one <c>MapX</c> per endpoint group. Each feature folder owns its
/// extension methods; this class only lists them.
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

        builder.Services.AddClock();
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi();
        builder.Services.AddStore();
        builder.Services.AddLeads();
        builder.Services.AddStorage();
        builder.Services.AddEmail();
        builder.Services.AddCalendar();
        builder.Services.AddTelephony();
        builder.Services.AddCallSessions();
        builder.Services.AddEventGrid();
        builder.Services.AddTimers();
        builder.Services.AddAnalytics();
        builder.Services.AddDurableWorkflows();

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapOpenApi();
        app.MapHealthChecks("/healthz");
        app.MapLeads();
        app.MapEmails();
        app.MapAcsCallbacks();
        app.MapEventGrid();
        app.MapCallRecordings();
        app.MapAnalytics();
        app.MapLeadImports();
        app.MapMeetings();
        app.MapCampaigns();
        app.MapCalls();
        app.MapDoNotCall();
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
