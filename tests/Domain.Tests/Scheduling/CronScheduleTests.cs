using System.Globalization;
using AiScheduler.Domain.Scheduling;

namespace AiScheduler.Domain.Tests.Scheduling;

public class CronScheduleTests
{
    private static readonly TimeZoneInfo Utc = TimeZoneInfo.Utc;
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
    private static readonly TimeZoneInfo Jerusalem = TimeZoneInfo.FindSystemTimeZoneById("Asia/Jerusalem");

    private static DateTimeOffset At(string utc) =>
        DateTimeOffset.Parse(utc, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    private static string[] Next(string expression, string afterUtc, TimeZoneInfo zone, int count) =>
        CronSchedule.Parse(expression).Occurrences(At(afterUtc), zone, count)
            .Select(o => o.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)).ToArray();

    [Theory]
    [InlineData("*/15 * * * *", "2026-01-05T10:07:30Z", "2026-01-05T10:15:00Z")]
    [InlineData("0 */5 * * * *", "2026-01-05T10:07:30Z", "2026-01-05T10:10:00Z")]
    [InlineData("*/10 * * * * *", "2026-01-05T10:00:05Z", "2026-01-05T10:00:10Z")]
    [InlineData("0 * * * * *", "2026-01-05T10:00:59.999Z", "2026-01-05T10:01:00Z")]
    [InlineData("30 9 * * *", "2026-01-05T09:30:00Z", "2026-01-06T09:30:00Z")]
    [InlineData("0 0 1 JAN,jul *", "2026-02-10T00:00:00Z", "2026-07-01T00:00:00Z")]
    [InlineData("0 12 * * SAT", "2026-01-05T00:00:00Z", "2026-01-10T12:00:00Z")]
    [InlineData("0 12 * * 7", "2026-01-05T00:00:00Z", "2026-01-11T12:00:00Z")]
    [InlineData("0 12 * * 0", "2026-01-05T00:00:00Z", "2026-01-11T12:00:00Z")]
    [InlineData("0 12 ? * sun", "2026-01-05T00:00:00Z", "2026-01-11T12:00:00Z")]
    [InlineData("0 0 29 2 *", "2026-01-01T00:00:00Z", "2028-02-29T00:00:00Z")]
    [InlineData("0 0 31 * *", "2026-04-01T00:00:00Z", "2026-05-31T00:00:00Z")]
    [InlineData("0 0 0 13 * FRI", "2026-01-01T00:00:00Z", "2026-02-13T00:00:00Z")]
    [InlineData("15 10/20 * * * *", "2026-01-05T10:30:16Z", "2026-01-05T10:50:15Z")]
    [InlineData("0 0 9-17/4 * * MON-FRI", "2026-01-09T17:00:00Z", "2026-01-12T09:00:00Z")]
    [InlineData("59 59 23 31 12 *", "2026-06-01T00:00:00Z", "2026-12-31T23:59:59Z")]
    public void Next_returns_the_first_occurrence_strictly_after_the_given_instant(string expression, string after, string expected) =>
        Assert.Equal(expected, Next(expression, after, Utc, 1)[0]);

    [Fact]
    public void Ranges_lists_and_steps_combine_within_a_field()
    {
        Assert.Equal(
            ["2026-01-05T09:00:00Z", "2026-01-05T13:00:00Z", "2026-01-05T17:00:00Z", "2026-01-06T09:00:00Z"],
            Next("0 0 9-17/4 * * *", "2026-01-05T08:00:00Z", Utc, 4));
        Assert.Equal(
            ["2026-01-05T10:05:00Z", "2026-01-05T10:07:00Z", "2026-01-05T10:30:00Z", "2026-01-05T10:45:00Z", "2026-01-05T11:05:00Z"],
            Next("5,7,30-59/15 * * * *", "2026-01-05T10:00:00Z", Utc, 5));
    }

    [Fact]
    public void A_day_must_match_both_day_of_month_and_day_of_week_as_in_ncrontab()
    {
        // Friday the 13th: February and March 2026, then November 2026.
        Assert.Equal(
            ["2026-02-13T08:00:00Z", "2026-03-13T08:00:00Z", "2026-11-13T08:00:00Z"],
            Next("0 8 13 * 5", "2026-01-01T00:00:00Z", Utc, 3));
    }

    [Fact]
    public void Occurrences_are_computed_on_the_wall_clock_of_the_zone()
    {
        // 09:00 in Jerusalem is 07:00 UTC in winter and 06:00 UTC in summer.
        Assert.Equal(["2026-01-05T07:00:00Z"], Next("0 9 * * *", "2026-01-05T00:00:00Z", Jerusalem, 1));
        Assert.Equal(["2026-07-06T06:00:00Z"], Next("0 9 * * *", "2026-07-06T00:00:00Z", Jerusalem, 1));
        Assert.Equal(["2026-01-05T14:00:00Z"], Next("0 9 * * MON", "2026-01-05T00:00:00Z", NewYork, 1));
    }

    [Fact]
    public void A_time_skipped_by_spring_forward_fires_once_at_the_end_of_the_gap()
    {
        // Berlin, 29 March 2026: 02:00 CET becomes 03:00 CEST at 01:00 UTC; 02:30 does not exist that day.
        Assert.Equal(
            ["2026-03-28T01:30:00Z", "2026-03-29T01:00:00Z", "2026-03-30T00:30:00Z"],
            Next("0 30 2 * * *", "2026-03-27T12:00:00Z", Berlin, 3));
    }

    [Fact]
    public void An_interval_schedule_keeps_its_rhythm_through_spring_forward()
    {
        Assert.Equal(
            ["2026-03-29T00:30:00Z", "2026-03-29T01:00:00Z", "2026-03-29T01:30:00Z"],
            Next("*/30 * * * *", "2026-03-29T00:00:00Z", Berlin, 3));
    }

    [Fact]
    public void A_time_repeated_by_fall_back_fires_only_at_its_first_pass()
    {
        // Berlin, 25 October 2026: 03:00 CEST becomes 02:00 CET at 01:00 UTC; 02:30 happens twice.
        Assert.Equal(
            ["2026-10-24T00:30:00Z", "2026-10-25T00:30:00Z", "2026-10-26T01:30:00Z"],
            Next("30 2 * * *", "2026-10-23T12:00:00Z", Berlin, 3));
        // New York, 1 November 2026: 01:00 EDT (05:00 UTC) then 01:00 EST (06:00 UTC); a daily 01:00 fires once.
        Assert.Equal(
            ["2026-11-01T05:00:00Z", "2026-11-02T06:00:00Z"],
            Next("0 0 1 * * *", "2026-11-01T04:00:00Z", NewYork, 2));
    }

    [Fact]
    public void An_interval_schedule_fires_in_both_passes_of_the_repeated_hour()
    {
        Assert.Equal(
            ["2026-10-25T00:30:00Z", "2026-10-25T01:00:00Z", "2026-10-25T01:30:00Z", "2026-10-25T02:00:00Z"],
            Next("0 */30 * * * *", "2026-10-25T00:00:00Z", Berlin, 4));
    }

    [Fact]
    public void A_yearly_time_on_the_fall_back_day_is_found_from_months_away()
    {
        // The jump from March crosses two offset changes; the first pass of 02:30 CEST must not be missed.
        Assert.Equal(["2026-10-25T00:30:00Z"], Next("0 30 2 25 10 *", "2026-03-01T00:00:00Z", Berlin, 1));
    }

    [Fact]
    public void Jerusalem_spring_forward_on_a_friday_fires_a_skipped_time_at_the_end_of_the_gap()
    {
        // Israel, Friday 27 March 2026: 02:00 IST becomes 03:00 IDT at 00:00 UTC.
        Assert.Equal(["2026-03-27T00:00:00Z", "2026-03-27T23:15:00Z"], Next("0 15 2 * * *", "2026-03-26T12:00:00Z", Jerusalem, 2));
    }

    [Theory]
    [InlineData("Europe/Berlin", "2026-03-28T12:00:00Z")]
    [InlineData("Europe/Berlin", "2026-10-24T12:00:00Z")]
    [InlineData("America/New_York", "2026-03-07T12:00:00Z")]
    [InlineData("America/New_York", "2026-10-31T12:00:00Z")]
    [InlineData("Asia/Jerusalem", "2026-03-26T12:00:00Z")]
    [InlineData("Asia/Jerusalem", "2026-10-24T12:00:00Z")]
    public void An_every_quarter_hour_schedule_matches_a_minute_by_minute_scan_across_a_dst_change(string zoneId, string from)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        var start = At(from);
        var expected = new List<DateTimeOffset>();
        for (var instant = start.AddMinutes(1); expected.Count < 200; instant = instant.AddMinutes(1))
        {
            if (TimeZoneInfo.ConvertTime(instant, zone).Minute % 15 == 0)
            {
                expected.Add(instant);
            }
        }

        Assert.Equal(expected, CronSchedule.Parse("*/15 * * * *").Occurrences(start, zone, 200).ToList());
    }

    [Fact]
    public void Every_occurrence_is_later_than_the_previous_one_across_a_year_of_daily_and_hourly_schedules()
    {
        foreach (var zone in new[] { Berlin, NewYork, Jerusalem })
        {
            foreach (var expression in new[] { "0 2 * * *", "30 1 * * *", "0 * * * *", "0 0 3 * * SUN" })
            {
                var occurrences = CronSchedule.Parse(expression).Occurrences(At("2026-01-01T00:00:00Z"), zone, 400).ToList();
                Assert.All(occurrences.Zip(occurrences.Skip(1)), pair => Assert.True(pair.Second > pair.First));
            }
        }
    }

    [Fact]
    public void A_range_written_backwards_wraps_around()
    {
        Assert.Equal(
            ["2026-01-05T22:00:00Z", "2026-01-05T23:00:00Z", "2026-01-06T00:00:00Z", "2026-01-06T01:00:00Z", "2026-01-06T02:00:00Z",
                "2026-01-06T22:00:00Z"],
            Next("0 22-2 * * *", "2026-01-05T12:00:00Z", Utc, 6));
    }

    [Fact]
    public void A_question_mark_means_any_day()
    {
        Assert.Equal(Next("0 12 * * 1", "2026-01-05T00:00:00Z", Utc, 3), Next("0 12 ? * MON", "2026-01-05T00:00:00Z", Utc, 3));
    }

    [Fact]
    public void The_result_is_in_utc()
    {
        var next = CronSchedule.Parse("0 9 * * *").Next(new DateTimeOffset(2026, 1, 5, 0, 0, 0, TimeSpan.FromHours(2)), Jerusalem);
        Assert.Equal(TimeSpan.Zero, next.Offset);
        Assert.Equal(At("2026-01-05T07:00:00Z"), next);
    }

    [Fact]
    public void Parsing_keeps_the_expression_and_tells_five_from_six_fields()
    {
        var six = CronSchedule.Parse("  0 * * * * *  ");
        Assert.True(six.HasSeconds);
        Assert.Equal("0 * * * * *", six.ToString());
        Assert.False(CronSchedule.Parse("* * * * *").HasSeconds);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("* * * *", "has 4 fields")]
    [InlineData("* * * * * * *", "has 7 fields")]
    [InlineData("61 * * * *", "minute field '61' is invalid: value must be a number between 0 and 59")]
    [InlineData("60 * * * * *", "second field '60' is invalid: value must be a number between 0 and 59")]
    [InlineData("* 24 * * *", "hour field '24' is invalid")]
    [InlineData("* * 0 * *", "day-of-month field '0' is invalid: value must be a number between 1 and 31")]
    [InlineData("* * * 13 *", "month field '13' is invalid")]
    [InlineData("* * * FOO *", "month field 'FOO' is invalid")]
    [InlineData("* * * FOO *", "The month field takes 1-12 or JAN-DEC")]
    [InlineData("* * * * MONDAY", "day-of-week field 'MONDAY' is invalid")]
    [InlineData("* * * * 8", "day-of-week field '8' is invalid: value must be a number between 0 and 7")]
    [InlineData("*/0 * * * *", "minute field '*/0' is invalid")]
    [InlineData("*/x * * * *", "minute field '*/x' is invalid")]
    [InlineData("*/61 * * * *", "minute field '*/61' is invalid")]
    [InlineData("1,,2 * * * *", "minute field '1,,2' is invalid")]
    [InlineData("-5 * * * *", "minute field '-5' is invalid")]
    [InlineData("0 0 9-17/0 * * *", "hour field '9-17/0' is invalid")]
    [InlineData("0 0 30 2 *", "never fires")]
    [InlineData("0 0 31 4,6,9,11 *", "never fires")]
    public void Parse_errors_name_the_field_and_what_is_wrong(string expression, string expectedMessagePart)
    {
        var error = Assert.Throws<FormatException>(() => CronSchedule.Parse(expression));
        Assert.Contains(expectedMessagePart, error.Message, StringComparison.Ordinal);
        Assert.False(CronSchedule.TryParse(expression, out var schedule, out var message));
        Assert.Null(schedule);
        Assert.Equal(error.Message, message);
    }
}
