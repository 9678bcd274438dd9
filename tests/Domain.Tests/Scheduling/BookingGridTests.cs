using System.Globalization;
using AiScheduler.Domain.Scheduling;

namespace AiScheduler.Domain.Tests.Scheduling;

/// <summary>
/// Named times are booked on the fine booking grid while offers stay on a friendly coarse grid; the meeting's length and
/// its buffers before and after are kept against the calendar's own meetings and against outside busy time.
/// </summary>
public class BookingGridTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    private static readonly DayOfWeek[] Weekdays =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];

    // Mon-Fri 09:00-17:00 in Berlin; offers on the hour, 30-minute meetings, the default 15-minute booking grid.
    private static readonly BusinessHours Office = new(Weekdays, new TimeOnly(9, 0), new TimeOnly(17, 0), Berlin);

    // Monday 2 March 2026, 09:00 in Berlin (+01:00).
    private static SlotRequest OnTheHour(string now = "2026-03-02T08:00:00Z") =>
        new(Office, At(now), Berlin) { Granularity = TimeSpan.FromHours(1), MinimumNotice = TimeSpan.FromHours(2) };

    private static DateTimeOffset At(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);

    private static BusyInterval Meeting(string start, string end) => new(At(start), At(end)) { KeepsBuffers = true };

    private static BusyInterval Elsewhere(string start, string end) => new(At(start), At(end));

    [Fact]
    public void Wednesday_at_half_past_nine_is_bookable_as_said_though_offers_are_only_on_the_hour()
    {
        var request = OnTheHour() with { Count = 48, MaxPerDay = 48, HorizonDays = 3 };

        var offered = SlotFinder.Find(request);

        Assert.NotEmpty(offered);
        Assert.All(offered, slot => Assert.Equal(0, WallClock.ToLocal(slot.Start, Berlin).Minute));
        Assert.DoesNotContain(offered, slot => slot.Start == At("2026-03-04T09:30:00+01:00"));
        Assert.Equal(SlotAvailability.Free, SlotFinder.Check(request, At("2026-03-04T09:30:00+01:00")));
    }

    [Theory]
    [InlineData("2026-03-04T10:15:00+01:00", 15, SlotAvailability.Free)]
    [InlineData("2026-03-04T10:45:00+01:00", 15, SlotAvailability.Free)]
    [InlineData("2026-03-04T10:20:00+01:00", 15, SlotAvailability.OffGrid)]
    [InlineData("2026-03-04T10:07:00+01:00", 15, SlotAvailability.OffGrid)]
    [InlineData("2026-03-04T10:20:00+01:00", 5, SlotAvailability.Free)]
    [InlineData("2026-03-04T10:20:00+01:00", 10, SlotAvailability.Free)]
    [InlineData("2026-03-04T10:15:00+01:00", 30, SlotAvailability.OffGrid)]
    public void A_named_time_must_sit_on_the_booking_grid(string start, int gridMinutes, SlotAvailability expected)
    {
        var request = OnTheHour() with { BookingGrid = TimeSpan.FromMinutes(gridMinutes) };
        Assert.Equal(expected, SlotFinder.Check(request, At(start)));
    }

    [Fact]
    public void The_grid_counts_on_the_calendars_wall_clock_whatever_zone_the_time_is_named_in()
    {
        // 09:30 in Berlin is 03:30 in New York and 08:30Z: the same instant, on the grid however it is written.
        var request = OnTheHour() with { PresentIn = NewYork };
        Assert.Equal(SlotAvailability.Free, SlotFinder.Check(request, At("2026-03-04T03:30:00-05:00")));
        Assert.Equal(SlotAvailability.Free, SlotFinder.Check(request, At("2026-03-04T08:30:00Z")));
        Assert.Equal(SlotAvailability.OffGrid, SlotFinder.Check(request, At("2026-03-04T08:31:00Z")));
    }

    [Theory]
    // Another meeting 10:00-10:30 keeps its own 15 minutes after it and 10 before it: the larger buffer separates them.
    [InlineData("2026-03-04T10:30:00+01:00", SlotAvailability.Conflict)]
    [InlineData("2026-03-04T10:40:00+01:00", SlotAvailability.Conflict)]
    [InlineData("2026-03-04T10:45:00+01:00", SlotAvailability.Free)]
    [InlineData("2026-03-04T09:30:00+01:00", SlotAvailability.Conflict)]
    [InlineData("2026-03-04T09:20:00+01:00", SlotAvailability.Conflict)]
    [InlineData("2026-03-04T09:15:00+01:00", SlotAvailability.Free)]
    [InlineData("2026-03-04T10:15:00+01:00", SlotAvailability.Conflict)]
    public void Buffers_before_and_after_separate_a_named_time_from_the_calendars_own_meetings(string start, SlotAvailability expected)
    {
        var request = OnTheHour() with
        {
            BookingGrid = TimeSpan.FromMinutes(5),
            BufferBefore = TimeSpan.FromMinutes(10),
            BufferAfter = TimeSpan.FromMinutes(15),
            Busy = [Meeting("2026-03-04T10:00:00+01:00", "2026-03-04T10:30:00+01:00")],
        };
        Assert.Equal(expected, SlotFinder.Check(request, At(start)));
    }

    [Theory]
    // Busy time from another calendar only has to stay out of the new meeting's own buffers: 10 before, 15 after.
    [InlineData("2026-03-04T10:30:00+01:00", SlotAvailability.Conflict)]
    [InlineData("2026-03-04T10:35:00+01:00", SlotAvailability.Conflict)]
    [InlineData("2026-03-04T10:40:00+01:00", SlotAvailability.Free)]
    [InlineData("2026-03-04T09:20:00+01:00", SlotAvailability.Conflict)]
    [InlineData("2026-03-04T09:15:00+01:00", SlotAvailability.Free)]
    public void Buffers_before_and_after_keep_a_named_time_clear_of_outside_busy_time(string start, SlotAvailability expected)
    {
        var request = OnTheHour() with
        {
            BookingGrid = TimeSpan.FromMinutes(5),
            BufferBefore = TimeSpan.FromMinutes(10),
            BufferAfter = TimeSpan.FromMinutes(15),
            Busy = [Elsewhere("2026-03-04T10:00:00+01:00", "2026-03-04T10:30:00+01:00")],
        };
        Assert.Equal(expected, SlotFinder.Check(request, At(start)));
    }

    [Fact]
    public void Offers_keep_the_same_buffers_from_meetings_and_from_each_other()
    {
        var request = OnTheHour() with
        {
            Granularity = TimeSpan.FromMinutes(15),
            BufferBefore = TimeSpan.FromMinutes(10),
            BufferAfter = TimeSpan.FromMinutes(15),
            Busy = [Meeting("2026-03-04T09:00:00+01:00", "2026-03-04T09:30:00+01:00")],
            Now = At("2026-03-03T17:00:00Z"),
            HorizonDays = 1,
            Count = 3,
            MaxPerDay = 3,
        };

        var offered = SlotFinder.Find(request);

        // 09:45 is the first start 15 minutes after the meeting; the next offers keep 15 minutes from each other.
        Assert.Equal(At("2026-03-04T09:45:00+01:00"), offered[0].Start);
        Assert.All(offered.Zip(offered.Skip(1)), pair => Assert.True(pair.Second.Start - pair.First.End >= TimeSpan.FromMinutes(15)));
    }

    [Theory]
    [InlineData("2026-03-04T09:00:00+01:00", SlotAvailability.Free)]
    [InlineData("2026-03-04T08:45:00+01:00", SlotAvailability.OutsideBusinessHours)]
    [InlineData("2026-03-04T16:30:00+01:00", SlotAvailability.Free)]
    [InlineData("2026-03-04T16:45:00+01:00", SlotAvailability.OutsideBusinessHours)]
    [InlineData("2026-03-04T17:00:00+01:00", SlotAvailability.OutsideBusinessHours)]
    [InlineData("2026-03-07T10:00:00+01:00", SlotAvailability.OutsideBusinessHours)]
    [InlineData("2026-03-02T10:45:00+01:00", SlotAvailability.TooSoon)]
    [InlineData("2026-03-02T11:00:00+01:00", SlotAvailability.Free)]
    public void A_named_time_fits_the_whole_meeting_inside_business_hours_buffers_may_reach_past_them(string start, SlotAvailability expected)
    {
        // Buffers protect from busy time, not from closing time: 16:30-17:00 is bookable with 15 minutes after it.
        var request = OnTheHour() with { BufferBefore = TimeSpan.FromMinutes(15), BufferAfter = TimeSpan.FromMinutes(15) };
        Assert.Equal(expected, SlotFinder.Check(request, At(start)));
    }

    [Fact]
    public void A_longer_meeting_moves_the_last_bookable_start_earlier()
    {
        var request = OnTheHour() with { MeetingLength = TimeSpan.FromMinutes(45) };
        Assert.Equal(SlotAvailability.Free, SlotFinder.Check(request, At("2026-03-04T16:15:00+01:00")));
        Assert.Equal(SlotAvailability.OutsideBusinessHours, SlotFinder.Check(request, At("2026-03-04T16:30:00+01:00")));
    }

    [Fact]
    public void On_the_spring_forward_day_a_named_time_keeps_its_wall_clock()
    {
        // Sunday 29 March 2026: Berlin moves from +01:00 to +02:00 at 02:00. Open every day 09:00-17:00.
        var everyDay = new BusinessHours(Enum.GetValues<DayOfWeek>(), new TimeOnly(9, 0), new TimeOnly(17, 0), Berlin);
        var request = new SlotRequest(everyDay, At("2026-03-28T08:00:00Z"), NewYork) { Granularity = TimeSpan.FromHours(1) };
        var named = WallClock.ToInstant(new DateOnly(2026, 3, 29), new TimeOnly(9, 30), Berlin);

        Assert.Equal(At("2026-03-29T07:30:00Z"), named);
        Assert.Equal(SlotAvailability.Free, SlotFinder.Check(request, named));
        // 09:30 under the winter offset would be 10:30 summer time: on the grid, and a different meeting.
        Assert.Equal(SlotAvailability.Free, SlotFinder.Check(request, At("2026-03-29T08:30:00Z")));
        Assert.Equal(SlotAvailability.Conflict, SlotFinder.Check(request with { Busy = [Meeting("2026-03-29T07:30:00Z", "2026-03-29T08:00:00Z")] }, named));
    }

    [Fact]
    public void A_night_calendar_on_the_spring_forward_day_books_across_the_gap_by_instants()
    {
        var night = new BusinessHours(Enum.GetValues<DayOfWeek>(), new TimeOnly(1, 0), new TimeOnly(4, 0), Berlin);
        var request = new SlotRequest(night, At("2026-03-28T12:00:00Z"), Berlin) { MinimumNotice = TimeSpan.Zero, HorizonDays = 2, Granularity = TimeSpan.FromMinutes(30) };

        // 01:45 +01:00 plus 30 minutes is 03:15 +02:00: one real half hour, inside the hours.
        Assert.Equal(SlotAvailability.Free, SlotFinder.Check(request, At("2026-03-29T01:45:00+01:00")));
        Assert.Equal(SlotAvailability.Free, SlotFinder.Check(request, At("2026-03-29T03:15:00+02:00")));
        // 03:45 +02:00 would end at 04:15: past closing.
        Assert.Equal(SlotAvailability.OutsideBusinessHours, SlotFinder.Check(request, At("2026-03-29T03:45:00+02:00")));
        // A meeting from 01:30 +01:00 lasts half an hour and ends at 03:00 +02:00: 03:00 follows it, 01:45 overlaps it.
        var busy = request with { Busy = [Meeting("2026-03-29T01:30:00+01:00", "2026-03-29T03:00:00+02:00")] };
        Assert.Equal(SlotAvailability.Free, SlotFinder.Check(busy, At("2026-03-29T03:00:00+02:00")));
        Assert.Equal(SlotAvailability.Conflict, SlotFinder.Check(busy, At("2026-03-29T01:45:00+01:00")));
    }

    [Fact]
    public void On_the_fall_back_day_both_occurrences_of_a_repeated_time_are_on_the_grid_and_checked_as_instants()
    {
        var night = new BusinessHours(Enum.GetValues<DayOfWeek>(), new TimeOnly(1, 0), new TimeOnly(4, 0), Berlin);
        var request = new SlotRequest(night, At("2026-10-24T12:00:00Z"), Berlin)
        {
            MinimumNotice = TimeSpan.Zero,
            HorizonDays = 2,
            Busy = [Meeting("2026-10-25T02:30:00+02:00", "2026-10-25T03:00:00+02:00")],
        };

        // 02:30 happens twice: the first (+02:00) is taken, the second (+01:00) an hour later is free.
        Assert.Equal(SlotAvailability.Conflict, SlotFinder.Check(request, At("2026-10-25T02:30:00+02:00")));
        Assert.Equal(SlotAvailability.Free, SlotFinder.Check(request, At("2026-10-25T02:30:00+01:00")));
        Assert.Equal(SlotAvailability.OffGrid, SlotFinder.Check(request, At("2026-10-25T02:40:00+01:00")));
    }
}
