using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json;
using AiScheduler.Emulators;
using AiScheduler.Emulators.Callees;
using AiScheduler.Functions.Calls.Callbacks;
using AiScheduler.Functions.Providers.Telephony;
using Microsoft.AspNetCore.Http;

namespace AiScheduler.Functions.Tests.Telephony;

/// <summary>
/// The telephony component as the app wires it (AddTelephony + MapAcsCallbacks) on a real loopback port, talking to a
/// real emulator over HTTP; a recording <see cref="ICallEventHandler"/> stands in for the call session.
/// </summary>
internal sealed class TelephonyTestHost : IAsyncDisposable
{
    public const string Callee = "+14255550123";
    public const string CallerId = "+14255550100";

    private TelephonyTestHost(WebApplication app, EmulatorHost? emulator, Uri baseUri)
    {
        App = app;
        Emulator = emulator;
        BaseUri = baseUri;
    }

    public WebApplication App { get; }

    /// <summary>The emulator the host talks to (the in-process one when Provider = emulator).</summary>
    public EmulatorHost? Emulator { get; private set; }

    public Uri BaseUri { get; }

    public ITelephony Telephony => App.Services.GetRequiredService<ITelephony>();

    public CallbackAddresses Callbacks => App.Services.GetRequiredService<CallbackAddresses>();

    public RecordedCallEvents Events => App.Services.GetRequiredService<RecordedCallEvents>();

    public ConcurrentQueue<JsonElement> EventGrid { get; } = new();

    public static async Task<TelephonyTestHost> StartAsync(
        Action<EmulatorOptions>? emulatorOptions = null,
        IDictionary<string, string?>? settings = null,
        IEnumerable<Persona>? personas = null,
        string? accessKeyOverride = null,
        bool inProcessEmulator = false)
    {
        var port = FreePort();
        var baseUri = new Uri($"http://127.0.0.1:{port}/");
        EmulatorHost? emulator = null;
        var configuration = new Dictionary<string, string?>
        {
            ["Telephony:CallbackBaseUri"] = baseUri.ToString(),
            ["Telephony:CallbackSecret"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Http:Resilience:Retry:Delay"] = "00:00:00.010",
            ["Http:Resilience:Retry:MaxRetryAttempts"] = "3",
        };
        if (inProcessEmulator)
        {
            configuration["Telephony:Provider"] = "emulator";
            configuration["Telephony:Emulator:TimeScale"] = "0.01";
            configuration["Telephony:Emulator:EventGridEndpoint"] = new Uri(baseUri, "test/eventgrid").ToString();
        }
        else
        {
            var options = new EmulatorOptions
            {
                AccessKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
                EventGridEndpoint = new Uri(baseUri, "test/eventgrid"),
                TimeScale = 0.01,
                RenderSpeech = false,
            };
            foreach (var persona in personas ?? [])
            {
                options.Personas.Add(persona);
            }

            emulatorOptions?.Invoke(options);
            emulator = await EmulatorHost.StartAsync(options, configure: b => b.Logging.SetMinimumLevel(LogLevel.Warning));
            configuration["Telephony:Provider"] = "acs";
            configuration["Telephony:Acs:ConnectionString"] = $"endpoint={emulator.Endpoint};accesskey={accessKeyOverride ?? emulator.AccessKey}";
            configuration["Telephony:Acs:CallerId"] = CallerId;
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(baseUri.ToString());
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(configuration);
        builder.Services.AddProblemDetails();
        builder.Services.AddTelephony();
        builder.Services.AddSingleton<RecordedCallEvents>();
        builder.Services.AddSingleton<ICallEventHandler>(sp => sp.GetRequiredService<RecordedCallEvents>());
        var app = builder.Build();
        app.MapAcsCallbacks();
        var host = new TelephonyTestHost(app, emulator, baseUri);
        app.MapPost("/test/eventgrid", async (HttpRequest request) =>
        {
            using var document = await JsonDocument.ParseAsync(request.Body);
            foreach (var item in document.RootElement.EnumerateArray())
            {
                host.EventGrid.Enqueue(item.Clone());
            }

            return Results.Ok();
        });
        await app.StartAsync();
        if (inProcessEmulator)
        {
            host.Emulator = app.Services.GetRequiredService<InProcessEmulator>().Host;
        }

        return host;
    }

    public static Persona Persona(AnswerKind answer, OutOfRepliesBehaviour whenOut = OutOfRepliesBehaviour.Silence, params string[] replies) =>
        new("callee", [Callee], "en-US", answer, 1, replies.Select(r => new PersonaReply(r)).ToList(), whenOut);

    public async Task<JsonElement> WaitForEventGridAsync(string eventType)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (true)
        {
            var found = EventGrid.FirstOrDefault(e => e.GetProperty("eventType").GetString() == eventType);
            if (found.ValueKind == JsonValueKind.Object)
            {
                return found;
            }

            await Task.Delay(20, timeout.Token);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        // The in-process emulator stops with the app; a separate one is ours to stop.
        var ownsEmulator = App.Services.GetRequiredService<InProcessEmulator>().Host is null;
        await App.StopAsync();
        await App.DisposeAsync();
        if (Emulator is not null && ownsEmulator)
        {
            await Emulator.DisposeAsync();
        }
    }
}

/// <summary>Stands in for the call session: records what the dispatcher hands over, in order.</summary>
internal sealed class RecordedCallEvents : ICallEventHandler
{
    private readonly ConcurrentQueue<(string CallId, CallEvent Event)> events = new();
    private readonly SemaphoreSlim arrived = new(0);

    public IReadOnlyList<(string CallId, CallEvent Event)> All => events.ToList();

    public Task HandleAsync(string callId, CallEvent callEvent, CancellationToken ct)
    {
        events.Enqueue((callId, callEvent));
        arrived.Release();
        return Task.CompletedTask;
    }

    public async Task<T> WaitForAsync<T>(Func<T, bool>? where = null)
        where T : CallEvent
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (true)
        {
            var found = events.Select(e => e.Event).OfType<T>().FirstOrDefault(e => where?.Invoke(e) ?? true);
            if (found is not null)
            {
                return found;
            }

            try
            {
                await arrived.WaitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"No {typeof(T).Name} arrived; got {string.Join(", ", events.Select(e => e.Event.GetType().Name))}");
            }
        }
    }
}
