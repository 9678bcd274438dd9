using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using AiScheduler.Domain.Phones;

namespace AiScheduler.Domain.Leads;

/// <summary>Where an inferred time zone came from.</summary>
public enum TimeZoneSource
{
    /// <summary>The lead's own timezone field.</summary>
    Declared,

    /// <summary>The single zone of the number's country.</summary>
    Country,

    /// <summary>The zone of the number's area code (+1 numbers, and areas of multi-zone countries).</summary>
    AreaCode,

    /// <summary>The campaign's zone, because the number's country spans several zones or says nothing about place.</summary>
    Fallback,
}

/// <param name="TimeZone">An IANA zone id ("Asia/Jerusalem").</param>
/// <param name="Source">Where it came from.</param>
public sealed record InferredTimeZone(string TimeZone, TimeZoneSource Source);

/// <summary>
/// Decides a lead's time zone: the declared IANA zone always wins; +1 numbers by area code; countries that keep one
/// clock directly; multi-zone countries (RU, AU, BR, MX, ID...) by area code where the prefix settles it (Moscow
/// landlines, Brazilian DDD codes...), otherwise, like service numbers, they fall back to the campaign's zone rather
/// than guess a wrong one.
/// </summary>
public static class TimeZoneInference
{
    // Abbreviations people type that are not IANA ids, mapped to the zone they most likely mean, to suggest a fix.
    private static readonly FrozenDictionary<string, string> Suggestions = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["PST"] = "America/Los_Angeles", ["PDT"] = "America/Los_Angeles", ["Pacific"] = "America/Los_Angeles",
        ["MDT"] = "America/Denver", ["Mountain"] = "America/Denver",
        ["CST"] = "America/Chicago", ["CDT"] = "America/Chicago", ["Central"] = "America/Chicago",
        ["EDT"] = "America/New_York", ["Eastern"] = "America/New_York",
        ["BST"] = "Europe/London", ["GMT"] = "Europe/London",
        ["CET"] = "Europe/Berlin", ["CEST"] = "Europe/Berlin",
        ["IST"] = "Asia/Jerusalem", ["IDT"] = "Asia/Jerusalem", ["Israel"] = "Asia/Jerusalem",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    public static InferredTimeZone Infer(PhoneNumber number, string? declared, string fallbackTimeZone) =>
        TryInfer(number, declared, fallbackTimeZone, out var result, out var error) ? result : throw new FormatException(error);

    /// <summary>
    /// Infers the zone. A declared value that is not a time zone is an error to report on the lead's row, never ignored.
    /// </summary>
    /// <exception cref="ArgumentException">The fallback is not a valid zone (a configuration error, not a data error).</exception>
    public static bool TryInfer(
        PhoneNumber number,
        string? declared,
        string fallbackTimeZone,
        [NotNullWhen(true)] out InferredTimeZone? result,
        [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(number);
        if (!TryNormalise(fallbackTimeZone, out var fallback, out var fallbackError))
        {
            throw new ArgumentException($"fallback {fallbackError}", nameof(fallbackTimeZone));
        }

        result = null;
        if (!string.IsNullOrWhiteSpace(declared))
        {
            if (!TryNormalise(declared, out var zone, out error))
            {
                return false;
            }

            result = new InferredTimeZone(zone, TimeZoneSource.Declared);
            return true;
        }

        error = null;
        result = FromNumber(number) ?? new InferredTimeZone(fallback, TimeZoneSource.Fallback);
        return true;
    }

    /// <summary>The zone the number alone tells, or null when it cannot (multi-zone country, service number).</summary>
    public static InferredTimeZone? FromNumber(PhoneNumber number)
    {
        ArgumentNullException.ThrowIfNull(number);
        if (number.AreaCode is { } areaCode)
        {
            return NorthAmericanNumberingPlan.TryFind(areaCode, out var found)
                ? new InferredTimeZone(found.TimeZone, TimeZoneSource.AreaCode)
                : null;
        }

        if (number.Territory.TimeZone is { } zone)
        {
            return new InferredTimeZone(zone, TimeZoneSource.Country);
        }

        return AreaCodeZones.Find(number) is { } areaZone ? new InferredTimeZone(areaZone, TimeZoneSource.AreaCode) : null;
    }

    /// <summary>
    /// Validates a zone typed by a person and returns its IANA id. Accepts IANA ids in any case ("asia/jerusalem") and
    /// Windows ids ("Israel Standard Time", converted); rejects abbreviations and offsets with a suggestion.
    /// </summary>
    public static bool TryNormalise(string? text, [NotNullWhen(true)] out string? ianaId, [NotNullWhen(false)] out string? error)
    {
        ianaId = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "time zone is empty: use an IANA id such as Asia/Jerusalem or America/New_York";
            return false;
        }

        var id = text.Trim();
        if (TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) || TryFindIgnoringCase(id, out zone))
        {
            if (zone.HasIanaId)
            {
                ianaId = zone.Id;
                error = null;
                return true;
            }

            if (TimeZoneInfo.TryConvertWindowsIdToIanaId(zone.Id, out var converted))
            {
                ianaId = converted;
                error = null;
                return true;
            }
        }

        error = Suggestions.TryGetValue(id, out var suggestion)
            ? $"time zone '{id}' is an abbreviation, not an IANA id: did you mean {suggestion}?"
            : $"time zone '{id}' is not an IANA id: use a name such as Asia/Jerusalem, Europe/Paris or America/New_York";
        return false;
    }

    private static readonly Lazy<FrozenDictionary<string, string>> IdsIgnoringCase = new(() =>
        TimeZoneInfo.GetSystemTimeZones()
            .Select(z => z.Id)
            .Concat(CountryCallingCodes.Territories.Select(t => t.TimeZone).OfType<string>())
            .Concat(NorthAmericanNumberingPlan.AreaCodes.Select(a => a.TimeZone))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToFrozenDictionary(id => id, id => id, StringComparer.OrdinalIgnoreCase));

    private static bool TryFindIgnoringCase(string id, [NotNullWhen(true)] out TimeZoneInfo? zone)
    {
        zone = null;
        return IdsIgnoringCase.Value.TryGetValue(id, out var exact) && TimeZoneInfo.TryFindSystemTimeZoneById(exact, out zone);
    }
}
