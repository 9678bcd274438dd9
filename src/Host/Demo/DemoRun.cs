using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Serialization;
using AiScheduler.Domain.Campaigns;
using AiScheduler.Domain.Conversation;
using Microsoft.DurableTask.Client;
using AiScheduler.Functions.Campaigns;
using AiScheduler.Functions.Hosting;
using AiScheduler.Functions.Leads;
using AiScheduler.Functions.Meetings;
using AiScheduler.Functions.Meetings.Analysis;
using AiScheduler.Functions.Meetings.Interview;
using AiScheduler.Functions.Security;
using AiScheduler.Functions.Store;
using Dapper;
using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.Demo;

/// <summary>
/// The main job, end to end on the embedded default: a fresh SQLite store, blob folder and outbox under the data
/// directory, the in-process Communication Services emulator answering as the persona library, the bundled leads
/// imported, and one campaign calling all of them at full speed (window open all week in every lead's zone, retries
/// after seconds, 16 calls at once). A live progress line goes to stderr; the summary is read back from the store.
/// Under another profile (AISCHEDULER_PROFILE=local-azure, environment from infra/local/up.sh) the demo runs on that
/// profile's services instead: the shared PostgreSQL, Azurite and the standalone emulator, listening on the port of
/// Telephony:CallbackBaseUri so the emulator's callbacks and Event Grid events reach it. A shared store is never wiped:
/// the demo's campaign is a fresh one over the leads the import just wrote, and every figure is read for that campaign.
/// </summary>
public static class DemoRun
{
    /// <summary>Demo retry policy: 4 calls to a lead who does not answer, 2 s, 4 s, then 6 s apart; one voicemail retry.</summary>
    public static RetrySettings DemoRetry { get; } = new(4, [TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(6)], 1, 2);

    public const int DemoConcurrency = 16;

    /// <summary>The demo campaign's purpose (a noun phrase) and pitch (full sentences) in each language the agent speaks.</summary>
    public static CampaignPitch DemoPitch { get; } = new(new Dictionary<string, PitchText>(StringComparer.Ordinal)
    {
        ["en"] = new("a short demo of AiScheduler, our AI meeting scheduler",
            "It calls your leads in their own language and puts meetings straight into your calendar."),
        ["he"] = new("הדגמה קצרה של AiScheduler, מתזמן הפגישות החכם שלנו",
            "הוא מתקשר ללידים שלכם בשפה שלהם ומכניס את הפגישות ישר ליומן."),
        ["fr"] = new("une courte démonstration d'AiScheduler, notre planificateur de rendez-vous",
            "Il appelle vos prospects dans leur langue et inscrit les rendez-vous directement dans votre agenda."),
        ["de"] = new("eine kurze Vorführung von AiScheduler, unserem KI-Terminplaner",
            "Er ruft Ihre Interessenten in ihrer Sprache an und trägt die Termine direkt in Ihren Kalender ein."),
        ["es"] = new("una breve demostración de AiScheduler, nuestro planificador de reuniones",
            "Llama a sus clientes potenciales en su idioma y anota las reuniones directamente en su calendario."),
    }, "en");

    private static readonly TimeSpan LongestRun = TimeSpan.FromMinutes(3);

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static async Task<int> RunAsync(DemoSettings settings, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var elapsed = Stopwatch.StartNew();
        var leadsPath = settings.Leads?.FullName ?? DemoCommand.BundledLeadsPath;
        if (!File.Exists(leadsPath))
        {
            await error.WriteLineAsync($"The leads file '{leadsPath}' does not exist; pass an existing CSV with --leads.");
            return 1;
        }

        if (settings.Personas is { } personas && !Directory.Exists(personas.FullName))
        {
            await error.WriteLineAsync($"The personas directory '{personas.FullName}' does not exist; pass a folder of persona JSON files with --personas.");
            return 1;
        }

        var data = Path.GetFullPath(settings.Data.FullName);
        if (Directory.Exists(data))
        {
            Directory.Delete(data, recursive: true);
        }

        Directory.CreateDirectory(data);
        var outbox = Path.Combine(data, "outbox");
        var port = 0;
        var shared = false;
        // The in-process emulator builds its own host from the environment; these keep its logs quiet and on stderr too,
        // so stdout holds only the demo's output.
        Environment.SetEnvironmentVariable("Logging__LogLevel__Default", "Warning");
        Environment.SetEnvironmentVariable("Logging__Console__LogToStandardErrorThreshold", "Trace");
        await using var app = AppHost.Build([], builder =>
        {
            var profile = Profiles.Select(builder.Configuration);
            shared = !string.Equals(profile.Name, Profiles.Embedded, StringComparison.Ordinal);
            // On a shared stack the standalone emulator calls back (and posts Event Grid events) to the profile's callback address.
            port = shared ? CallbackPort(builder.Configuration, profile) : FreePort();
            builder.WebHost.UseUrls($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
            builder.Configuration.AddInMemoryCollection(shared
                ? SharedStackConfiguration(outbox)
                : DemoConfiguration(data, outbox, port, settings.Personas?.FullName));
            builder.Configuration.AddInMemoryCollection(settings.ClockConfiguration);
            // stdout carries only the demo's own output (one JSON document with --json); logs go to stderr.
            builder.Logging.ClearProviders();
            builder.Logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
        });

        if (shared && settings.At is not null)
        {
            await error.WriteLineAsync("--at applies to the embedded profile only: the standalone emulator and the other hosts of a shared stack keep the system clock.");
            return 1;
        }

        if (shared && settings.Personas is not null)
        {
            await error.WriteLineAsync("--personas applies to the in-process emulator only; the standalone emulator loads its own library (its --personas).");
            return 1;
        }

        var services = app.Services;
        await services.GetRequiredService<SchemaMigrator>().MigrateAsync(cancellationToken);
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (IOException ex) when (shared)
        {
            await error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"Cannot listen on 127.0.0.1:{port} (Telephony:CallbackBaseUri): {ex.Message} Stop the stack's host (infra/local/down.sh, then infra/local/up.sh with START_HOST=0) so the demo receives the emulator's callbacks."));
            return 1;
        }

        var store = services.GetRequiredService<DataStore>();
        var dashboard = await DemoSignInAsync(services, cancellationToken);
        var importedSince = services.GetRequiredService<TimeProvider>().GetUtcNow();
        LeadImportResult import;
        await using (var csv = File.OpenRead(leadsPath))
        {
            try
            {
                import = await services.GetRequiredService<LeadCsvImporter>().ImportAsync(csv, new LeadImportTarget(Workspaces.DefaultId),
                    services.GetRequiredService<IOptions<LeadsOptions>>().Value.Import, null, cancellationToken);
            }
            catch (LeadImportRejectedException ex)
            {
                await error.WriteLineAsync($"The leads file was refused: {ex.Message}");
                return 1;
            }
        }

        var campaigns = services.GetRequiredService<CampaignStore>();
        // A fresh store holds only the sample, all new; a shared one may hold earlier runs' leads (no longer new), so the
        // campaign names the leads this import wrote.
        var selection = shared ? new LeadSelection(LeadIds: await ImportedLeadsAsync(store, importedSince, cancellationToken)) : LeadSelection.AllNew;
        var campaign = await campaigns.CreateAsync(Workspaces.DefaultId, "Demo campaign",
            new CampaignSettings("Mon-Sun 00:00-23:59", DemoConcurrency, "Etc/UTC", DemoRetry, null, null, DemoPitch), selection,
            CampaignStatus.Draft, cancellationToken);
        var started = await services.GetRequiredService<CampaignLauncher>().StartAsync(campaign, null, cancellationToken);
        if (!started.IsAllowed)
        {
            await error.WriteLineAsync($"The demo campaign could not start: {started.Reason}");
            return 1;
        }

        var finished = await FollowAsync(services, store, campaign.Id, elapsed, error, cancellationToken);
        await WaitForInvitesAsync(store, campaign.Id, cancellationToken);
        // The meeting half: a rep presses "start now" on every booked meeting; the AI calls each lead and interviews them.
        var meetingsDone = await RunMeetingsAsync(services, store, campaign.Id, port, dashboard.ApiKey, elapsed, error, cancellationToken);
        var report = await ReportAsync(services, store, campaign.Id, import, finished && meetingsDone, outbox, elapsed, cancellationToken);
        if (settings.Json)
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(report, JsonOptions));
        }
        else
        {
            await WriteTextAsync(report, output);
        }

        if (settings.KeepRunning)
        {
            await error.WriteLineAsync($"Serving the API at http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/ (e.g. GET /api/campaigns/{campaign.Id}/status, signed in or with 'Authorization: Bearer <key>'); Ctrl+C stops.");
            // One line to sign in with; on stderr under --json, whose stdout is one JSON document.
            await (settings.Json ? error : output).WriteLineAsync(
                $"Dashboard: http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/ email {DemoEmail} password {dashboard.Password}");
            await app.WaitForShutdownAsync(cancellationToken);
        }

        await app.StopAsync(CancellationToken.None);
        return finished ? 0 : 3;
    }

    /// <summary>Settings of the demo host, on top of the embedded defaults.</summary>
    public static Dictionary<string, string?> DemoConfiguration(string data, string outbox, int port, string? personas)
    {
        var configuration = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Store:Provider"] = "sqlite",
            ["Store:ConnectionString"] = $"Data Source={Path.Combine(data, "aischeduler.db")}",
            ["Storage:Provider"] = "local",
            ["Storage:Blobs:Directory"] = Path.Combine(data, "blobs"),
            ["Email:Provider"] = "outbox",
            ["Email:Outbox:Directory"] = outbox,
            ["Telephony:Provider"] = "emulator",
            ["Telephony:CallbackBaseUri"] = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/",
            // Calls at 50x speed: a 30 s ring takes 0.6 s; the conversation is the same.
            ["Telephony:Emulator:TimeScale"] = "0.02",
            ["Llm:Provider"] = "rules",
            // A calendar staffed around the clock, so each lead's own working hours decide what is offered.
            ["Booking:TimeZone"] = "Etc/UTC",
            ["Booking:Days"] = "Sunday,Monday,Tuesday,Wednesday,Thursday,Friday,Saturday",
            ["Booking:Opens"] = "00:00",
            ["Booking:Closes"] = "23:59",
            ["Booking:GranularityMinutes"] = "60",
            ["Booking:MinimumNoticeMinutes"] = "60",
            ["Booking:MaxSlotsPerDay"] = "3",
            ["Campaigns:CallEndedTimeout"] = "00:01:00",
            // A lead who misses the AI's meeting call is called again a second later (minutes in production).
            ["Meetings:NoAnswerRetryDelay"] = "00:00:01",
            ["Meetings:CallTimeout"] = "00:01:00",
            ["Campaigns:MinimumWait"] = "00:00:00.500",
            ["Durable:MaxPollingInterval"] = "00:00:00.200",
            // The demo calls simulated personas whenever it is run, with sample leads that carry no consent records; the
            // per-country calling rules (on everywhere else) would hold most of them back, so the demo turns them off.
            ["CallingRules:Enabled"] = "false",
            // host.json asks for Information; the demo's stderr shows its progress line and warnings only.
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:AiScheduler"] = "Warning",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        };
        if (personas is not null)
        {
            configuration["Telephony:Emulator:PersonasDirectory"] = personas;
        }

        return configuration;
    }

    /// <summary>
    /// Settings of the demo on a shared stack: only the demo's pace (calendar, campaign timings, polling) and logging;
    /// the store, storage, telephony and email come from the profile and the environment.
    /// </summary>
    public static Dictionary<string, string?> SharedStackConfiguration(string outbox)
    {
        var configuration = DemoConfiguration("", outbox, 0, null);
        foreach (var key in configuration.Keys.Where(key => !key.StartsWith("Booking:", StringComparison.Ordinal)
                     && !key.StartsWith("CallingRules:", StringComparison.Ordinal)
                     && !key.StartsWith("Campaigns:", StringComparison.Ordinal) && !key.StartsWith("Durable:", StringComparison.Ordinal)
                     && !key.StartsWith("Meetings:", StringComparison.Ordinal)
                     && !key.StartsWith("Logging:", StringComparison.Ordinal) && !string.Equals(key, "Email:Outbox:Directory", StringComparison.Ordinal))
                     .ToList())
        {
            configuration.Remove(key);
        }

        return configuration;
    }

    private static int CallbackPort(IConfiguration configuration, Profile profile)
    {
        var callback = configuration["Telephony:CallbackBaseUri"] ?? profile.Defaults.GetValueOrDefault("Telephony:CallbackBaseUri");
        return Uri.TryCreate(callback, UriKind.Absolute, out var uri) && uri.IsLoopback
            ? uri.Port
            : throw new InvalidOperationException(
                $"The demo on profile '{profile.Name}' listens where the emulator calls back, so Telephony:CallbackBaseUri must be a loopback address (http://127.0.0.1:7071/), not '{callback}'.");
    }

    /// <summary>The demo's dashboard user (an owner of the demo's workspace).</summary>
    public const string DemoEmail = "demo@aischeduler.local";

    /// <summary>
    /// The demo's workspace (the default one, which a fresh store creates) gets an owner, <see cref="DemoEmail"/>, with a
    /// new random password each run, and an API key the demo itself uses to start the meetings over HTTP.
    /// </summary>
    private static async Task<(string Password, string ApiKey)> DemoSignInAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var workspace = await services.GetRequiredService<WorkspaceStore>().GetAsync(Workspaces.DefaultId, cancellationToken)
            ?? throw new InvalidOperationException("The store has no default workspace; run 'migrate' first.");
        var password = System.Buffers.Text.Base64Url.EncodeToString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(15));
        var hash = services.GetRequiredService<Passwords>().Hash(password);
        var users = services.GetRequiredService<UserStore>();
        if (await users.FindByEmailAsync(DemoEmail, cancellationToken) is { } existing)
        {
            // A shared store keeps the user from an earlier run; this run's password replaces theirs.
            await users.SetPasswordHashAsync(existing.Id, hash, cancellationToken);
            if (await users.RoleAsync(workspace.Id, existing.Id, cancellationToken) is null)
            {
                await users.AddMemberAsync(workspace.Id, DemoEmail, "Demo owner", Roles.Owner, null, cancellationToken);
            }
        }
        else
        {
            await users.AddMemberAsync(workspace.Id, DemoEmail, "Demo owner", Roles.Owner, hash, cancellationToken);
        }

        var key = await services.GetRequiredService<ApiKeyStore>().CreateAsync(workspace.Id, "demo run", [Scopes.Read, Scopes.Write], null, cancellationToken);
        return (password, key.Key);
    }

    /// <summary>The leads the import wrote (inserted or updated since <paramref name="since"/>).</summary>
    private static async Task<List<Guid>> ImportedLeadsAsync(DataStore store, DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<Guid>(new CommandDefinition(
            "SELECT id FROM leads WHERE workspace_id = @workspaceId AND phone IS NOT NULL AND erased_at IS NULL AND updated_at >= @since",
            new { workspaceId = Workspaces.DefaultId, since }, cancellationToken: cancellationToken))).ToList();
    }

    /// <summary>The language a call ended in, from its session state (JSON text on SQLite, jsonb on PostgreSQL).</summary>
    private static string CallLanguage(DataStore store, string session) =>
        store.Provider == StoreProvider.Postgres ? $"({session}.state ->> 'language')" : $"json_extract({session}.state, '$.language')";

    /// <summary>Shows the live progress line until the campaign's orchestration ends; false if it did not end in time.</summary>
    private static async Task<bool> FollowAsync(IServiceProvider services, DataStore store, Guid campaignId, Stopwatch elapsed, TextWriter error,
        CancellationToken cancellationToken)
    {
        var campaigns = services.GetRequiredService<CampaignStore>();
        var durable = services.GetRequiredService<DurableTaskClient>();
        var line = "";
        while (true)
        {
            var progress = await campaigns.ProgressAsync(campaignId, 0, cancellationToken);
            long calls;
            await using (var connection = await store.OpenConnectionAsync(cancellationToken))
            {
                calls = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "SELECT COUNT(*) FROM call_sessions s JOIN call_attempts a ON a.call_id = s.call_id WHERE a.campaign_id = @campaignId",
                new { campaignId }, cancellationToken: cancellationToken));
            }

            var booked = progress.ByOutcome.TryGetValue("booked", out var b) ? b : 0;
            var next = string.Create(CultureInfo.InvariantCulture,
                $"\r[{elapsed.Elapsed.TotalSeconds,5:0.0}s] calls {calls,3} | in flight {progress.InFlight,2} | settled {progress.Settled,3}/{progress.Total} | waiting {progress.Waiting,2} | booked {booked,2} ");
            if (!string.Equals(next, line, StringComparison.Ordinal))
            {
                await error.WriteAsync(next);
                line = next;
            }

            var instance = await durable.GetInstanceAsync(Campaign.InstanceIdFor(campaignId), cancellation: cancellationToken);
            if (instance is { IsCompleted: true })
            {
                await error.WriteLineAsync();
                return instance.RuntimeStatus == OrchestrationRuntimeStatus.Completed;
            }

            if (elapsed.Elapsed > LongestRun)
            {
                await error.WriteLineAsync();
                await error.WriteLineAsync($"The campaign had not finished after {LongestRun.TotalMinutes} minutes; the summary shows where it stands.");
                return false;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
        }
    }

    /// <summary>Each booking's Meeting orchestration sends its invite just after the call; give the last ones a moment.</summary>
    private static async Task WaitForInvitesAsync(DataStore store, Guid campaignId, CancellationToken cancellationToken)
    {
        for (var round = 0; round < 100; round++)
        {
            await using var connection = await store.OpenConnectionAsync(cancellationToken);
            var missing = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                """
                SELECT COUNT(*) FROM meetings m JOIN call_attempts a ON a.call_id = m.call_id
                WHERE a.campaign_id = @campaignId AND m.status = 'booked'
                  AND NOT EXISTS (SELECT 1 FROM emails e WHERE e.meeting_id = m.id AND e.status = 'sent')
                """, new { campaignId }, cancellationToken: cancellationToken));
            if (missing == 0)
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }
    }

    /// <summary>
    /// Starts every meeting the campaign booked at once (<c>POST /api/meetings/{id}/start</c>, as a rep pressing "start
    /// now") and follows their orchestrations until each has ended: interviewed and analysed, or a no-show after the retry.
    /// False if they had not all ended in time.
    /// </summary>
    private static async Task<bool> RunMeetingsAsync(IServiceProvider services, DataStore store, Guid campaignId, int port, string apiKey,
        Stopwatch elapsed, TextWriter error, CancellationToken cancellationToken)
    {
        List<Guid> ids;
        await using (var connection = await store.OpenConnectionAsync(cancellationToken))
        {
            ids = (await connection.QueryAsync<Guid>(new CommandDefinition(
                """
                SELECT m.id FROM meetings m JOIN call_attempts a ON a.call_id = m.call_id
                WHERE a.campaign_id = @campaignId AND m.status = 'booked' ORDER BY m.start_utc
                """, new { campaignId }, cancellationToken: cancellationToken))).ToList();
        }

        using var api = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/") };
        api.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", apiKey);
        await Task.WhenAll(ids.Select(async id =>
        {
            using var response = await api.PostAsync(new Uri($"api/meetings/{id:D}/start", UriKind.Relative), null, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                var problem = await response.Content.ReadAsStringAsync(cancellationToken);
                await error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Meeting {id} did not start: {(int)response.StatusCode} {problem}"));
            }
        }));

        var durable = services.GetRequiredService<DurableTaskClient>();
        var line = "";
        while (true)
        {
            var instances = await Task.WhenAll(ids.Select(id =>
                durable.GetInstanceAsync(MeetingWorkflowInput.InstanceIdFor(id), getInputsAndOutputs: true, cancellation: cancellationToken)));
            var ended = instances.Where(instance => instance is { IsCompleted: true }).ToList();
            var outcomes = ended.Select(instance => instance!.ReadOutputAs<MeetingWorkflowResult>()?.Outcome ?? "failed").ToList();
            var next = string.Create(CultureInfo.InvariantCulture,
                $"\r[{elapsed.Elapsed.TotalSeconds,5:0.0}s] meetings {ids.Count,3} | AI in {ids.Count - ended.Count,2} | completed {outcomes.Count(o => o == MeetingStatus.Completed),3} | no-show {outcomes.Count(o => o == MeetingStatus.NoShow),2} ");
            if (!string.Equals(next, line, StringComparison.Ordinal))
            {
                await error.WriteAsync(next);
                line = next;
            }

            if (ended.Count == ids.Count)
            {
                await error.WriteLineAsync();
                return true;
            }

            if (elapsed.Elapsed > LongestRun)
            {
                await error.WriteLineAsync();
                await error.WriteLineAsync($"The meetings had not all ended after {LongestRun.TotalMinutes} minutes; the summary shows where they stand.");
                return false;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
        }
    }

    /// <summary>One qualification per meeting the campaign booked: the analysis as it stands, or the no-show.</summary>
    private static async Task<List<DemoQualification>> QualificationsAsync(IServiceProvider services, IReadOnlyList<MeetingRow> meetings,
        CancellationToken cancellationToken)
    {
        var analyses = services.GetRequiredService<MeetingAnalysisStore>();
        var interviews = services.GetRequiredService<MeetingInterviews>();
        var result = new List<DemoQualification>();
        foreach (var meeting in meetings)
        {
            var analysis = await analyses.GetAsync(Workspaces.DefaultId, meeting.Id, cancellationToken);
            var transcript = await interviews.TranscriptAsync(Workspaces.DefaultId, meeting.Id, cancellationToken);
            var language = transcript.LastOrDefault(line => line.Speaker == TranscriptSpeakers.Ai)?.Language ?? meeting.LeadLanguage ?? "";
            if (analysis is null || meeting.Status != MeetingStatus.Completed)
            {
                result.Add(new DemoQualification(meeting.Phone ?? "", meeting.Id, meeting.Status, 0, 0, 0, 0, 0, [], [], language));
                continue;
            }

            var value = analysis.Value;
            result.Add(new DemoQualification(meeting.Phone ?? "", meeting.Id, value.Status, value.Overall, value.Budget.Score, value.Authority.Score,
                value.Need.Score, value.Timeline.Score, value.PainPoints, value.NextSteps, language));
        }

        return result;
    }

    private static async Task<DemoRunReport> ReportAsync(IServiceProvider services, DataStore store, Guid campaignId, LeadImportResult import,
        bool finished, string outbox, Stopwatch elapsed, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        var results = (await connection.QueryAsync<ResultRow>(new CommandDefinition(
            $"""
            SELECT cl.lead_id, l.phone, l.language AS lead_language, cl.state, cl.last_outcome, cl.settlement, cl.attempts, cl.next_at,
                   (SELECT {CallLanguage(store, "s")} FROM call_sessions s JOIN call_attempts a ON a.call_id = s.call_id
                    WHERE a.campaign_id = cl.campaign_id AND s.lead_id = cl.lead_id ORDER BY s.created_at DESC LIMIT 1) AS call_language
            FROM campaign_leads cl JOIN leads l ON l.id = cl.lead_id
            WHERE cl.campaign_id = @campaignId ORDER BY l.phone
            """, new { campaignId }, cancellationToken: cancellationToken))).ToList();
        var meetings = (await connection.QueryAsync<MeetingRow>(new CommandDefinition(
            $"""
            SELECT m.id, m.lead_id, l.phone, m.start_utc, m.time_zone, m.status, l.language AS lead_language,
                   (SELECT {CallLanguage(store, "s")} FROM call_sessions s WHERE s.call_id = m.call_id) AS call_language
            FROM meetings m JOIN call_attempts a ON a.call_id = m.call_id LEFT JOIN leads l ON l.id = m.lead_id
            WHERE a.campaign_id = @campaignId AND m.status <> 'cancelled' ORDER BY m.start_utc
            """, new { campaignId }, cancellationToken: cancellationToken))).ToList();
        // Every figure is this campaign's, so a shared store's earlier runs do not count.
        var calls = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM call_sessions s JOIN call_attempts a ON a.call_id = s.call_id WHERE a.campaign_id = @campaignId",
            new { campaignId }, cancellationToken: cancellationToken));
        var emails = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            """
            SELECT COUNT(*) FROM emails e JOIN meetings m ON m.id = e.meeting_id JOIN call_attempts a ON a.call_id = m.call_id
            WHERE a.campaign_id = @campaignId AND e.status = 'sent'
            """, new { campaignId }, cancellationToken: cancellationToken));
        var leads = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM campaign_leads WHERE campaign_id = @campaignId", new { campaignId }, cancellationToken: cancellationToken));

        var perLead = results.Select(r => new DemoResult(r.LeadId, r.Phone ?? "", r.CallLanguage ?? r.LeadLanguage, r.LastOutcome ?? r.Settlement ?? "not-called",
            r.Attempts, r.State == CampaignLeadState.Callback ? r.NextAt : null, r.State == CampaignLeadState.Settled ? r.Settlement : null)).ToList();
        var outcomes = perLead.GroupBy(r => r.Outcome, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var byLanguage = perLead.GroupBy(r => r.Language, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.GroupBy(r => r.Outcome, StringComparer.Ordinal).OrderBy(o => o.Key, StringComparer.Ordinal)
                .ToDictionary(o => o.Key, o => o.Count(), StringComparer.Ordinal), StringComparer.Ordinal);
        var booked = meetings.Select(m =>
        {
            var zone = TimeZoneInfo.FindSystemTimeZoneById(m.TimeZone);
            var local = TimeZoneInfo.ConvertTime(m.StartUtc, zone);
            return new DemoMeeting(m.Id, m.LeadId, m.Phone ?? "", m.CallLanguage ?? "", m.TimeZone, m.StartUtc.ToUniversalTime(),
                local.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture), local.ToString("dddd HH:mm", CultureInfo.InvariantCulture));
        }).ToList();
        var qualifications = await QualificationsAsync(services, meetings, cancellationToken);
        var waiting = perLead.Count(r => r.CallbackAt is not null);
        var settled = perLead.Count(r => r.Settlement is not null);
        return new DemoRunReport(
            (int)leads, (int)calls, outcomes, byLanguage, booked, perLead, (int)emails, outbox,
            Math.Round(elapsed.Elapsed.TotalSeconds, 1), finished, settled, waiting, store.Describe(),
            new DemoImport(import.Rows, import.Imported, import.Updated, import.Skipped, import.Failed), qualifications);
    }

    private static async Task WriteTextAsync(DemoRunReport report, TextWriter output)
    {
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"AiScheduler demo: {report.Leads} leads imported ({report.Import.Failed} rows rejected, {report.Import.Duplicates} duplicates merged) into {report.Store}."));
        var ending = report.Finished ? "." : "; the campaign had NOT finished.";
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{report.Calls} calls placed; {report.Settled} leads settled, {report.Waiting} waiting for a callback time in the future{ending}"));
        await output.WriteLineAsync();
        await output.WriteLineAsync("Outcomes (last call per lead):");
        foreach (var (outcome, count) in report.Outcomes)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  {outcome,-20} {count,4}"));
        }

        await output.WriteLineAsync();
        await output.WriteLineAsync("By language the call ended in:");
        foreach (var (language, outcomes) in report.ByLanguage)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"  {language,-6} {string.Join(", ", outcomes.Select(o => $"{o.Key} {o.Value}"))}"));
        }

        await output.WriteLineAsync();
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Meetings booked ({report.Meetings.Count}), in the lead's own time:"));
        foreach (var meeting in report.Meetings)
        {
            var phone = Domain.Phones.PhoneNumber.TryParse(meeting.Phone, null, out var number, out _) ? number.Masked : "***";
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"  {phone,-16} {meeting.Language,-6} {meeting.LocalDay,-16} {meeting.StartLocal}  ({meeting.TimeZone}; {meeting.StartUtc:yyyy-MM-dd HH:mm} UTC)"));
        }

        await output.WriteLineAsync();
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Qualification: the AI joined each meeting by phone ({report.Qualifications.Count}); BANT scores 0-100:"));
        foreach (var group in report.Qualifications.GroupBy(q => q.Status, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  {group.Key,-20} {group.Count(),4}"));
        }

        foreach (var q in report.Qualifications)
        {
            var phone = Domain.Phones.PhoneNumber.TryParse(q.Phone, null, out var number, out _) ? number.Masked : "***";
            var scores = q.Status == MeetingStatus.NoShow
                ? "no answer to either call"
                : string.Create(CultureInfo.InvariantCulture,
                    $"score {q.Score,3}  B {q.Budget,3} A {q.Authority,3} N {q.Need,3} T {q.Timeline,3}  {(q.PainPoints.Count > 0 ? q.PainPoints[0] : "")}");
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  {phone,-16} {q.Language,-3} {q.Status,-13} {scores}"));
        }

        var callbacks = report.Results.Where(r => r.CallbackAt is not null).ToList();
        if (callbacks.Count > 0)
        {
            await output.WriteLineAsync();
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Waiting for a callback ({callbacks.Count}):"));
            foreach (var result in callbacks)
            {
                var phone = Domain.Phones.PhoneNumber.TryParse(result.Phone, null, out var number, out _) ? number.Masked : "***";
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  {phone,-16} {result.Language,-6} at {result.CallbackAt:yyyy-MM-dd HH:mm} UTC"));
            }
        }

        await output.WriteLineAsync();
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Emails sent: {report.Emails}, written as .eml files to {report.Outbox}"));
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Elapsed: {report.ElapsedSeconds:0.0} s"));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed record DemoRunReport(
        int Leads,
        int Calls,
        IReadOnlyDictionary<string, int> Outcomes,
        IReadOnlyDictionary<string, Dictionary<string, int>> ByLanguage,
        IReadOnlyList<DemoMeeting> Meetings,
        IReadOnlyList<DemoResult> Results,
        int Emails,
        string Outbox,
        double ElapsedSeconds,
        bool Finished,
        int Settled,
        int Waiting,
        string Store,
        DemoImport Import,
        IReadOnlyList<DemoQualification> Qualifications);

    /// <summary>A meeting's qualification: the analysis status (qualified, nurture, disqualified) or no-show, with the BANT scores.</summary>
    private sealed record DemoQualification(string Phone, Guid MeetingId, string Status, int Score, int Budget, int Authority, int Need,
        int Timeline, IReadOnlyList<string> PainPoints, IReadOnlyList<string> NextSteps, string Language);

    private sealed record DemoImport(int Rows, int Imported, int Updated, int Duplicates, int Failed);

    private sealed record DemoMeeting(Guid MeetingId, Guid? LeadId, string Phone, string Language, string TimeZone, DateTimeOffset StartUtc,
        string StartLocal, string LocalDay);

    private sealed record DemoResult(Guid LeadId, string Phone, string Language, string Outcome, int Attempts, DateTimeOffset? CallbackAt,
        string? Settlement);

    private sealed class ResultRow
    {
        public Guid LeadId { get; set; }
        public string? Phone { get; set; }
        public string LeadLanguage { get; set; } = "";
        public string State { get; set; } = "";
        public string? LastOutcome { get; set; }
        public string? Settlement { get; set; }
        public int Attempts { get; set; }
        public DateTimeOffset? NextAt { get; set; }
        public string? CallLanguage { get; set; }
    }

    private sealed class MeetingRow
    {
        public Guid Id { get; set; }
        public Guid? LeadId { get; set; }
        public string? Phone { get; set; }
        public DateTimeOffset StartUtc { get; set; }
        public string TimeZone { get; set; } = "";
        public string? CallLanguage { get; set; }
        public string Status { get; set; } = "";
        public string? LeadLanguage { get; set; }
    }
}
