using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace AiScheduler.Domain.Phones;

/// <summary>
/// A telephone number in ITU-T E.164 form ("+972501234567"), parsed from what people type. Once constructed it is
/// valid: a known country calling code and a national number whose length fits that country's plan.
/// </summary>
public sealed partial class PhoneNumber : IEquatable<PhoneNumber>, IComparable<PhoneNumber>
{
    /// <summary>E.164 caps a number at 15 digits, calling code included.</summary>
    public const int MaxDigits = 15;

    private PhoneNumber(CountryCallingCode callingCode, string nationalSignificantNumber, Territory territory)
    {
        CallingCode = callingCode;
        NationalSignificantNumber = nationalSignificantNumber;
        Territory = territory;
        E164 = string.Create(CultureInfo.InvariantCulture, $"+{callingCode.Code}{nationalSignificantNumber}");
    }

    /// <summary>"+972501234567".</summary>
    public string E164 { get; }

    /// <summary>972.</summary>
    public int CountryCallingCode => CallingCode.Code;

    /// <summary>The digits after the calling code, without any trunk prefix: "501234567".</summary>
    public string NationalSignificantNumber { get; }

    /// <summary>
    /// ISO 3166-1 alpha-2 region of the number ("IL"); +1 numbers are resolved by area code ("US", "CA", "JM"), shared
    /// codes such as +7 or +44 by leading digits with the principal region otherwise; "001" for international services.
    /// </summary>
    public string RegionCode => Territory.RegionCode;

    /// <summary>The calling-code entry this number belongs to.</summary>
    public CountryCallingCode CallingCode { get; }

    /// <summary>The territory the number belongs to (region, name, default language and zone).</summary>
    public Territory Territory { get; }

    /// <summary>The NANP area code for +1 numbers, otherwise null.</summary>
    public int? AreaCode => CountryCallingCode == 1 ? NorthAmericanNumberingPlan.AreaCodeOf(NationalSignificantNumber) : null;

    /// <summary>
    /// A form safe for logs: calling code, first two and last two national digits, the rest starred ("+97250*****67").
    /// Short national numbers keep only their last digit.
    /// </summary>
    public string Masked
    {
        get
        {
            var nsn = NationalSignificantNumber;
            var (head, tail) = nsn.Length >= 7 ? (2, 2) : (0, 1);
            return string.Create(CultureInfo.InvariantCulture,
                $"+{CountryCallingCode}{nsn[..head]}{new string('*', nsn.Length - head - tail)}{nsn[^tail..]}");
        }
    }

    public override string ToString() => E164;

    public bool Equals(PhoneNumber? other) => other is not null && string.Equals(E164, other.E164, StringComparison.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as PhoneNumber);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(E164);

    public int CompareTo(PhoneNumber? other) => other is null ? 1 : string.CompareOrdinal(E164, other.E164);

    public static bool operator ==(PhoneNumber? left, PhoneNumber? right) => left is null ? right is null : left.Equals(right);

    public static bool operator !=(PhoneNumber? left, PhoneNumber? right) => !(left == right);

    /// <summary>Parses a number or throws <see cref="FormatException"/> whose message says what is wrong with it.</summary>
    public static PhoneNumber Parse(string text, string? defaultRegion = null) =>
        TryParse(text, defaultRegion, out var number, out var error) ? number : throw new FormatException(error);

    /// <summary>
    /// Parses what people type: "+1 (212) 555-0143", "00972-50-123-4567", "011 44 20 7946 0958" (NANP exit code),
    /// "050-123-4567" with a default region (the trunk 0 is dropped), "+44 (0)20 7946 0958", "tel:+33-1-23-45-67-89".
    /// </summary>
    /// <param name="text">The number as typed.</param>
    /// <param name="defaultRegion">ISO region assumed for numbers written without a country code ("IL").</param>
    /// <param name="number">The parsed number.</param>
    /// <param name="error">Why the text is not a number, phrased so the person who typed it can fix it.</param>
    public static bool TryParse(
        string? text,
        string? defaultRegion,
        [NotNullWhen(true)] out PhoneNumber? number,
        [NotNullWhen(false)] out string? error)
    {
        number = null;
        error = Read(text, out var read);
        if (error is not null)
        {
            return false;
        }

        if (read.International)
        {
            return TryBuild(read.Digits, out number, out error);
        }

        if (string.IsNullOrWhiteSpace(defaultRegion))
        {
            error = "no country code and no default region: write the number with + and its country code, e.g. +972 50 123 4567";
            return false;
        }

        if (!CountryCallingCodes.TryFindRegion(defaultRegion, out var region))
        {
            error = $"unknown default region '{defaultRegion.Trim()}': use an ISO 3166-1 code such as IL, US or FR";
            return false;
        }

        if (region.CallingCode == 1 && read.Digits.StartsWith("011", StringComparison.Ordinal))
        {
            return TryBuild(read.Digits[3..], out number, out error); // 011 is the NANP international exit code
        }

        if (TryBuild(string.Create(CultureInfo.InvariantCulture, $"{region.CallingCode}{StripTrunkPrefix(region, read.Digits)}"), out number, out error))
        {
            return true;
        }

        // Spreadsheets drop a leading + ("972501234567" in a column of Israeli numbers): when the national reading
        // fails and the digits start with the region's own calling code, they are the international form.
        var ownCode = region.CallingCode.ToString(CultureInfo.InvariantCulture);
        if (read.Digits.StartsWith(ownCode, StringComparison.Ordinal) && TryBuild(read.Digits, out var international, out _))
        {
            number = international;
            error = null;
            return true;
        }

        return false;
    }

    private static bool TryBuild(string digits, [NotNullWhen(true)] out PhoneNumber? number, [NotNullWhen(false)] out string? error)
    {
        number = null;
        if (digits.Length == 0)
        {
            error = "no digits after the international prefix";
            return false;
        }

        if (digits[0] == '0')
        {
            error = "country calling codes never start with 0: check the digits after + or 00";
            return false;
        }

        if (!CountryCallingCodes.TrySplit(digits, out var callingCode, out var national))
        {
            error = $"unknown country calling code +{digits[..Math.Min(3, digits.Length)]}: check the digits after + or 00";
            return false;
        }

        // People often keep the trunk 0 after the country code ("+44 020 ..."); it is never dialled from abroad.
        var plan = callingCode.Plan;
        if (plan.TrunkPrefix.Length > 0 && callingCode.Code != 1
            && national.StartsWith(plan.TrunkPrefix, StringComparison.Ordinal)
            && national.Length - plan.TrunkPrefix.Length >= plan.MinLength)
        {
            national = national[plan.TrunkPrefix.Length..];
        }

        // Mexico retired the "1" that mobile numbers carried after +52 in 2019, but old contact lists still have it.
        if (callingCode.Code == 52 && national.Length == 11 && national[0] == '1')
        {
            national = national[1..];
        }

        error = CheckLength(callingCode, national);
        if (error is not null)
        {
            return false;
        }

        Territory territory;
        if (callingCode.Code == 1)
        {
            error = NorthAmericanNumberingPlan.Validate(national);
            if (error is not null)
            {
                return false;
            }

            var regionCode = NorthAmericanNumberingPlan.RegionOf(national);
            territory = callingCode.Territories.First(t => t.RegionCode == regionCode);
        }
        else
        {
            territory = CountryCallingCodes.ResolveTerritory(callingCode, national);
        }

        number = new PhoneNumber(callingCode, national, territory);
        return true;
    }

    private static string? CheckLength(CountryCallingCode callingCode, string national)
    {
        var plan = callingCode.Plan;
        var total = callingCode.Code.ToString(CultureInfo.InvariantCulture).Length + national.Length;
        if (total > MaxDigits)
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"{total} digits is longer than the 15 allowed by E.164 for {callingCode.Describe()}: check for extra digits");
        }

        if (national.Length < plan.MinLength)
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"too short for {callingCode.Describe()}: expected {Expected(plan)} digits after the country code, got {national.Length}");
        }

        if (national.Length > plan.MaxLength)
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"too long for {callingCode.Describe()}: expected {Expected(plan)} digits after the country code, got {national.Length}");
        }

        return null;
    }

    private static string Expected(NumberingPlan plan) =>
        plan.MinLength == plan.MaxLength
            ? plan.MinLength.ToString(CultureInfo.InvariantCulture)
            : string.Create(CultureInfo.InvariantCulture, $"{plan.MinLength} to {plan.MaxLength}");

    private static string StripTrunkPrefix(Territory region, string digits)
    {
        var plan = CountryCallingCodes.TryFind(region.CallingCode, out var code) ? code.Plan : NumberingPlan.Generic;
        if (region.CallingCode == 1)
        {
            // In the NANP a leading 1 is the long-distance prefix only when it precedes a full ten-digit number.
            return digits.Length == 11 && digits[0] == '1' ? digits[1..] : digits;
        }

        return plan.TrunkPrefix.Length > 0 && digits.StartsWith(plan.TrunkPrefix, StringComparison.Ordinal)
            ? digits[plan.TrunkPrefix.Length..]
            : digits;
    }

    private readonly record struct ReadNumber(string Digits, bool International);

    /// <summary>
    /// Reduces typed text to digits, deciding whether it carries an international prefix, and explains anything that
    /// cannot be part of a dialable number.
    /// </summary>
    private static string? Read(string? text, out ReadNumber read)
    {
        read = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return "the number is empty";
        }

        var s = text.Trim();
        if (s.StartsWith("tel:", StringComparison.OrdinalIgnoreCase))
        {
            s = s[4..];
            var parameters = s.IndexOf(';', StringComparison.Ordinal);
            if (parameters >= 0)
            {
                var tail = s[parameters..];
                if (tail.Contains(";ext=", StringComparison.OrdinalIgnoreCase))
                {
                    return ExtensionError(tail[(tail.IndexOf(";ext=", StringComparison.OrdinalIgnoreCase) + 5)..].Split(';')[0]);
                }

                s = s[..parameters]; // other tel: parameters (phone-context, isub) do not change the number
            }
        }

        if (ScientificNotation().IsMatch(s))
        {
            return "the number was turned into scientific notation by a spreadsheet (like 9.72501E+11) and lost digits: format the column as text and export again";
        }

        var extension = FindExtension(s);
        if (extension is not null)
        {
            return ExtensionError(extension);
        }

        // "+44 (0)20 ..." marks the trunk 0 that must be dropped when dialling from abroad.
        var international = s.StartsWith('+') || s.StartsWith('\uFF0B');
        if (international || s.StartsWith("00", StringComparison.Ordinal))
        {
            s = s.Replace("(0)", "", StringComparison.Ordinal);
        }

        var digits = new StringBuilder(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (char.IsDigit(c))
            {
                // Any script's decimal digits (Arabic-Indic, full-width) count as the same digit.
                digits.Append((char)('0' + (int)char.GetNumericValue(c)));
            }
            else if (c is '+' or '\uFF0B')
            {
                if (i != 0)
                {
                    return "a + may only appear at the start, before the country code";
                }
            }
            else if (c is ' ' or '-' or '.' or '(' or ')' or '/' or '\u00A0' or '\u2010' or '\u2011' or '\u2012' or '\u2013' or '\u2014' or '\u2212' or '\t')
            {
                // separators people use between digit groups
            }
            else if (char.IsLetter(c))
            {
                return "letters in the number: write it with digits only (vanity numbers like 1-800-FLOWERS must be converted)";
            }
            else
            {
                return string.Create(CultureInfo.InvariantCulture, $"unexpected character '{c}' in the number: use digits, spaces, dashes, dots or parentheses");
            }
        }

        var all = digits.ToString();
        if (all.Length == 0)
        {
            return "the number has no digits";
        }

        if (!international && all.StartsWith("00", StringComparison.Ordinal))
        {
            read = new ReadNumber(all[2..], true);
        }
        else
        {
            read = new ReadNumber(all, international);
        }

        if (read.Digits.Length > MaxDigits + 3)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{read.Digits.Length} digits is longer than the 15 allowed by E.164: check for extra digits");
        }

        return null;
    }

    private static string ExtensionError(string extension) =>
        $"the number has an extension ({extension.Trim()}); calls cannot dial extensions, so give the direct number without it";

    [System.Text.RegularExpressions.GeneratedRegex(@"^\+?\d+([.,]\d+)?[eE]\+?\d+$")]
    private static partial System.Text.RegularExpressions.Regex ScientificNotation();

    private static readonly string[] ExtensionMarkers = ["extension", "ext.", "ext", "x", "#"];

    private static string? FindExtension(string s)
    {
        // An extension marker follows at least one digit and is followed by digits only: "212 555 0143 ext. 12".
        foreach (var marker in ExtensionMarkers)
        {
            var index = s.LastIndexOf(marker, StringComparison.OrdinalIgnoreCase);
            if (index <= 0 || !s[..index].Any(char.IsDigit))
            {
                continue;
            }

            var rest = s[(index + marker.Length)..].Trim().TrimStart(':', '.').Trim();
            if (rest.Length > 0 && rest.All(char.IsDigit))
            {
                return rest;
            }
        }

        return null;
    }
}
