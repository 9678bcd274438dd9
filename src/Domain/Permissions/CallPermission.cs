using System.Globalization;
using AiScheduler.Domain.Phones;
using AiScheduler.Domain.Scheduling;

namespace AiScheduler.Domain.Permissions;

/// <summary>A lead's consent to be called: where it was given, when, the text it was shown and a reference to the proof.</summary>
public sealed record ConsentRecord(string Source, DateTimeOffset At, string? Text, string? ProofRef);

/// <summary>An earlier call to the lead (from any campaign); <paramref name="Refused"/> when the lead said no on it.</summary>
public sealed record PastCall(DateTimeOffset At, bool Refused);

/// <summary>Everything the decision looks at about one lead and the campaign that wants to call it.</summary>
/// <param name="Phone">The lead's number; its country and region pick the rules.</param>
/// <param name="Zone">The lead's zone: hours are read in the called party's local time.</param>
/// <param name="Consents">The lead's consent records.</param>
/// <param name="OnDoNotCallList">The number is on the workspace's do-not-call list.</param>
/// <param name="History">Earlier calls to the lead.</param>
/// <param name="CampaignWindow">The campaign's calling window, read in <paramref name="Zone"/>; it narrows the rules, never widens them.</param>
/// <param name="CampaignRequiresConsent">The campaign calls only leads with a consent record, wherever they are.</param>
/// <param name="StatutoryRules">
/// False only where a deployment turned the shipped rule table off (<c>CallingRules:Enabled</c>): then only the
/// do-not-call list, consent the campaign asks for, and the campaign window decide.
/// </param>
public sealed record CallPermissionRequest(
    PhoneNumber Phone,
    TimeZoneInfo Zone,
    IReadOnlyList<ConsentRecord> Consents,
    bool OnDoNotCallList,
    IReadOnlyList<PastCall> History,
    CallingWindow? CampaignWindow = null,
    bool CampaignRequiresConsent = false,
    bool StatutoryRules = true);

/// <summary>
/// The answer to "may we call this lead at this instant?": allowed, or refused by <see cref="Rule"/> with a reason a
/// person can read, and the first instant the lead may be called (null when never, as things stand: no consent, on the
/// do-not-call list, or no allowed instant within <see cref="CallPermissions.SearchHorizon"/>).
/// </summary>
public sealed record CallPermission(bool Allowed, string Rule, string Reason, DateTimeOffset? NextAllowedAt, string Jurisdiction, string RuleVersions)
{
    /// <summary>Refused for good (until something other than time changes: a consent, the do-not-call list).</summary>
    public bool Never => !Allowed && NextAllowedAt is null;

    /// <summary>Refused for lack of consent.</summary>
    public bool ForLackOfConsent => !Allowed && Rule.EndsWith(".consent", StringComparison.Ordinal);
}

/// <summary>
/// The call-permission decision: pure, from the lead, its history and the instant. Checks, in order: the do-not-call
/// list, consent, the quiet period after a refusal, the call cap, public holidays, the statutory hours, and the
/// campaign's window. When refused, the next allowed instant is found by walking forward over the instants where the
/// answer can change (each local day's start and each window's opening, in the lead's zone with its DST changes, and
/// when an earlier call leaves a cap period or a quiet period ends) and taking the first one every rule allows.
/// </summary>
public static class CallPermissions
{
    public const string DoNotCallRule = "do-not-call";
    public const string CampaignWindowRule = "campaign.window";
    public const string CampaignConsentRule = "campaign.consent";

    /// <summary>How far ahead the next allowed instant is looked for.</summary>
    public static readonly TimeSpan SearchHorizon = TimeSpan.FromDays(400);

    public static CallPermission Decide(CallPermissionRequest lead, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(lead);
        var jurisdiction = Jurisdiction.Of(lead.Phone);
        var local = WallClock.ToLocal(at, lead.Zone);
        var sets = RulesFor(lead, jurisdiction, DateOnly.FromDateTime(local));
        var versions = sets.Count == 0 ? "none" : string.Join(", ", sets.Select(s => $"{s.Id} {s.Version}"));
        var where = jurisdiction.ToString();
        var refusal = Check(lead, jurisdiction, at);
        if (refusal is null)
        {
            var applied = sets.Count == 0 ? $"no calling rules are on file for {where}" : $"the rules of {string.Join(" and ", sets.Select(s => s.Id))} allow it";
            var window = lead.CampaignWindow is null ? "" : $" and the campaign window ({lead.CampaignWindow}) is open";
            return new CallPermission(true, "allowed", Invariant($"{local:yyyy-MM-dd HH:mm} local time ({lead.Zone.Id}): {applied}{window}."), at, where, versions);
        }

        var next = refusal.Final ? null : NextAllowed(lead, jurisdiction, at);
        var reason = refusal.Final || next is not null
            ? refusal.Reason
            : Invariant($"{refusal.Reason} No instant in the next {SearchHorizon.TotalDays:0} days is allowed by every rule.");
        return new CallPermission(false, refusal.Rule, reason, next, where, versions);
    }

    private sealed record Refusal(string Rule, string Reason, bool Final);

    private static Refusal? Check(CallPermissionRequest lead, Jurisdiction jurisdiction, DateTimeOffset at)
    {
        if (lead.OnDoNotCallList)
        {
            return new Refusal(DoNotCallRule, "The number is on the workspace's do-not-call list.", true);
        }

        var local = WallClock.ToLocal(at, lead.Zone);
        var day = DateOnly.FromDateTime(local);
        var time = TimeOnly.FromDateTime(local);
        var sets = RulesFor(lead, jurisdiction, day);
        var consented = lead.Consents.Any(c => c.At <= at);
        var consentLater = lead.Consents.Any(c => c.At > at);
        foreach (var set in sets.Where(s => s.ConsentRequired))
        {
            if (!consented)
            {
                return new Refusal($"{set.Id}.consent",
                    $"{set.Id} requires the lead's prior consent to be called and the lead has no consent record{(consentLater ? " dated before this instant" : "")}. Source: {set.Source}.",
                    !consentLater);
            }
        }

        if (lead.CampaignRequiresConsent && !consented)
        {
            return new Refusal(CampaignConsentRule,
                $"The campaign calls only leads who consented, and the lead has no consent record{(consentLater ? " dated before this instant" : "")}.", !consentLater);
        }

        foreach (var set in sets)
        {
            if (set.QuietAfterRefusal is { } quiet && lead.History.Where(c => c.Refused && c.At <= at).Select(c => c.At).DefaultIfEmpty().Max() is var refused
                && refused != default && refused + quiet > at)
            {
                return new Refusal($"{set.Id}.after-refusal",
                    Invariant($"The lead refused on {refused:yyyy-MM-dd}; {set.Id} forbids calling again for {quiet.TotalDays:0} days after a refusal (until {(refused + quiet):yyyy-MM-ddTHH:mm:ssZ}). Source: {set.Source}."),
                    false);
            }

            if (set.MaxCalls is { } max && set.CapPeriod is { } period)
            {
                var recent = lead.History.Count(c => c.At <= at && c.At > at - period);
                if (recent >= max)
                {
                    return new Refusal($"{set.Id}.cap",
                        Invariant($"{recent} calls in the last {Describe(period)}; {set.Id} allows at most {max}. Source: {set.Source}."), false);
                }
            }
        }

        foreach (var set in sets.Where(s => s.NoCallsOnPublicHolidays))
        {
            if (!PublicHolidays.IsCovered(set.Country, day))
            {
                return new Refusal($"{set.Id}.holiday",
                    Invariant($"{set.Id} forbids calls on public holidays and the shipped holiday table does not cover {day.Year} ({PublicHolidays.FirstYear}-{PublicHolidays.LastYear}); update the table before calling."),
                    false);
            }

            if (PublicHolidays.NameOf(set.Country, day) is { } holiday)
            {
                return new Refusal($"{set.Id}.holiday",
                    Invariant($"{day:yyyy-MM-dd} is a public holiday in {set.Country} ({holiday}); {set.Id} forbids calls on public holidays. Source: {set.Source}."), false);
            }
        }

        foreach (var set in sets)
        {
            if (set.Hours is { } hours && !hours.Any(h => h.Contains(local.DayOfWeek, time)))
            {
                return new Refusal($"{set.Id}.hours",
                    Invariant($"It is {local.DayOfWeek} {time:HH\\:mm} for the lead ({lead.Zone.Id}); {set.Id} allows calls {set.HoursText} local time. Source: {set.Source}."),
                    false);
            }
        }

        if (lead.CampaignWindow is { } window && !window.IsOpen(at, lead.Zone))
        {
            return new Refusal(CampaignWindowRule,
                Invariant($"It is {local.DayOfWeek} {time:HH\\:mm} for the lead ({lead.Zone.Id}), outside the campaign's window {window}."), false);
        }

        return null;
    }

    // The answer only changes at a local day's start, at a window's opening, or when a call leaves a cap or quiet period;
    // those instants are checked in order and the first one every rule allows wins.
    private static DateTimeOffset? NextAllowed(CallPermissionRequest lead, Jurisdiction jurisdiction, DateTimeOffset at)
    {
        var zone = lead.Zone;
        var first = DateOnly.FromDateTime(WallClock.ToLocal(at, zone));
        var last = DateOnly.FromDateTime(WallClock.ToLocal(at + SearchHorizon, zone));
        var sets = CallingRules.All.Select(r => r.Rules)
            .Where(s => lead.StatutoryRules)
            .Where(s => string.Equals(s.Id, jurisdiction.Country, StringComparison.OrdinalIgnoreCase)
                        || string.Equals(s.Id, jurisdiction.Region, StringComparison.OrdinalIgnoreCase))
            .ToList();
        var openings = sets.SelectMany(s => s.Hours ?? []).Select(h => h.Start)
            .Append(TimeOnly.MinValue)
            .Concat(lead.CampaignWindow is { } window ? [window.Start] : [])
            .Distinct()
            .ToList();
        var candidates = new SortedSet<DateTimeOffset>();
        for (var day = first; day <= last; day = day.AddDays(1))
        {
            foreach (var opening in openings)
            {
                candidates.Add(WallClock.ToInstant(day, opening, zone));
            }
        }

        foreach (var set in sets)
        {
            foreach (var call in lead.History)
            {
                if (set.CapPeriod is { } period)
                {
                    candidates.Add(call.At + period);
                }

                if (call.Refused && set.QuietAfterRefusal is { } quiet)
                {
                    candidates.Add(call.At + quiet);
                }
            }
        }

        foreach (var consent in lead.Consents)
        {
            candidates.Add(consent.At);
        }

        foreach (var candidate in candidates.GetViewBetween(at.AddTicks(1), at + SearchHorizon))
        {
            if (Check(lead, jurisdiction, candidate) is null)
            {
                return TimeZoneInfo.ConvertTime(candidate, zone);
            }
        }

        return null;
    }

    private static IReadOnlyList<CallingRuleSet> RulesFor(CallPermissionRequest lead, Jurisdiction jurisdiction, DateOnly day) =>
        lead.StatutoryRules ? CallingRules.For(jurisdiction, day) : [];

    private static string Describe(TimeSpan period) =>
        period.TotalDays >= 2 ? Invariant($"{period.TotalDays:0} days") : Invariant($"{period.TotalHours:0} hours");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
