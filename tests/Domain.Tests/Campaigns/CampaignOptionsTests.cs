using System.Globalization;
using AiScheduler.Domain.Campaigns;
using AiScheduler.Domain.Scheduling;

namespace AiScheduler.Domain.Tests.Campaigns;

public class CampaignOptionsTests
{
    private static DateTimeOffset At(string utc) =>
        DateTimeOffset.Parse(utc, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    private static CampaignOptions Options(DateTimeOffset? startAt = null, string? cron = null, string zone = "Europe/Berlin") =>
        new(CallingWindow.Default, 5, RetryPolicy.Default, zone, startAt, cron is null ? null : CronSchedule.Parse(cron));

    [Fact]
    public void Valid_options_keep_their_values_with_the_start_in_utc()
    {
        var options = new CampaignOptions(CallingWindow.Default, 3, RetryPolicy.Default, " Asia/Jerusalem ",
            new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.FromHours(2)));
        Assert.Equal(3, options.Concurrency);
        Assert.Equal("Asia/Jerusalem", options.TimeZone);
        Assert.Equal("Asia/Jerusalem", options.Zone.Id);
        Assert.Equal(TimeSpan.Zero, options.StartAtUtc!.Value.Offset);
        Assert.Equal(At("2026-01-05T07:00:00Z"), options.StartAtUtc);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(201)]
    public void Concurrency_must_be_between_1_and_200(int concurrency)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() =>
            new CampaignOptions(CallingWindow.Default, concurrency, RetryPolicy.Default, "Europe/Berlin"));
        Assert.Contains("between 1 and 200", error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Mars/Olympus")]
    [InlineData("EST5")]
    public void The_time_zone_must_be_a_real_zone(string zone)
    {
        var error = Assert.Throws<ArgumentException>(() => Options(zone: zone));
        Assert.Contains("IANA id", error.Message);
    }

    [Fact]
    public void Window_and_policy_are_required()
    {
        Assert.Throws<ArgumentNullException>(() => new CampaignOptions(null!, 1, RetryPolicy.Default, "UTC"));
        Assert.Throws<ArgumentNullException>(() => new CampaignOptions(CallingWindow.Default, 1, null!, "UTC"));
    }

    [Fact]
    public void A_campaign_without_a_schedule_is_never_due()
    {
        Assert.Null(Options().DueStart(At("2026-01-05T10:00:00Z"), At("2026-01-01T00:00:00Z"), null));
    }

    [Fact]
    public void A_one_off_start_time_is_due_once_when_reached()
    {
        var options = Options(startAt: At("2026-01-05T08:00:00Z"));
        var created = At("2026-01-01T00:00:00Z");
        Assert.Null(options.DueStart(At("2026-01-05T07:59:59Z"), created, null));
        Assert.Equal(At("2026-01-05T08:00:00Z"), options.DueStart(At("2026-01-05T08:00:00Z"), created, null));
        Assert.Equal(At("2026-01-05T08:00:00Z"), options.DueStart(At("2026-01-07T08:00:00Z"), created, null));
        Assert.Null(options.DueStart(At("2026-01-07T08:00:00Z"), created, At("2026-01-05T08:00:00Z")));
    }

    [Fact]
    public void A_recurring_schedule_is_due_at_each_occurrence_in_the_campaigns_zone()
    {
        // Weekdays at 09:00 Berlin (08:00 UTC in winter).
        var options = Options(cron: "0 0 9 * * MON-FRI");
        var created = At("2026-01-05T07:00:00Z");
        Assert.Null(options.DueStart(At("2026-01-05T07:59:00Z"), created, null));
        Assert.Equal(At("2026-01-05T08:00:00Z"), options.DueStart(At("2026-01-05T08:00:30Z"), created, null));
        Assert.Null(options.DueStart(At("2026-01-05T12:00:00Z"), created, At("2026-01-05T08:00:00Z")));
        Assert.Equal(At("2026-01-06T08:00:00Z"), options.DueStart(At("2026-01-06T08:00:00Z"), created, At("2026-01-05T08:00:00Z")));
    }

    [Fact]
    public void Missed_occurrences_start_the_campaign_once_for_the_latest()
    {
        var options = Options(cron: "0 9 * * MON-FRI");
        Assert.Equal(At("2026-01-09T08:00:00Z"),
            options.DueStart(At("2026-01-09T10:00:00Z"), At("2026-01-01T00:00:00Z"), At("2026-01-05T08:00:00Z")));
    }

    [Fact]
    public void A_recurring_schedule_with_a_start_time_begins_there()
    {
        var options = Options(startAt: At("2026-01-07T12:00:00Z"), cron: "0 9 * * *");
        var created = At("2026-01-01T00:00:00Z");
        Assert.Null(options.DueStart(At("2026-01-07T08:00:00Z"), created, null));
        Assert.Equal(At("2026-01-07T12:00:00Z"), options.DueStart(At("2026-01-07T12:00:00Z"), created, null));
        Assert.Equal(At("2026-01-08T08:00:00Z"), options.DueStart(At("2026-01-08T08:00:00Z"), created, null));
        Assert.Equal(At("2026-01-08T08:00:00Z"), options.DueStart(At("2026-01-08T09:00:00Z"), created, At("2026-01-07T12:00:00Z")));
    }
}
