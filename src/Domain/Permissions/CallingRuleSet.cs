using System.Globalization;

namespace AiScheduler.Domain.Permissions;

/// <summary>Local hours on some days of the week when calls are allowed; the end is exclusive.</summary>
public sealed record CallingHours(IReadOnlyList<DayOfWeek> Days, TimeOnly Start, TimeOnly End)
{
    public static IReadOnlyList<DayOfWeek> EveryDay { get; } =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday];

    public static IReadOnlyList<DayOfWeek> Weekdays { get; } =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];

    public bool Contains(DayOfWeek day, TimeOnly time) => Days.Contains(day) && time >= Start && time < End;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Start:HH\\:mm}-{End:HH\\:mm}");
}

/// <summary>
/// The calling rules of one jurisdiction (a country "FR", or a region inside one "US-FL"), as data: each set names the
/// law it comes from and carries a version and the date it was last checked. Every constraint is optional; a set with
/// none of them only documents that the jurisdiction was reviewed.
/// </summary>
/// <param name="Id">ISO 3166 code of the country, or country-subdivision ("US-FL").</param>
/// <param name="Version">Our version of this table row, bumped whenever a constraint changes.</param>
/// <param name="CheckedOn">When the source was last read.</param>
/// <param name="Source">The citation: statute or regulation, article.</param>
/// <param name="Hours">When calls are allowed in the lead's local time; null means the law sets no hours.</param>
/// <param name="NoCallsOnPublicHolidays">True when calls are forbidden on the country's public holidays (<see cref="PublicHolidays"/>).</param>
/// <param name="MaxCalls">At most this many calls in <paramref name="CapPeriod"/> (sliding), counting every earlier attempt.</param>
/// <param name="CapPeriod">The sliding period of <paramref name="MaxCalls"/>.</param>
/// <param name="QuietAfterRefusal">After the lead refused (not interested), no call for this long.</param>
/// <param name="ConsentRequired">The lead must have given prior consent to be called (opt-in).</param>
public sealed record CallingRuleSet(
    string Id,
    string Version,
    DateOnly CheckedOn,
    string Source,
    IReadOnlyList<CallingHours>? Hours = null,
    bool NoCallsOnPublicHolidays = false,
    int? MaxCalls = null,
    TimeSpan? CapPeriod = null,
    TimeSpan? QuietAfterRefusal = null,
    bool ConsentRequired = false)
{
    /// <summary>The country part of <see cref="Id"/>.</summary>
    public string Country => Id.Split('-')[0];

    public string HoursText => Hours is null ? "any time" : string.Join(", ", Hours.GroupBy(h => h.ToString()).Select(g =>
        $"{string.Join(",", g.SelectMany(h => h.Days).Distinct().Select(d => d.ToString()[..3]))} {g.Key}"));
}
