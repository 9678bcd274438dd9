using System.Net.Http.Json;
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

    private MeetingTestHost(TestApp app) => App = app;

    /// <summary>The telephony emulator the app calls leads through (ACS wire protocol over loopback HTTP).</summary>
    public EmulatorHost Emulator => App.Emulator!;

    public TestApp App { get; }

    public HttpClient Client => App.Client;

    /// <summary>The app's clock (it starts at <see cref="TestClocks.Default"/>).</summary>
    public TimeProvider Clock => App.Clock;

    public string Outbox => Path.Combine(App.Folder, "outbox");

    /// <param name="personas">The emulator's persona folder (default: the library in src/Emulators/Personas).</param>
    /// <param name="settings">More app settings, e.g. <c>Meetings:NoAnswerRetryDelay</c>.</param>
    public static async Task<MeetingTestHost> StartAsync(StoreProvider provider, PostgresFixture postgres, string reminderOffsets,
        CancellationToken cancellationToken, DurableEngine engine = DurableEngine.Ours, string? personas = null,
        IDictionary<string, string?>? settings = null) =>
        new(await TestApp.StartAsync(new TestAppOptions
        {
            Store = provider,
            Postgres = postgres,
            Engine = engine,
            Emulator = emulator => emulator.PersonasDirectory = personas ?? emulator.PersonasDirectory,
            Settings = new Dictionary<string, string?>(StringComparer.Ordinal)
            {
                ["Meetings:NoAnswerRetryDelay"] = "00:00:01",
                ["Meetings:SalesTeamEmail"] = "sales-team@example.com",
                ["Durable:MaxPollingInterval"] = "00:00:00.100",
                ["Meetings:ReminderOffsets"] = reminderOffsets,
                ["Meetings:OrganizerEmail"] = "sales@example.com",
                ["Meetings:OrganizerName"] = "Example Sales",
            }.With(settings),
        }, cancellationToken));

    public Task<Lead> AddLeadAsync(string name, string phone, string email, CancellationToken cancellationToken) =>
        CreateLeadAsync(Client, new { name, phone, email }, cancellationToken);

    /// <summary>Creates <paramref name="lead"/> through the API.</summary>
    public static async Task<Lead> CreateLeadAsync(HttpClient client, object lead, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var response = await client.PostAsJsonAsync("/api/leads", lead, Json, cancellationToken);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<Lead>(Json, cancellationToken))!;
    }

    /// <summary>A booked meeting as E2's booking writes it.</summary>
    public Task<Guid> BookAsync(Lead lead, DateTimeOffset startUtc, CancellationToken cancellationToken, int minutes = 30) =>
        BookAsync(App, lead, startUtc, cancellationToken, minutes);

    /// <summary>
    /// A booked meeting as booking writes it, by default from a call of its own and in the lead's zone; a meeting booked
    /// outside a call has no call id.
    /// </summary>
    public static async Task<Guid> BookAsync(TestApp app, Lead lead, DateTimeOffset startUtc, CancellationToken cancellationToken,
        int minutes = 30, bool fromCall = true, string? timeZone = null, string? localStart = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(lead);
        var id = Guid.CreateVersion7();
        var store = app.Services.GetRequiredService<DataStore>();
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO meetings (id, workspace_id, calendar_id, lead_id, call_id, attendee_email, start_utc, end_utc, time_zone,
                local_start, join_url, status, created_at, updated_at)
            VALUES (@id, @workspaceId, 'default', @leadId, @callId, @email, @start, @end, @zone, @local, @joinUrl, 'booked', @now, @now)
            """,
            new
            {
                id, workspaceId = Workspaces.DefaultId, leadId = lead.Id, callId = fromCall ? "call-" + id.ToString("N") : null, email = lead.Email,
                start = startUtc, end = startUtc.AddMinutes(minutes), zone = timeZone ?? lead.TimeZone,
                local = localStart ?? startUtc.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                joinUrl = $"http://localhost:7071/meet/{id:N}", now = app.Clock.GetUtcNow(),
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

    public ValueTask DisposeAsync() => App.DisposeAsync();
}
