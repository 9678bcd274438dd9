using AiScheduler.Domain.Phones;

namespace AiScheduler.Domain.Leads;

/// <summary>
/// Geographic prefixes inside countries that span several zones, for the cases where the prefix settles the zone:
/// Brazil's two-digit DDD codes (kept by mobile numbers too), Mexico's area codes, Russian, Australian and Indonesian
/// landline areas. Mobile ranges that carry no place (Russian 9xx, Australian 4xx, Indonesian 8xx) are absent, so those
/// numbers still fall back to the campaign's zone. +1 numbers use <see cref="NorthAmericanNumberingPlan"/>.
/// </summary>
public static class AreaCodeZones
{
    // (calling code, prefix of the national significant number, zone). Longest prefix wins.
    private static readonly (int Code, string Prefix, string Zone)[] Rows =
    [
        // Russia (+7): landline area codes.
        (7, "495", "Europe/Moscow"), (7, "499", "Europe/Moscow"), (7, "496", "Europe/Moscow"), (7, "498", "Europe/Moscow"),
        (7, "812", "Europe/Moscow"), (7, "831", "Europe/Moscow"), (7, "843", "Europe/Moscow"), (7, "846", "Europe/Samara"),
        (7, "4012", "Europe/Kaliningrad"), (7, "343", "Asia/Yekaterinburg"), (7, "3812", "Asia/Omsk"),
        (7, "383", "Asia/Novosibirsk"), (7, "391", "Asia/Krasnoyarsk"), (7, "3952", "Asia/Irkutsk"),
        (7, "423", "Asia/Vladivostok"), (7, "4212", "Asia/Vladivostok"),

        // Australia (+61): landline regions (2 NSW/ACT, 3 VIC/TAS, 7 QLD, 8 SA/NT/WA).
        (61, "2", "Australia/Sydney"), (61, "3", "Australia/Melbourne"), (61, "7", "Australia/Brisbane"),
        (61, "88", "Australia/Adelaide"), (61, "889", "Australia/Darwin"), (61, "89", "Australia/Perth"),

        // Brazil (+55): DDD codes, which mobile numbers keep.
        (55, "11", "America/Sao_Paulo"), (55, "12", "America/Sao_Paulo"), (55, "13", "America/Sao_Paulo"), (55, "14", "America/Sao_Paulo"),
        (55, "15", "America/Sao_Paulo"), (55, "16", "America/Sao_Paulo"), (55, "17", "America/Sao_Paulo"), (55, "18", "America/Sao_Paulo"),
        (55, "19", "America/Sao_Paulo"), (55, "21", "America/Sao_Paulo"), (55, "22", "America/Sao_Paulo"), (55, "24", "America/Sao_Paulo"),
        (55, "27", "America/Sao_Paulo"), (55, "28", "America/Sao_Paulo"), (55, "31", "America/Sao_Paulo"), (55, "32", "America/Sao_Paulo"),
        (55, "33", "America/Sao_Paulo"), (55, "34", "America/Sao_Paulo"), (55, "35", "America/Sao_Paulo"), (55, "37", "America/Sao_Paulo"),
        (55, "38", "America/Sao_Paulo"), (55, "41", "America/Sao_Paulo"), (55, "42", "America/Sao_Paulo"), (55, "43", "America/Sao_Paulo"),
        (55, "44", "America/Sao_Paulo"), (55, "45", "America/Sao_Paulo"), (55, "46", "America/Sao_Paulo"), (55, "47", "America/Sao_Paulo"),
        (55, "48", "America/Sao_Paulo"), (55, "49", "America/Sao_Paulo"), (55, "51", "America/Sao_Paulo"), (55, "53", "America/Sao_Paulo"),
        (55, "54", "America/Sao_Paulo"), (55, "55", "America/Sao_Paulo"), (55, "61", "America/Sao_Paulo"), (55, "62", "America/Sao_Paulo"),
        (55, "64", "America/Sao_Paulo"), (55, "63", "America/Araguaina"), (55, "65", "America/Cuiaba"), (55, "66", "America/Cuiaba"),
        (55, "67", "America/Campo_Grande"), (55, "68", "America/Rio_Branco"), (55, "69", "America/Porto_Velho"),
        (55, "71", "America/Bahia"), (55, "73", "America/Bahia"), (55, "74", "America/Bahia"), (55, "75", "America/Bahia"),
        (55, "77", "America/Bahia"), (55, "79", "America/Maceio"), (55, "81", "America/Recife"), (55, "82", "America/Maceio"),
        (55, "83", "America/Recife"), (55, "84", "America/Fortaleza"), (55, "85", "America/Fortaleza"), (55, "86", "America/Fortaleza"),
        (55, "87", "America/Recife"), (55, "88", "America/Fortaleza"), (55, "89", "America/Fortaleza"), (55, "91", "America/Belem"),
        (55, "92", "America/Manaus"), (55, "93", "America/Santarem"), (55, "94", "America/Belem"), (55, "95", "America/Boa_Vista"),
        (55, "96", "America/Belem"), (55, "97", "America/Manaus"), (55, "98", "America/Fortaleza"), (55, "99", "America/Fortaleza"),

        // Mexico (+52): ten-digit numbers open with the area code, mobiles included.
        (52, "55", "America/Mexico_City"), (52, "56", "America/Mexico_City"), (52, "33", "America/Mexico_City"),
        (52, "222", "America/Mexico_City"), (52, "442", "America/Mexico_City"), (52, "477", "America/Mexico_City"),
        (52, "81", "America/Monterrey"), (52, "664", "America/Tijuana"), (52, "686", "America/Tijuana"),
        (52, "656", "America/Ciudad_Juarez"), (52, "614", "America/Chihuahua"), (52, "662", "America/Hermosillo"),
        (52, "667", "America/Mazatlan"), (52, "669", "America/Mazatlan"), (52, "612", "America/Mazatlan"),
        (52, "998", "America/Cancun"), (52, "999", "America/Merida"),

        // Indonesia (+62): landline areas.
        (62, "21", "Asia/Jakarta"), (62, "22", "Asia/Jakarta"), (62, "24", "Asia/Jakarta"), (62, "31", "Asia/Jakarta"),
        (62, "61", "Asia/Jakarta"), (62, "361", "Asia/Makassar"), (62, "411", "Asia/Makassar"),
    ];

    /// <summary>Every zone named by the table, for validation.</summary>
    public static IEnumerable<string> Zones => Rows.Select(r => r.Zone).Distinct(StringComparer.Ordinal);

    public static string? Find(PhoneNumber number)
    {
        string? zone = null;
        var longest = 0;
        foreach (var (code, prefix, candidate) in Rows)
        {
            if (code == number.CountryCallingCode && prefix.Length > longest
                && number.NationalSignificantNumber.StartsWith(prefix, StringComparison.Ordinal))
            {
                zone = candidate;
                longest = prefix.Length;
            }
        }

        return zone;
    }
}
