using AiScheduler.Emulators;
using AiScheduler.Functions.Calls;
using AiScheduler.Functions.Tests.Calls;
using AiScheduler.Functions.Tests.Infrastructure;

namespace AiScheduler.Functions.Tests.EventGrid;

/// <summary>
/// The whole app (AppHost.Build, as served) on a loopback port, with the Communication Services emulator standing
/// alone on another, as in the local-azure stack: the app reaches the emulator with an ACS connection string, and the
/// emulator posts Event Grid events to the app's /api/eventgrid with the configured key in ?code=. The sample leads
/// are imported first.
/// </summary>
internal sealed class EventGridTestHost : IAsyncDisposable
{
    public const string Key = "event-grid-test-key-0123456789";
    public const string AppNumber = TestSettings.CallerId;

    private EventGridTestHost(TestApp host)
    {
        Host = host;
        EmulatorClient = new HttpClient { BaseAddress = host.Emulator!.Endpoint };
    }

    /// <summary>The fixture underneath.</summary>
    public TestApp Host { get; }

    public EmulatorHost Emulator => Host.Emulator!;

    public WebApplication App => Host.App;

    /// <summary>The app, signed in as an owner of the default workspace (<see cref="TestAuth"/>).</summary>
    public HttpClient Client => Host.Client;

    /// <summary>A new client with no credentials; the caller disposes it.</summary>
    public HttpClient CreateAnonymousClient() => Host.CreateAnonymousClient();

    /// <summary>The emulator's HTTP API (/emulator/incoming-calls, ...).</summary>
    public HttpClient EmulatorClient { get; }

    public T Get<T>() where T : notnull => Host.Get<T>();

    public static async Task<EventGridTestHost> StartAsync(IDictionary<string, string?> storeSettings, IDictionary<string, string?>? settings,
        CancellationToken cancellationToken)
    {
        var port = LoopbackPorts.Free();
        return new EventGridTestHost(await TestApp.StartAsync(new TestAppOptions
        {
            StoreSettings = storeSettings,
            // Anchored far from real time like every other host: the SAS links the app signs for the real Azurite and
            // the requests it dates for the emulator go by the app's signing clock (real time), not this one.
            Clock = TestClocks.StartingAt(TestClocks.Default),
            Port = port,
            Emulator = emulator => emulator.EventGridEndpoint = new Uri($"http://127.0.0.1:{port}/api/eventgrid?code={Key}"),
            Settings = new Dictionary<string, string?>(StringComparer.Ordinal) { ["EventGrid:Key"] = Key }
                .With(TestSettings.Agent())
                // A calendar staffed around the clock, so the caller's own working hours decide what is offered.
                .With(TestSettings.RoundTheClockCalendar())
                .With(settings),
            SampleLeads = true,
        }, cancellationToken));
    }

    /// <summary>Waits until the call's session has settled and returns it.</summary>
    public Task<CallSessionRecord> EndedAsync(string callId, TimeSpan timeout, CancellationToken cancellationToken) =>
        Host.CallEndedAsync(callId, timeout, cancellationToken);

    /// <summary>Polls <paramref name="probe"/> until it yields a value.</summary>
    public static async Task<T> EventuallyAsync<T>(Func<CancellationToken, Task<T?>> probe, TimeSpan timeout, string what, CancellationToken cancellationToken)
        where T : class
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            while (true)
            {
                if (await probe(deadline.Token) is { } value)
                {
                    return value;
                }

                await Task.Delay(50, deadline.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"Gave up after {timeout} waiting for {what}.");
        }
    }


    public async ValueTask DisposeAsync()
    {
        EmulatorClient.Dispose();
        await Host.DisposeAsync();
    }
}
