using System.Runtime.CompilerServices;
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
/// The <see cref="TestApp"/> fixture with the call path as its composition, and the call helpers.
/// </summary>
internal sealed class CallsTestHost(TestApp host) : IAsyncDisposable
{
    /// <summary>The fixture underneath.</summary>
    public TestApp Host { get; } = host;

    /// <summary>The clock the app and the emulator share.</summary>
    public TimeProvider Clock => Host.Clock;

    public EmulatorHost Emulator => Host.Emulator!;

    public WebApplication App => Host.App;

    public T Get<T>() where T : notnull => Host.Get<T>();

    /// <param name="clock">The app's and the emulator's clock; by default one that starts at <see cref="TestClocks.Default"/>.</param>
    /// <param name="configure">Adds to the app's builder after its services (e.g. telemetry for a test).</param>
    public static async Task<CallsTestHost> StartAsync(IDictionary<string, string?> storeSettings, Action<EmulatorOptions>? emulator,
        IDictionary<string, string?>? settings, CancellationToken cancellationToken, TimeProvider? clock = null,
        Action<WebApplicationBuilder>? configure = null) =>
        new(await TestApp.StartAsync(new TestAppOptions
        {
            StoreSettings = storeSettings,
            Clock = clock ?? TestClocks.StartingAt(TestClocks.Default),
            Emulator = emulator ?? (_ => { }),
            Settings = TestSettings.Agent().With(TestSettings.RoundTheClockCalendar()).With(settings),
            Compose = ComposeCallPath(configure),
            SampleLeads = true,
            // The call path serves no sign-in: the tests drive its services directly.
            SignIn = false,
        }, cancellationToken));

    /// <summary>Only the call path: store, leads, telephony and call sessions, with the ACS callback endpoint.</summary>
    public static Func<Action<WebApplicationBuilder>, WebApplication> ComposeCallPath(Action<WebApplicationBuilder>? configure = null) =>
        harness =>
        {
            var builder = WebApplication.CreateBuilder();
            harness(builder);
            builder.Services.AddCallPath();
            configure?.Invoke(builder);
            return builder.BuildCallPath();
        };

    /// <summary>Calls the sample lead with <paramref name="phone"/>; returns our call id.</summary>
    public async Task<string> CallAsync(string phone, CancellationToken cancellationToken)
    {
        var lead = await Get<LeadStore>().FindByPhoneAsync(Workspaces.DefaultId, phone, cancellationToken)
            ?? throw new InvalidOperationException($"No sample lead has the number {phone}.");
        return await Get<OutboundCalls>().PlaceAsync(CallTarget.ForLead(lead), cancellationToken);
    }

    /// <summary>Waits until the call's session has settled and returns it.</summary>
    public Task<CallSessionRecord> EndedAsync(string callId, TimeSpan timeout, CancellationToken cancellationToken) =>
        Host.CallEndedAsync(callId, timeout, cancellationToken);

    public ValueTask DisposeAsync() => Host.DisposeAsync();
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
