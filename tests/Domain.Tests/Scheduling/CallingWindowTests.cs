using AiScheduler.Domain.Scheduling;

namespace AiScheduler.Domain.Tests.Scheduling;

public class CallingWindowTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
    private static readonly TimeZoneInfo Jerusalem = TimeZoneInfo.FindSystemTimeZoneById("Asia/Jerusalem");

    private static TimeZoneInfo Zone(string id) => TimeZoneInfo.FindSystemTimeZoneById(id);

    private static DateTimeOffset Utc(string text) => DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    private static CallingWindow EveryDay(int startHour, int startMinute, int endHour, int endMinute) =>
        new(Enum.GetValues<DayOfWeek>(), new TimeOnly(startHour, startMinute), new TimeOnly(endHour, endMinute));

    [Theory]
    // Mon-Fri 09:00-18:00 in Berlin (CET +01 in winter, CEST +02 in summer); 2026-01-05 is a Monday.
    [InlineData("2026-01-05T07:59:59Z", "Europe/Berlin", false)]
    [InlineData("2026-01-05T08:00:00Z", "Europe/Berlin", true)]
    [InlineData("2026-01-05T16:59:59Z", "Europe/Berlin", true)]
    [InlineData("2026-01-05T17:00:00Z", "Europe/Berlin", false)]
    [InlineData("2026-07-06T07:00:00Z", "Europe/Berlin", true)]
    [InlineData("2026-07-06T06:59:00Z", "Europe/Berlin", false)]
    [InlineData("2026-07-06T16:00:00Z", "Europe/Berlin", false)]
    [InlineData("2026-01-10T10:00:00Z", "Europe/Berlin", false)]
    [InlineData("2026-01-11T10:00:00Z", "Europe/Berlin", false)]
    // New York (EST -05, EDT -04)
    [InlineData("2026-01-05T14:00:00Z", "America/New_York", true)]
    [InlineData("2026-01-05T13:59:00Z", "America/New_York", false)]
    [InlineData("2026-07-06T13:00:00Z", "America/New_York", true)]
    [InlineData("2026-07-06T22:00:00Z", "America/New_York", false)]
    // Monday 02:00Z is still Sunday evening in New York
    [InlineData("2026-01-06T02:00:00Z", "America/New_York", false)]
    // Friday 23:30Z is Saturday morning in Tokyo
    [InlineData("2026-01-09T23:30:00Z", "Asia/Tokyo", false)]
    [InlineData("2026-01-09T01:00:00Z", "Asia/Tokyo", true)]
    public void The_default_window_is_read_on_the_leads_wall_clock(string instant, string zone, bool open)
    {
        Assert.Equal(open, CallingWindow.Default.IsOpen(Utc(instant), Zone(zone)));
    }

    [Theory]
    // Open: the instant itself.
    [InlineData("Europe/Berlin", "2026-01-05T10:00:00Z", "2026-01-05T10:00:00Z")]
    // Before opening on a weekday: same day 09:00 local.
    [InlineData("Europe/Berlin", "2026-01-05T05:00:00Z", "2026-01-05T08:00:00Z")]
    // After closing on Friday: Monday 09:00.
    [InlineData("Europe/Berlin", "2026-01-09T17:00:00Z", "2026-01-12T08:00:00Z")]
    // Saturday: Monday.
    [InlineData("Europe/Berlin", "2026-01-10T12:00:00Z", "2026-01-12T08:00:00Z")]
    // Friday after closing, weekend with spring-forward (Sun 2026-03-29): Monday opens at 09:00 CEST = 07:00Z.
    [InlineData("Europe/Berlin", "2026-03-27T18:00:00Z", "2026-03-30T07:00:00Z")]
    // Friday evening before fall-back (Sun 2026-10-25): Monday opens at 09:00 CET = 08:00Z.
    [InlineData("Europe/Berlin", "2026-10-23T18:00:00Z", "2026-10-26T08:00:00Z")]
    // New York spring-forward Sun 2026-03-08 and fall-back Sun 2026-11-01.
    [InlineData("America/New_York", "2026-03-06T23:00:00Z", "2026-03-09T13:00:00Z")]
    [InlineData("America/New_York", "2026-10-30T23:00:00Z", "2026-11-02T14:00:00Z")]
    // Late Sunday evening in New York is Monday in UTC; the opening is Monday 09:00 EST.
    [InlineData("America/New_York", "2026-01-12T03:00:00Z", "2026-01-12T14:00:00Z")]
    public void Next_opening_skips_closed_days_and_follows_DST(string zone, string after, string expected)
    {
        var next = CallingWindow.Default.NextOpening(Utc(after), Zone(zone));
        Assert.Equal(Utc(expected), next);
        Assert.True(CallingWindow.Default.IsOpen(next, Zone(zone)));
    }

    [Fact]
    public void Israel_works_Sunday_to_Thursday_across_its_friday_DST_change()
    {
        var window = CallingWindow.ForRegion("IL");
        Assert.Equal("Sun-Thu 09:00-18:00", window.ToString());

        // Thursday 2026-03-26 after 18:00 IST; DST starts Friday 2026-03-27; Sunday opens at 09:00 IDT (+03) = 06:00Z.
        var next = window.NextOpening(Utc("2026-03-26T16:30:00Z"), Jerusalem);
        Assert.Equal(Utc("2026-03-29T06:00:00Z"), next);
        Assert.Equal(new TimeSpan(3, 0, 0), next.Offset);

        // Friday and Saturday are closed; Sunday is open.
        Assert.False(window.IsOpen(Utc("2026-03-27T08:00:00Z"), Jerusalem));
        Assert.False(window.IsOpen(Utc("2026-03-28T08:00:00Z"), Jerusalem));
        Assert.True(window.IsOpen(Utc("2026-03-29T08:00:00Z"), Jerusalem));

        // DST ends Sunday 2026-10-25 at 02:00 IDT; that day opens at 09:00 IST (+02) = 07:00Z.
        Assert.Equal(Utc("2026-10-25T07:00:00Z"), window.NextOpening(Utc("2026-10-22T16:00:00Z"), Jerusalem));
    }

    [Theory]
    // Europe/Berlin 2026-03-29: 02:00 CET jumps to 03:00 CEST at 01:00Z; a 02:30 start opens at the jump.
    [InlineData("Europe/Berlin", "2026-03-28T23:00:00Z", "2026-03-29T01:00:00Z")]
    // America/New_York 2026-03-08: 02:00 EST jumps to 03:00 EDT at 07:00Z.
    [InlineData("America/New_York", "2026-03-08T05:00:00Z", "2026-03-08T07:00:00Z")]
    // Asia/Jerusalem 2026-03-27: 02:00 IST jumps to 03:00 IDT at 00:00Z.
    [InlineData("Asia/Jerusalem", "2026-03-26T22:30:00Z", "2026-03-27T00:00:00Z")]
    public void A_start_skipped_by_spring_forward_opens_at_the_first_valid_instant(string zone, string after, string expected)
    {
        var window = EveryDay(2, 30, 4, 0);
        var next = window.NextOpening(Utc(after), Zone(zone));
        Assert.Equal(Utc(expected), next);
        Assert.True(window.IsOpen(next, Zone(zone)));
        Assert.False(window.IsOpen(next.AddTicks(-1), Zone(zone)));
    }

    [Theory]
    // Europe/Berlin 2026-10-25: 02:30 occurs at 00:30Z (CEST) and again at 01:30Z (CET); the first counts.
    [InlineData("Europe/Berlin", "2026-10-24T22:00:00Z", "2026-10-25T00:30:00Z")]
    // America/New_York 2026-11-01: 01:30 occurs at 05:30Z (EDT) and 06:30Z (EST).
    [InlineData("America/New_York", "2026-11-01T04:00:00Z", "2026-11-01T05:30:00Z")]
    // Asia/Jerusalem 2026-10-25: 01:30 occurs at 22:30Z (IDT, on the 24th) and 23:30Z (IST).
    [InlineData("Asia/Jerusalem", "2026-10-24T21:00:00Z", "2026-10-24T22:30:00Z")]
    public void A_start_repeated_by_fall_back_opens_at_its_first_occurrence(string zone, string after, string expected)
    {
        var local = WallClock.ToLocal(Utc(expected), Zone(zone));
        var window = EveryDay(local.Hour, local.Minute, 4, 0);
        var next = window.NextOpening(Utc(after), Zone(zone));
        Assert.Equal(Utc(expected), next);
        Assert.True(window.IsOpen(next, Zone(zone)));
    }

    [Fact]
    public void A_window_lying_wholly_in_the_spring_forward_gap_does_not_open_that_day()
    {
        var window = EveryDay(2, 10, 2, 50);
        var next = window.NextOpening(Utc("2026-03-28T23:00:00Z"), Berlin);
        Assert.Equal(Utc("2026-03-30T00:10:00Z"), next); // Monday 02:10 CEST
    }

    [Fact]
    public void Next_closing_is_the_end_of_the_current_or_next_window()
    {
        Assert.Equal(Utc("2026-01-05T17:00:00Z"), CallingWindow.Default.NextClosing(Utc("2026-01-05T10:00:00Z"), Berlin));
        Assert.Equal(Utc("2026-01-12T17:00:00Z"), CallingWindow.Default.NextClosing(Utc("2026-01-10T10:00:00Z"), Berlin));
        Assert.Equal(Utc("2026-03-30T16:00:00Z"), CallingWindow.Default.NextClosing(Utc("2026-03-28T10:00:00Z"), Berlin));
    }

    [Fact]
    public void Every_minute_of_a_DST_week_agrees_with_next_opening()
    {
        // Exhaustive check across both 2026 transitions in three zones: NextOpening(t) is t when open, otherwise the
        // first open minute after t.
        foreach (var zone in new[] { Berlin, NewYork, Jerusalem })
        {
            foreach (var window in new[] { CallingWindow.Default, CallingWindow.ForRegion("IL"), EveryDay(2, 30, 3, 30), EveryDay(0, 0, 1, 30) })
            {
                foreach (var weekStart in new[] { Utc("2026-03-05T00:00:00Z"), Utc("2026-03-24T00:00:00Z"), Utc("2026-10-22T00:00:00Z"), Utc("2026-10-29T00:00:00Z") })
                {
                    DateTimeOffset? expectedNext = null;
                    for (var t = weekStart.AddDays(5); t >= weekStart; t = t.AddMinutes(-10))
                    {
                        var open = window.IsOpen(t, zone);
                        if (open)
                        {
                            expectedNext = t;
                        }

                        var next = window.NextOpening(t, zone);
                        if (open)
                        {
                            Assert.Equal(t, next);
                        }
                        else if (expectedNext is { } known)
                        {
                            Assert.True(next <= known, $"{window} in {zone.Id} after {t:o}: {next:o} > {known:o}");
                            Assert.True(next > t);
                            Assert.True(window.IsOpen(next, zone), $"{window} in {zone.Id}: {next:o} is not open");
                        }
                    }
                }
            }
        }
    }

    [Theory]
    [InlineData("IL", "Sun-Thu 09:00-18:00")]
    [InlineData("il", "Sun-Thu 09:00-18:00")]
    [InlineData("SA", "Sun-Thu 09:00-18:00")]
    [InlineData("EG", "Sun-Thu 09:00-18:00")]
    [InlineData("AE", "Mon-Fri 09:00-18:00")]
    [InlineData("US", "Mon-Fri 09:00-18:00")]
    [InlineData("FR", "Mon-Fri 09:00-18:00")]
    [InlineData(null, "Mon-Fri 09:00-18:00")]
    public void Regions_get_their_working_week(string? region, string expected)
    {
        Assert.Equal(expected, CallingWindow.ForRegion(region).ToString());
    }

    [Theory]
    [InlineData("Mon-Fri 09:00-18:00", "Mon-Fri 09:00-18:00", 5)]
    [InlineData("sun-thu 08:30-17:00", "Sun-Thu 08:30-17:00", 5)]
    [InlineData("Fri-Mon 10:00-12:00", "Fri-Mon 10:00-12:00", 4)]
    [InlineData("Mon,Wed,Fri 10:00-16:30", "Mon,Wed,Fri 10:00-16:30", 3)]
    [InlineData("Sat,Sun 10:00-14:00", "Sat,Sun 10:00-14:00", 2)]
    [InlineData("Monday-Sunday 00:00-23:59", "Mon-Sun 00:00-23:59", 7)]
    [InlineData("Tue 09:00-10:00", "Tue 09:00-10:00", 1)]
    [InlineData("Mon-Wed,Fri 09:00-17:00", "Mon,Tue,Wed,Fri 09:00-17:00", 4)]
    public void Windows_parse_from_and_print_to_text(string text, string printed, int dayCount)
    {
        var window = CallingWindow.Parse(text);
        Assert.Equal(printed, window.ToString());
        Assert.Equal(dayCount, window.Days.Count);
        Assert.Equal(window, CallingWindow.Parse(window.ToString()));
    }

    [Theory]
    [InlineData("", "is not a calling window")]
    [InlineData("Mon-Fri", "is not a calling window")]
    [InlineData("Funday 09:00-18:00", "is not a day or day range")]
    [InlineData("Mon-Fri 9-18", "is not an hour range")]
    [InlineData("Mon-Fri 18:00-09:00", "must start before it ends")]
    [InlineData("Mon-Fri 09:00-09:00", "must start before it ends")]
    public void Malformed_windows_are_rejected_with_a_reason(string text, string reason)
    {
        Assert.False(CallingWindow.TryParse(text, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Construction_validates_days_and_hours()
    {
        Assert.Throws<ArgumentException>(() => new CallingWindow([], new TimeOnly(9, 0), new TimeOnly(18, 0)));
        Assert.Throws<ArgumentException>(() => new CallingWindow([DayOfWeek.Monday], new TimeOnly(18, 0), new TimeOnly(9, 0)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CallingWindow([(DayOfWeek)9], new TimeOnly(9, 0), new TimeOnly(18, 0)));
        var window = new CallingWindow([DayOfWeek.Monday, DayOfWeek.Monday], new TimeOnly(9, 0), new TimeOnly(10, 0));
        Assert.Single(window.Days);
    }
}
