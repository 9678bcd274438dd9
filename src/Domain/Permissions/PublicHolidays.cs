using System.Collections.Frozen;
using System.Globalization;

namespace AiScheduler.Domain.Permissions;

/// <summary>
/// Public holidays, a shipped table for 2026-2028, for the countries whose calling rules forbid calls on them
/// (<see cref="CallingRuleSet.NoCallsOnPublicHolidays"/>). Sources: France, Code du travail art. L3133-1 (the 11 jours
/// fériés; Easter Monday, Ascension and Whit Monday follow Easter); Spain, the national holidays common to every
/// autonomous community published each year in the BOE (Resoluciones de la Dirección General de Trabajo); Israel, the
/// rest days of the Hours of Work and Rest Law § 18A (Rosh Hashanah 2 days, Yom Kippur, Sukkot, Shemini Atzeret, Pesach
/// first and seventh days, Shavuot) and Independence Day (Independence Day Law 5709-1949, with its Thursday/Tuesday moves),
/// dated by the Hebrew calendar. Outside the covered years <see cref="IsCovered"/> is false and the decision says so.
/// </summary>
public static class PublicHolidays
{
    public const int FirstYear = 2026;
    public const int LastYear = 2028;

    private static readonly FrozenDictionary<string, FrozenDictionary<DateOnly, string>> Table = new Dictionary<string, FrozenDictionary<DateOnly, string>>(StringComparer.OrdinalIgnoreCase)
    {
        ["FR"] = Build(
            ("2026-01-01", "Jour de l'an"), ("2026-04-06", "Lundi de Pâques"), ("2026-05-01", "Fête du Travail"), ("2026-05-08", "Victoire 1945"),
            ("2026-05-14", "Ascension"), ("2026-05-25", "Lundi de Pentecôte"), ("2026-07-14", "Fête nationale"), ("2026-08-15", "Assomption"),
            ("2026-11-01", "Toussaint"), ("2026-11-11", "Armistice 1918"), ("2026-12-25", "Noël"),
            ("2027-01-01", "Jour de l'an"), ("2027-03-29", "Lundi de Pâques"), ("2027-05-01", "Fête du Travail"), ("2027-05-06", "Ascension"),
            ("2027-05-08", "Victoire 1945"), ("2027-05-17", "Lundi de Pentecôte"), ("2027-07-14", "Fête nationale"), ("2027-08-15", "Assomption"),
            ("2027-11-01", "Toussaint"), ("2027-11-11", "Armistice 1918"), ("2027-12-25", "Noël"),
            ("2028-01-01", "Jour de l'an"), ("2028-04-17", "Lundi de Pâques"), ("2028-05-01", "Fête du Travail"), ("2028-05-08", "Victoire 1945"),
            ("2028-05-25", "Ascension"), ("2028-06-05", "Lundi de Pentecôte"), ("2028-07-14", "Fête nationale"), ("2028-08-15", "Assomption"),
            ("2028-11-01", "Toussaint"), ("2028-11-11", "Armistice 1918"), ("2028-12-25", "Noël")),
        ["ES"] = Build(
            ("2026-01-01", "Año Nuevo"), ("2026-01-06", "Epifanía del Señor"), ("2026-04-03", "Viernes Santo"), ("2026-05-01", "Fiesta del Trabajo"),
            ("2026-08-15", "Asunción de la Virgen"), ("2026-10-12", "Fiesta Nacional de España"), ("2026-11-01", "Todos los Santos"),
            ("2026-12-06", "Día de la Constitución"), ("2026-12-08", "Inmaculada Concepción"), ("2026-12-25", "Natividad del Señor"),
            ("2027-01-01", "Año Nuevo"), ("2027-01-06", "Epifanía del Señor"), ("2027-03-26", "Viernes Santo"), ("2027-05-01", "Fiesta del Trabajo"),
            ("2027-08-15", "Asunción de la Virgen"), ("2027-10-12", "Fiesta Nacional de España"), ("2027-11-01", "Todos los Santos"),
            ("2027-12-06", "Día de la Constitución"), ("2027-12-08", "Inmaculada Concepción"), ("2027-12-25", "Natividad del Señor"),
            ("2028-01-01", "Año Nuevo"), ("2028-01-06", "Epifanía del Señor"), ("2028-04-14", "Viernes Santo"), ("2028-05-01", "Fiesta del Trabajo"),
            ("2028-08-15", "Asunción de la Virgen"), ("2028-10-12", "Fiesta Nacional de España"), ("2028-11-01", "Todos los Santos"),
            ("2028-12-06", "Día de la Constitución"), ("2028-12-08", "Inmaculada Concepción"), ("2028-12-25", "Natividad del Señor")),
        ["IL"] = Build(
            ("2026-04-02", "Pesach"), ("2026-04-08", "Pesach (seventh day)"), ("2026-04-22", "Yom HaAtzmaut"), ("2026-05-22", "Shavuot"),
            ("2026-09-12", "Rosh Hashanah"), ("2026-09-13", "Rosh Hashanah (second day)"), ("2026-09-21", "Yom Kippur"), ("2026-09-26", "Sukkot"),
            ("2026-10-03", "Shemini Atzeret"),
            ("2027-04-22", "Pesach"), ("2027-04-28", "Pesach (seventh day)"), ("2027-05-12", "Yom HaAtzmaut"), ("2027-06-11", "Shavuot"),
            ("2027-10-02", "Rosh Hashanah"), ("2027-10-03", "Rosh Hashanah (second day)"), ("2027-10-11", "Yom Kippur"), ("2027-10-16", "Sukkot"),
            ("2027-10-23", "Shemini Atzeret"),
            ("2028-04-11", "Pesach"), ("2028-04-17", "Pesach (seventh day)"), ("2028-05-02", "Yom HaAtzmaut"), ("2028-05-31", "Shavuot"),
            ("2028-09-21", "Rosh Hashanah"), ("2028-09-22", "Rosh Hashanah (second day)"), ("2028-09-30", "Yom Kippur"), ("2028-10-05", "Sukkot"),
            ("2028-10-12", "Shemini Atzeret")),
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>The countries with a holiday table.</summary>
    public static IReadOnlyCollection<string> Countries => Table.Keys;

    /// <summary>True when the table has <paramref name="country"/>'s holidays for <paramref name="day"/>'s year.</summary>
    public static bool IsCovered(string country, DateOnly day) => Table.ContainsKey(country) && day.Year is >= FirstYear and <= LastYear;

    /// <summary>The holiday's name when <paramref name="day"/> is a public holiday in <paramref name="country"/>; null otherwise.</summary>
    public static string? NameOf(string country, DateOnly day) =>
        Table.TryGetValue(country, out var days) && days.TryGetValue(day, out var name) ? name : null;

    /// <summary>Every holiday of <paramref name="country"/> in the table.</summary>
    public static IReadOnlyDictionary<DateOnly, string> Of(string country) =>
        Table.TryGetValue(country, out var days) ? days : FrozenDictionary<DateOnly, string>.Empty;

    private static FrozenDictionary<DateOnly, string> Build(params (string Day, string Name)[] rows) =>
        rows.ToFrozenDictionary(r => DateOnly.ParseExact(r.Day, "yyyy-MM-dd", CultureInfo.InvariantCulture), r => r.Name);
}
