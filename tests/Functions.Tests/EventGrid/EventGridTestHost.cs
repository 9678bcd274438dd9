using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using AiScheduler.Emulators;
using AiScheduler.Functions.Calls;
using AiScheduler.Functions.Hosting;
using AiScheduler.Functions.Leads;
using AiScheduler.Functions.Store;
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
    public const string AppNumber = "+14255550100";

    private EventGridTestHost(EmulatorHost emulator, WebApplication app, Uri address)
    {
        Emulator = emulator;
        App = app;
        Client = new HttpClient { BaseAddress = address };
        EmulatorClient = new HttpClient { BaseAddress = emulator.Endpoint };
    }

    public EmulatorHost Emulator { get; }

    public WebApplication App { get; }

    /// <summary>The app, signed in as an owner of the default workspace (<see cref="TestAuth"/>).</summary>
    public HttpClient Client { get; }

    /// <summary>A new client with no credentials; the caller disposes it.</summary>
    public HttpClient CreateAnonymousClient() => TestAuth.Anonymous(Client.BaseAddress!);

    /// <summary>The emulator's HTTP API (/emulator/incoming-calls, ...).</summary>
    public HttpClient EmulatorClient { get; }

    public T Get<T>() where T : notnull => App.Services.GetRequiredService<T>();

    public static async Task<EventGridTestHost> StartAsync(IDictionary<string, string?> storeSettings, IDictionary<string, string?>? settings,
        CancellationToken cancellationToken)
    {
        var port = LoopbackPorts.Free();
        var emulator = await EmulatorHost.StartAsync(new EmulatorOptions
        {
            AccessKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            PersonasDirectory = PersonaLibrary.Directory,
            EventGridEndpoint = new Uri($"http://127.0.0.1:{port}/api/eventgrid?code={Key}"),
            TimeScale = 0.02,
            RenderSpeech = false,
        }, cancellationToken);

        var scratch = Path.Combine(Path.GetTempPath(), "aischeduler-eventgrid-tests", Guid.NewGuid().ToString("N"));
        var configuration = new Dictionary<string, string?>(storeSettings, StringComparer.Ordinal)
        {
            ["Telephony:Provider"] = "acs",
            ["Telephony:Acs:ConnectionString"] = emulator.ConnectionString,
            ["Telephony:Acs:CallerId"] = AppNumber,
            ["Telephony:CallbackSecret"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Telephony:CallbackBaseUri"] = $"http://127.0.0.1:{port}/",
            ["EventGrid:Key"] = Key,
            ["Storage:Blobs:Directory"] = Path.Combine(scratch, "blobs"),
            ["Email:Outbox:Directory"] = Path.Combine(scratch, "outbox"),
            ["Llm:Provider"] = "rules",
            ["Calls:AgentName"] = "Alex",
            ["Calls:CompanyName"] = "Northwind",
            ["Calls:Purpose"] = "our scheduling service",
            // A calendar staffed around the clock, so the caller's own working hours decide what is offered.
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

        var app = AppHost.Build([], builder =>
        {
            builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
            builder.Configuration.AddInMemoryCollection(configuration);
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
        });
        await app.StartAsync(cancellationToken);
        await using (var csv = File.OpenRead(PersonaLibrary.SampleLeadsCsv))
        {
            await app.Services.GetRequiredService<LeadCsvImporter>().ImportAsync(
                csv, new LeadImportTarget(Workspaces.DefaultId), new LeadImportOptions(), null, cancellationToken);
        }

        var host = new EventGridTestHost(emulator, app, new Uri($"http://127.0.0.1:{port}/"));
        await TestAuth.AuthorizeAsync(app.Services, host.Client, cancellationToken);
        return host;
    }

    /// <summary>Waits until the call's session has settled and returns it.</summary>
    public async Task<CallSessionRecord> EndedAsync(string callId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var sessions = Get<CallSessionStore>();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            while (true)
            {
                if (await sessions.GetAsync(callId, deadline.Token) is { Phase: CallPhase.Ended } session)
                {
                    return session;
                }

                await Task.Delay(50, deadline.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            var transcript = await sessions.TranscriptAsync(callId, cancellationToken);
            throw new TimeoutException($"Call {callId} did not end within {timeout}:\n" + string.Join('\n', transcript.Select(t => $"{t.Speaker}: {t.Text}")));
        }
    }

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
        Client.Dispose();
        EmulatorClient.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        await Emulator.DisposeAsync();
    }
}
