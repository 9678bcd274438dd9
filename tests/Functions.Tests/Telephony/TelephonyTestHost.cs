using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using AiScheduler.Emulators;
using AiScheduler.Emulators.Callees;
using AiScheduler.Functions.Calls.Callbacks;
using AiScheduler.Functions.Hosting;
using AiScheduler.Functions.Providers.Telephony;
using AiScheduler.Functions.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace AiScheduler.Functions.Tests.Telephony;

/// <summary>
/// The telephony component as the app wires it (AddTelephony + AddAcsCallbacks + MapAcsCallbacks; the self-host's
/// in-process emulator when asked) on a real loopback port, talking to a real emulator over HTTP; a recording <see cref="ICallEventHandler"/> stands in for the call session.
/// </summary>
internal sealed class TelephonyTestHost : IAsyncDisposable
{
    public const string Callee = "+14255550123";
    public const string CallerId = "+14255550100";

    private TelephonyTestHost(TestApp host, ConcurrentQueue<JsonElement> eventGrid, bool inProcessEmulator)
    {
        Host = host;
        EventGrid = eventGrid;
        // The in-process emulator starts with the app.
        Emulator = inProcessEmulator ? App.Services.GetRequiredService<InProcessEmulator>().Host : host.Emulator;
    }

    /// <summary>The fixture underneath.</summary>
    public TestApp Host { get; }

    public WebApplication App => Host.App;

    /// <summary>The emulator the host talks to (the in-process one when Provider = emulator).</summary>
    public EmulatorHost? Emulator { get; }

    public Uri BaseUri => Host.BaseAddress;

    public ITelephony Telephony => App.Services.GetRequiredService<ITelephony>();

    public CallbackAddresses Callbacks => App.Services.GetRequiredService<CallbackAddresses>();

    public RecordedCallEvents Events => App.Services.GetRequiredService<RecordedCallEvents>();

    public ConcurrentQueue<JsonElement> EventGrid { get; }

    public static async Task<TelephonyTestHost> StartAsync(
        Action<EmulatorOptions>? emulatorOptions = null,
        IDictionary<string, string?>? settings = null,
        IEnumerable<Persona>? personas = null,
        string? accessKeyOverride = null,
        bool inProcessEmulator = false)
    {
        var port = LoopbackPorts.Free();
        var eventGridEndpoint = new Uri($"http://127.0.0.1:{port}/test/eventgrid");
        var configuration = new Dictionary<string, string?>
        {
            ["Http:Resilience:Retry:Delay"] = "00:00:00.010",
            ["Http:Resilience:Retry:MaxRetryAttempts"] = "3",
        };
        if (inProcessEmulator)
        {
            configuration["Telephony:CallbackBaseUri"] = $"http://127.0.0.1:{port}/";
            configuration["Telephony:CallbackSecret"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
            configuration["Telephony:Provider"] = "emulator";
            configuration["Telephony:Emulator:TimeScale"] = "0.01";
            configuration["Telephony:Emulator:EventGridEndpoint"] = eventGridEndpoint.ToString();
        }

        var eventGrid = new ConcurrentQueue<JsonElement>();
        var host = await TestApp.StartAsync(new TestAppOptions
        {
            // Anchored far from real time: the requests the ACS client dates (x-ms-date) and the callback tokens it
            // checks go by the app's signing clock (real time, as ACS and the emulator check them), not this one.
            Clock = TestClocks.StartingAt(TestClocks.Default),
            Port = port,
            Emulator = inProcessEmulator ? null : options =>
            {
                options.PersonasDirectory = null;
                options.EventGridEndpoint = eventGridEndpoint;
                options.TimeScale = 0.01;
                foreach (var persona in personas ?? [])
                {
                    options.Personas.Add(persona);
                }

                emulatorOptions?.Invoke(options);
            },
            AcsAccessKey = accessKeyOverride,
            Settings = configuration.With(settings),
            Compose = harness =>
            {
                var builder = WebApplication.CreateSlimBuilder();
                harness(builder);
                builder.Services.AddProblemDetails();
                if (inProcessEmulator)
                {
                    builder.Services.AddInProcessEmulator();
                }

                builder.Services.AddTelephony();
                builder.Services.AddAcsCallbacks();
                builder.Services.AddSingleton<RecordedCallEvents>();
                builder.Services.AddSingleton<ICallEventHandler>(sp => sp.GetRequiredService<RecordedCallEvents>());
                var app = builder.Build();
                app.MapAcsCallbacks();
                app.MapPost("/test/eventgrid", async (HttpRequest request) =>
                {
                    using var document = await JsonDocument.ParseAsync(request.Body);
                    foreach (var item in document.RootElement.EnumerateArray())
                    {
                        eventGrid.Enqueue(item.Clone());
                    }

                    return Results.Ok();
                });
                return app;
            },
            // No store, no sign-in: the tests drive the telephony port directly.
            SignIn = false,
        });
        return new TelephonyTestHost(host, eventGrid, inProcessEmulator);
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

    // The in-process emulator stops with the app; a separate one with the fixture.
    public ValueTask DisposeAsync() => Host.DisposeAsync();
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
