using System.Globalization;
using System.Text.Json.Nodes;
using AiScheduler.Domain.Conversation;
using AiScheduler.Functions.Meetings.Booking;
using AiScheduler.Functions.Providers.Calendar;
using AiScheduler.Functions.Store;
using AiScheduler.Functions.Tests.Calls;
using AiScheduler.Testing;

namespace AiScheduler.Functions.Tests.Calendar;

/// <summary>
/// Offering and booking slots with <c>Calendar:Provider=google</c>: Google's busy time (from the local fake of Google's
/// token endpoint and Calendar v3) is avoided by offers, re-checked at booking, and its outage does not stop a call.
/// The booking service is the one the host composes (AddCalendar + AddBooking), over a real SQLite store.
/// </summary>
public sealed class GoogleBusyBookingTests(PostgresFixture postgres) : IAsyncLifetime
{
    private const string CalendarId = "sales@clinic.example";
    private const string FreeBusyPath = "/calendar/v3/freeBusy";

    // Monday 2 March 2026, 08:00 UTC (09:00 in Berlin, where the calendar keeps its hours).
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Tuesday = new(2026, 3, 3, 0, 0, 0, TimeSpan.Zero);

    private readonly ManualClock clock = new(Now);
    private readonly List<IHost> hosts = [];
    private FakeGoogleCalendarServer google = null!;
    private TestServiceAccount account = null!;
    private DataStore store = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        google = await FakeGoogleCalendarServer.StartAsync(clock, Ct);
        account = google.AddServiceAccount();
        google.Calendar(CalendarId);
        store = await TestStores.CreateAsync(StoreProvider.Sqlite, postgres, clock, Ct);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in hosts)
        {
            await host.StopAsync(CancellationToken.None);
            host.Dispose();
        }

        await store.DisposeAsync();
        await google.DisposeAsync();
        account.Dispose();
    }

    private static BookingParty Caller(int n) => new(Workspaces.DefaultId, $"call-{n:D3}", null, "America/New_York");

    [Fact]
    public async Task A_time_busy_in_Google_is_never_offered()
    {
        var busy = new[]
        {
            Seed(Now.AddHours(2), Now.AddHours(8)),            // Monday 11:00-17:00 Berlin: the rest of today
            Seed(Tuesday.AddHours(8), Tuesday.AddHours(10)),   // Tuesday 09:00-11:00 Berlin
            Seed(Tuesday.AddHours(11.25), Tuesday.AddHours(11.5)), // a quarter hour that spoils one half-hour slot
        };
        var booking = await StartAsync();

        var tuesdayMorning = await booking.HoldAsync(Caller(1), new SlotQuery(Tuesday.AddHours(8), null, 4), Ct);
        var soonest = await booking.HoldAsync(Caller(2), new SlotQuery(null, null, 12), Ct);

        Assert.Equal(12, soonest.Count);
        Assert.Equal(4, tuesdayMorning.Count);
        Assert.All(soonest.Concat(tuesdayMorning), slot =>
            Assert.DoesNotContain(busy, b => b.Start < slot.EndUtc && b.End > slot.StartUtc));
        // Monday 09:00-10:00 UTC was free in both calendars and after the hour of notice: it is still offered.
        Assert.Contains(soonest, s => s.StartUtc == Now.AddHours(1));
        Assert.Equal(Tuesday.AddHours(10), tuesdayMorning[0].StartUtc);
        Assert.DoesNotContain(tuesdayMorning, s => s.StartUtc == Tuesday.AddHours(11));
    }

    [Fact]
    public async Task A_slot_that_becomes_busy_in_Google_after_it_was_offered_is_refused_at_booking_with_fresh_alternatives()
    {
        var booking = await StartAsync();
        var offered = await booking.HoldAsync(Caller(1), new SlotQuery(Tuesday.AddHours(8), null, 3), Ct);
        Assert.Equal(Tuesday.AddHours(8), offered[0].StartUtc);

        // Someone at the clinic puts an hour in Google over the first offer (and the slot after it) within the cache period.
        var filled = Seed(Tuesday.AddHours(8), Tuesday.AddHours(9));
        var result = await booking.BookAsync(Caller(1), offered[0], "dana@example.com", Ct);

        var taken = Assert.IsType<BookingResult.SlotTaken>(result);
        Assert.NotEmpty(taken.Alternatives);
        Assert.All(taken.Alternatives, slot => Assert.False(filled.Start < slot.EndUtc && filled.End > slot.StartUtc, $"{slot} overlaps Google's busy time"));
        Assert.Empty(await booking.ListAsync(Workspaces.DefaultId, Ct));
        Assert.DoesNotContain(offered[0], await booking.HeldByAsync("call-001", Ct));

        // An alternative that is free in Google books normally.
        Assert.IsType<BookingResult.Booked>(await booking.BookAsync(Caller(1), taken.Alternatives[0], "dana@example.com", Ct));
        var meeting = Assert.Single(await booking.ListAsync(Workspaces.DefaultId, Ct));
        Assert.Equal(taken.Alternatives[0].StartUtc, meeting.StartUtc);
    }

    [Fact]
    public async Task Offers_reuse_Googles_busy_time_for_the_cache_period_and_then_ask_Google_again()
    {
        var booking = await StartAsync();

        await booking.HoldAsync(Caller(1), new SlotQuery(null, null, 2), Ct);
        await booking.HoldAsync(Caller(2), new SlotQuery(null, null, 2), Ct);
        clock.Advance(TimeSpan.FromSeconds(44));
        await booking.HoldAsync(Caller(3), new SlotQuery(null, null, 2), Ct);
        Assert.Equal(1, FreeBusyQueries());

        var filled = Seed(Tuesday.AddHours(8), Tuesday.AddHours(12));
        clock.Advance(TimeSpan.FromSeconds(2));
        var afterExpiry = await booking.HoldAsync(Caller(4), new SlotQuery(Tuesday.AddHours(8), null, 2), Ct);

        Assert.Equal(2, FreeBusyQueries());
        Assert.All(afterExpiry, slot => Assert.True(slot.StartUtc >= filled.End, $"{slot} overlaps Google's busy time"));
        // Every turn of a day asks for the same whole-day range, which is what lets the cache answer.
        var ranges = google.ApiRequests.Where(r => r.Path == FreeBusyPath)
            .Select(r => (r.Body!["timeMin"]!.GetValue<string>(), r.Body["timeMax"]!.GetValue<string>())).Distinct().ToList();
        Assert.Equal([("2026-03-02T00:00:00Z", "2026-03-18T00:00:00Z")], ranges);
    }

    [Fact]
    public async Task A_Google_outage_neither_stops_offers_nor_bookings_which_fall_back_to_our_own_meetings_and_holds()
    {
        // One attempt and one retry, both refused: Google is down for that request.
        var booking = await StartAsync(new() { ["Http:Resilience:Retry:MaxRetryAttempts"] = "1" });
        var othersHold = await booking.HoldAsync(Caller(1), new SlotQuery(Tuesday.AddHours(8), null, 1), Ct);
        clock.Advance(TimeSpan.FromMinutes(1));
        Seed(Tuesday.AddHours(9), Tuesday.AddHours(10));
        google.FailNext(503, "backendError", "The service is currently unavailable.").FailNext(503, "backendError", "The service is currently unavailable.");

        var offered = await booking.HoldAsync(Caller(2), new SlotQuery(Tuesday.AddHours(8), null, 3), Ct);

        Assert.Equal(3, offered.Count);
        Assert.DoesNotContain(Assert.Single(othersHold), offered);
        Assert.Equal(3, FreeBusyQueries());

        google.FailNext(503, "backendError", "The service is currently unavailable.").FailNext(503, "backendError", "The service is currently unavailable.");
        var result = await booking.BookAsync(Caller(2), offered[0], "dana@example.com", Ct);

        Assert.IsType<BookingResult.Booked>(result);
        Assert.Equal(5, FreeBusyQueries());
    }

    [Fact]
    public async Task With_the_built_in_calendar_offers_and_bookings_never_ask_an_external_calendar()
    {
        var booking = await StartAsync(new() { ["Calendar:Provider"] = "builtin" });
        Seed(Tuesday.AddHours(8), Tuesday.AddHours(9));

        var offered = await booking.HoldAsync(Caller(1), new SlotQuery(Tuesday.AddHours(8), null, 2), Ct);
        var result = await booking.BookAsync(Caller(1), offered[0], "dana@example.com", Ct);

        Assert.Equal(Tuesday.AddHours(8), offered[0].StartUtc);
        Assert.IsType<BookingResult.Booked>(result);
        Assert.Empty(google.Requests);
    }

    private int FreeBusyQueries() => google.ApiRequests.Count(r => r.Path == FreeBusyPath);

    /// <summary>A host composed like the app's: the calendar port and booking over our store, settings validated on start.</summary>
    private async Task<SlotBooking> StartAsync(Dictionary<string, string?>? overrides = null)
    {
        var settings = new Dictionary<string, string?>(google.AppSettings(CalendarId, account), StringComparer.Ordinal)
        {
            ["Booking:TimeZone"] = "Europe/Berlin",
            ["Booking:MinimumNoticeMinutes"] = "60",
            ["Booking:MaxSlotsPerDay"] = "16",
            ["Booking:HorizonDays"] = "14",
            ["Booking:HoldMinutes"] = "10",
            ["Booking:RespectLeadHours"] = "false",
            ["Booking:ExternalBusyCacheSeconds"] = "45",
        };
        foreach (var (key, value) in overrides ?? [])
        {
            settings[key] = value;
        }

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ContentRootPath = Path.GetTempPath() });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddSingleton<TimeProvider>(clock);
        // The fake Google checks assertions against the test's clock: the host signs them by the same one.
        builder.Services.AddKeyedSingleton<TimeProvider>(AiScheduler.Functions.Hosting.SigningClock.Key, clock);
        builder.Services.AddSingleton(store);
        builder.Services.AddCalendar();
        builder.Services.AddBooking();
        var host = builder.Build();
        hosts.Add(host);
        await host.StartAsync(Ct);
        return host.Services.GetRequiredService<SlotBooking>();
    }

    private (DateTimeOffset Start, DateTimeOffset End) Seed(DateTimeOffset start, DateTimeOffset end)
    {
        var id = Guid.NewGuid().ToString("N");
        google.Calendar(CalendarId)[id] = new JsonObject
        {
            ["id"] = id,
            ["status"] = "confirmed",
            ["summary"] = "Busy",
            ["start"] = new JsonObject { ["dateTime"] = start.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) },
            ["end"] = new JsonObject { ["dateTime"] = end.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) },
        };
        return (start, end);
    }
}
