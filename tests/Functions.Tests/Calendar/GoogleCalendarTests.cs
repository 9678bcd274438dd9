using System.Globalization;
using System.Text.Json.Nodes;
using AiScheduler.Functions.Providers.Calendar;
using AiScheduler.Functions.Tests.Infrastructure;
using AiScheduler.Functions.Tests.Storage;
using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.Tests.Calendar;

/// <summary>The Google Calendar adapter against a local server that speaks Google's token and Calendar v3 protocols.</summary>
public sealed class GoogleCalendarTests : IAsyncLifetime
{
    private const string CalendarId = "sales@clinic.example";
    private const string Delegated = "scheduler@clinic.example";
    private static readonly DateTimeOffset Monday = new(2026, 3, 9, 0, 0, 0, TimeSpan.Zero);

    // The adapter's token cache and the fake Google's assertion checks read this clock: the test moves it by hand.
    private readonly ManualClock clock = new(TestClocks.MondayMorning);
    private readonly List<IHost> hosts = [];
    private FakeGoogleCalendarServer google = null!;
    private TestServiceAccount account = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        google = await FakeGoogleCalendarServer.StartAsync(clock, Ct);
        account = google.AddServiceAccount();
        google.DelegatedUsers[Delegated] = true;
        google.Calendar(CalendarId);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in hosts)
        {
            await host.StopAsync(CancellationToken.None);
            host.Dispose();
        }

        await google.DisposeAsync();
        account.Dispose();
    }

    [Fact]
    public async Task Free_busy_returns_the_calendars_busy_intervals_after_a_signed_jwt_bearer_grant()
    {
        Seed("a1b2c3d4e5", Monday.AddHours(9), Monday.AddHours(9.5));
        Seed("a1b2c3d4e6", Monday.AddHours(14), Monday.AddHours(15));
        Seed("a1b2c3d4e7", Monday.AddDays(3), Monday.AddDays(3).AddHours(1));
        var calendar = await StartAsync();

        var busy = await calendar.GetBusyAsync(Monday, Monday.AddDays(1), Ct);

        Assert.Equal([(Monday.AddHours(9), Monday.AddHours(9.5)), (Monday.AddHours(14), Monday.AddHours(15))],
            busy.Select(b => (b.Start, b.End)).ToArray());
        var claims = Assert.Single(google.AcceptedAssertions);
        Assert.Equal(account.ClientEmail, claims["iss"]!.GetValue<string>());
        Assert.Equal(FakeGoogleCalendarServer.GoogleAudience, claims["aud"]!.GetValue<string>());
        Assert.Equal(FakeGoogleCalendarServer.CalendarScope, claims["scope"]!.GetValue<string>());
        Assert.Null(claims["sub"]);
        var query = Assert.Single(google.ApiRequests);
        Assert.Equal("/calendar/v3/freeBusy", query.Path);
        Assert.Equal("2026-03-09T00:00:00Z", query.Body!["timeMin"]!.GetValue<string>());
        Assert.Equal("2026-03-10T00:00:00Z", query.Body["timeMax"]!.GetValue<string>());
        Assert.Equal(CalendarId, query.Body["items"]![0]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_access_token_is_reused_until_it_nears_expiry_and_then_fetched_again()
    {
        var calendar = await StartAsync();

        await calendar.GetBusyAsync(Monday, Monday.AddDays(1), Ct);
        await calendar.GetBusyAsync(Monday, Monday.AddDays(2), Ct);
        clock.Advance(TimeSpan.FromMinutes(30));
        await calendar.GetBusyAsync(Monday, Monday.AddDays(3), Ct);
        Assert.Equal(1, google.TokensIssued);

        clock.Advance(TimeSpan.FromMinutes(29));
        await calendar.GetBusyAsync(Monday, Monday.AddDays(1), Ct);

        Assert.Equal(2, google.TokensIssued);
        var tokensUsed = google.ApiRequests.Select(r => r.Authorization).Distinct().ToArray();
        Assert.Equal(["Bearer ya29.fake-1", "Bearer ya29.fake-2"], tokensUsed);
    }

    [Fact]
    public async Task A_plain_service_account_creates_the_event_without_attendees_after_forbiddenForServiceAccounts()
    {
        var calendar = await StartAsync();
        var meeting = Meeting();

        var eventId = await calendar.CreateEventAsync(meeting, Ct);

        Assert.Equal(GoogleCalendar.EventIdFor(meeting.MeetingId), eventId);
        var inserts = google.ApiRequests;
        Assert.Equal(2, inserts.Length);
        Assert.All(inserts, r => Assert.Equal("?sendUpdates=none", r.Query));
        Assert.Equal("dana@example.com", inserts[0].Body!["attendees"]![0]!["email"]!.GetValue<string>());
        Assert.Null(inserts[1].Body!["attendees"]);
        var stored = google.Calendar(CalendarId)[eventId];
        Assert.Equal("Introductory call", stored["summary"]!.GetValue<string>());
        Assert.Equal("2026-03-10T10:00:00Z", stored["start"]!["dateTime"]!.GetValue<string>());
        Assert.Equal("Europe/Berlin", stored["start"]!["timeZone"]!.GetValue<string>());
        Assert.Equal(meeting.MeetingId.ToString("D"), stored["extendedProperties"]!["private"]![GoogleCalendar.MeetingIdProperty]!.GetValue<string>());
        Assert.Contains("https://meet.example/abc", stored["description"]!.GetValue<string>(), StringComparison.Ordinal);

        // Later events skip nothing: each tries with attendees first (delegation may have been granted meanwhile).
        await calendar.CreateEventAsync(Meeting(start: Monday.AddDays(2).AddHours(11)), Ct);
        Assert.Equal(2, google.Calendar(CalendarId).Count);
    }

    [Fact]
    public async Task An_impersonating_service_account_signs_sub_and_invites_the_attendee()
    {
        var calendar = await StartAsync(new() { ["Calendar:Google:ImpersonateUser"] = Delegated });

        var eventId = await calendar.CreateEventAsync(Meeting(), Ct);

        Assert.Equal(Delegated, Assert.Single(google.AcceptedAssertions)["sub"]!.GetValue<string>());
        var attendee = google.Calendar(CalendarId)[eventId]["attendees"]![0]!;
        Assert.Equal("dana@example.com", attendee["email"]!.GetValue<string>());
        Assert.Equal("Dana Cohen", attendee["displayName"]!.GetValue<string>());
        Assert.Single(google.ApiRequests);
    }

    [Fact]
    public async Task Impersonating_a_user_without_domain_wide_delegation_is_refused_with_the_fix_named()
    {
        var calendar = await StartAsync(new() { ["Calendar:Google:ImpersonateUser"] = "someone@else.example" });

        var error = await Assert.ThrowsAsync<CalendarProviderException>(() => calendar.GetBusyAsync(Monday, Monday.AddDays(1), Ct));

        Assert.Equal("unauthorized_client", error.Reason);
        Assert.False(error.IsTransient);
        Assert.Contains("domain-wide delegation", error.Message, StringComparison.Ordinal);
        Assert.Empty(google.ApiRequests);
    }

    [Fact]
    public async Task A_key_google_does_not_know_fails_the_grant_as_invalid_grant()
    {
        var calendar = await StartAsync();
        using var rotated = RSA();
        google.ServiceAccounts[account.ClientEmail] = rotated;

        var error = await Assert.ThrowsAsync<CalendarProviderException>(() => calendar.GetBusyAsync(Monday, Monday.AddDays(1), Ct));

        Assert.Equal("invalid_grant", error.Reason);
        Assert.Equal(400, error.StatusCode);
        Assert.Contains("Invalid JWT Signature", error.Message, StringComparison.Ordinal);
        Assert.Contains(account.ClientEmail, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rescheduling_patches_the_times_and_cancelling_twice_still_succeeds()
    {
        var calendar = await StartAsync(new() { ["Calendar:Google:ImpersonateUser"] = Delegated });
        var meeting = Meeting();
        var eventId = await calendar.CreateEventAsync(meeting, Ct);
        var moved = Meeting(meeting.MeetingId, Monday.AddDays(3).AddHours(15));

        Assert.Equal(eventId, await calendar.RescheduleEventAsync(eventId, moved, Ct));
        var stored = google.Calendar(CalendarId)[eventId];
        Assert.Equal("2026-03-12T15:00:00Z", stored["start"]!["dateTime"]!.GetValue<string>());
        Assert.Equal("2026-03-12T15:30:00Z", stored["end"]!["dateTime"]!.GetValue<string>());
        Assert.Equal(1, stored["sequence"]!.GetValue<int>());
        var patch = google.ApiRequests.Last();
        Assert.Equal(("PATCH", $"/calendar/v3/calendars/{CalendarId}/events/{eventId}", "?sendUpdates=none"),
            (patch.Method, patch.Path, patch.Query));
        Assert.Null(patch.Body!["id"]);

        await calendar.CancelEventAsync(eventId, Ct);
        await calendar.CancelEventAsync(eventId, Ct);

        Assert.Equal("cancelled", stored["status"]!.GetValue<string>());
        Assert.Empty(await calendar.GetBusyAsync(Monday, Monday.AddDays(7), Ct));
    }

    [Fact]
    public async Task Creating_the_same_meeting_twice_leaves_one_event_updated_in_place()
    {
        var calendar = await StartAsync(new() { ["Calendar:Google:ImpersonateUser"] = Delegated });
        var meeting = Meeting();
        var first = await calendar.CreateEventAsync(meeting, Ct);
        await calendar.CancelEventAsync(first, Ct);

        var second = await calendar.CreateEventAsync(meeting, Ct);

        Assert.Equal(first, second);
        var stored = Assert.Single(google.Calendar(CalendarId)).Value;
        Assert.Equal("confirmed", stored["status"]!.GetValue<string>());
        Assert.Equal(["POST", "DELETE", "POST", "PATCH"], google.ApiRequests.Select(r => r.Method).ToArray());
    }

    [Fact]
    public async Task Throttling_and_server_errors_are_retried_honouring_retry_after()
    {
        var calendar = await StartAsync();
        google.FailNext(429, "rateLimitExceeded", "Rate Limit Exceeded", retryAfter: "0")
            .FailNext(500, "backendError", "Backend Error")
            .FailNext(503, "backendError", "The service is currently unavailable.");

        var busy = await calendar.GetBusyAsync(Monday, Monday.AddDays(1), Ct);

        Assert.Empty(busy);
        Assert.Equal(4, google.ApiRequests.Length);
    }

    [Fact]
    public async Task A_403_for_a_usage_limit_is_retried_but_a_403_for_permissions_is_not()
    {
        var calendar = await StartAsync(new() { ["Calendar:Google:ImpersonateUser"] = Delegated });
        google.FailNext(403, "userRateLimitExceeded", "User Rate Limit Exceeded");

        var eventId = await calendar.CreateEventAsync(Meeting(), Ct);

        Assert.True(google.Calendar(CalendarId).ContainsKey(eventId));
        Assert.Equal(2, google.ApiRequests.Length);

        google.FailNext(403, "requiredAccessLevel", "You need to have writer access to this calendar.");
        await Assert.ThrowsAsync<CalendarProviderException>(() => calendar.CreateEventAsync(Meeting(), Ct));
        Assert.Equal(3, google.ApiRequests.Length);
    }

    [Fact]
    public async Task Errors_that_outlast_the_retries_are_reported_as_transient()
    {
        var calendar = await StartAsync(new() { ["Http:Resilience:Retry:MaxRetryAttempts"] = "2" });
        for (var i = 0; i < 3; i++)
        {
            google.FailNext(500, "backendError", "Backend Error");
        }

        var error = await Assert.ThrowsAsync<CalendarProviderException>(() => calendar.CreateEventAsync(Meeting(), Ct));

        Assert.Equal((500, "backendError", true), (error.StatusCode, error.Reason, error.IsTransient));
        Assert.Equal(3, google.ApiRequests.Length);
        Assert.Empty(google.Calendar(CalendarId));
    }

    [Fact]
    public async Task A_revoked_token_is_replaced_once_and_the_request_succeeds()
    {
        var calendar = await StartAsync();
        await calendar.GetBusyAsync(Monday, Monday.AddDays(1), Ct);
        google.RevokeTokens();

        await calendar.GetBusyAsync(Monday, Monday.AddDays(1), Ct);

        Assert.Equal(2, google.TokensIssued);
        Assert.Equal(["Bearer ya29.fake-1", "Bearer ya29.fake-1", "Bearer ya29.fake-2"], google.ApiRequests.Select(r => r.Authorization).ToArray());
    }

    [Fact]
    public async Task Rescheduling_an_unknown_event_names_the_calendar_and_the_sharing_fix()
    {
        var calendar = await StartAsync();

        var error = await Assert.ThrowsAsync<CalendarProviderException>(() =>
            calendar.RescheduleEventAsync("0123456789abcdef", Meeting(), Ct));

        Assert.Equal((404, "notFound", false), (error.StatusCode, error.Reason, error.IsTransient));
        Assert.Contains(CalendarId, error.Message, StringComparison.Ordinal);
        Assert.Contains("Calendar:Google:CalendarId", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_calendar_not_shared_with_the_service_account_fails_free_busy_with_the_sharing_fix()
    {
        var calendar = await StartAsync(new() { ["Calendar:Google:CalendarId"] = "private@clinic.example" });

        var error = await Assert.ThrowsAsync<CalendarProviderException>(() => calendar.GetBusyAsync(Monday, Monday.AddDays(1), Ct));

        Assert.Equal("notFound", error.Reason);
        Assert.Contains("share the calendar with " + account.ClientEmail, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_forbidden_calendar_write_explains_the_permission_to_grant()
    {
        var calendar = await StartAsync();
        google.FailNext(403, "requiredAccessLevel", "You need to have writer access to this calendar.");

        var error = await Assert.ThrowsAsync<CalendarProviderException>(() => calendar.CreateEventAsync(Meeting(), Ct));

        Assert.Equal((403, "requiredAccessLevel", false), (error.StatusCode, error.Reason, error.IsTransient));
        Assert.Contains("Make changes to events", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_key_can_come_from_a_file_named_in_the_settings()
    {
        var path = Path.Combine(Path.GetTempPath(), "aischeduler-calendar-tests", Guid.NewGuid().ToString("N") + ".json");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, account.Json, Ct);
        try
        {
            var calendar = await StartAsync(new()
            {
                ["Calendar:Google:ServiceAccountJson"] = null,
                ["Calendar:Google:ServiceAccountKeyFile"] = path,
            });

            Assert.Empty(await calendar.GetBusyAsync(Monday, Monday.AddDays(1), Ct));
        }
        finally
        {
            File.Delete(path);
        }
    }

    private async Task<ICalendarProvider> StartAsync(Dictionary<string, string?>? overrides = null)
    {
        var settings = google.AppSettings(CalendarId, account);
        foreach (var (key, value) in overrides ?? [])
        {
            settings[key] = value;
        }

        var host = await CalendarHost.StartAsync(settings, clock, Ct);
        hosts.Add(host);
        var calendar = host.Services.GetRequiredService<ICalendarProvider>();
        Assert.Equal("google", calendar.Provider);
        return calendar;
    }

    private void Seed(string id, DateTimeOffset start, DateTimeOffset end) =>
        google.Calendar(CalendarId)[id] = new JsonObject
        {
            ["id"] = id,
            ["status"] = "confirmed",
            ["summary"] = "Busy",
            ["start"] = new JsonObject { ["dateTime"] = start.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) },
            ["end"] = new JsonObject { ["dateTime"] = end.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) },
        };

    private static CalendarEvent Meeting(Guid? id = null, DateTimeOffset? start = null)
    {
        var from = start ?? Monday.AddDays(1).AddHours(10);
        return new CalendarEvent(id ?? Guid.CreateVersion7(), "Introductory call", "A first talk about your plans.", from, from.AddMinutes(30),
            "Europe/Berlin", new CalendarAttendee("dana@example.com", "Dana Cohen"), joinUrl: new Uri("https://meet.example/abc"));
    }

    private static System.Security.Cryptography.RSA RSA() => System.Security.Cryptography.RSA.Create(2048);
}

/// <summary>A generic host with only the calendar component, started so settings are validated as the app does.</summary>
internal static class CalendarHost
{
    public static async Task<IHost> StartAsync(IDictionary<string, string?> settings, TimeProvider clock, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ContentRootPath = Path.GetTempPath() });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddSingleton<TimeProvider>(clock);
        // The fake Google checks assertions against the test's clock: the host signs them by the same one.
        builder.Services.AddKeyedSingleton<TimeProvider>(AiScheduler.Functions.Hosting.SigningClock.Key, clock);
        builder.Services.AddCalendar();
        var host = builder.Build();
        try
        {
            await host.StartAsync(cancellationToken);
        }
        catch (OptionsValidationException)
        {
            host.Dispose();
            throw;
        }

        return host;
    }
}
