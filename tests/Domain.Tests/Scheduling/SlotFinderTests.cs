using System.Globalization;
using AiScheduler.Domain.Scheduling;

namespace AiScheduler.Domain.Tests.Scheduling;

public class SlotFinderTests
{
    private static readonly TimeZoneInfo Jerusalem = TimeZoneInfo.FindSystemTimeZoneById("Asia/Jerusalem");
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    private static readonly DayOfWeek[] SundayToThursday =
        [DayOfWeek.Sunday, DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday];

    // Sun-Thu 09:00-17:00 in Jerusalem (winter: +02:00).
    private static readonly BusinessHours Clinic = new(SundayToThursday, new TimeOnly(9, 0), new TimeOnly(17, 0), Jerusalem);

    private static DateTimeOffset At(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);

    private static BusyInterval Busy(string start, string end) => new(At(start), At(end));

    // Sunday 2026-01-04 08:00 in Jerusalem.
    private static SlotRequest Request(string now = "2026-01-04T08:00:00+02:00", BusinessHours? hours = null, TimeZoneInfo? presentIn = null) =>
        new(hours ?? Clinic, At(now), presentIn ?? Jerusalem);

    private static string[] Starts(IEnumerable<Slot> slots) =>
        [.. slots.Select(s => s.Start.ToString("ddd yyyy-MM-dd HH:mm zzz", CultureInfo.InvariantCulture))];

    [Fact]
    public void Offers_spread_one_per_day_from_the_minimum_notice()
    {
        var slots = SlotFinder.Find(Request());
        Assert.Equal(["Sun 2026-01-04 10:00 +02:00", "Mon 2026-01-05 09:00 +02:00", "Tue 2026-01-06 09:00 +02:00"], Starts(slots));
        Assert.All(slots, s => Assert.Equal(TimeSpan.FromMinutes(30), s.End - s.Start));
    }

    [Fact]
    public void Closed_days_are_skipped()
    {
        // Thursday afternoon: Friday and Saturday are closed in this calendar.
        var slots = SlotFinder.Find(Request("2026-01-08T16:00:00+02:00"));
        Assert.Equal(["Sun 2026-01-11 09:00 +02:00", "Mon 2026-01-12 09:00 +02:00", "Tue 2026-01-13 09:00 +02:00"], Starts(slots));
    }

    [Fact]
    public void Minimum_notice_that_runs_past_closing_moves_to_the_next_day()
    {
        var slots = SlotFinder.Find(Request("2026-01-04T15:30:00+02:00"));
        Assert.Equal("Mon 2026-01-05 09:00 +02:00", Starts(slots)[0]);
    }

    [Fact]
    public void A_meeting_must_end_by_closing_time()
    {
        var request = Request("2026-01-04T14:30:00+02:00") with { MeetingLength = TimeSpan.FromMinutes(45) };
        var slots = SlotFinder.Find(request with { Count = 1 });
        // Earliest is 16:30; 16:30 + 45 min runs past 17:00, so Monday.
        Assert.Equal(["Mon 2026-01-05 09:00 +02:00"], Starts(slots));

        var shorter = SlotFinder.Find(request with { Count = 1, MeetingLength = TimeSpan.FromMinutes(30) });
        Assert.Equal(["Sun 2026-01-04 16:30 +02:00"], Starts(shorter));
    }

    [Fact]
    public void Busy_intervals_push_the_slot_past_them()
    {
        var request = Request() with
        {
            Busy = [Busy("2026-01-04T10:00:00+02:00", "2026-01-04T11:00:00+02:00"), Busy("2026-01-05T09:10:00+02:00", "2026-01-05T09:20:00+02:00")],
        };
        Assert.Equal(["Sun 2026-01-04 11:00 +02:00", "Mon 2026-01-05 09:30 +02:00", "Tue 2026-01-06 09:00 +02:00"], Starts(SlotFinder.Find(request)));
    }

    [Fact]
    public void The_buffer_keeps_free_time_around_busy_intervals()
    {
        var request = Request() with
        {
            Busy = [Busy("2026-01-04T10:00:00+02:00", "2026-01-04T11:00:00+02:00")],
            BufferBefore = TimeSpan.FromMinutes(15),
            BufferAfter = TimeSpan.FromMinutes(15),
            Granularity = TimeSpan.FromMinutes(15),
            Count = 1,
        };
        Assert.Equal(["Sun 2026-01-04 11:15 +02:00"], Starts(SlotFinder.Find(request)));

        // A busy interval starting 10 minutes after a candidate's end also blocks it when the buffer is 15.
        var before = request with { Now = At("2026-01-04T07:00:00+02:00"), Busy = [Busy("2026-01-04T09:40:00+02:00", "2026-01-04T16:00:00+02:00")] };
        Assert.Equal(["Sun 2026-01-04 16:15 +02:00"], Starts(SlotFinder.Find(before)));
    }

    [Fact]
    public void Busy_intervals_in_any_offset_are_compared_as_instants()
    {
        // 08:00Z is 10:00 in Jerusalem.
        var request = Request() with { Busy = [Busy("2026-01-04T08:00:00Z", "2026-01-04T09:00:00Z")], Count = 1 };
        Assert.Equal(["Sun 2026-01-04 11:00 +02:00"], Starts(SlotFinder.Find(request)));
    }

    [Fact]
    public void A_fully_booked_day_is_skipped()
    {
        var request = Request() with { Busy = [Busy("2026-01-05T08:00:00+02:00", "2026-01-05T18:00:00+02:00")] };
        Assert.Equal(["Sun 2026-01-04 10:00 +02:00", "Tue 2026-01-06 09:00 +02:00", "Wed 2026-01-07 09:00 +02:00"], Starts(SlotFinder.Find(request)));
    }

    [Fact]
    public void Two_per_day_puts_one_in_each_half_of_the_day()
    {
        var request = Request("2026-01-03T12:00:00+02:00") with { MaxPerDay = 2, Count = 4 };
        Assert.Equal(
            ["Sun 2026-01-04 09:00 +02:00", "Sun 2026-01-04 13:00 +02:00", "Mon 2026-01-05 09:00 +02:00", "Mon 2026-01-05 13:00 +02:00"],
            Starts(SlotFinder.Find(request)));
    }

    [Fact]
    public void Slots_start_on_the_granularity_grid()
    {
        var request = Request("2026-01-04T08:07:00+02:00") with { Granularity = TimeSpan.FromMinutes(15), Count = 1 };
        Assert.Equal(["Sun 2026-01-04 10:15 +02:00"], Starts(SlotFinder.Find(request)));

        var hourly = Request("2026-01-04T08:07:00+02:00") with { Granularity = TimeSpan.FromHours(1), Count = 1 };
        Assert.Equal(["Sun 2026-01-04 11:00 +02:00"], Starts(SlotFinder.Find(hourly)));
    }

    [Fact]
    public void Opening_hours_off_the_grid_start_at_the_next_grid_point()
    {
        var hours = new BusinessHours(SundayToThursday, new TimeOnly(9, 10), new TimeOnly(17, 0), Jerusalem);
        var slots = SlotFinder.Find(Request("2026-01-03T12:00:00+02:00", hours) with { Count = 1 });
        Assert.Equal(["Sun 2026-01-04 09:30 +02:00"], Starts(slots));
    }

    [Fact]
    public void Slots_are_presented_in_the_leads_zone()
    {
        var slots = SlotFinder.Find(Request(presentIn: NewYork));
        Assert.Equal(["Sun 2026-01-04 03:00 -05:00", "Mon 2026-01-05 02:00 -05:00", "Tue 2026-01-06 02:00 -05:00"], Starts(slots));
        Assert.Equal(SlotFinder.Find(Request()).Select(s => s.Start.UtcDateTime), slots.Select(s => s.Start.UtcDateTime));
    }

    [Fact]
    public void Attendee_hours_keep_offers_inside_the_leads_own_day()
    {
        // Jerusalem 09:00-17:00 is 02:00-10:00 in New York; with the lead's 08:00-20:00 only 15:00-17:00 Jerusalem fits.
        var request = Request(presentIn: NewYork) with { AttendeeHours = CallingWindow.Parse("Mon-Fri 08:00-20:00") };
        Assert.Equal(["Mon 2026-01-05 08:00 -05:00", "Tue 2026-01-06 08:00 -05:00", "Wed 2026-01-07 08:00 -05:00"], Starts(SlotFinder.Find(request)));
        Assert.Equal(SlotAvailability.OutsideAttendeeHours, SlotFinder.Check(request, At("2026-01-05T09:00:00+02:00")));
        Assert.Equal(SlotAvailability.Free, SlotFinder.Check(request, At("2026-01-05T15:00:00+02:00")));
        // A meeting that would run past the lead's closing does not fit.
        var late = request with { AttendeeHours = CallingWindow.Parse("Mon-Fri 08:00-08:20") };
        Assert.Empty(SlotFinder.Find(late));
        Assert.Equal(SlotAvailability.OutsideAttendeeHours, SlotFinder.Check(late, At("2026-01-05T15:00:00+02:00")));
    }

    [Fact]
    public void The_horizon_limits_how_far_ahead_slots_are_offered()
    {
        var request = Request() with { HorizonDays = 2, Count = 5 };
        Assert.Equal(["Sun 2026-01-04 10:00 +02:00", "Mon 2026-01-05 09:00 +02:00"], Starts(SlotFinder.Find(request)));
    }

    [Fact]
    public void Spring_forward_skips_wall_times_that_do_not_exist()
    {
        var night = new BusinessHours(Enum.GetValues<DayOfWeek>(), new TimeOnly(1, 0), new TimeOnly(4, 0), Berlin);
        var request = new SlotRequest(night, At("2026-03-28T12:00:00Z"), Berlin) { MaxPerDay = 48, Count = 48, HorizonDays = 1, MinimumNotice = TimeSpan.Zero };
        // 2026-03-29: 02:00-03:00 does not exist in Berlin.
        Assert.Equal(
            ["Sun 2026-03-29 01:00 +01:00", "Sun 2026-03-29 01:30 +01:00", "Sun 2026-03-29 03:00 +02:00", "Sun 2026-03-29 03:30 +02:00"],
            Starts(SlotFinder.Find(request)));
    }

    [Fact]
    public void Fall_back_offers_a_repeated_wall_time_once()
    {
        var night = new BusinessHours(Enum.GetValues<DayOfWeek>(), new TimeOnly(1, 0), new TimeOnly(4, 0), Berlin);
        var request = new SlotRequest(night, At("2026-10-24T12:00:00Z"), Berlin) { MaxPerDay = 48, Count = 48, HorizonDays = 1, MinimumNotice = TimeSpan.Zero };
        // 2026-10-25: 02:00-03:00 happens twice (CEST then CET); the first occurrence is offered.
        Assert.Equal(
            ["Sun 2026-10-25 01:00 +02:00", "Sun 2026-10-25 01:30 +02:00", "Sun 2026-10-25 02:00 +02:00", "Sun 2026-10-25 02:30 +02:00", "Sun 2026-10-25 03:00 +01:00", "Sun 2026-10-25 03:30 +01:00"],
            Starts(SlotFinder.Find(request)));
    }

    [Fact]
    public void Business_hours_keep_their_wall_clock_across_DST()
    {
        // New York switches on Sunday 2026-03-08: 09:00 is 14:00Z before and 13:00Z after.
        var office = new BusinessHours([DayOfWeek.Friday, DayOfWeek.Monday], new TimeOnly(9, 0), new TimeOnly(17, 0), NewYork);
        var slots = SlotFinder.Find(new SlotRequest(office, At("2026-03-05T12:00:00Z"), TimeZoneInfo.Utc) { Count = 2 });
        Assert.Equal([At("2026-03-06T14:00:00Z"), At("2026-03-09T13:00:00Z")], slots.Select(s => s.Start));
    }

    [Fact]
    public void The_same_request_always_gives_the_same_slots()
    {
        var request = Request() with { Busy = [Busy("2026-01-05T09:00:00+02:00", "2026-01-05T12:00:00+02:00")], MaxPerDay = 2, Count = 6 };
        Assert.Equal(SlotFinder.Find(request), SlotFinder.Find(request));
    }

    [Theory]
    [InlineData("2026-01-04T12:00:00+02:00", SlotAvailability.Free)]
    [InlineData("2026-01-04T12:07:00+02:00", SlotAvailability.OffGrid)]
    [InlineData("2026-01-04T12:45:00+02:00", SlotAvailability.Free)]
    [InlineData("2026-01-04T09:30:00+02:00", SlotAvailability.TooSoon)]
    [InlineData("2026-01-19T10:00:00+02:00", SlotAvailability.BeyondHorizon)]
    [InlineData("2026-01-09T10:00:00+02:00", SlotAvailability.OutsideBusinessHours)]
    [InlineData("2026-01-05T08:30:00+02:00", SlotAvailability.OutsideBusinessHours)]
    [InlineData("2026-01-05T16:45:00+02:00", SlotAvailability.OutsideBusinessHours)]
    [InlineData("2026-01-05T10:15:00+02:00", SlotAvailability.Conflict)]
    [InlineData("2026-01-05T10:30:00+02:00", SlotAvailability.Conflict)]
    [InlineData("2026-01-05T11:15:00+02:00", SlotAvailability.Free)]
    [InlineData("2026-01-05T09:15:00+02:00", SlotAvailability.Free)]
    [InlineData("2026-01-05T09:30:00+02:00", SlotAvailability.Conflict)]
    [InlineData("2026-01-05T09:20:00+02:00", SlotAvailability.OffGrid)]
    public void A_proposed_time_is_checked_against_the_same_rules(string start, SlotAvailability expected)
    {
        var request = Request() with
        {
            Busy = [Busy("2026-01-05T10:00:00+02:00", "2026-01-05T11:00:00+02:00")],
            BufferBefore = TimeSpan.FromMinutes(15),
            BufferAfter = TimeSpan.FromMinutes(15),
        };
        Assert.Equal(expected, SlotFinder.Check(request, At(start)));
    }

    [Fact]
    public void Requests_and_intervals_validate_their_values()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Request() with { MeetingLength = TimeSpan.Zero });
        Assert.Throws<ArgumentOutOfRangeException>(() => Request() with { BufferBefore = TimeSpan.FromMinutes(-1) });
        Assert.Throws<ArgumentOutOfRangeException>(() => Request() with { BufferAfter = TimeSpan.FromMinutes(-1) });
        Assert.Throws<ArgumentOutOfRangeException>(() => Request() with { BookingGrid = TimeSpan.Zero });
        Assert.Throws<ArgumentException>(() => SlotFinder.Find(Request() with { Granularity = TimeSpan.FromMinutes(20) }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Request() with { MinimumNotice = TimeSpan.FromMinutes(-1) });
        Assert.Throws<ArgumentOutOfRangeException>(() => Request() with { Count = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => Request() with { MaxPerDay = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => Request() with { HorizonDays = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => Request() with { Granularity = TimeSpan.Zero });
        Assert.Throws<ArgumentException>(() => Busy("2026-01-05T10:00:00Z", "2026-01-05T10:00:00Z"));
        Assert.Throws<ArgumentException>(() => new BusinessHours([], new TimeOnly(9, 0), new TimeOnly(17, 0), Jerusalem));
        Assert.Throws<ArgumentException>(() => new BusinessHours(SundayToThursday, new TimeOnly(17, 0), new TimeOnly(9, 0), Jerusalem));
    }

    public static TheoryData<int> Seeds => [.. Enumerable.Range(1, 80)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Random_calendars_agree_with_a_brute_force_search(int seed)
    {
        var random = new Random(seed);
        var zone = new[] { Jerusalem, Berlin, NewYork }[random.Next(3)];
        var days = Enum.GetValues<DayOfWeek>().Where(_ => random.Next(3) > 0).DefaultIfEmpty(DayOfWeek.Monday).ToArray();
        var open = new TimeOnly(random.Next(0, 12), random.Next(4) * 15);
        var close = open.AddHours(random.Next(2, 10));
        if (close <= open)
        {
            close = new TimeOnly(23, 45);
        }

        var hours = new BusinessHours(days, open, close, zone);
        // Around the 2026 transitions half the time.
        var now = (random.Next(2) == 0 ? At("2026-03-25T00:00:00Z") : At("2026-10-21T00:00:00Z")).AddMinutes(random.Next(0, 60 * 24 * 5));
        var busy = Enumerable.Range(0, random.Next(0, 25))
            .Select(_ => now.AddMinutes(random.Next(0, 60 * 24 * 10)))
            .Select(s => new BusyInterval(s, s.AddMinutes(random.Next(5, 240))))
            .ToList();
        var buffer = TimeSpan.FromMinutes(5 * random.Next(0, 4));
        var request = new SlotRequest(hours, now, TimeZoneInfo.Utc)
        {
            MeetingLength = TimeSpan.FromMinutes(15 * random.Next(1, 5)),
            BufferBefore = buffer,
            BufferAfter = buffer,
            MinimumNotice = TimeSpan.FromMinutes(30 * random.Next(0, 8)),
            Granularity = TimeSpan.FromMinutes(new[] { 15, 30, 60 }[random.Next(3)]),
            HorizonDays = random.Next(1, 10),
            Count = random.Next(1, 6),
            MaxPerDay = 1,
            Busy = busy,
        };

        // Reference: every grid minute of every open local day, checked one by one; the first free one of each day.
        var expected = new List<DateTimeOffset>();
        var date = DateOnly.FromDateTime(WallClock.ToLocal(now, zone)).AddDays(-1);
        for (var i = 0; i < 12 && expected.Count < request.Count; i++, date = date.AddDays(1))
        {
            if (!days.Contains(date.DayOfWeek))
            {
                continue;
            }

            for (var minute = 0; minute < 24 * 60; minute += (int)request.Granularity.TotalMinutes)
            {
                var local = date.ToDateTime(TimeOnly.MinValue).AddMinutes(minute);
                var time = TimeOnly.FromDateTime(local);
                if (time < open || time >= close || zone.IsInvalidTime(local))
                {
                    continue;
                }

                var start = WallClock.ToInstant(local, zone);
                var end = start + request.MeetingLength;
                if (start >= now + request.MinimumNotice && start < now.AddDays(request.HorizonDays)
                    && end <= WallClock.ToInstant(date, close, zone)
                    && !busy.Any(b => b.Overlaps(start - buffer, end + buffer)))
                {
                    expected.Add(start);
                    break;
                }
            }
        }

        var found = SlotFinder.Find(request);
        Assert.Equal(expected, found.Select(s => s.Start));
        Assert.All(found, s => Assert.Equal(TimeSpan.Zero, s.Start.Offset));
        Assert.All(found, s => Assert.Equal(SlotAvailability.Free, SlotFinder.Check(request, s.Start)));
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Random_requests_never_break_the_rules(int seed)
    {
        var random = new Random(seed * 7919);
        var zone = new[] { Jerusalem, Berlin, NewYork }[random.Next(3)];
        var hours = new BusinessHours(
            Enum.GetValues<DayOfWeek>().Where(_ => random.Next(4) > 0).DefaultIfEmpty(DayOfWeek.Tuesday),
            new TimeOnly(random.Next(0, 10), 0), new TimeOnly(random.Next(12, 24), 0), zone);
        var now = At("2026-03-20T00:00:00Z").AddMinutes(random.Next(0, 60 * 24 * 230));
        var busy = Enumerable.Range(0, random.Next(0, 40))
            .Select(_ => now.AddMinutes(random.Next(-600, 60 * 24 * 12)))
            .Select(s => new BusyInterval(s, s.AddMinutes(random.Next(5, 300))))
            .ToList();
        var request = new SlotRequest(hours, now, NewYork)
        {
            MeetingLength = TimeSpan.FromMinutes(15 * random.Next(1, 9)),
            BufferBefore = TimeSpan.FromMinutes(5 * random.Next(0, 7)),
            BufferAfter = TimeSpan.FromMinutes(5 * random.Next(0, 7)),
            MinimumNotice = TimeSpan.FromMinutes(60 * random.Next(0, 30)),
            Granularity = TimeSpan.FromMinutes(new[] { 10, 15, 20, 30, 60 }[random.Next(5)]),
            BookingGrid = TimeSpan.FromMinutes(5),
            HorizonDays = random.Next(1, 15),
            Count = random.Next(1, 10),
            MaxPerDay = random.Next(1, 4),
            Busy = busy,
        };

        var slots = SlotFinder.Find(request);
        Assert.InRange(slots.Count, 0, request.Count);
        Assert.Equal(slots.OrderBy(s => s.Start), slots);
        foreach (var slot in slots)
        {
            Assert.Equal(request.MeetingLength, slot.End - slot.Start);
            Assert.Equal(NewYork.GetUtcOffset(slot.Start), slot.Start.Offset);
            Assert.Equal(SlotAvailability.Free, SlotFinder.Check(request, slot.Start));
            var local = WallClock.ToLocal(slot.Start, zone);
            Assert.Equal(0, (long)local.TimeOfDay.TotalMinutes % (long)request.Granularity.TotalMinutes);
        }

        foreach (var day in slots.GroupBy(s => DateOnly.FromDateTime(WallClock.ToLocal(s.Start, zone))))
        {
            Assert.InRange(day.Count(), 1, request.MaxPerDay);
        }

        for (var i = 1; i < slots.Count; i++)
        {
            var gap = request.BufferBefore > request.BufferAfter ? request.BufferBefore : request.BufferAfter;
            Assert.True(slots[i - 1].End + gap <= slots[i].Start, $"{slots[i - 1]} and {slots[i]} are too close");
        }
    }
}
