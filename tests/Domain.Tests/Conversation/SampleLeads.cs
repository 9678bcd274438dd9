using System.Text;

namespace AiScheduler.Domain.Tests.Conversation;

/// <summary>A sample lead as the persona tests need it: name, e-mail, language and zone.</summary>
internal sealed record SampleLead(string Name, string? Email, string Company, string Language, string TimeZone);

/// <summary>
/// Reads src/Host/Samples/leads.csv for the persona tests. Language and zone follow the CSV's override columns,
/// else the number's country (for +1, Quebec area codes are French and a few area codes pick their zone). This is a
/// deliberately small stand-in for the product's inference, enough to give each persona's call its lead's language.
/// </summary>
internal static class SampleLeads
{
    private static readonly (string Prefix, string Language, string Zone)[] Countries =
    [
        ("+972", "he-IL", "Asia/Jerusalem"), ("+33", "fr-FR", "Europe/Paris"), ("+49", "de-DE", "Europe/Berlin"),
        ("+34", "es-ES", "Europe/Madrid"), ("+44", "en-GB", "Europe/London"), ("+39", "it-IT", "Europe/Rome"),
        ("+31", "nl-NL", "Europe/Amsterdam"), ("+351", "pt-PT", "Europe/Lisbon"), ("+1", "en-US", "America/New_York"),
    ];

    private static readonly Dictionary<string, string> NorthAmericanZones = new(StringComparer.Ordinal)
    {
        ["312"] = "America/Chicago", ["512"] = "America/Chicago", ["303"] = "America/Denver", ["602"] = "America/Phoenix",
        ["213"] = "America/Los_Angeles", ["206"] = "America/Los_Angeles", ["415"] = "America/Los_Angeles",
        ["907"] = "America/Anchorage", ["808"] = "Pacific/Honolulu", ["416"] = "America/Toronto", ["514"] = "America/Toronto",
    };

    private static readonly string[] QuebecAreaCodes = ["514", "438", "418", "450", "819", "581", "367", "873"];

    public static IReadOnlyDictionary<string, SampleLead> Read(string path)
    {
        var rows = Parse(File.ReadAllText(path));
        var leads = new Dictionary<string, SampleLead>(StringComparer.Ordinal);
        foreach (var row in rows.Skip(1))
        {
            if (row.Count < 8)
            {
                continue;
            }

            // "+44 (0)20 ..." writes the trunk zero that international dialling drops.
            var digits = new string(row[1].Replace("(0)", "", StringComparison.Ordinal).Where(char.IsDigit).ToArray());
            var phone = row[1].TrimStart().StartsWith("00", StringComparison.Ordinal) ? "+" + digits[2..]
                : row[1].TrimStart().StartsWith('+') ? "+" + digits
                : digits.Length == 10 ? "+1" + digits : "";
            var country = Countries.FirstOrDefault(c => phone.StartsWith(c.Prefix, StringComparison.Ordinal));
            if (country.Prefix is null || leads.ContainsKey(phone))
            {
                continue;
            }

            var (language, zone) = (country.Language, country.Zone);
            if (country.Prefix == "+1")
            {
                var area = phone[2..5];
                zone = NorthAmericanZones.GetValueOrDefault(area, zone);
                language = QuebecAreaCodes.Contains(area) ? "fr-CA" : language;
            }

            var declared = row[4].Trim();
            if (declared.Length > 0)
            {
                var primary = declared.Equals("English", StringComparison.OrdinalIgnoreCase) ? "en" : declared.ToLowerInvariant();
                language = primary.Contains('-', StringComparison.Ordinal) ? primary : $"{primary}-{country.Language.Split('-')[1]}";
            }

            zone = row[5].Trim() is { Length: > 0 } declaredZone ? declaredZone : zone;
            leads[phone] = new SampleLead(row[0].Trim(), row[2].Trim() is { Length: > 0 } email ? email : null, row[3].Trim(), language, zone);
        }

        return leads;
    }

    /// <summary>RFC 4180 rows: quoted fields may hold commas, doubled quotes and line breaks.</summary>
    private static List<List<string>> Parse(string text)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                row.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\n')
            {
                row.Add(field.ToString().TrimEnd('\r'));
                field.Clear();
                rows.Add(row);
                row = [];
            }
            else
            {
                field.Append(c);
            }
        }

        if (field.Length > 0 || row.Count > 0)
        {
            row.Add(field.ToString());
            rows.Add(row);
        }

        return rows;
    }
}
