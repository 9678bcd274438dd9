using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using AiScheduler.Domain.Phones;

namespace AiScheduler.Domain.Leads;

/// <summary>Where an inferred language came from.</summary>
public enum LanguageSource
{
    /// <summary>The lead's own language field.</summary>
    Declared,

    /// <summary>The default language of the phone number's country (or Quebec for its +1 area codes).</summary>
    Country,

    /// <summary>Nothing was known (an international service number): the fallback language.</summary>
    Fallback,
}

/// <summary>The language to call a lead in.</summary>
/// <param name="Tag">The language the agent will speak: the lead's own when supported, otherwise <see cref="LanguageTag.Fallback"/>.</param>
/// <param name="IsSupported">True when <paramref name="Tag"/> is the lead's own language; false when the agent falls back.</param>
/// <param name="Source">Where the lead's language came from.</param>
/// <param name="Recognised">The lead's language when it is known but not spoken by the agent (it-IT, ru-RU...).</param>
public sealed record InferredLanguage(LanguageTag Tag, bool IsSupported, LanguageSource Source, LanguageTag? Recognised);

/// <summary>
/// Decides the language of a call: the lead's declared language always wins; otherwise the number's country decides
/// (+972 Hebrew, +33 French, Quebec's +1 area codes Canadian French, Geneva's +41 22 Swiss French...). Languages the agent does not speak are kept as
/// <see cref="InferredLanguage.Recognised"/> and the call falls back to English.
/// </summary>
public static class LanguageInference
{
    // Language names people write in a "language" column instead of a code, in English and in the language itself.
    private static readonly FrozenDictionary<string, string> Names = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["english"] = "en", ["hebrew"] = "he", ["עברית"] = "he", ["ivrit"] = "he",
        ["french"] = "fr", ["français"] = "fr", ["francais"] = "fr",
        ["german"] = "de", ["deutsch"] = "de",
        ["spanish"] = "es", ["español"] = "es", ["espanol"] = "es", ["castellano"] = "es",
        ["italian"] = "it", ["italiano"] = "it",
        ["portuguese"] = "pt", ["português"] = "pt", ["portugues"] = "pt",
        ["dutch"] = "nl", ["nederlands"] = "nl",
        ["arabic"] = "ar", ["العربية"] = "ar",
        ["russian"] = "ru", ["русский"] = "ru",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    // Language-region pairs in common use: every territory's default language plus well-known second languages.
    private static readonly FrozenSet<string> Locales = CountryCallingCodes.Territories
        .Select(t => t.Language)
        .OfType<string>()
        .Concat(["es-US", "en-CA", "fr-CH", "it-CH", "de-LU", "de-BE", "nl-BE", "en-IN", "en-PR", "en-IL", "ar-IL", "ru-IL", "en-MT", "en-HK"])
        .ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Infers the language, throwing <see cref="FormatException"/> when the declared value is not a language.</summary>
    public static InferredLanguage Infer(PhoneNumber number, string? declared) =>
        TryInfer(number, declared, out var result, out var error) ? result : throw new FormatException(error);

    /// <summary>
    /// Infers the language; a declared value that is neither a BCP-47 tag nor a known language name is an error
    /// (reported on the lead's row), never silently replaced by the country's language.
    /// </summary>
    public static bool TryInfer(
        PhoneNumber number,
        string? declared,
        [NotNullWhen(true)] out InferredLanguage? result,
        [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(number);
        result = null;
        var country = CountryLanguage(number);
        if (string.IsNullOrWhiteSpace(declared))
        {
            result = country is null
                ? new InferredLanguage(LanguageTag.Fallback, false, LanguageSource.Fallback, null)
                : Decide(country, LanguageSource.Country);
            error = null;
            return true;
        }

        var text = declared.Trim();
        if (!LanguageTag.TryParse(Names.GetValueOrDefault(text, text), out var tag, out error))
        {
            error = $"language: {error} (or a name such as English, Hebrew, French, German, Spanish)";
            return false;
        }

        // A bare "fr" on a Montreal number means Canadian French, a bare "es" on a US number US Spanish: borrow the
        // number's region when that language is spoken there, so voices and date formats match the lead.
        if (tag.Region is null && tag.Script is null && number.Territory.IsGeographic)
        {
            if (country is not null && country.Language == tag.Language && country.Region is not null)
            {
                tag = country;
            }
            else if (Locales.Contains($"{tag.Language}-{number.RegionCode}"))
            {
                tag = tag.WithRegion(number.RegionCode);
            }
        }

        result = Decide(tag, LanguageSource.Declared);
        return true;
    }

    /// <summary>
    /// The default language of the number's country (or of its area in Quebec, Switzerland and Belgium), or null for
    /// international service numbers.
    /// </summary>
    public static LanguageTag? CountryLanguage(PhoneNumber number)
    {
        ArgumentNullException.ThrowIfNull(number);
        if (number.AreaCode is { } areaCode && NorthAmericanNumberingPlan.QuebecAreaCodes.Contains(areaCode))
        {
            return new LanguageTag("fr-CA");
        }

        foreach (var (code, prefix, length, tag) in RegionalLanguages)
        {
            if (number.CountryCallingCode == code && number.NationalSignificantNumber.Length == length
                && number.NationalSignificantNumber.StartsWith(prefix, StringComparison.Ordinal))
            {
                return new LanguageTag(tag);
            }
        }

        return number.Territory.Language is { } language ? new LanguageTag(language) : null;
    }

    // Landline areas of multilingual countries whose language differs from the country default: Romandy and Ticino in
    // Switzerland (default de-CH), Flanders in Belgium (default fr-BE). Mobile numbers carry no area and keep the default.
    private static readonly (int Code, string Prefix, int Length, string Tag)[] RegionalLanguages =
    [
        (41, "21", 9, "fr-CH"), (41, "22", 9, "fr-CH"), (41, "24", 9, "fr-CH"), (41, "26", 9, "fr-CH"), (41, "27", 9, "fr-CH"),
        (41, "32", 9, "fr-CH"), (41, "91", 9, "it-CH"),
        (32, "3", 8, "nl-BE"), (32, "9", 8, "nl-BE"), (32, "11", 8, "nl-BE"), (32, "12", 8, "nl-BE"), (32, "13", 8, "nl-BE"),
        (32, "14", 8, "nl-BE"), (32, "15", 8, "nl-BE"), (32, "16", 8, "nl-BE"), (32, "50", 8, "nl-BE"), (32, "51", 8, "nl-BE"),
        (32, "52", 8, "nl-BE"), (32, "53", 8, "nl-BE"), (32, "54", 8, "nl-BE"), (32, "55", 8, "nl-BE"), (32, "56", 8, "nl-BE"),
        (32, "57", 8, "nl-BE"), (32, "58", 8, "nl-BE"), (32, "59", 8, "nl-BE"), (32, "89", 8, "nl-BE"),
    ];

    private static InferredLanguage Decide(LanguageTag tag, LanguageSource source) =>
        tag.IsSupported
            ? new InferredLanguage(tag, true, source, null)
            : new InferredLanguage(LanguageTag.Fallback, false, source, tag);
}
