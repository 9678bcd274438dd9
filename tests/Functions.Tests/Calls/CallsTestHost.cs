using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using AiScheduler.Emulators;
using AiScheduler.Functions.Calls;
using AiScheduler.Functions.Calls.Callbacks;
using AiScheduler.Functions.Leads;
using AiScheduler.Functions.Store;
using AiScheduler.Functions.Tests.Infrastructure;
using AiScheduler.Functions.Providers.Telephony;

namespace AiScheduler.Functions.Tests.Calls;

/// <summary>
/// The Communication Services emulator on its own loopback port, and the app's call path (store, leads, ACS client,
/// callback endpoint, call session, booking, rule-based brain) on another, talking to each other over real HTTP with
/// HMAC-signed requests and signed callback URLs, exactly as with Azure. The sample leads are imported first.
/// </summary>
internal sealed class CallsTestHost : IAsyncDisposable
{
    private CallsTestHost(EmulatorHost emulator, WebApplication app, TimeProvider clock)
    {
        Emulator = emulator;
        App = app;
        Clock = clock;
    }

    /// <summary>The clock the app and the emulator share.</summary>
    public TimeProvider Clock { get; }

    public EmulatorHost Emulator { get; }

    public WebApplication App { get; }

    public T Get<T>() where T : notnull => App.Services.GetRequiredService<T>();

    /// <param name="clock">The app's and the emulator's clock; by default one that starts at <see cref="TestClocks.Default"/>.</param>
    /// <param name="configure">Adds to the app's builder after its services (e.g. telemetry for a test).</param>
    public static async Task<CallsTestHost> StartAsync(IDictionary<string, string?> storeSettings, Action<EmulatorOptions>? emulator,
        IDictionary<string, string?>? settings, CancellationToken cancellationToken, TimeProvider? clock = null,
        Action<WebApplicationBuilder>? configure = null)
    {
        clock ??= TestClocks.StartingAt(TestClocks.Default);
        var emulatorOptions = new EmulatorOptions
        {
            AccessKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            PersonasDirectory = PersonaLibrary.Directory,
            TimeScale = 0.02,
            RenderSpeech = false,
        };
        emulator?.Invoke(emulatorOptions);
        var emulatorHost = await EmulatorHost.StartAsync(emulatorOptions, cancellationToken, b => b.Services.AddSingleton(clock));

        var port = LoopbackPorts.Free();
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var configuration = new Dictionary<string, string?>(storeSettings, StringComparer.Ordinal)
        {
            ["Telephony:Provider"] = "acs",
            ["Telephony:Acs:ConnectionString"] = emulatorHost.ConnectionString,
            ["Telephony:Acs:CallerId"] = "+14255550100",
            ["Telephony:CallbackSecret"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Telephony:CallbackBaseUri"] = $"http://127.0.0.1:{port}/",
            ["Llm:Provider"] = "rules",
            ["Calls:AgentName"] = "Alex",
            ["Calls:CompanyName"] = "Northwind",
            ["Calls:Purpose"] = "our scheduling service",
            // A calendar staffed around the clock, so every lead's own working hours decide what is offered.
            ["Booking:TimeZone"] = "Etc/UTC",
            ["Booking:Days"] = "Sunday,Monday,Tuesday,Wednesday,Thursday,Friday,Saturday",
            ["Booking:Opens"] = "00:00",
            ["Booking:Closes"] = "23:59",
            ["Booking:GranularityMinutes"] = "60",
            ["Booking:MinimumNoticeMinutes"] = "60",
            ["Booking:MaxSlotsPerDay"] = "3",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(configuration);
        builder.Services.AddSingleton(clock);
        builder.Services.AddProblemDetails();
        builder.Services.AddStore();
        builder.Services.AddLeads();
        builder.Services.AddTelephony();
        builder.Services.AddCallSessions();
        configure?.Invoke(builder);
        var app = builder.Build();
        app.MapAcsCallbacks();
        await app.StartAsync(cancellationToken);

        await using (var csv = File.OpenRead(PersonaLibrary.SampleLeadsCsv))
        {
            await app.Services.GetRequiredService<LeadCsvImporter>().ImportAsync(
                csv, new LeadImportTarget(Workspaces.DefaultId), new LeadImportOptions(), null, cancellationToken);
        }

        return new CallsTestHost(emulatorHost, app, clock);
    }

    /// <summary>Calls the sample lead with <paramref name="phone"/>; returns our call id.</summary>
    public async Task<string> CallAsync(string phone, CancellationToken cancellationToken)
    {
        var lead = await Get<LeadStore>().FindByPhoneAsync(Workspaces.DefaultId, phone, cancellationToken)
            ?? throw new InvalidOperationException($"No sample lead has the number {phone}.");
        return await Get<OutboundCalls>().PlaceAsync(CallTarget.ForLead(lead), cancellationToken);
    }

    /// <summary>Waits until the call's session has settled and returns it.</summary>
    public async Task<CallSessionRecord> EndedAsync(string callId, TimeSpan timeout, CancellationToken cancellationToken)
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
        await App.StopAsync();
        await App.DisposeAsync();
        await Emulator.DisposeAsync();
    }
}

/// <summary>The persona library (src/Emulators/Personas) and the sample leads its numbers belong to.</summary>
internal static class PersonaLibrary
{
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "Personas") is var copied && System.IO.Directory.Exists(copied)
        ? copied
        : Path.Combine(RepositoryRoot(), "src", "Emulators", "Personas");

    public static string SampleLeadsCsv => Path.Combine(AppContext.BaseDirectory, "Samples", "leads.csv") is var copied && File.Exists(copied)
        ? copied
        : Path.Combine(RepositoryRoot(), "src", "Host", "Samples", "leads.csv");

    private static string RepositoryRoot([CallerFilePath] string sourceFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(sourceFile)!, "..", "..", ".."));
}
