using AiScheduler.Domain.Conversation;
using AiScheduler.Functions.Meetings.Booking;
using AiScheduler.Functions.Store;
using AiScheduler.Testing;
using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.Tests.Calls;

[Collection(CallLoad.Name)]
public sealed class SlotBookingOnSqliteTests(PostgresFixture postgres) : SlotBookingTests(StoreProvider.Sqlite, postgres);

[Collection(CallLoad.Name)]
public sealed class SlotBookingOnPostgresTests(PostgresFixture postgres) : SlotBookingTests(StoreProvider.Postgres, postgres);

public abstract class SlotBookingTests(StoreProvider provider, PostgresFixture postgres) : IAsyncLifetime
{
    // Monday 2 March 2026, 08:00 UTC (09:00 in Berlin, where the calendar keeps its hours).
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);
    private static readonly Guid Workspace = Workspaces.DefaultId;

    private readonly ManualClock clock = new(Now);
    private DataStore store = null!;
    private SlotBooking booking = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        store = await TestStores.CreateAsync(provider, postgres, clock, Ct);
        booking = new SlotBooking(store, Options.Create(new BookingOptions
        {
            TimeZone = "Europe/Berlin",
            Opens = "09:00",
            Closes = "17:00",
            MeetingMinutes = 30,
            GranularityMinutes = 30,
            MinimumNoticeMinutes = 60,
            MaxSlotsPerDay = 16,
            HorizonDays = 60,
            HoldMinutes = 10,
            RespectLeadHours = false,
        }), clock);
    }

    public async ValueTask DisposeAsync() => await store.DisposeAsync();

    private static BookingParty Caller(int n) => new(Workspace, $"call-{n:D3}", null, "America/New_York");

    /// <summary>Tuesday 3 March 2026, 09:00-14:00 Berlin: ten half-hour slots everybody wants.</summary>
    private static SlotOffer[] ContestedSlots() =>
        Enumerable.Range(0, 10).Select(i =>
        {
            var start = new DateTimeOffset(2026, 3, 3, 8, 0, 0, TimeSpan.Zero).AddMinutes(30 * i);
            return new SlotOffer(start, start.AddMinutes(30));
        }).ToArray();

    [Fact]
    public async Task Two_hundred_calls_booking_ten_slots_at_once_never_book_a_slot_twice_and_the_losers_get_other_offers()
    {
        var contested = ContestedSlots();

        var results = await Task.WhenAll(Enumerable.Range(0, 200).Select(n => Task.Run(
            () => booking.BookAsync(Caller(n), contested[n % 10], $"lead{n}@example.com", Ct), Ct)));

        // One meeting per slot at most, and exactly one for every booking a caller was told about.
        var meetings = await booking.ListAsync(Workspace, Ct);
        var winners = results.OfType<BookingResult.Booked>().ToList();
        Assert.Equal(winners.Count, meetings.Count);
        Assert.Equal(meetings.Count, meetings.Select(m => m.StartUtc).Distinct().Count());
        Assert.All(meetings, m => Assert.Contains(contested, s => s.StartUtc == m.StartUtc));
        var bookedStarts = meetings.Select(m => m.StartUtc).ToHashSet();

        // Every caller who lost was offered something else: slots nobody booked, each held for that caller alone.
        var losers = Enumerable.Range(0, 200).Where(n => results[n] is BookingResult.SlotTaken).ToList();
        Assert.Equal(200 - winners.Count, losers.Count);
        Assert.All(losers, n =>
        {
            var alternatives = ((BookingResult.SlotTaken)results[n]).Alternatives;
            Assert.NotEmpty(alternatives);
            Assert.DoesNotContain(contested[n % 10], alternatives);
            Assert.DoesNotContain(alternatives, a => bookedStarts.Contains(a.StartUtc));
        });
        var offered = losers.SelectMany(n => ((BookingResult.SlotTaken)results[n]).Alternatives).ToList();
        Assert.Equal(offered.Count, offered.Distinct().Count());

        // A contested slot nobody booked went to a loser as a held offer (booking ignores an unheld slot only if free).
        Assert.All(contested.Where(s => !bookedStarts.Contains(s.StartUtc)), s => Assert.Contains(s, offered));
    }

    [Fact]
    public async Task Two_hundred_calls_asking_for_the_same_time_are_each_offered_a_different_held_slot()
    {
        var wanted = ContestedSlots()[0].StartUtc;

        var offers = await Task.WhenAll(Enumerable.Range(0, 200).Select(n => Task.Run(
            () => booking.HoldAsync(Caller(n), new SlotQuery(wanted, null, 1), Ct), Ct)));

        var slots = offers.Select(o => Assert.Single(o)).ToList();
        Assert.Equal(200, slots.Distinct().Count());
        Assert.Contains(slots, s => s.StartUtc == wanted);
    }

    [Fact]
    public async Task A_slot_held_by_another_call_is_not_offered_to_it_and_cannot_be_booked_by_it()
    {
        var held = await booking.HoldAsync(Caller(1), new SlotQuery(ContestedSlots()[0].StartUtc, null, 1), Ct);
        var slot = Assert.Single(held);

        var offeredToOther = await booking.HoldAsync(Caller(2), new SlotQuery(slot.StartUtc, null, 3), Ct);
        var bookedByOther = await booking.BookAsync(Caller(2), slot, "other@example.com", Ct);

        Assert.DoesNotContain(slot, offeredToOther);
        var taken = Assert.IsType<BookingResult.SlotTaken>(bookedByOther);
        Assert.DoesNotContain(slot, taken.Alternatives);
        Assert.IsType<BookingResult.Booked>(await booking.BookAsync(Caller(1), slot, "dana@example.com", Ct));
    }

    [Fact]
    public async Task Booking_releases_the_other_offered_slots_and_ending_a_call_releases_all_its_holds()
    {
        var offered = await booking.HoldAsync(Caller(1), new SlotQuery(null, null, 3), Ct);
        var others = await booking.HoldAsync(Caller(2), new SlotQuery(null, null, 2), Ct);
        Assert.Equal(3, offered.Count);
        Assert.Empty(offered.Intersect(others));

        await booking.BookAsync(Caller(1), offered[1], "dana@example.com", Ct);
        Assert.Empty(await booking.HeldByAsync("call-001", Ct));

        Assert.Equal(2, await booking.ReleaseAsync("call-002", Ct));
        var afterRelease = await booking.HoldAsync(Caller(3), new SlotQuery(null, null, 3), Ct);
        Assert.Contains(offered[0], afterRelease);
        Assert.DoesNotContain(offered[1], afterRelease);
    }

    [Fact]
    public async Task A_roomy_calendar_that_spreads_offers_over_few_days_still_holds_the_requested_count()
    {
        // Two offers a day over three days lists only a handful of candidates, yet each day has 16 free slots.
        var spread = Booking(new BookingOptions
        {
            TimeZone = "Europe/Berlin", Opens = "09:00", Closes = "17:00", MaxSlotsPerDay = 2, HorizonDays = 3,
            MinimumNoticeMinutes = 60, RespectLeadHours = false,
        });

        var first = await spread.HoldAsync(Caller(1), new SlotQuery(null, null, 3), Ct);
        var second = await spread.HoldAsync(Caller(2), new SlotQuery(null, null, 3), Ct);

        Assert.Equal(3, first.Count);
        Assert.Equal(3, second.Count);
        Assert.Empty(first.Intersect(second));
    }

    [Fact]
    public async Task A_calendar_with_fewer_free_slots_than_a_few_offers_each_holds_one_per_call()
    {
        // Tuesday 09:00-12:00 only: six slots, fewer than four times three offers, so each call holds a single one.
        var scarce = Booking(new BookingOptions
        {
            TimeZone = "Europe/Berlin", Days = "Tuesday", Opens = "09:00", Closes = "12:00", MaxSlotsPerDay = 16,
            HorizonDays = 6, MinimumNoticeMinutes = 60, RespectLeadHours = false,
        });

        var offers = new List<IReadOnlyList<SlotOffer>>();
        for (var n = 1; n <= 7; n++)
        {
            offers.Add(await scarce.HoldAsync(Caller(n), new SlotQuery(null, null, 3), Ct));
        }

        Assert.All(offers.Take(6), o => Assert.Single(o));
        Assert.Equal(6, offers.Take(6).Select(o => o[0]).Distinct().Count());
        Assert.Empty(offers[6]);
    }

    private SlotBooking Booking(BookingOptions options) => new(store, Options.Create(options), clock);

    [Fact]
    public async Task Offers_stay_inside_the_leads_own_working_day_when_asked_to()
    {
        var respecting = new SlotBooking(store, Options.Create(new BookingOptions
        {
            TimeZone = "Europe/Berlin", Opens = "08:00", Closes = "20:00", MaxSlotsPerDay = 24, GranularityMinutes = 30,
            MinimumNoticeMinutes = 60, HorizonDays = 14, RespectLeadHours = true,
        }), clock);
        var newYorker = new BookingParty(Workspace, "call-ny", null, "America/New_York", "US");
        var jerusalem = new BookingParty(Workspace, "call-il", null, "Asia/Jerusalem", "IL");

        var forNewYork = await respecting.HoldAsync(newYorker, new SlotQuery(null, null, 10), Ct);
        var forJerusalem = await respecting.HoldAsync(jerusalem, new SlotQuery(null, null, 10), Ct);

        var newYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        Assert.All(forNewYork, s => Assert.InRange(TimeZoneInfo.ConvertTime(s.StartUtc, newYork).Hour, 9, 17));
        var israel = TimeZoneInfo.FindSystemTimeZoneById("Asia/Jerusalem");
        Assert.All(forJerusalem, s => Assert.NotEqual(DayOfWeek.Friday, TimeZoneInfo.ConvertTime(s.StartUtc, israel).DayOfWeek));
        Assert.Equal(10, forNewYork.Count);
    }

    [Fact]
    public async Task An_expired_hold_no_longer_blocks_other_calls()
    {
        var slot = Assert.Single(await booking.HoldAsync(Caller(1), new SlotQuery(ContestedSlots()[0].StartUtc, null, 1), Ct));

        clock.Advance(TimeSpan.FromMinutes(11));

        Assert.IsType<BookingResult.Booked>(await booking.BookAsync(Caller(2), slot, "other@example.com", Ct));
    }

    [Fact]
    public async Task A_meeting_keeps_its_UTC_times_the_leads_zone_and_local_time_and_a_join_link()
    {
        var slot = ContestedSlots()[2];

        var result = Assert.IsType<BookingResult.Booked>(await booking.BookAsync(Caller(7), slot, "dana@example.com", Ct));

        var meeting = Assert.Single(await booking.ListAsync(Workspace, Ct));
        Assert.Equal(result.MeetingId, meeting.Id.ToString("D"));
        Assert.Equal((slot.StartUtc, slot.EndUtc), (meeting.StartUtc, meeting.EndUtc));
        Assert.Equal("America/New_York", meeting.TimeZone);
        Assert.Equal("2026-03-03T04:00", meeting.LocalStart);
        Assert.Equal(result.JoinUrl, meeting.JoinUrl);
        Assert.StartsWith("http://localhost:7071/meet/", meeting.JoinUrl, StringComparison.Ordinal);
        Assert.Equal("call-007", meeting.CallId);
    }
}
