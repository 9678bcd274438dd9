using System.Globalization;
using AiScheduler.Domain.Permissions;
using AiScheduler.Domain.Phones;
using AiScheduler.Domain.Scheduling;

namespace AiScheduler.Domain.Tests.Permissions;

/// <summary>Each country's calling rules at their edges: hours, DST changes, weekends, holidays, caps, refusals, consent, campaign windows.</summary>
public class CallPermissionTests
{
    private const string Boston = "+16175550191";
    private const string Miami = "+13055550100";
    private const string Paris = "+33639980033";
    private const string Berlin = "+4915123456709";
    private const string Madrid = "+34612345678";
    private const string Jerusalem = "+972501234567";
    private const string London = "+447700900123";

    private static readonly ConsentRecord Consented = new("web-form", At("2025-01-01T00:00:00Z"), "Yes, call me about demos.", "form-123");

    private static DateTimeOffset At(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);

    private static CallPermissionRequest Lead(string phone, string zone, bool consent = true, IReadOnlyList<PastCall>? history = null,
        CallingWindow? window = null, bool dnc = false, bool campaignRequiresConsent = false) =>
        new(PhoneNumber.Parse(phone), TimeZoneInfo.FindSystemTimeZoneById(zone), consent ? [Consented] : [], dnc, history ?? [], window,
            campaignRequiresConsent);

    private static void Refused(CallPermission decision, string rule, string? next)
    {
        Assert.False(decision.Allowed, decision.Reason);
        Assert.Equal(rule, decision.Rule);
        Assert.False(string.IsNullOrWhiteSpace(decision.Reason));
        if (next is null)
        {
            Assert.Null(decision.NextAllowedAt);
        }
        else
        {
            Assert.Equal(At(next), decision.NextAllowedAt);
        }
    }

    [Theory]
    // Federal TCPA: 08:00-21:00 at the called party. Monday 2 March 2026, Boston is UTC-5.
    [InlineData(Boston, "America/New_York", "2026-03-02T12:59:59Z", "US.hours", "2026-03-02T13:00:00Z")]
    [InlineData(Boston, "America/New_York", "2026-03-02T13:00:00Z", null, null)]
    [InlineData(Boston, "America/New_York", "2026-03-03T01:59:59Z", null, null)]
    [InlineData(Boston, "America/New_York", "2026-03-03T02:00:00Z", "US.hours", "2026-03-03T13:00:00Z")]
    // Spring forward (8 March 2026): Saturday 21:30 EST is refused; Sunday 08:00 is already EDT (UTC-4).
    [InlineData(Boston, "America/New_York", "2026-03-08T02:30:00Z", "US.hours", "2026-03-08T12:00:00Z")]
    // Fall back (1 November 2026): Saturday 22:00 EDT is refused; Sunday 08:00 is EST again (UTC-5).
    [InlineData(Boston, "America/New_York", "2026-11-01T02:00:00Z", "US.hours", "2026-11-01T13:00:00Z")]
    // Florida: 08:00-20:00, narrower than federal; 20:00 EDT is refused by the state rule although federal law allows it.
    [InlineData(Miami, "America/New_York", "2026-06-01T23:59:00Z", null, null)]
    [InlineData(Miami, "America/New_York", "2026-06-02T00:00:00Z", "US-FL.hours", "2026-06-02T12:00:00Z")]
    // United Kingdom: 08:00-21:00 local; BST ends 25 October 2026.
    [InlineData(London, "Europe/London", "2026-10-24T20:00:00Z", "GB.hours", "2026-10-25T08:00:00Z")]
    // France: weekdays 10:00-13:00 and 14:00-20:00.
    [InlineData(Paris, "Europe/Paris", "2026-03-02T08:59:00Z", "FR.hours", "2026-03-02T09:00:00Z")]
    [InlineData(Paris, "Europe/Paris", "2026-03-02T12:00:00Z", "FR.hours", "2026-03-02T13:00:00Z")]
    [InlineData(Paris, "Europe/Paris", "2026-03-02T18:59:00Z", null, null)]
    [InlineData(Paris, "Europe/Paris", "2026-03-06T19:00:00Z", "FR.hours", "2026-03-09T09:00:00Z")]
    // France across spring forward (Sunday 29 March 2026): Saturday is refused, Monday opens at 10:00 CEST (UTC+2).
    [InlineData(Paris, "Europe/Paris", "2026-03-28T10:00:00Z", "FR.hours", "2026-03-30T08:00:00Z")]
    // France across fall back (Sunday 25 October 2026): Friday 20:30 CEST is refused, Monday opens at 10:00 CET (UTC+1).
    [InlineData(Paris, "Europe/Paris", "2026-10-23T18:30:00Z", "FR.hours", "2026-10-26T09:00:00Z")]
    // France public holidays: Easter Monday and Ascension Thursday 2026.
    [InlineData(Paris, "Europe/Paris", "2026-04-06T09:00:00Z", "FR.holiday", "2026-04-07T08:00:00Z")]
    [InlineData(Paris, "Europe/Paris", "2026-05-14T09:00:00Z", "FR.holiday", "2026-05-15T08:00:00Z")]
    // Spain: weekdays 09:00-21:00, not on national holidays (Fiesta Nacional, Monday 12 October 2026).
    [InlineData(Madrid, "Europe/Madrid", "2026-03-07T10:00:00Z", "ES.hours", "2026-03-09T08:00:00Z")]
    [InlineData(Madrid, "Europe/Madrid", "2026-03-09T19:59:00Z", null, null)]
    [InlineData(Madrid, "Europe/Madrid", "2026-03-09T20:00:00Z", "ES.hours", "2026-03-10T08:00:00Z")]
    [InlineData(Madrid, "Europe/Madrid", "2026-10-12T09:00:00Z", "ES.holiday", "2026-10-13T07:00:00Z")]
    // Israel: Friday until 13:00 before Shabbat, nothing on Saturday, the week starts on Sunday.
    [InlineData(Jerusalem, "Asia/Jerusalem", "2026-03-13T10:59:00Z", null, null)]
    [InlineData(Jerusalem, "Asia/Jerusalem", "2026-03-13T11:00:00Z", "IL.hours", "2026-03-15T06:00:00Z")]
    [InlineData(Jerusalem, "Asia/Jerusalem", "2026-03-14T09:00:00Z", "IL.hours", "2026-03-15T06:00:00Z")]
    // Israel's DST starts on Friday 27 March 2026: Thursday 20:00 IST is refused, Friday opens at 08:00 IDT (UTC+3).
    [InlineData(Jerusalem, "Asia/Jerusalem", "2026-03-26T18:00:00Z", "IL.hours", "2026-03-27T05:00:00Z")]
    // Yom Kippur (Monday 21 September 2026).
    [InlineData(Jerusalem, "Asia/Jerusalem", "2026-09-21T07:00:00Z", "IL.holiday", "2026-09-22T05:00:00Z")]
    // Germany sets no hours: with consent, a Sunday night is allowed by the rules (a campaign window narrows it).
    [InlineData(Berlin, "Europe/Berlin", "2026-03-08T02:00:00Z", null, null)]
    public void Statutory_hours_days_and_holidays_decide_and_say_when_the_lead_may_next_be_called(string phone, string zone, string at,
        string? rule, string? next)
    {
        var decision = CallPermissions.Decide(Lead(phone, zone), At(at));
        if (rule is null)
        {
            Assert.True(decision.Allowed, decision.Reason);
            Assert.Equal("allowed", decision.Rule);
            Assert.Equal(At(at), decision.NextAllowedAt);
        }
        else
        {
            Refused(decision, rule, next);
        }
    }

    [Fact]
    public void Florida_allows_three_calls_in_24_hours_and_the_fourth_waits_until_the_first_leaves_the_period()
    {
        PastCall[] calls = [new(At("2026-06-01T13:00:00Z"), false), new(At("2026-06-01T14:00:00Z"), false), new(At("2026-06-01T15:00:00Z"), false)];
        Assert.True(CallPermissions.Decide(Lead(Miami, "America/New_York", history: calls[..2]), At("2026-06-01T16:00:00Z")).Allowed);
        var fourth = CallPermissions.Decide(Lead(Miami, "America/New_York", history: calls), At("2026-06-01T16:00:00Z"));
        Refused(fourth, "US-FL.cap", "2026-06-02T13:00:00Z");
        Assert.Contains("at most 3", fourth.Reason, StringComparison.Ordinal);
        // A Boston lead has no state cap: the same history is fine there.
        Assert.True(CallPermissions.Decide(Lead(Boston, "America/New_York", history: calls), At("2026-06-01T16:00:00Z")).Allowed);
    }

    [Fact]
    public void France_allows_four_calls_in_30_days()
    {
        PastCall[] calls = [.. new[] { 2, 3, 4, 5 }.Select(d => new PastCall(At($"2026-03-0{d}T09:30:00Z"), false))];
        Assert.True(CallPermissions.Decide(Lead(Paris, "Europe/Paris", history: calls[..3]), At("2026-03-06T09:30:00Z")).Allowed);
        // The fifth call waits until the first leaves the 30 days: Wednesday 1 April, 11:30 CEST.
        Refused(CallPermissions.Decide(Lead(Paris, "Europe/Paris", history: calls), At("2026-03-06T09:30:00Z")), "FR.cap", "2026-04-01T09:30:00Z");
    }

    [Fact]
    public void France_waits_60_days_after_a_refusal_then_skips_the_holiday_and_the_weekend_it_lands_on()
    {
        PastCall[] refused = [new(At("2026-03-02T09:30:00Z"), true)];
        // 60 days after Monday 2 March is Friday 1 May, Fête du Travail; then a weekend; Monday 4 May at 10:00 CEST.
        var decision = CallPermissions.Decide(Lead(Paris, "Europe/Paris", history: refused), At("2026-03-03T09:30:00Z"));
        Refused(decision, "FR.after-refusal", "2026-05-04T08:00:00Z");
        Assert.Contains("60 days", decision.Reason, StringComparison.Ordinal);
        Assert.True(CallPermissions.Decide(Lead(Paris, "Europe/Paris", history: refused), At("2026-05-04T08:00:00Z")).Allowed);
        // A refusal in Boston has no quiet period.
        PastCall[] bostonRefused = [new(At("2026-03-02T14:00:00Z"), true)];
        Assert.True(CallPermissions.Decide(Lead(Boston, "America/New_York", history: bostonRefused), At("2026-03-03T14:00:00Z")).Allowed);
    }

    [Theory]
    [InlineData(Berlin, "Europe/Berlin", "2026-03-02T09:00:00Z", "DE.consent")]
    [InlineData(Madrid, "Europe/Madrid", "2026-03-02T09:00:00Z", "ES.consent")]
    [InlineData(Jerusalem, "Asia/Jerusalem", "2026-03-02T09:00:00Z", "IL.consent")]
    [InlineData(Boston, "America/New_York", "2026-03-02T15:00:00Z", "US.consent")]
    // France requires consent from 11 August 2026 (rule table version 2026.2).
    [InlineData(Paris, "Europe/Paris", "2026-08-11T09:00:00Z", "FR.consent")]
    public void Countries_that_require_prior_consent_never_call_a_lead_without_one(string phone, string zone, string at, string rule)
    {
        var decision = CallPermissions.Decide(Lead(phone, zone, consent: false), At(at));
        Refused(decision, rule, null);
        Assert.True(decision.ForLackOfConsent);
        Assert.True(decision.Never);
    }

    [Fact]
    public void The_French_rule_table_changes_version_on_11_August_2026()
    {
        var before = CallPermissions.Decide(Lead(Paris, "Europe/Paris", consent: false), At("2026-08-10T09:00:00Z"));
        Assert.True(before.Allowed, before.Reason);
        Assert.Equal("FR 2026.1", before.RuleVersions);
        var after = CallPermissions.Decide(Lead(Paris, "Europe/Paris", consent: true), At("2026-08-11T09:00:00Z"));
        Assert.True(after.Allowed, after.Reason);
        Assert.Equal("FR 2026.2", after.RuleVersions);
    }

    [Fact]
    public void A_consent_dated_later_makes_the_lead_callable_from_then()
    {
        var lead = Lead(Berlin, "Europe/Berlin", consent: false) with { Consents = [Consented with { At = At("2026-03-05T10:00:00Z") }] };
        Refused(CallPermissions.Decide(lead, At("2026-03-02T09:00:00Z")), "DE.consent", "2026-03-05T10:00:00Z");
    }

    [Fact]
    public void A_campaign_that_requires_consent_refuses_leads_without_one_even_where_the_law_does_not()
    {
        var decision = CallPermissions.Decide(Lead("+818012345678", "Asia/Tokyo", consent: false, campaignRequiresConsent: true), At("2026-03-02T03:00:00Z"));
        Refused(decision, CallPermissions.CampaignConsentRule, null);
        Assert.True(decision.ForLackOfConsent);
        Assert.True(CallPermissions.Decide(Lead("+818012345678", "Asia/Tokyo", consent: false), At("2026-03-02T03:00:00Z")).Allowed);
    }

    [Fact]
    public void The_do_not_call_list_refuses_for_good()
    {
        Refused(CallPermissions.Decide(Lead(Boston, "America/New_York", dnc: true), At("2026-03-02T15:00:00Z")), CallPermissions.DoNotCallRule, null);
    }

    [Theory]
    // A narrower campaign window (09:00-17:00 weekdays) refuses what the law allows, and says when the window opens.
    [InlineData("Mon-Fri 09:00-17:00", "2026-03-02T13:30:00Z", "campaign.window", "2026-03-02T14:00:00Z")]
    [InlineData("Mon-Fri 09:00-17:00", "2026-03-06T22:30:00Z", "campaign.window", "2026-03-09T13:00:00Z")]
    // A wider one (06:00-23:00 every day) never widens the law: 07:00 and 22:00 stay refused by US hours.
    [InlineData("Mon-Sun 06:00-23:00", "2026-03-02T12:00:00Z", "US.hours", "2026-03-02T13:00:00Z")]
    [InlineData("Mon-Sun 06:00-23:00", "2026-03-03T03:00:00Z", "US.hours", "2026-03-03T13:00:00Z")]
    // Across spring forward: the window opens on Monday 9 March at 09:00 EDT (UTC-4).
    [InlineData("Mon-Fri 09:00-17:00", "2026-03-07T15:00:00Z", "campaign.window", "2026-03-09T13:00:00Z")]
    public void Campaign_windows_narrow_the_rules_and_never_widen_them(string window, string at, string rule, string next)
    {
        Refused(CallPermissions.Decide(Lead(Boston, "America/New_York", window: CallingWindow.Parse(window)), At(at)), rule, next);
    }

    [Fact]
    public void A_campaign_window_that_never_meets_the_law_is_refused_for_good()
    {
        // French law forbids weekends; a weekend-only campaign can never call a French lead.
        var decision = CallPermissions.Decide(Lead(Paris, "Europe/Paris", window: CallingWindow.Parse("Sat-Sun 10:00-18:00")), At("2026-03-02T09:00:00Z"));
        Assert.False(decision.Allowed);
        Assert.Equal("campaign.window", decision.Rule);
        Assert.Null(decision.NextAllowedAt);
    }

    [Fact]
    public void Beyond_the_shipped_holiday_table_a_country_that_keeps_holidays_is_not_called()
    {
        var decision = CallPermissions.Decide(Lead(Paris, "Europe/Paris"), At("2029-01-03T10:00:00Z"));
        Assert.Equal("FR.holiday", decision.Rule);
        Assert.Null(decision.NextAllowedAt);
        Assert.Contains("2029", decision.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("+13055550100", "US", "US-FL")]
    [InlineData("+12135550134", "US", "US-CA")]
    [InlineData("+14165550100", "CA", "CA-ON")]
    [InlineData("+33639980033", "FR", null)]
    [InlineData("+972501234567", "IL", null)]
    public void The_jurisdiction_comes_from_the_number(string phone, string country, string? region)
    {
        Assert.Equal(new Jurisdiction(country, region), Jurisdiction.Of(PhoneNumber.Parse(phone)));
    }
}
