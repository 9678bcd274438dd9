using System.Globalization;
using AiScheduler.Domain.Scheduling;

namespace AiScheduler.Domain.Tests.Scheduling;

public class WallClockTests
{
    [Theory]
    // Ordinary times
    [InlineData("Europe/Berlin", "2026-01-05 09:00", "2026-01-05T08:00:00Z")]
    [InlineData("Europe/Berlin", "2026-07-06 09:00", "2026-07-06T07:00:00Z")]
    [InlineData("Asia/Jerusalem", "2026-07-06 09:00", "2026-07-06T06:00:00Z")]
    [InlineData("Asia/Kolkata", "2026-07-06 09:00", "2026-07-06T03:30:00Z")]
    [InlineData("UTC", "2026-07-06 09:00", "2026-07-06T09:00:00Z")]
    // Spring-forward gaps resolve to the transition
    [InlineData("Europe/Berlin", "2026-03-29 02:00", "2026-03-29T01:00:00Z")]
    [InlineData("Europe/Berlin", "2026-03-29 02:59", "2026-03-29T01:00:00Z")]
    [InlineData("Europe/Berlin", "2026-03-29 03:00", "2026-03-29T01:00:00Z")]
    [InlineData("America/New_York", "2026-03-08 02:30", "2026-03-08T07:00:00Z")]
    [InlineData("Asia/Jerusalem", "2026-03-27 02:30", "2026-03-27T00:00:00Z")]
    // Fall-back repeats resolve to the first occurrence
    [InlineData("Europe/Berlin", "2026-10-25 02:00", "2026-10-25T00:00:00Z")]
    [InlineData("Europe/Berlin", "2026-10-25 02:59", "2026-10-25T00:59:00Z")]
    [InlineData("Europe/Berlin", "2026-10-25 03:00", "2026-10-25T02:00:00Z")]
    [InlineData("America/New_York", "2026-11-01 01:30", "2026-11-01T05:30:00Z")]
    [InlineData("Asia/Jerusalem", "2026-10-25 01:30", "2026-10-24T22:30:00Z")]
    public void Local_times_resolve_to_one_instant(string zone, string local, string expected)
    {
        var tz = TimeZoneInfo.FindSystemTimeZoneById(zone);
        var instant = WallClock.ToInstant(DateTime.ParseExact(local, "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), tz);
        Assert.Equal(DateTimeOffset.Parse(expected, CultureInfo.InvariantCulture), instant);
        Assert.Equal(tz.GetUtcOffset(instant), instant.Offset);
    }

    [Fact]
    public void Every_valid_local_minute_of_2026_round_trips_in_three_zones()
    {
        foreach (var zone in new[] { "Europe/Berlin", "America/New_York", "Asia/Jerusalem" }.Select(TimeZoneInfo.FindSystemTimeZoneById))
        {
            for (var local = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Unspecified); local.Year == 2026; local = local.AddMinutes(37))
            {
                var instant = WallClock.ToInstant(local, zone);
                if (zone.IsInvalidTime(local))
                {
                    Assert.True(WallClock.ToLocal(instant, zone) > local);
                }
                else
                {
                    Assert.Equal(local, WallClock.ToLocal(instant, zone));
                    if (zone.IsAmbiguousTime(local))
                    {
                        Assert.Equal(local, WallClock.ToLocal(instant.AddHours(1), zone));
                    }
                }
            }
        }
    }
}
