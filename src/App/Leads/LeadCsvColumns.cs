namespace AiScheduler.Functions.Leads;

/// <summary>
/// Maps a CSV header to lead fields: names match in any case and spacing ("Phone Number", "E-mail", "time_zone"),
/// with common aliases; every other column becomes a custom field under its header text.
/// </summary>
internal sealed class LeadCsvColumns
{
    private static readonly Dictionary<string, string> Aliases = new(StringComparer.Ordinal)
    {
        ["name"] = "name", ["fullname"] = "name", ["contactname"] = "name", ["leadname"] = "name", ["contact"] = "name",
        ["phone"] = "phone", ["phonenumber"] = "phone", ["telephone"] = "phone", ["tel"] = "phone", ["mobile"] = "phone",
        ["mobilephone"] = "phone", ["mobilenumber"] = "phone", ["cell"] = "phone", ["cellphone"] = "phone", ["number"] = "phone",
        ["email"] = "email", ["emailaddress"] = "email", ["mail"] = "email",
        ["company"] = "company", ["companyname"] = "company", ["organization"] = "company", ["organisation"] = "company",
        ["account"] = "company",
        ["language"] = "language", ["lang"] = "language", ["locale"] = "language", ["preferredlanguage"] = "language",
        ["timezone"] = "timezone", ["tz"] = "timezone", ["zone"] = "timezone", ["ianatimezone"] = "timezone",
        ["notes"] = "notes", ["note"] = "notes", ["comments"] = "notes", ["comment"] = "notes",
        ["firstname"] = "firstname", ["givenname"] = "firstname",
        ["lastname"] = "lastname", ["surname"] = "lastname", ["familyname"] = "lastname",
        ["consentsource"] = "consent_source", ["consentat"] = "consent_at", ["consenttext"] = "consent_text", ["consentproof"] = "consent_proof",
        ["consentproofref"] = "consent_proof",
    };

    private readonly Dictionary<string, int> _fields;

    private LeadCsvColumns(Dictionary<string, int> fields, IReadOnlyList<(string Name, int Index)> custom)
    {
        _fields = fields;
        Custom = custom;
    }

    /// <summary>Extra columns, kept as custom fields under their header text.</summary>
    public IReadOnlyList<(string Name, int Index)> Custom { get; }

    public bool HasPhone => _fields.ContainsKey("phone");

    /// <summary>True when the name comes from separate first- and last-name columns.</summary>
    public bool HasNameParts => !_fields.ContainsKey("name") && (_fields.ContainsKey("firstname") || _fields.ContainsKey("lastname"));

    public static LeadCsvColumns From(IReadOnlyList<string> headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var fields = new Dictionary<string, int>(StringComparer.Ordinal);
        var custom = new List<(string Name, int Index)>();
        for (var index = 0; index < headers.Count; index++)
        {
            var header = headers[index].Trim();
            if (header.Length == 0)
            {
                continue;
            }

            // A repeated known column (a second "phone") is kept as a custom field rather than dropped.
            if (!Aliases.TryGetValue(Normalize(header), out var field) || !fields.TryAdd(field, index))
            {
                custom.Add((header, index));
            }
        }

        // First and last name columns stand in for a missing name column; next to a name column they are custom fields.
        if (fields.ContainsKey("name"))
        {
            foreach (var part in new[] { "firstname", "lastname" })
            {
                if (fields.Remove(part, out var index))
                {
                    custom.Add((headers[index].Trim(), index));
                }
            }

            custom.Sort((left, right) => left.Index.CompareTo(right.Index));
        }

        return new LeadCsvColumns(fields, custom);
    }

    public int? IndexOf(string field) => _fields.TryGetValue(field, out var index) ? index : null;

    /// <summary>"Phone Number" → "phonenumber": lower case, letters and digits only.</summary>
    private static string Normalize(string header) =>
        new(header.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());
}
