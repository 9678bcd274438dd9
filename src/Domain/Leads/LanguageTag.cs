using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace AiScheduler.Domain.Leads;

/// <summary>
/// A BCP-47 language tag ("he-IL", "fr-CA", "en", "zh-Hant-TW"), checked for shape and written in canonical case
/// (language lower, script title, region upper). Underscores ("he_IL") are accepted because spreadsheets use them.
/// </summary>
public sealed class LanguageTag : IEquatable<LanguageTag>
{
    /// <summary>Languages the agent can hold a conversation in.</summary>
    public static IReadOnlySet<string> SupportedLanguages { get; } = FrozenSet.Create(StringComparer.Ordinal, "en", "he", "fr", "de", "es");

    /// <summary>What the agent speaks when a lead's language is unknown or unsupported.</summary>
    public static LanguageTag Fallback { get; } = new("en-US");

    public LanguageTag(string value)
    {
        var error = Normalise(value, out var language, out var script, out var region, out var canonical);
        if (error is not null)
        {
            throw new FormatException(error);
        }

        Language = language!;
        Script = script;
        Region = region;
        Value = canonical!;
    }

    /// <summary>The canonical tag: "he-IL".</summary>
    public string Value { get; }

    /// <summary>The primary language subtag: "he".</summary>
    public string Language { get; }

    /// <summary>The script subtag when present: "Hant".</summary>
    public string? Script { get; }

    /// <summary>The region subtag when present: "IL" (or a UN M.49 number such as "419").</summary>
    public string? Region { get; }

    /// <summary>True for the languages the agent speaks (en, he, fr, de, es), whatever the region.</summary>
    public bool IsSupported => SupportedLanguages.Contains(Language);

    public static bool TryParse(string? text, [NotNullWhen(true)] out LanguageTag? tag, [NotNullWhen(false)] out string? error)
    {
        tag = null;
        error = Normalise(text, out _, out _, out _, out _);
        if (error is not null)
        {
            return false;
        }

        tag = new LanguageTag(text!);
        return true;
    }

    public static LanguageTag Parse(string text) => new(text);

    /// <summary>The same language with another region: "fr" + "CA" is "fr-CA".</summary>
    public LanguageTag WithRegion(string region) =>
        new(Script is null ? $"{Language}-{region}" : $"{Language}-{Script}-{region}");

    public override string ToString() => Value;

    public bool Equals(LanguageTag? other) => other is not null && string.Equals(Value, other.Value, StringComparison.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as LanguageTag);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    public static bool operator ==(LanguageTag? left, LanguageTag? right) => left is null ? right is null : left.Equals(right);

    public static bool operator !=(LanguageTag? left, LanguageTag? right) => !(left == right);

    // language ["-" script] ["-" region] *("-" variant) *("-" extension) ["-" privateuse], per RFC 5646 section 2.1.
    private static string? Normalise(string? text, out string? language, out string? script, out string? region, out string? canonical)
    {
        language = script = region = canonical = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return "the language is empty: use a BCP-47 tag such as en, he-IL or fr-CA";
        }

        var trimmed = text.Trim();
        var parts = trimmed.Replace('_', '-').Split('-');
        if (parts.Any(p => p.Length == 0 || p.Length > 8 || !p.All(char.IsAsciiLetterOrDigit)))
        {
            return $"'{trimmed}' is not a BCP-47 language tag: use letters and digits separated by '-', e.g. he-IL";
        }

        var first = parts[0];
        if (first.Length is < 2 or > 3 || !first.All(char.IsAsciiLetter))
        {
            return $"'{trimmed}' does not start with a two- or three-letter language code (ISO 639), e.g. en, he, fr";
        }

        // Deprecated ISO 639 codes still produced by Java's Locale and old CRMs ("iw_IL" for Hebrew).
        var primary = first.ToLowerInvariant() switch
        {
            "iw" => "he",
            "in" => "id",
            "ji" => "yi",
            "jw" => "jv",
            "mo" => "ro",
            var other => other,
        };
        var output = new List<string> { primary };
        language = output[0];
        var i = 1;
        if (i < parts.Length && parts[i].Length == 4 && parts[i].All(char.IsAsciiLetter))
        {
            script = char.ToUpperInvariant(parts[i][0]) + parts[i][1..].ToLowerInvariant();
            output.Add(script);
            i++;
        }

        if (i < parts.Length && ((parts[i].Length == 2 && parts[i].All(char.IsAsciiLetter)) || (parts[i].Length == 3 && parts[i].All(char.IsAsciiDigit))))
        {
            region = parts[i].ToUpperInvariant();
            output.Add(region);
            i++;
        }

        for (; i < parts.Length; i++)
        {
            var part = parts[i];
            var isVariant = (part.Length >= 5) || (part.Length == 4 && char.IsAsciiDigit(part[0]));
            var isSingleton = part.Length == 1;
            if (isSingleton)
            {
                // An extension or private-use sequence: everything after it is opaque but must be present.
                if (i == parts.Length - 1)
                {
                    return $"'{trimmed}' ends with the singleton '{part}' but nothing after it";
                }

                output.AddRange(parts[i..].Select(p => p.ToLowerInvariant()));
                break;
            }

            if (!isVariant)
            {
                return $"'{trimmed}' has an unexpected part '{part}': a region is two letters (IL) and comes right after the language";
            }

            output.Add(part.ToLowerInvariant());
        }

        canonical = string.Join('-', output);
        return null;
    }
}
