using System.Security.Cryptography;
using AiScheduler.Emulators;
using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.Providers.Telephony;

/// <summary>
/// With <c>Telephony:Provider = emulator</c> (the embedded default), starts the Communication Services emulator on a
/// loopback port with a fresh access key and hands the ACS client its connection, so the app talks to it through
/// exactly the HTTP + HMAC path it uses against Azure.
/// </summary>
internal sealed class InProcessEmulator(IOptions<TelephonyOptions> options, AcsConnectionSource connection, TimeProvider clock,
    ILogger<InProcessEmulator> logger) : IHostedService, IAsyncDisposable
{
    private EmulatorHost? host;
    private EmulatorOptions? emulatorOptions;

    public EmulatorHost? Host => host;

    /// <summary>Where the emulator posts Event Grid events (IncomingCall, RecordingFileStatusUpdated), key included.</summary>
    public Uri? EventGridEndpoint => emulatorOptions?.EventGridEndpoint;

    /// <summary>
    /// Points the emulator's Event Grid deliveries at <paramref name="endpoint"/> (this app's /api/eventgrid with its key),
    /// once the app knows its address and key. The emulator reads the endpoint at each delivery.
    /// </summary>
    internal void DeliverEventGridTo(Uri endpoint)
    {
        if (emulatorOptions is not null)
        {
            emulatorOptions.EventGridEndpoint = endpoint;
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var telephony = options.Value;
        if (telephony.Provider != TelephonyProvider.Emulator)
        {
            return;
        }

        var settings = telephony.Emulator;
        emulatorOptions = new EmulatorOptions
        {
            AccessKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            Listen = new Uri("http://127.0.0.1:" + settings.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            PersonasDirectory = settings.PersonasDirectory ?? PersonaLibrary(),
            // Without a configured endpoint, set once the app has started and knows its address and Event Grid key.
            EventGridEndpoint = settings.EventGridEndpoint,
            TimeScale = settings.TimeScale,
        };
        // The emulator keeps the app's time (it checks request dates and stamps events), also when that clock is anchored.
        host = await EmulatorHost.StartAsync(emulatorOptions, cancellationToken, builder => builder.Services.AddSingleton(clock));
        connection.Provide(AcsConnection.FromConnectionString(host.ConnectionString));
        Log.EmulatorStarted(logger, host.Endpoint);
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        if (host is not null)
        {
            await host.DisposeAsync();
            host = null;
        }
    }

    // The persona library ships with the emulator assembly (src/Emulators/Personas copied to the output folder).
    private static string? PersonaLibrary()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "Personas");
        return Directory.Exists(folder) && Directory.EnumerateFiles(folder, "*.json", SearchOption.AllDirectories).Any() ? folder : null;
    }
}
