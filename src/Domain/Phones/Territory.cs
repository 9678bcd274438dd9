namespace AiScheduler.Domain.Phones;

/// <summary>
/// A place reachable through a country calling code: an ISO 3166-1 alpha-2 region (or "001" for the
/// non-geographic ITU services), its English name, and the facts the scheduler infers from it.
/// </summary>
/// <param name="RegionCode">ISO 3166-1 alpha-2 code ("IL"), or "001" for international services.</param>
/// <param name="Name">English short name ("Israel").</param>
/// <param name="CallingCode">ITU-T E.164 country calling code (972).</param>
/// <param name="TimeZone">
/// IANA zone when the territory effectively keeps one clock; null when it spans several zones (RU, AU, BR...)
/// so callers fall back to a campaign's zone instead of guessing.
/// </param>
/// <param name="Language">Default BCP-47 language of the territory ("he-IL"); null for international services.</param>
public sealed record Territory(string RegionCode, string Name, int CallingCode, string? TimeZone, string? Language)
{
    /// <summary>Region code used for ITU international services that belong to no country (UN M.49 "World").</summary>
    public const string NonGeographic = "001";

    public bool IsGeographic => RegionCode != NonGeographic;
}

/// <summary>
/// One ITU-T E.164 country calling code and the territories sharing it; the first territory is the principal one
/// (RU for +7, GB for +44, US for +1).
/// </summary>
public sealed record CountryCallingCode(int Code, IReadOnlyList<Territory> Territories, NumberingPlan Plan)
{
    public Territory Principal => Territories[0];

    public string Name => Principal.Name;

    /// <summary>"+972 (Israel)", the form used in messages shown to users.</summary>
    public string Describe() => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"+{Code} ({Name})");
}

/// <summary>
/// What a number under one calling code looks like: bounds on the national significant number (digits after the
/// calling code) and the trunk prefix dialled before it inside the country ("0" in Israel, "1" in the NANP, "8" in
/// Russia, none in Italy or Spain where a leading 0 belongs to the number).
/// </summary>
public sealed record NumberingPlan
{
    public NumberingPlan(int minLength, int maxLength, string trunkPrefix)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minLength, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, minLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxLength, 14);
        ArgumentNullException.ThrowIfNull(trunkPrefix);
        if (!trunkPrefix.All(char.IsAsciiDigit))
        {
            throw new ArgumentException("a trunk prefix is digits only", nameof(trunkPrefix));
        }

        MinLength = minLength;
        MaxLength = maxLength;
        TrunkPrefix = trunkPrefix;
    }

    /// <summary>Fewest digits after the calling code.</summary>
    public int MinLength { get; }

    /// <summary>Most digits after the calling code.</summary>
    public int MaxLength { get; }

    /// <summary>Digits dialled before the national number inside the country ("0"), or empty.</summary>
    public string TrunkPrefix { get; }

    /// <summary>Used where no national plan is tabulated: E.164 allows 15 digits including the calling code.</summary>
    public static NumberingPlan Generic { get; } = new(4, 14, "0");
}
