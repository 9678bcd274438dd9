using System.Security.Cryptography;
using AiScheduler.Emulators.Callees;
using Microsoft.Extensions.Logging;

namespace AiScheduler.Emulators.Tests.Support;

/// <summary>One emulator plus a callback sink and a signed client, torn down together.</summary>
internal sealed class Emulator : IAsyncDisposable
{
    private Emulator(EmulatorHost host, EventSink sink)
    {
        Host = host;
        Sink = sink;
        Client = new SignedAcsClient(host.Endpoint, host.AccessKey);
    }

    public EmulatorHost Host { get; }

    public EventSink Sink { get; }

    public SignedAcsClient Client { get; }

    public static async Task<Emulator> StartAsync(Action<EmulatorOptions>? configure = null, params Persona[] personas)
    {
        var sink = await EventSink.StartAsync();
        var options = new EmulatorOptions
        {
            AccessKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            EventGridEndpoint = sink.EventGrid,
            TimeScale = 0.01,
            RenderSpeech = false,
        };
        foreach (var persona in personas)
        {
            options.Personas.Add(persona);
        }

        configure?.Invoke(options);
        var host = await EmulatorHost.StartAsync(options, configure: b => b.Logging.SetMinimumLevel(LogLevel.Warning));
        return new Emulator(host, sink);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Host.DisposeAsync();
        await Sink.DisposeAsync();
    }
}
