using System.Globalization;
using AiScheduler.Domain.Campaigns;
using AiScheduler.Domain.Conversation;
using AiScheduler.Domain.Scheduling;

namespace AiScheduler.Domain.Tests.Campaigns;

public class RetryPolicyTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
    private static readonly CallingWindow Weekdays = CallingWindow.Default; // Mon-Fri 09:00-18:00

    // Monday 5 January 2026, 11:00 in Berlin.
    private static readonly DateTimeOffset MondayMorning = At("2026-01-05T10:00:00Z");

    private static DateTimeOffset At(string utc) =>
        DateTimeOffset.Parse(utc, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    private static AttemptDecision Decide(CallOutcome outcome, int attempt, DateTimeOffset ended, DateTimeOffset? callbackAt = null,
        int previousVoicemails = 0, int previousCallbacks = 0, RetryPolicy? policy = null, TimeZoneInfo? zone = null) =>
        (policy ?? RetryPolicy.Default).Decide(outcome, attempt, ended, callbackAt, Weekdays, zone ?? Berlin, previousVoicemails, previousCallbacks);

    [Fact]
    public void Defaults_are_three_attempts_30_60_120_minutes_one_voicemail_retry_and_two_callbacks()
    {
        var policy = RetryPolicy.Default;
        Assert.Equal(3, policy.MaxAttempts);
        Assert.Equal([TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(60), TimeSpan.FromMinutes(120)], policy.Delays);
        Assert.Equal(1, policy.MaxVoicemailRetries);
        Assert.Equal(2, policy.MaxCallbacks);
    }

    [Theory]
    [InlineData(CallOutcome.NoAnswer)]
    [InlineData(CallOutcome.Busy)]
    [InlineData(CallOutcome.Failed)]
    [InlineData(CallOutcome.Voicemail)]
    public void An_unanswered_first_attempt_is_retried_after_30_minutes(CallOutcome outcome) =>
        Assert.Equal(new AttemptDecision.Retry(At("2026-01-05T10:30:00Z"), 2), Decide(outcome, 1, MondayMorning));

    [Theory]
    [InlineData(CallOutcome.NoAnswer)]
    [InlineData(CallOutcome.Busy)]
    [InlineData(CallOutcome.Failed)]
    public void The_second_attempt_waits_60_minutes(CallOutcome outcome) =>
        Assert.Equal(new AttemptDecision.Retry(At("2026-01-05T11:00:00Z"), 3), Decide(outcome, 2, MondayMorning));

    [Theory]
    [InlineData(CallOutcome.NoAnswer, LeadSettlement.Unreachable)]
    [InlineData(CallOutcome.Busy, LeadSettlement.Unreachable)]
    [InlineData(CallOutcome.Failed, LeadSettlement.Failed)]
    public void The_third_unanswered_attempt_settles_the_lead(CallOutcome outcome, LeadSettlement settlement) =>
        Assert.Equal(new AttemptDecision.Done(settlement), Decide(outcome, 3, MondayMorning));

    [Fact]
    public void The_third_interval_is_used_when_more_attempts_are_allowed_and_the_last_interval_repeats()
    {
        var policy = new RetryPolicy(maxAttempts: 5);
        Assert.Equal(new AttemptDecision.Retry(At("2026-01-05T12:00:00Z"), 4), Decide(CallOutcome.NoAnswer, 3, MondayMorning, policy: policy));
        Assert.Equal(new AttemptDecision.Retry(At("2026-01-05T12:00:00Z"), 5), Decide(CallOutcome.NoAnswer, 4, MondayMorning, policy: policy));
        Assert.Equal(new AttemptDecision.Done(LeadSettlement.Unreachable), Decide(CallOutcome.NoAnswer, 5, MondayMorning, policy: policy));
    }

    [Fact]
    public void A_voicemail_is_retried_at_most_once()
    {
        Assert.IsType<AttemptDecision.Retry>(Decide(CallOutcome.Voicemail, 1, MondayMorning));
        Assert.Equal(new AttemptDecision.Done(LeadSettlement.Unreachable),
            Decide(CallOutcome.Voicemail, 2, MondayMorning, previousVoicemails: 1));
        // A first voicemail after an unanswered attempt still gets its one retry.
        Assert.Equal(new AttemptDecision.Retry(At("2026-01-05T11:00:00Z"), 3), Decide(CallOutcome.Voicemail, 2, MondayMorning));
    }

    [Fact]
    public void With_no_voicemail_retries_a_voicemail_settles_at_once() =>
        Assert.Equal(new AttemptDecision.Done(LeadSettlement.Unreachable),
            Decide(CallOutcome.Voicemail, 1, MondayMorning, policy: new RetryPolicy(maxVoicemailRetries: 0)));

    [Theory]
    [InlineData(CallOutcome.Booked, LeadSettlement.Booked)]
    [InlineData(CallOutcome.NotInterested, LeadSettlement.NotInterested)]
    [InlineData(CallOutcome.WrongNumber, LeadSettlement.WrongNumber)]
    public void A_conversation_with_a_final_answer_settles_the_lead_whatever_the_attempt(CallOutcome outcome, LeadSettlement settlement)
    {
        Assert.Equal(new AttemptDecision.Done(settlement), Decide(outcome, 1, MondayMorning));
        Assert.Equal(new AttemptDecision.Done(settlement), Decide(outcome, 3, MondayMorning));
    }

    [Fact]
    public void Opting_out_puts_the_number_on_the_do_not_call_list() =>
        Assert.Same(AttemptDecision.DoNotCall.Instance, Decide(CallOutcome.OptedOut, 1, MondayMorning));

    [Fact]
    public void A_retry_that_would_fall_after_hours_moves_to_the_next_morning_in_the_leads_zone()
    {
        // 17:45 in Berlin + 30 minutes is after 18:00: Tuesday 09:00 Berlin (08:00 UTC).
        Assert.Equal(new AttemptDecision.Retry(At("2026-01-06T08:00:00Z"), 2), Decide(CallOutcome.Busy, 1, At("2026-01-05T16:45:00Z")));
        // The same instant is 11:45 in New York, still open there.
        Assert.Equal(new AttemptDecision.Retry(At("2026-01-05T17:15:00Z"), 2),
            Decide(CallOutcome.Busy, 1, At("2026-01-05T16:45:00Z"), zone: NewYork));
    }

    [Fact]
    public void A_retry_on_friday_evening_waits_for_monday()
    {
        // Friday 9 January 2026, 17:50 Berlin: the next opening is Monday 12 January, 09:00 Berlin.
        Assert.Equal(new AttemptDecision.Retry(At("2026-01-12T08:00:00Z"), 2), Decide(CallOutcome.NoAnswer, 1, At("2026-01-09T16:50:00Z")));
    }

    [Fact]
    public void A_callback_is_placed_at_the_requested_time_when_the_window_is_open()
    {
        var requested = At("2026-01-06T13:30:00Z"); // Tuesday 14:30 Berlin
        Assert.Equal(new AttemptDecision.Callback(requested, 2), Decide(CallOutcome.CallbackRequested, 1, MondayMorning, requested));
    }

    [Fact]
    public void A_callback_requested_for_the_evening_is_clamped_into_the_calling_window()
    {
        var evening = At("2026-01-05T19:00:00Z"); // Monday 20:00 Berlin
        Assert.Equal(new AttemptDecision.Callback(At("2026-01-06T08:00:00Z"), 2),
            Decide(CallOutcome.CallbackRequested, 1, MondayMorning, evening));
        var saturday = At("2026-01-10T10:00:00Z");
        Assert.Equal(new AttemptDecision.Callback(At("2026-01-12T08:00:00Z"), 2),
            Decide(CallOutcome.CallbackRequested, 1, MondayMorning, saturday));
    }

    [Fact]
    public void A_callback_without_a_time_is_placed_a_day_later()
    {
        Assert.Equal(new AttemptDecision.Callback(At("2026-01-06T10:00:00Z"), 2), Decide(CallOutcome.CallbackRequested, 1, MondayMorning));
    }

    [Fact]
    public void A_callback_asked_for_right_now_or_in_the_past_waits_the_minimum_notice()
    {
        Assert.Equal(new AttemptDecision.Callback(At("2026-01-05T10:05:00Z"), 2),
            Decide(CallOutcome.CallbackRequested, 1, MondayMorning, MondayMorning.AddMinutes(1)));
        Assert.Equal(new AttemptDecision.Callback(At("2026-01-05T10:05:00Z"), 2),
            Decide(CallOutcome.CallbackRequested, 1, MondayMorning, MondayMorning.AddDays(-1)));
    }

    [Fact]
    public void Callbacks_stop_after_the_allowed_number()
    {
        Assert.IsType<AttemptDecision.Callback>(Decide(CallOutcome.CallbackRequested, 2, MondayMorning, previousCallbacks: 1));
        Assert.Equal(new AttemptDecision.Done(LeadSettlement.Unreachable),
            Decide(CallOutcome.CallbackRequested, 3, MondayMorning, previousCallbacks: 2));
    }

    [Fact]
    public void Callbacks_do_not_use_up_the_attempts_of_an_unanswered_lead()
    {
        // Attempt 3 is the second unanswered one (attempt 2 was a requested callback): retried after 60 minutes.
        Assert.Equal(new AttemptDecision.Retry(At("2026-01-05T11:00:00Z"), 4),
            Decide(CallOutcome.NoAnswer, 3, MondayMorning, previousCallbacks: 1));
        Assert.Equal(new AttemptDecision.Done(LeadSettlement.Unreachable),
            Decide(CallOutcome.NoAnswer, 4, MondayMorning, previousCallbacks: 1));
    }

    [Fact]
    public void Every_outcome_has_a_decision_and_decisions_are_in_utc()
    {
        foreach (var outcome in Enum.GetValues<CallOutcome>())
        {
            var decision = Decide(outcome, 1, new DateTimeOffset(2026, 1, 5, 11, 0, 0, TimeSpan.FromHours(1)));
            switch (decision)
            {
                case AttemptDecision.Retry retry:
                    Assert.Equal(TimeSpan.Zero, retry.AtUtc.Offset);
                    break;
                case AttemptDecision.Callback callback:
                    Assert.Equal(TimeSpan.Zero, callback.AtUtc.Offset);
                    break;
                default:
                    Assert.True(decision is AttemptDecision.Done or AttemptDecision.DoNotCall);
                    break;
            }
        }
    }

    [Fact]
    public void Retries_and_callbacks_always_land_inside_the_calling_window()
    {
        var ended = At("2026-01-02T00:00:00Z");
        for (var i = 0; i < 7 * 24 * 4; i++, ended = ended.AddMinutes(15))
        {
            foreach (var decision in new[]
            {
                Decide(CallOutcome.NoAnswer, 1, ended),
                Decide(CallOutcome.CallbackRequested, 1, ended, ended.AddHours(3)),
            })
            {
                var at = decision switch
                {
                    AttemptDecision.Retry r => r.AtUtc,
                    AttemptDecision.Callback c => c.AtUtc,
                    _ => throw new InvalidOperationException("expected a retry or a callback"),
                };
                Assert.True(Weekdays.IsOpen(at, Berlin), $"{at:O} is outside the window");
                Assert.True(at > ended);
            }
        }
    }

    [Fact]
    public void Attempt_numbers_and_tallies_must_make_sense()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Decide(CallOutcome.NoAnswer, 0, MondayMorning));
        Assert.Throws<ArgumentOutOfRangeException>(() => Decide(CallOutcome.NoAnswer, 1, MondayMorning, previousVoicemails: -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Decide(CallOutcome.NoAnswer, 1, MondayMorning, previousCallbacks: -1));
    }

    [Fact]
    public void A_policy_rejects_settings_that_cannot_work_with_a_message_naming_the_setting()
    {
        Assert.Contains("max attempts", Assert.Throws<ArgumentOutOfRangeException>(() => new RetryPolicy(maxAttempts: 0)).Message);
        Assert.Contains("max attempts", Assert.Throws<ArgumentOutOfRangeException>(() => new RetryPolicy(maxAttempts: 21)).Message);
        Assert.Contains("at least one retry interval", Assert.Throws<ArgumentException>(() => new RetryPolicy(delays: [])).Message);
        Assert.Contains("retry interval", Assert.Throws<ArgumentOutOfRangeException>(() => new RetryPolicy(delays: [TimeSpan.Zero])).Message);
        Assert.Contains("retry interval", Assert.Throws<ArgumentOutOfRangeException>(() => new RetryPolicy(delays: [TimeSpan.FromDays(8)])).Message);
        Assert.Contains("voicemail", Assert.Throws<ArgumentOutOfRangeException>(() => new RetryPolicy(maxVoicemailRetries: -1)).Message);
        Assert.Contains("callbacks", Assert.Throws<ArgumentOutOfRangeException>(() => new RetryPolicy(maxCallbacks: 11)).Message);
        Assert.Contains("names no time", Assert.Throws<ArgumentOutOfRangeException>(() => new RetryPolicy(callbackWithoutTime: TimeSpan.Zero)).Message);
        Assert.Contains("notice", Assert.Throws<ArgumentOutOfRangeException>(() => new RetryPolicy(minimumCallbackNotice: TimeSpan.FromMinutes(-1))).Message);
    }
}
