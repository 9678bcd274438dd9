using System.Net.Http.Json;
using System.Security.Cryptography;
using AiScheduler.Emulators;
using System.Text;
using System.Text.Json;
using AiScheduler.Functions.Emails;
using AiScheduler.Functions.Leads;
using AiScheduler.Functions.Store;
using AiScheduler.Functions.Tests.Email;
using AiScheduler.Functions.Tests.Infrastructure;
using AiScheduler.Testing;
using Dapper;

namespace AiScheduler.Functions.Tests.Meetings;

/// <summary>The app with an outbox in a temp folder, fast durable polling, and helpers to seed leads and booked meetings.</summary>
internal sealed class MeetingTestHost : IAsyncDisposable
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private MeetingTestHost(TestApp app, string outbox, EmulatorHost emulator)
    {
        App = app;
        Outbox = outbox;
        Emulator = emulator;
    }

    /// <summary>The telephony emulator the app calls leads through (ACS wire protocol over loopback HTTP).</summary>
    public EmulatorHost Emulator { get; }

    public TestApp App { get; }

    public HttpClient Client => App.Client;

    /// <summary>The app's clock (it starts at <see cref="TestClocks.Default"/>).</summary>
    public TimeProvider Clock => App.Clock;

    public string Outbox { get; }

    /// <param name="personas">The emulator's persona folder (default: the library in src/Emulators/Personas).</param>
    /// <param name="settings">More app settings, e.g. <c>Meetings:NoAnswerRetryDelay</c>.</param>
    public static async Task<MeetingTestHost> StartAsync(StoreProvider provider, PostgresFixture postgres, string reminderOffsets,
        CancellationToken cancellationToken, DurableEngine engine = DurableEngine.Ours, string? personas = null,
        IDictionary<string, string?>? settings = null)
    {
        var root = Path.Combine(Path.GetTempPath(), "aischeduler-meeting-tests", Guid.NewGuid().ToString("N"));
        var outbox = Path.Combine(root, "outbox");
        // The app and the emulator share one clock (the emulator checks request dates and stamps events with it).
        var clock = TestClocks.For(engine);
        var emulator = await EmulatorHost.StartAsync(new EmulatorOptions
        {
            AccessKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            PersonasDirectory = personas ?? Calls.PersonaLibrary.Directory,
            TimeScale = 0.02,
            RenderSpeech = false,
        }, cancellationToken, builder => builder.Services.AddSingleton(clock));
        var port = LoopbackPorts.Free();
        var configuration = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Telephony:Provider"] = "acs",
            ["Telephony:Acs:ConnectionString"] = emulator.ConnectionString,
            ["Telephony:Acs:CallerId"] = "+14255550100",
            ["Telephony:CallbackSecret"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Telephony:CallbackBaseUri"] = $"http://127.0.0.1:{port.ToString(System.Globalization.CultureInfo.InvariantCulture)}/",
            ["Llm:Provider"] = "rules",
            ["Meetings:NoAnswerRetryDelay"] = "00:00:01",
            ["Meetings:SalesTeamEmail"] = "sales-team@example.com",
            ["Storage:Blobs:Directory"] = Path.Combine(root, "blobs"),
            ["Email:Outbox:Directory"] = outbox,
            ["Durable:MaxPollingInterval"] = "00:00:00.100",
            ["Meetings:ReminderOffsets"] = reminderOffsets,
            ["Meetings:OrganizerEmail"] = "sales@example.com",
            ["Meetings:OrganizerName"] = "Example Sales",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }

        var app = await TestApp.StartAsync(provider, postgres, configuration, cancellationToken, engine, clock, port);
        return new MeetingTestHost(app, outbox, emulator);
    }

    public async Task<Lead> AddLeadAsync(string name, string phone, string email, CancellationToken cancellationToken)
    {
        using var response = await Client.PostAsJsonAsync("/api/leads", new { name, phone, email }, Json, cancellationToken);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<Lead>(Json, cancellationToken))!;
    }

    /// <summary>A booked meeting as E2's booking writes it.</summary>
    public async Task<Guid> BookAsync(Lead lead, DateTimeOffset startUtc, CancellationToken cancellationToken, int minutes = 30)
    {
        var id = Guid.CreateVersion7();
        var store = App.Services.GetRequiredService<DataStore>();
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO meetings (id, workspace_id, calendar_id, lead_id, call_id, attendee_email, start_utc, end_utc, time_zone,
                local_start, join_url, status, created_at, updated_at)
            VALUES (@id, @workspaceId, 'default', @leadId, @callId, @email, @start, @end, @zone, @local, @joinUrl, 'booked', @now, @now)
            """,
            new
            {
                id, workspaceId = Workspaces.DefaultId, leadId = lead.Id, callId = "call-" + id.ToString("N"), email = lead.Email,
                start = startUtc, end = startUtc.AddMinutes(minutes), zone = lead.TimeZone, local = startUtc.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                joinUrl = $"http://localhost:7071/meet/{id:N}", now = Clock.GetUtcNow(),
            },
            cancellationToken: cancellationToken));
        return id;
    }

    public async Task<IReadOnlyList<EmailRecord>> EmailsAsync(Guid meetingId, CancellationToken cancellationToken)
    {
        var page = await App.Services.GetRequiredService<EmailStore>()
            .ListAsync(Workspaces.DefaultId, new EmailQuery(MeetingId: meetingId, PageSize: 100), cancellationToken);
        return page.Items.OrderBy(email => email.CreatedAt).ToList();
    }

    /// <summary>Polls the emails table until <paramref name="done"/> holds (bounded so a broken pipeline fails instead of hanging).</summary>
    public async Task<IReadOnlyList<EmailRecord>> WaitForEmailsAsync(Guid meetingId, Func<IReadOnlyList<EmailRecord>, bool> done,
        CancellationToken cancellationToken)
    {
        using var guard = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        guard.CancelAfter(TimeSpan.FromMinutes(1));
        while (true)
        {
            var emails = await EmailsAsync(meetingId, guard.Token);
            // A record is written as queued before the provider is called: only settled emails have their .eml file
            // and their final attempt count, so a test never races the dispatcher it is observing.
            if (emails.All(email => email.Status != EmailStatus.Queued) && done(emails))
            {
                return emails;
            }

            await Task.Delay(50, guard.Token);
        }
    }

    /// <summary>The .eml file the outbox wrote for the email.</summary>
    public MimeEntity Read(EmailRecord email) =>
        MimeEntity.Parse(Encoding.ASCII.GetString(File.ReadAllBytes(Path.Combine(Outbox, $"{email.Id:D}.eml"))));

    /// <summary>The unfolded iCalendar of an email's invite.ics attachment.</summary>
    public string InviteIcs(EmailRecord email)
    {
        var mime = Read(email);
        var attachment = mime.Parts.Single(part => part.Header("Content-Disposition")?.Contains("invite.ics", StringComparison.Ordinal) == true);
        return Domain.Calendar.CalendarText.Unfold(attachment.DecodedText());
    }

    /// <summary>
    /// The next weekday at least two days after the app's now, at <paramref name="hour"/>:00 in London (inside the
    /// default business hours).
    /// </summary>
    public DateTimeOffset LondonWorkdayAt(int hour, int daysAhead = 2)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
        var day = TimeZoneInfo.ConvertTime(Clock.GetUtcNow(), zone).Date.AddDays(daysAhead);
        while (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
        {
            day = day.AddDays(1);
        }

        var local = day.AddHours(hour);
        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Emulator.DisposeAsync();
    }
}
