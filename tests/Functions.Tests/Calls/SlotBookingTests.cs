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

        // Every slot was asked for outright, so each went to exactly one caller: an offer held for a loser meanwhile
        // never stands in the way of a caller who chose that time.
        Assert.Equal(contested.Select(s => s.StartUtc), bookedStarts.Order());

        // Every caller who lost was offered something else, each offer held for that caller alone; the only offers
        // that were booked after all are contested slots, taken by the caller who asked for them outright.
        var losers = Enumerable.Range(0, 200).Where(n => results[n] is BookingResult.SlotTaken).ToList();
        Assert.Equal(200 - winners.Count, losers.Count);
        Assert.All(losers, n =>
        {
            var alternatives = ((BookingResult.SlotTaken)results[n]).Alternatives;
            Assert.NotEmpty(alternatives);
            Assert.DoesNotContain(contested[n % 10], alternatives);
            Assert.All(alternatives.Where(a => bookedStarts.Contains(a.StartUtc)), a => Assert.Contains(a, contested));
        });
        var offered = losers.SelectMany(n => ((BookingResult.SlotTaken)results[n]).Alternatives).ToList();
        Assert.Equal(offered.Count, offered.Distinct().Count());
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

    // Wednesday 4 March 2026, 09:30 in Berlin.
    private static readonly DateTimeOffset WednesdayHalfPastNine = new(2026, 3, 4, 8, 30, 0, TimeSpan.Zero);

    /// <summary>Offers on the hour (friendly), bookings on the default 15-minute grid.</summary>
    private SlotBooking OnTheHour(int bufferMinutes = 0) => Booking(new BookingOptions
    {
        TimeZone = "Europe/Berlin", Opens = "09:00", Closes = "17:00", GranularityMinutes = 60, MinimumNoticeMinutes = 60,
        MaxSlotsPerDay = 3, HorizonDays = 14, HoldMinutes = 10, RespectLeadHours = false, BufferMinutes = bufferMinutes,
    });

    /// <summary>Tuesday to Friday 3-6 March 2026, 09:00-17:00 Berlin: 64 half-hour offers, a 15-minute booking grid.</summary>
    private SlotBooking FourDays() => Booking(new BookingOptions
    {
        TimeZone = "Europe/Berlin", Days = "Tuesday,Wednesday,Thursday,Friday", Opens = "09:00", Closes = "17:00",
        GranularityMinutes = 30, MinimumNoticeMinutes = 60, MaxSlotsPerDay = 16, HorizonDays = 6, HoldMinutes = 10,
        RespectLeadHours = false,
    });

    private static SlotQuery Named(DateTimeOffset start) => new(start, Now, 3);

    private static SlotQuery Offers(int count = 3) => new(null, Now, count);

    private static BookingParty Party(string callId) => new(Workspace, callId, null, "America/New_York");

    private static void AssertNoOverlap(IReadOnlyList<Meeting> meetings)
    {
        var sorted = meetings.OrderBy(m => m.StartUtc).ToList();
        for (var i = 1; i < sorted.Count; i++)
        {
            Assert.True(sorted[i - 1].EndUtc <= sorted[i].StartUtc, $"{sorted[i - 1].StartUtc:o} and {sorted[i].StartUtc:o} overlap");
        }
    }

    [Fact]
    public async Task Wednesday_at_half_past_nine_is_booked_as_said_though_offers_are_on_the_hour()
    {
        var calendar = OnTheHour();
        var offers = await calendar.HoldAsync(Caller(1), Offers(), Ct);
        Assert.NotEmpty(offers);
        Assert.All(offers, offer => Assert.Equal(0, offer.StartUtc.Minute));

        var held = Assert.Single(await calendar.HoldAsync(Caller(2), Named(WednesdayHalfPastNine), Ct));
        var result = await calendar.BookAsync(Caller(2), held, "dana@example.com", Ct);

        Assert.Equal(new SlotOffer(WednesdayHalfPastNine, WednesdayHalfPastNine.AddMinutes(30)), held);
        Assert.Equal(held, Assert.IsType<BookingResult.Booked>(result).Slot);
        var meeting = Assert.Single(await booking.ListAsync(Workspace, Ct));
        Assert.Equal((WednesdayHalfPastNine, WednesdayHalfPastNine.AddMinutes(30)), (meeting.StartUtc, meeting.EndUtc));
        Assert.Equal("2026-03-04T03:30", meeting.LocalStart);
    }

    [Fact]
    public async Task A_named_time_off_the_booking_grid_is_answered_with_offers_near_it()
    {
        var calendar = OnTheHour();

        var offers = await calendar.HoldAsync(Caller(1), Named(WednesdayHalfPastNine.AddMinutes(7)), Ct);

        Assert.NotEmpty(offers);
        Assert.DoesNotContain(offers, offer => offer.StartUtc == WednesdayHalfPastNine.AddMinutes(7));
        Assert.All(offers, offer => Assert.True(offer.StartUtc >= WednesdayHalfPastNine.AddMinutes(7)));
    }

    [Fact]
    public async Task A_named_time_keeps_the_buffers_around_a_booked_meeting()
    {
        var calendar = OnTheHour(bufferMinutes: 15);
        var ten = new SlotOffer(WednesdayHalfPastNine.AddMinutes(30), WednesdayHalfPastNine.AddMinutes(60));
        Assert.IsType<BookingResult.Booked>(await calendar.BookAsync(Caller(1), ten, "first@example.com", Ct));

        // 10:30 follows the meeting without the 15 free minutes, and 09:30 runs into them; 10:45 and 09:15 keep them.
        var rightAfter = await calendar.HoldAsync(Caller(2), Named(ten.EndUtc), Ct);
        var rightBefore = await calendar.HoldAsync(Caller(3), Named(ten.StartUtc.AddMinutes(-30)), Ct);
        var clearAfter = await calendar.HoldAsync(Caller(4), Named(ten.EndUtc.AddMinutes(15)), Ct);
        var clearBefore = await calendar.HoldAsync(Caller(5), Named(ten.StartUtc.AddMinutes(-45)), Ct);

        Assert.DoesNotContain(rightAfter, offer => offer.StartUtc == ten.EndUtc);
        Assert.DoesNotContain(rightBefore, offer => offer.StartUtc == ten.StartUtc.AddMinutes(-30));
        Assert.All(rightAfter.Concat(rightBefore), offer =>
            Assert.True(offer.StartUtc >= ten.EndUtc.AddMinutes(15) || offer.EndUtc.AddMinutes(15) <= ten.StartUtc));
        Assert.Equal(ten.EndUtc.AddMinutes(15), Assert.Single(clearAfter).StartUtc);
        Assert.Equal(ten.StartUtc.AddMinutes(-45), Assert.Single(clearBefore).StartUtc);
    }

    [Fact]
    public async Task A_time_overlapping_a_booked_meeting_on_the_fine_grid_is_refused_with_alternatives()
    {
        var calendar = OnTheHour();
        var ten = new SlotOffer(WednesdayHalfPastNine.AddMinutes(30), WednesdayHalfPastNine.AddMinutes(60));
        Assert.IsType<BookingResult.Booked>(await calendar.BookAsync(Caller(1), ten, "first@example.com", Ct));

        var quarterPast = new SlotOffer(ten.StartUtc.AddMinutes(15), ten.EndUtc.AddMinutes(15));
        var taken = Assert.IsType<BookingResult.SlotTaken>(await calendar.BookAsync(Caller(2), quarterPast, "second@example.com", Ct));

        Assert.NotEmpty(taken.Alternatives);
        Assert.All(taken.Alternatives, a => Assert.True(a.StartUtc >= ten.EndUtc || a.EndUtc <= ten.StartUtc));
        Assert.Single(await calendar.ListAsync(Workspace, Ct));
    }

    [Fact]
    public async Task A_time_another_call_only_offered_is_held_and_booked_by_the_caller_who_names_it()
    {
        var calendar = OnTheHour();
        var offered = await calendar.HoldAsync(Caller(1), Offers(), Ct);
        var wanted = offered[1];

        var held = Assert.Single(await calendar.HoldAsync(Caller(2), Named(wanted.StartUtc), Ct));
        var result = await calendar.BookAsync(Caller(2), held, "named@example.com", Ct);

        Assert.Equal(wanted, held);
        Assert.Equal(wanted, Assert.IsType<BookingResult.Booked>(result).Slot);
        Assert.DoesNotContain(wanted, await calendar.HeldByAsync("call-001", Ct));
    }

    [Fact]
    public async Task The_call_that_only_offered_a_time_then_booked_by_a_caller_who_named_it_gets_fresh_alternatives()
    {
        var calendar = OnTheHour();
        var offered = await calendar.HoldAsync(Caller(1), Offers(), Ct);
        var named = Assert.Single(await calendar.HoldAsync(Caller(2), Named(offered[1].StartUtc), Ct));
        Assert.IsType<BookingResult.Booked>(await calendar.BookAsync(Caller(2), named, "named@example.com", Ct));

        var result = await calendar.BookAsync(Caller(1), offered[1], "offered@example.com", Ct);

        var taken = Assert.IsType<BookingResult.SlotTaken>(result);
        Assert.NotEmpty(taken.Alternatives);
        Assert.DoesNotContain(offered[1], taken.Alternatives);
        Assert.Equal(taken.Alternatives, await calendar.HeldByAsync("call-001", Ct));
        var meeting = Assert.Single(await calendar.ListAsync(Workspace, Ct));
        Assert.Equal("call-002", meeting.CallId);
    }

    [Fact]
    public async Task The_call_that_only_offered_a_time_picks_it_while_the_caller_who_named_it_decides_and_is_offered_others()
    {
        var calendar = OnTheHour();
        var offered = await calendar.HoldAsync(Caller(1), Offers(), Ct);
        var named = Assert.Single(await calendar.HoldAsync(Caller(2), Named(offered[1].StartUtc), Ct));

        var picked = await calendar.BookAsync(Caller(1), offered[1], "offered@example.com", Ct);
        var secondNamer = await calendar.HoldAsync(Caller(3), Named(offered[1].StartUtc), Ct);

        Assert.DoesNotContain(offered[1], Assert.IsType<BookingResult.SlotTaken>(picked).Alternatives);
        Assert.DoesNotContain(offered[1], secondNamer);
        Assert.IsType<BookingResult.Booked>(await calendar.BookAsync(Caller(2), named, "named@example.com", Ct));
    }

    [Fact]
    public async Task The_call_that_only_offered_a_time_still_books_it_when_the_caller_who_named_it_hung_up()
    {
        var calendar = OnTheHour();
        var offered = await calendar.HoldAsync(Caller(1), Offers(), Ct);
        Assert.Single(await calendar.HoldAsync(Caller(2), Named(offered[1].StartUtc), Ct));
        await calendar.ReleaseAsync("call-002", Ct);

        var result = await calendar.BookAsync(Caller(1), offered[1], "offered@example.com", Ct);

        Assert.Equal(offered[1], Assert.IsType<BookingResult.Booked>(result).Slot);
    }

    [Fact]
    public async Task A_call_holds_only_its_latest_answer()
    {
        var calendar = OnTheHour();
        var first = await calendar.HoldAsync(Caller(1), Offers(), Ct);
        var later = await calendar.HoldAsync(Caller(1), new SlotQuery(null, first[^1].EndUtc, 3), Ct);
        Assert.Equal(later, await calendar.HeldByAsync("call-001", Ct));

        var named = await calendar.HoldAsync(Caller(1), Named(WednesdayHalfPastNine), Ct);
        Assert.Equal(named, await calendar.HeldByAsync("call-001", Ct));

        // What the call let go is free for the next call.
        Assert.Equal(first, await calendar.HoldAsync(Caller(2), Offers(), Ct));
    }

    [Fact]
    public async Task Callers_naming_times_other_calls_only_offered_all_book_them_while_a_hundred_calls_race_and_the_offering_calls_get_fresh_alternatives()
    {
        var calendar = FourDays();
        // Sixteen calls hold one offer each: all of Tuesday.
        var offered = new List<SlotOffer>();
        for (var n = 0; n < 16; n++)
        {
            offered.Add(Assert.Single(await calendar.HoldAsync(Party($"offerer-{n:D2}"), Offers(1), Ct)));
        }

        Assert.Equal(16, offered.Distinct().Count());
        Assert.All(offered, offer => Assert.Equal(3, offer.StartUtc.Day));

        // At once: sixteen callers each name one of those times; a hundred others take offers, one in ten books and
        // every call then ends.
        var namers = Enumerable.Range(0, 16).Select(n => Task.Run(async () =>
        {
            var party = Party($"namer-{n:D2}");
            var held = await calendar.HoldAsync(party, Named(offered[n].StartUtc), Ct);
            return (Held: held, Result: await calendar.BookAsync(party, held[0], $"namer{n}@example.com", Ct));
        }, Ct)).ToList();
        var bystanders = Enumerable.Range(0, 100).Select(n => Task.Run(async () =>
        {
            var party = Party($"bystander-{n:D3}");
            var held = await calendar.HoldAsync(party, Offers(), Ct);
            var result = n % 10 == 0 && held.Count > 0 ? await calendar.BookAsync(party, held[0], $"bystander{n}@example.com", Ct) : null;
            await calendar.ReleaseAsync(party.CallId, Ct);
            return result;
        }, Ct)).ToList();
        var named = await Task.WhenAll(namers);
        var bystanding = await Task.WhenAll(bystanders);

        Assert.All(Enumerable.Range(0, 16), n =>
        {
            Assert.Equal([offered[n]], named[n].Held);
            Assert.Equal(offered[n], Assert.IsType<BookingResult.Booked>(named[n].Result).Slot);
        });

        // Then the sixteen offering calls' leads pick the time they were offered: it is gone, so fresh alternatives.
        var late = await Task.WhenAll(Enumerable.Range(0, 16).Select(n => Task.Run(
            () => calendar.BookAsync(Party($"offerer-{n:D2}"), offered[n], $"offerer{n}@example.com", Ct), Ct)));

        var meetings = await calendar.ListAsync(Workspace, Ct);
        var told = named.Select(r => r.Result).Concat(bystanding.OfType<BookingResult>()).Concat(late).OfType<BookingResult.Booked>().ToList();
        Assert.Equal(told.Select(b => b.MeetingId).Order(), meetings.Select(m => m.Id.ToString("D")).Order());
        AssertNoOverlap(meetings);
        var alternatives = late.Select(r => Assert.IsType<BookingResult.SlotTaken>(r).Alternatives).ToList();
        Assert.All(alternatives, a => Assert.NotEmpty(a));
        var allAlternatives = alternatives.SelectMany(a => a).ToList();
        Assert.Equal(allAlternatives.Count, allAlternatives.Distinct().Count());
        Assert.All(allAlternatives, a => Assert.DoesNotContain(meetings, m => m.StartUtc < a.EndUtc && a.StartUtc < m.EndUtc));
    }

    [Fact]
    public async Task A_hundred_and_thirty_calls_racing_on_few_slots_on_the_fine_grid_never_double_book_and_a_time_held_as_said_is_booked()
    {
        var calendar = FourDays();
        var offered = new List<SlotOffer>();
        for (var n = 0; n < 16; n++)
        {
            offered.Add(Assert.Single(await calendar.HoldAsync(Party($"offerer-{n:D2}"), Offers(1), Ct)));
        }

        // All at once: sixteen callers name those times; forty name quarter-past times that straddle two offers; the
        // offering calls book what they were offered; sixty take offers and book the first.
        var tasks = new List<Task<(IReadOnlyList<SlotOffer> Held, DateTimeOffset? Named, BookingResult? Result)>>();
        tasks.AddRange(Enumerable.Range(0, 56).Select(n => Task.Run(async () =>
        {
            var party = Party($"namer-{n:D2}");
            var time = n < 16 ? offered[n].StartUtc : offered[n % 16].StartUtc.AddMinutes(15);
            var held = await calendar.HoldAsync(party, Named(time), Ct);
            return (held, (DateTimeOffset?)time, held.Count == 0 ? null : (BookingResult?)await calendar.BookAsync(party, held[0], "n@example.com", Ct));
        }, Ct)));
        tasks.AddRange(Enumerable.Range(0, 16).Select(n => Task.Run(async () =>
            ((IReadOnlyList<SlotOffer>)[offered[n]], (DateTimeOffset?)null,
                (BookingResult?)await calendar.BookAsync(Party($"offerer-{n:D2}"), offered[n], "o@example.com", Ct)), Ct)));
        tasks.AddRange(Enumerable.Range(0, 60).Select(n => Task.Run(async () =>
        {
            var party = Party($"bystander-{n:D2}");
            var held = await calendar.HoldAsync(party, Offers(), Ct);
            return (held, (DateTimeOffset?)null, held.Count == 0 ? null : (BookingResult?)await calendar.BookAsync(party, held[0], "b@example.com", Ct));
        }, Ct)));
        var outcomes = await Task.WhenAll(tasks);

        var meetings = await calendar.ListAsync(Workspace, Ct);
        AssertNoOverlap(meetings);
        var booked = outcomes.Select(o => o.Result).OfType<BookingResult.Booked>().ToList();
        Assert.Equal(booked.Select(b => b.MeetingId).Order(), meetings.Select(m => m.Id.ToString("D")).Order());
        Assert.All(booked, b => Assert.Contains(meetings, m => m.Id.ToString("D") == b.MeetingId && m.StartUtc == b.Slot.StartUtc));

        // Whoever was told their named time is held as said then booked it: nobody booked over a time held as said.
        static bool AsSaid((IReadOnlyList<SlotOffer> Held, DateTimeOffset? Named, BookingResult? Result) o) =>
            o.Named is { } time && o.Held.Count == 1 && o.Held[0].StartUtc == time;
        Assert.All(outcomes.Where(AsSaid), o => Assert.Equal(o.Held[0], Assert.IsType<BookingResult.Booked>(o.Result).Slot));

        // A named time inside the hours was refused only because a meeting is in its way, never for an offer.
        var closing = offered[15].EndUtc;
        Assert.All(outcomes.Where(o => o.Named is { } time && time.AddMinutes(30) <= closing && !AsSaid(o)), o =>
            Assert.Contains(meetings, m => m.StartUtc < o.Named!.Value.AddMinutes(30) && o.Named.Value < m.EndUtc));

        // Every caller who lost was offered other times, none of them the one they lost.
        Assert.All(outcomes.Where(o => o.Result is BookingResult.SlotTaken), o =>
            Assert.DoesNotContain(o.Held[0], ((BookingResult.SlotTaken)o.Result!).Alternatives));
    }
}
