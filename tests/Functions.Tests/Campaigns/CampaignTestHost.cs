using System.Net.Http.Json;
using System.Text.Json;
using AiScheduler.Emulators;
using AiScheduler.Functions.Leads;
using AiScheduler.Functions.Store;
using AiScheduler.Functions.Tests.Calls;
using AiScheduler.Functions.Tests.Infrastructure;
using AiScheduler.Testing;

namespace AiScheduler.Functions.Tests.Campaigns;

/// <summary>
/// The whole app (AppHost.Build: store, durable runtime, campaigns, call sessions, booking, meetings, email outbox) on a
/// loopback port, over a fresh SQLite file or PostgreSQL database, calling a standalone emulator that answers as a
/// chosen subset of the persona library, at 50x speed. The sample leads are imported.
/// </summary>
internal sealed class CampaignTestHost(TestApp host) : IAsyncDisposable
{
    /// <summary>The fixture underneath.</summary>
    public TestApp Host { get; } = host;

    public EmulatorHost Emulator => Host.Emulator!;

    public WebApplication App => Host.App;

    /// <summary>Signed in as an owner of the default workspace (<see cref="TestAuth"/>).</summary>
    public HttpClient Client => Host.Client;

    /// <summary>A new client with no credentials; the caller disposes it.</summary>
    public HttpClient CreateAnonymousClient() => Host.CreateAnonymousClient();

    /// <summary>The clock the app, its durable engine and the emulator share.</summary>
    public TimeProvider Clock => Host.Clock;

    public string Outbox => Path.Combine(Host.Folder, "outbox");

    public T Get<T>() where T : notnull => Host.Get<T>();

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
        var personaFolder = Directory.CreateDirectory(
            Path.Combine(Path.GetTempPath(), "aischeduler-campaign-" + Guid.NewGuid().ToString("N"), "personas")).FullName;
        foreach (var persona in personas)
        {
            // A library persona by id, or a persona file of the test's own by its full path.
            var source = Path.IsPathRooted(persona) ? persona : Path.Combine(PersonaLibrary.Directory, persona + ".json");
            File.Copy(source, Path.Combine(personaFolder, Path.GetFileName(source)));
        }

        try
        {
            return new CampaignTestHost(await TestApp.StartAsync(new TestAppOptions
            {
                Store = provider,
                Postgres = postgres,
                Engine = engine,
                Clock = clock,
                Emulator = emulator =>
                {
                    emulator.PersonasDirectory = personaFolder;
                    // 50x speed by default; a browser test that watches a call happen slows it down.
                    emulator.TimeScale = timeScale;
                },
                Settings = new Dictionary<string, string?>(StringComparer.Ordinal) { ["Storage:Provider"] = "local", ["Email:Provider"] = "outbox" }
                    .With(TestSettings.RoundTheClockCalendar())
                    .With(TestSettings.FastCampaigns(TimeSpan.FromSeconds(30)))
                    .With(settings),
                SampleLeads = true,
            }, cancellationToken));
        }
        finally
        {
            // The emulator has read its personas when it started.
            Directory.Delete(Path.GetDirectoryName(personaFolder)!, recursive: true);
        }
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


    public ValueTask DisposeAsync() => Host.DisposeAsync();
}
