using AiScheduler.Domain.Phones;

namespace AiScheduler.Domain.Permissions;

/// <summary>
/// Whose law a call falls under: the country of the number (ISO 3166-1 alpha-2) and, for +1 numbers, the state or
/// province of its area code ("US-FL"). Read from the number, as the laws do (the called party's location).
/// </summary>
public sealed record Jurisdiction(string Country, string? Region)
{
    public static Jurisdiction Of(PhoneNumber phone)
    {
        ArgumentNullException.ThrowIfNull(phone);
        var country = phone.RegionCode;
        string? region = null;
        if (phone.AreaCode is { } areaCode && NorthAmericanNumberingPlan.TryFind(areaCode, out var found)
            && !string.Equals(found.Subdivision, found.RegionCode, StringComparison.Ordinal))
        {
            country = found.RegionCode;
            region = $"{found.RegionCode}-{found.Subdivision}";
        }

        return new Jurisdiction(country, region);
    }

    public override string ToString() => Region ?? Country;
}
