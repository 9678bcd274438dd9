using System.Globalization;
using AiScheduler.Domain.Analytics;
using AiScheduler.Domain.Conversation;

namespace AiScheduler.Domain.Tests.Analytics;

public class KpisTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    private static DateTimeOffset At(string utc) =>
        DateTimeOffset.Parse(utc, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    private static CallFact Call(string startedUtc, CallOutcome? outcome, int? seconds = null, string? language = "en-US") =>
        new(At(startedUtc), outcome, seconds is null ? null : TimeSpan.FromSeconds(seconds.Value), language);

    private static readonly CallFact[] Calls =
    [
        Call("2026-01-05T09:10:00Z", CallOutcome.Booked, 240, "he-IL"),
        Call("2026-01-05T09:20:00Z", CallOutcome.Booked, 180, "en-US"),
        Call("2026-01-05T09:50:00Z", CallOutcome.NotInterested, 60, "he-IL"),
        Call("2026-01-05T10:05:00Z", CallOutcome.CallbackRequested, 90, "fr-FR"),
        Call("2026-01-05T10:15:00Z", CallOutcome.NoAnswer, null, "en-US"),
        Call("2026-01-05T10:25:00Z", CallOutcome.Voicemail, 20, "en-US"),
        Call("2026-01-05T11:00:00Z", CallOutcome.Busy, null, "de-DE"),
        Call("2026-01-05T11:30:00Z", CallOutcome.WrongNumber, null, null),
        Call("2026-01-06T09:00:00Z", null, null, "he-IL"),
    ];

    [Fact]
    public void The_overview_counts_calls_connections_bookings_talk_time_and_meetings()
    {
        var meetings = new[]
        {
            new MeetingFact(At("2026-01-07T10:00:00Z"), Cancelled: false),
            new MeetingFact(At("2026-01-04T10:00:00Z"), Cancelled: false),
            new MeetingFact(At("2026-01-08T10:00:00Z"), Cancelled: true),
        };

        var overview = Kpis.Overview(Calls, meetings, At("2026-01-06T12:00:00Z"));

        Assert.Equal(9, overview.CallsPlaced);
        Assert.Equal(8, overview.CallsCompleted);
        Assert.Equal(1, overview.CallsInProgress);
        Assert.Equal(5, overview.Connected); // booked x2, not interested, callback, wrong number
        Assert.Equal(5.0 / 8, overview.ConnectedRate, 10);
        Assert.Equal(2, overview.Booked);
        Assert.Equal(2.0 / 5, overview.BookingRate, 10);
        // Connected calls with a duration: 240, 180, 60, 90 -> 142.5 s; the voicemail's 20 s is not talk time.
        Assert.Equal(TimeSpan.FromSeconds(142.5), overview.AverageDuration);
        Assert.Equal(2, overview.MeetingsBooked);
        Assert.Equal(1, overview.MeetingsUpcoming);
    }

    [Fact]
    public void An_empty_store_gives_zeros_not_divisions_by_zero()
    {
        var overview = Kpis.Overview([], [], At("2026-01-06T12:00:00Z"));
        Assert.Equal(new KpiOverview(0, 0, 0, 0, 0, 0, 0, TimeSpan.Zero, 0, 0), overview);
        Assert.All(Kpis.OutcomeDistribution([]), o => Assert.Equal((0, 0.0), (o.Count, o.Share)));
        Assert.Empty(Kpis.LanguageDistribution([]));
    }

    [Fact]
    public void Voicemail_is_not_a_connection_and_every_conversation_outcome_is()
    {
        var connected = Enum.GetValues<CallOutcome>().Where(CallFact.IsConversation).ToArray();
        Assert.Equal([CallOutcome.Booked, CallOutcome.NotInterested, CallOutcome.CallbackRequested, CallOutcome.OptedOut, CallOutcome.WrongNumber],
            connected);
        Assert.False(new CallFact(At("2026-01-05T09:00:00Z"), null, null, null).Connected);
    }

    [Fact]
    public void The_outcome_distribution_lists_every_outcome_with_its_share_of_completed_calls()
    {
        var distribution = Kpis.OutcomeDistribution(Calls);
        Assert.Equal(Enum.GetValues<CallOutcome>(), distribution.Select(d => d.Outcome));
        Assert.Equal(8, distribution.Sum(d => d.Count));
        Assert.Equal(1.0, distribution.Sum(d => d.Share), 10);
        var booked = distribution.Single(d => d.Outcome == CallOutcome.Booked);
        Assert.Equal((2, 0.25), (booked.Count, booked.Share));
        Assert.Equal(0, distribution.Single(d => d.Outcome == CallOutcome.OptedOut).Count);
    }

    [Fact]
    public void The_language_distribution_orders_by_calls_and_groups_unknown_languages()
    {
        var languages = Kpis.LanguageDistribution(Calls);
        Assert.Equal(
            [
                new LanguageCount("en-US", 3, 1, 1, 3.0 / 9),
                new LanguageCount("he-IL", 3, 2, 1, 3.0 / 9),
                new LanguageCount("de-DE", 1, 0, 0, 1.0 / 9),
                new LanguageCount("fr-FR", 1, 1, 0, 1.0 / 9),
                new LanguageCount(Kpis.UnknownLanguage, 1, 1, 0, 1.0 / 9),
            ],
            languages);
    }

    [Fact]
    public void Calls_over_time_by_hour_include_empty_hours_and_read_the_zones_clock()
    {
        var buckets = Kpis.CallsOverTime(Calls, At("2026-01-05T08:30:00Z"), At("2026-01-05T12:00:00Z"), TimeBucket.Hour, Berlin);
        Assert.Equal(
            ["2026-01-05T09:00:00+01:00", "2026-01-05T10:00:00+01:00", "2026-01-05T11:00:00+01:00", "2026-01-05T12:00:00+01:00"],
            buckets.Select(b => b.StartLocal.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture)));
        Assert.Equal([0, 3, 3, 2], buckets.Select(b => b.Calls));
        Assert.Equal([0, 3, 1, 1], buckets.Select(b => b.Connected));
        Assert.Equal([0, 2, 0, 0], buckets.Select(b => b.Booked));
        Assert.Equal(At("2026-01-05T08:00:00Z"), buckets[0].StartUtc);
    }

    [Fact]
    public void Calls_over_time_by_day_follow_local_midnight()
    {
        // 23:30 UTC on 5 January is already 6 January in Berlin.
        var calls = Calls.Append(Call("2026-01-05T23:30:00Z", CallOutcome.Booked, 100)).ToArray();
        var buckets = Kpis.CallsOverTime(calls, At("2026-01-04T23:00:00Z"), At("2026-01-06T23:00:00Z"), TimeBucket.Day, Berlin);
        Assert.Equal([At("2026-01-04T23:00:00Z"), At("2026-01-05T23:00:00Z")], buckets.Select(b => b.StartUtc));
        Assert.Equal([8, 2], buckets.Select(b => b.Calls));
    }

    [Fact]
    public void A_fall_back_day_has_25_hourly_buckets_and_a_spring_forward_day_23()
    {
        var autumn = Kpis.CallsOverTime([], At("2026-10-24T22:00:00Z"), At("2026-10-25T23:00:00Z"), TimeBucket.Hour, Berlin);
        Assert.Equal(25, autumn.Count);
        Assert.Equal(2, autumn.Count(b => b.StartLocal.Hour == 2));
        Assert.Equal(autumn.Count, autumn.Select(b => b.StartUtc).Distinct().Count());

        var spring = Kpis.CallsOverTime([], At("2026-03-28T23:00:00Z"), At("2026-03-29T22:00:00Z"), TimeBucket.Hour, Berlin);
        Assert.Equal(23, spring.Count);
        Assert.DoesNotContain(spring, b => b.StartLocal.Hour == 2);

        var days = Kpis.CallsOverTime([], At("2026-03-28T23:00:00Z"), At("2026-03-30T22:00:00Z"), TimeBucket.Day, Berlin);
        Assert.Equal([At("2026-03-28T23:00:00Z"), At("2026-03-29T22:00:00Z")], days.Select(b => b.StartUtc));
    }

    [Fact]
    public void A_call_in_the_repeated_hour_lands_in_the_bucket_of_its_own_offset()
    {
        var calls = new[]
        {
            Call("2026-10-25T00:30:00Z", CallOutcome.NoAnswer), // 02:30 CEST
            Call("2026-10-25T01:30:00Z", CallOutcome.NoAnswer), // 02:30 CET
            Call("2026-10-25T01:45:00Z", CallOutcome.NoAnswer), // 02:45 CET
        };
        var buckets = Kpis.CallsOverTime(calls, At("2026-10-25T00:00:00Z"), At("2026-10-25T02:00:00Z"), TimeBucket.Hour, Berlin);
        Assert.Equal([1, 2], buckets.Select(b => b.Calls));
        Assert.Equal([TimeSpan.FromHours(2), TimeSpan.FromHours(1)], buckets.Select(b => b.StartLocal.Offset));
    }

    [Fact]
    public void Calls_outside_the_range_are_not_counted_and_bad_ranges_are_rejected()
    {
        var buckets = Kpis.CallsOverTime(Calls, At("2026-01-05T10:00:00Z"), At("2026-01-05T11:00:00Z"), TimeBucket.Hour, TimeZoneInfo.Utc);
        Assert.Equal(3, buckets.Sum(b => b.Calls));
        Assert.Throws<ArgumentException>(() =>
            Kpis.CallsOverTime(Calls, At("2026-01-05T11:00:00Z"), At("2026-01-05T11:00:00Z"), TimeBucket.Hour, Berlin));
        var tooMany = Assert.Throws<ArgumentException>(() =>
            Kpis.CallsOverTime(Calls, At("2020-01-01T00:00:00Z"), At("2026-01-01T00:00:00Z"), TimeBucket.Hour, Berlin));
        Assert.Contains("use days", tooMany.Message);
    }
}
