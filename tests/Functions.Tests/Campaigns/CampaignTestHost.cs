using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using AiScheduler.Emulators;
using AiScheduler.Functions.Hosting;
using AiScheduler.Functions.Leads;
using AiScheduler.Functions.Store;
using AiScheduler.Functions.Tests.Calls;
using AiScheduler.Functions.Tests.Infrastructure;
using AiScheduler.Testing;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace AiScheduler.Functions.Tests.Campaigns;

/// <summary>
/// The whole app (AppHost.Build: store, durable runtime, campaigns, call sessions, booking, meetings, email outbox) on a
/// loopback port, over a fresh SQLite file or PostgreSQL database, calling a standalone emulator that answers as a
/// chosen subset of the persona library, at 50x speed. The sample leads are imported.
/// </summary>
internal sealed class CampaignTestHost : IAsyncDisposable
{
    private readonly string folder;

    private CampaignTestHost(EmulatorHost emulator, WebApplication app, HttpClient client, string folder, TimeProvider clock)
    {
        Clock = clock;
        Emulator = emulator;
        App = app;
        Client = client;
        this.folder = folder;
    }

    public EmulatorHost Emulator { get; }

    public WebApplication App { get; }

    /// <summary>Signed in as an owner of the default workspace (<see cref="TestAuth"/>).</summary>
    public HttpClient Client { get; }

    /// <summary>A new client with no credentials; the caller disposes it.</summary>
    public HttpClient CreateAnonymousClient() => TestAuth.Anonymous(Client.BaseAddress!);

    /// <summary>The clock the app, its durable engine and the emulator share.</summary>
    public TimeProvider Clock { get; }

    public string Outbox => Path.Combine(folder, "outbox");

    public T Get<T>() where T : notnull => App.Services.GetRequiredService<T>();

    public static Task<CampaignTestHost> StartAsync(StoreProvider provider, PostgresFixture postgres, IReadOnlyList<string> personas,
        CancellationToken cancellationToken, DurableEngine engine = DurableEngine.Ours) =>
        StartAsync(provider, postgres, personas, null, cancellationToken, engine);

    /// <summary>
    /// As above, with <paramref name="settings"/> applied over the harness's own (another storage provider, say), on
    /// <paramref name="clock"/> (by default <see cref="TestClocks.For"/> the engine: one that starts at
    /// <see cref="TestClocks.Default"/> on ours, the system clock on Microsoft's, whose orchestrations read the system
    /// time - with the app on another clock, a meeting booked for "tomorrow" would already have begun for the Meeting
    /// orchestration, which would call the lead to join it in the middle of the sweep).
    /// </summary>
    public static async Task<CampaignTestHost> StartAsync(StoreProvider provider, PostgresFixture postgres, IReadOnlyList<string> personas,
        IReadOnlyDictionary<string, string?>? settings, CancellationToken cancellationToken, DurableEngine engine = DurableEngine.Ours, TimeProvider? clock = null,
        double timeScale = 0.02)
    {
        clock ??= TestClocks.For(engine);
        var folder = Path.Combine(Path.GetTempPath(), "aischeduler-campaign-" + Guid.NewGuid().ToString("N"));
        var personaFolder = Directory.CreateDirectory(Path.Combine(folder, "personas")).FullName;
        foreach (var persona in personas)
        {
            // A library persona by id, or a persona file of the test's own by its full path.
            var source = Path.IsPathRooted(persona) ? persona : Path.Combine(PersonaLibrary.Directory, persona + ".json");
            File.Copy(source, Path.Combine(personaFolder, Path.GetFileName(source)));
        }

        var emulator = await EmulatorHost.StartAsync(new EmulatorOptions
        {
            AccessKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            PersonasDirectory = personaFolder,
            // 50x speed by default; a browser test that watches a call happen slows it down.
            TimeScale = timeScale,
            RenderSpeech = false,
        }, cancellationToken, b => b.Services.AddSingleton(clock));

        var port = LoopbackPorts.Free();
        var configuration = await TestDatabase.SettingsAsync(provider, postgres, cancellationToken);
        foreach (var (key, value) in new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Telephony:Provider"] = "acs",
            ["Telephony:Acs:ConnectionString"] = emulator.ConnectionString,
            ["Telephony:Acs:CallerId"] = "+14255550100",
            ["Telephony:CallbackSecret"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Telephony:CallbackBaseUri"] = $"http://127.0.0.1:{port}/",
            ["Llm:Provider"] = "rules",
            ["Storage:Provider"] = "local",
            ["Storage:Blobs:Directory"] = Path.Combine(folder, "blobs"),
            ["Email:Provider"] = "outbox",
            ["Email:Outbox:Directory"] = Path.Combine(folder, "outbox"),
            ["Booking:TimeZone"] = "Etc/UTC",
            ["Booking:Days"] = "Sunday,Monday,Tuesday,Wednesday,Thursday,Friday,Saturday",
            ["Booking:Opens"] = "00:00",
            ["Booking:Closes"] = "23:59",
            ["Booking:GranularityMinutes"] = "60",
            ["Booking:MinimumNoticeMinutes"] = "60",
            ["Booking:MaxSlotsPerDay"] = "3",
            ["Campaigns:CallEndedTimeout"] = "00:00:30",
            ["Campaigns:MinimumWait"] = "00:00:00.200",
            ["Durable:MaxPollingInterval"] = "00:00:00.200",
            // The sweeps call at any hour of the test clock with sample leads that have no consent records; the tests of
            // the calling rules turn them back on (CallingRules:Enabled).
            ["CallingRules:Enabled"] = "false",
        })
        {
            configuration[key] = value;
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }

        var app = AppHost.Build([], builder =>
        {
            builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
            builder.Services.AddSingleton(clock);
            builder.Configuration.AddInMemoryCollection(configuration);
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.UseDurableEngine(engine);
        });
        app.Services.EnsureEngine(engine);
        await app.Services.GetRequiredService<SchemaMigrator>().MigrateAsync(cancellationToken);
        await app.StartAsync(cancellationToken);
        await using (var csv = File.OpenRead(PersonaLibrary.SampleLeadsCsv))
        {
            await app.Services.GetRequiredService<LeadCsvImporter>().ImportAsync(
                csv, new LeadImportTarget(Workspaces.DefaultId), new LeadImportOptions(), null, cancellationToken);
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var client = new HttpClient { BaseAddress = new Uri(address) };
        await TestAuth.AuthorizeAsync(app.Services, client, cancellationToken);
        return new CampaignTestHost(emulator, app, client, folder, clock);
    }

    public async Task<Guid> LeadIdAsync(string phone, CancellationToken cancellationToken) =>
        (await Get<LeadStore>().FindByPhoneAsync(Workspaces.DefaultId, phone, cancellationToken)
            ?? throw new InvalidOperationException($"No sample lead has the number {phone}.")).Id;

    /// <summary>Creates a campaign through the API and returns its id.</summary>
    public async Task<Guid> CreateCampaignAsync(object request, CancellationToken cancellationToken)
    {
        using var response = await Client.PostAsJsonAsync("/api/campaigns", request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetGuid();
    }

    /// <summary>
    /// Creates a campaign over <paramref name="leadIds"/> with the sweep settings the end-to-end tests share (window open
    /// all week, <paramref name="concurrency"/> calls at once, retries a second or two apart), starts it and waits until
    /// its orchestration completes. Returns the campaign id and its last status document.
    /// </summary>
    public async Task<(Guid CampaignId, JsonElement Status)> RunSweepAsync(string name, IEnumerable<Guid> leadIds, TimeSpan timeout,
        CancellationToken cancellationToken, int concurrency = 2)
    {
        var campaignId = await CreateCampaignAsync(new
        {
            name,
            callingWindow = "Mon-Sun 00:00-23:59",
            concurrency,
            timeZone = "Etc/UTC",
            retry = new { maxAttempts = 3, delays = new[] { "00:00:01", "00:00:01", "00:00:02" }, maxVoicemailRetries = 1, maxCallbacks = 2 },
            leads = new { leadIds },
        }, cancellationToken);
        using (var start = await Client.PostAsync($"/api/campaigns/{campaignId}/start", null, cancellationToken))
        {
            Assert.Equal(System.Net.HttpStatusCode.Accepted, start.StatusCode);
        }

        var status = await WaitForStatusAsync(campaignId, s => s.GetProperty("orchestration").GetString() == "Completed", timeout, cancellationToken);
        return (campaignId, status);
    }

    /// <summary>Polls the status endpoint until the campaign's orchestration is no longer running; returns the last status document.</summary>
    public async Task<JsonElement> WaitForStatusAsync(Guid campaignId, Func<JsonElement, bool> done, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var status = await Client.GetFromJsonAsync<JsonElement>($"/api/campaigns/{campaignId}/status", cancellationToken);
            if (done(status))
            {
                return status;
            }

            if (waited.Elapsed > timeout)
            {
                throw new TimeoutException($"Campaign {campaignId} did not get there within {timeout}: {status}");
            }

            await Task.Delay(200, cancellationToken);
        }
    }


    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        await Emulator.DisposeAsync();
    }
}
