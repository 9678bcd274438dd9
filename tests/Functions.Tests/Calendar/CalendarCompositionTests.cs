using AiScheduler.Functions.Meetings.Booking;
using AiScheduler.Functions.Providers.Calendar;
using AiScheduler.Functions.Store;
using AiScheduler.Functions.Tests.Infrastructure;
using AiScheduler.Functions.Tests.Storage;
using AiScheduler.Testing;
using Dapper;
using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.Tests.Calendar;

public sealed class SqliteBuiltInCalendarTests(PostgresFixture postgres) : BuiltInCalendarTests(StoreProvider.Sqlite, postgres);

public sealed class PostgresBuiltInCalendarTests(PostgresFixture postgres) : BuiltInCalendarTests(StoreProvider.Postgres, postgres);

/// <summary>The built-in calendar is the store's meetings table, chosen by default in the real host.</summary>
public abstract class BuiltInCalendarTests(StoreProvider provider, PostgresFixture postgres)
{
    private static readonly DateTimeOffset Monday = new(2026, 3, 9, 0, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Booked_meetings_of_the_configured_calendar_are_its_busy_time()
    {
        await using var app = await TestApp.StartAsync(provider, postgres, new Dictionary<string, string?> { ["Booking:CalendarId"] = "sales" }, Ct);
        await InsertAsync(app, "sales", Monday.AddHours(9), "booked");
        await InsertAsync(app, "sales", Monday.AddHours(11), "booked");
        await InsertAsync(app, "sales", Monday.AddHours(13), "cancelled");
        await InsertAsync(app, "support", Monday.AddHours(15), "booked");
        await InsertAsync(app, "sales", Monday.AddDays(2).AddHours(9), "booked");
        var calendar = app.Services.GetRequiredService<ICalendarProvider>();

        var busy = await calendar.GetBusyAsync(Monday.AddHours(9).AddMinutes(15), Monday.AddDays(1), Ct);

        Assert.Equal("builtin", calendar.Provider);
        Assert.Equal([(Monday.AddHours(9), Monday.AddHours(9.5)), (Monday.AddHours(11), Monday.AddHours(11.5))],
            busy.Select(b => (b.Start.ToUniversalTime(), b.End.ToUniversalTime())).ToArray());
    }

    [Fact]
    public async Task Writing_events_keeps_the_meeting_as_its_own_event()
    {
        await using var app = await TestApp.StartAsync(provider, postgres, cancellationToken: Ct);
        var calendar = app.Services.GetRequiredService<ICalendarProvider>();
        var meetingId = Guid.CreateVersion7();
        var meeting = new CalendarEvent(meetingId, "Introductory call", "", Monday.AddHours(10), Monday.AddHours(10.5), "Europe/London",
            new CalendarAttendee("dana@example.com"));

        var eventId = await calendar.CreateEventAsync(meeting, Ct);

        Assert.Equal(meetingId.ToString("D"), eventId);
        Assert.Equal(eventId, await calendar.RescheduleEventAsync(eventId, meeting, Ct));
        Assert.Equal(eventId, await calendar.CancelEventAsync(eventId, Ct));
    }

    private static async Task InsertAsync(TestApp app, string calendarId, DateTimeOffset start, string status)
    {
        var store = app.Services.GetRequiredService<DataStore>();
        await using var connection = await store.OpenConnectionAsync(Ct);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO meetings (id, workspace_id, calendar_id, lead_id, call_id, attendee_email, start_utc, end_utc,
                time_zone, local_start, join_url, status, created_at, updated_at)
            VALUES (@Id, @WorkspaceId, @CalendarId, NULL, NULL, 'dana@example.com', @Start, @End,
                'Europe/London', '2026-03-09T09:00', 'http://localhost/meet/x', @Status, @Start, @Start)
            """,
            new { Id = Guid.CreateVersion7(), WorkspaceId = Workspaces.DefaultId, CalendarId = calendarId, Start = start, End = start.AddMinutes(30), Status = status },
            cancellationToken: Ct));
    }
}

/// <summary>Calendar settings are checked when the host starts, with messages naming the setting to fix.</summary>
public sealed class CalendarSettingsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>These hosts fail before they read the time; a frozen clock keeps them off the real one all the same.</summary>
    private static ManualClock Clock() => new(TestClocks.MondayMorning);

    [Fact]
    public async Task An_unknown_provider_is_refused_naming_the_choices()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            CalendarHost.StartAsync(new Dictionary<string, string?> { ["Calendar:Provider"] = "outlook" }, Clock(), Ct));

        Assert.Contains("Calendar:Provider 'outlook' is not supported; use 'builtin'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Google_without_a_calendar_or_key_is_refused_naming_both_settings()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            CalendarHost.StartAsync(new Dictionary<string, string?> { ["Calendar:Provider"] = "google" }, Clock(), Ct));

        Assert.Contains("Calendar:Google:CalendarId is empty", error.Message, StringComparison.Ordinal);
        Assert.Contains("Calendar:Google:ServiceAccountKeyFile", error.Message, StringComparison.Ordinal);
        Assert.Contains("Calendar:Google:ServiceAccountJson", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_that_is_not_a_service_account_key_is_refused_with_the_reason()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => CalendarHost.StartAsync(new Dictionary<string, string?>
        {
            ["Calendar:Provider"] = "google",
            ["Calendar:Google:CalendarId"] = "primary",
            ["Calendar:Google:ServiceAccountJson"] = """{"type":"authorized_user","client_id":"x"}""",
            ["Calendar:Google:ApiBaseUrl"] = "https://www.googleapis.com/calendar/v3",
        }, Clock(), Ct));

        Assert.Contains("Calendar:Google:ServiceAccountJson is not a usable service account key", error.Message, StringComparison.Ordinal);
        Assert.Contains("expected 'service_account'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Calendar:Google:ApiBaseUrl must end with '/'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_key_file_is_refused_naming_its_path()
    {
        var path = Path.Combine(Path.GetTempPath(), "aischeduler-calendar-tests", Guid.NewGuid().ToString("N"), "key.json");

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => CalendarHost.StartAsync(new Dictionary<string, string?>
        {
            ["Calendar:Provider"] = "google",
            ["Calendar:Google:CalendarId"] = "primary",
            ["Calendar:Google:ServiceAccountKeyFile"] = path,
        }, Clock(), Ct));

        Assert.Contains($"Calendar:Google:ServiceAccountKeyFile '{path}' cannot be read", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_private_key_that_is_not_pem_is_refused()
    {
        var json = """{"type":"service_account","client_email":"a@b.iam.gserviceaccount.com","private_key":"not a key"}""";

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => CalendarHost.StartAsync(new Dictionary<string, string?>
        {
            ["Calendar:Provider"] = "google",
            ["Calendar:Google:CalendarId"] = "primary",
            ["Calendar:Google:ServiceAccountJson"] = json,
        }, Clock(), Ct));

        Assert.Contains("\"private_key\" is not an RSA private key in PEM form", error.Message, StringComparison.Ordinal);
    }
}
