namespace AiScheduler.Domain.Permissions;

/// <summary>
/// The shipped table of calling rules per jurisdiction. Each row cites its source; a row changes only with a new
/// <see cref="CallingRuleSet.Version"/>, and rows with an <c>EffectiveFrom</c> date replace earlier ones from that day.
/// A lead is bound by its country's row and, when one exists, its region's row (US-FL adds to US federal rules).
/// Countries without a row have no statutory constraint here: the campaign's own window and the do-not-call list apply.
/// </summary>
public static class CallingRules
{
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);

    /// <summary>Every row, oldest version first per jurisdiction.</summary>
    public static IReadOnlyList<DatedRuleSet> All { get; } =
    [
        new(new DateOnly(2003, 10, 1), new CallingRuleSet("US", "2026.1", new DateOnly(2026, 11, 30),
            "TCPA, 47 U.S.C. 227; 47 CFR 64.1200(c)(1) (no telephone solicitation before 8 a.m. or after 9 p.m. at the called party's location); "
            + "47 CFR 64.1200(a)(2)-(3) prior express written consent for artificial-voice telemarketing, which FCC Declaratory Ruling 24-17 (2024) applies to AI-generated voices",
            Hours: [new CallingHours(CallingHours.EveryDay, new TimeOnly(8, 0), new TimeOnly(21, 0))],
            ConsentRequired: true)),
        new(new DateOnly(2021, 7, 1), new CallingRuleSet("US-FL", "2026.1", new DateOnly(2026, 11, 30),
            "Florida Telephone Solicitation Act, Fla. Stat. 501.616(6)(a) (8 a.m. to 8 p.m. local time) and 501.616(6)(b) (at most 3 calls from any number to a person in 24 hours on the same subject), as amended by SB 1120 (2021)",
            Hours: [new CallingHours(CallingHours.EveryDay, new TimeOnly(8, 0), new TimeOnly(20, 0))],
            MaxCalls: 3, CapPeriod: Day)),
        new(new DateOnly(2003, 12, 11), new CallingRuleSet("GB", "2026.1", new DateOnly(2026, 11, 30),
            "PECR 2003 reg. 21 (no calls to numbers on the TPS without consent: the workspace do-not-call list carries TPS entries); "
            + "no statutory hours, so the industry practice of 08:00-21:00 local time is kept (Ofcom persistent misuse policy, DMA code)",
            Hours: [new CallingHours(CallingHours.EveryDay, new TimeOnly(8, 0), new TimeOnly(21, 0))])),
        new(new DateOnly(2023, 3, 1), new CallingRuleSet("FR", "2026.1", new DateOnly(2026, 11, 30),
            "Code de la consommation art. L223-1 and D223-8 (Décret n° 2022-1313 du 13 octobre 2022): weekdays 10:00-13:00 and 14:00-20:00, "
            + "never on Saturdays, Sundays or public holidays; at most 4 calls in 30 days; no call for 60 days after a refusal",
            Hours: [new CallingHours(CallingHours.Weekdays, new TimeOnly(10, 0), new TimeOnly(13, 0)),
                new CallingHours(CallingHours.Weekdays, new TimeOnly(14, 0), new TimeOnly(20, 0))],
            NoCallsOnPublicHolidays: true, MaxCalls: 4, CapPeriod: TimeSpan.FromDays(30), QuietAfterRefusal: TimeSpan.FromDays(60))),
        new(new DateOnly(2026, 8, 11), new CallingRuleSet("FR", "2026.2", new DateOnly(2026, 11, 30),
            "As FR 2026.1, and Loi n° 2025-594 du 30 juin 2025 art. 8 (Code de la consommation art. L223-1 from 11 August 2026): "
            + "telephone canvassing of consumers needs their prior, free, specific and unambiguous consent",
            Hours: [new CallingHours(CallingHours.Weekdays, new TimeOnly(10, 0), new TimeOnly(13, 0)),
                new CallingHours(CallingHours.Weekdays, new TimeOnly(14, 0), new TimeOnly(20, 0))],
            NoCallsOnPublicHolidays: true, MaxCalls: 4, CapPeriod: TimeSpan.FromDays(30), QuietAfterRefusal: TimeSpan.FromDays(60),
            ConsentRequired: true)),
        new(new DateOnly(2004, 7, 3), new CallingRuleSet("DE", "2026.1", new DateOnly(2026, 11, 30),
            "UWG § 7 Abs. 2 Nr. 1 (telephone advertising to consumers needs their prior express consent) and § 7a (consent documented and kept 5 years); no statutory hours",
            ConsentRequired: true)),
        new(new DateOnly(2023, 6, 29), new CallingRuleSet("ES", "2026.1", new DateOnly(2026, 11, 30),
            "Ley 11/2022 General de Telecomunicaciones art. 66.1.b (commercial calls need prior consent); "
            + "TRLGDCU (RDL 1/2007) art. 96.2: never before 09:00 or after 21:00, never on weekends or public holidays",
            Hours: [new CallingHours(CallingHours.Weekdays, new TimeOnly(9, 0), new TimeOnly(21, 0))],
            NoCallsOnPublicHolidays: true, ConsentRequired: true)),
        new(new DateOnly(2008, 12, 1), new CallingRuleSet("IL", "2026.1", new DateOnly(2026, 11, 30),
            "Communications Law (Telecommunications and Broadcasting) 5742-1982 § 30A (advertising calls need the recipient's prior consent); "
            + "no statutory hours, so calls keep to the Israeli working week: Sunday-Thursday 08:00-20:00, Friday 08:00-13:00 before Shabbat, "
            + "never on Shabbat (Saturday) or on the holidays that are rest days (Hours of Work and Rest Law 5711-1951 § 18A)",
            Hours: [new CallingHours([DayOfWeek.Sunday, DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday],
                    new TimeOnly(8, 0), new TimeOnly(20, 0)),
                new CallingHours([DayOfWeek.Friday], new TimeOnly(8, 0), new TimeOnly(13, 0))],
            NoCallsOnPublicHolidays: true, ConsentRequired: true)),
    ];

    /// <summary>The rows that bind a lead in <paramref name="jurisdiction"/> on <paramref name="day"/>: its country's, then its region's.</summary>
    public static IReadOnlyList<CallingRuleSet> For(Jurisdiction jurisdiction, DateOnly day)
    {
        ArgumentNullException.ThrowIfNull(jurisdiction);
        var sets = new List<CallingRuleSet>(2);
        foreach (var id in jurisdiction.Region is { } region ? new[] { jurisdiction.Country, region } : [jurisdiction.Country])
        {
            var row = All.Where(r => string.Equals(r.Rules.Id, id, StringComparison.OrdinalIgnoreCase) && r.EffectiveFrom <= day)
                .OrderByDescending(r => r.EffectiveFrom).FirstOrDefault();
            if (row is not null)
            {
                sets.Add(row.Rules);
            }
        }

        return sets;
    }
}

/// <summary>A row of the rule table and the day it takes effect.</summary>
public sealed record DatedRuleSet(DateOnly EffectiveFrom, CallingRuleSet Rules);
