using System.Globalization;
using System.Security.Cryptography;
using AiScheduler.Emulators;
using AiScheduler.Functions.Providers.Telephony;
using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.Hosting;

/// <summary>
/// The self-host's embedded telephony: with <c>Telephony:Provider = emulator</c> (the embedded default), starts the
/// Communication Services emulator (src/Emulators, the same component the standalone emulator runs) on a loopback port
/// with a fresh access key and hands the ACS client its connection, so the app talks to it through exactly the
/// HTTP + HMAC path it uses against Azure. Only this host references the emulator; the features library and the Azure
/// Functions app do not.
/// </summary>
internal sealed partial class InProcessEmulator(IOptions<TelephonyOptions> options, AcsConnectionSource connection, TimeProvider clock,
    [FromKeyedServices(SigningClock.Key)] TimeProvider signingClock, ILogger<InProcessEmulator> logger) : IEmbeddedTelephony, IHostedService, IAsyncDisposable
{
    private EmulatorHost? host;
    private EmulatorOptions? emulatorOptions;

    public EmulatorHost? Host => host;

    public Uri? EventGridEndpoint => emulatorOptions?.EventGridEndpoint;

    /// <summary>The emulator reads the endpoint at each delivery, so it can be set after it has started.</summary>
    public void DeliverEventGridTo(Uri endpoint)
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
            Listen = new Uri("http://127.0.0.1:" + settings.Port.ToString(CultureInfo.InvariantCulture)),
            PersonasDirectory = settings.PersonasDirectory ?? PersonaLibrary(),
            // Without a configured endpoint, set once the app has started and knows its address and Event Grid key.
            EventGridEndpoint = settings.EventGridEndpoint,
            TimeScale = settings.TimeScale,
            // Request dates are checked against the real time the app signs them with, as ACS would.
            SigningClock = signingClock,
        };
        // The simulation keeps the app's time (it stamps events and recordings with it), also when that clock is anchored.
        host = await EmulatorHost.StartAsync(emulatorOptions, cancellationToken, builder => builder.Services.AddSingleton(clock));
        connection.Provide(AcsConnection.FromConnectionString(host.ConnectionString));
        EmulatorStarted(logger, host.Endpoint);
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

    [LoggerMessage(4002, LogLevel.Information, "In-process Communication Services emulator listening on {Endpoint}")]
    private static partial void EmulatorStarted(ILogger logger, Uri endpoint);
}

public static class InProcessEmulatorServiceCollectionExtensions
{
    /// <summary>
    /// The Communication Services emulator as this host's embedded telephony (<see cref="IEmbeddedTelephony"/>): started in
    /// process when <c>Telephony:Provider</c> is <c>emulator</c>, idle otherwise.
    /// </summary>
    public static IServiceCollection AddInProcessEmulator(this IServiceCollection services) =>
        services.AddEmbeddedTelephony<InProcessEmulator>();
}
