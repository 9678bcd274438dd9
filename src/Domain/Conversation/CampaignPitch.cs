using AiScheduler.Domain.Conversation.Languages;

namespace AiScheduler.Domain.Conversation;

/// <summary>
/// What the agent says about why it calls, in one language.
/// <see cref="Purpose"/> is a <b>noun phrase</b> without a final full stop ("a short demo of our scheduling service",
/// "une courte démonstration de notre outil", "היכרות קצרה עם השירותים שלנו"); each language slots it into a frame that
/// takes any noun phrase ("I'm calling about …", "L'objet de mon appel : …", "מטרת השיחה: …", "Der Grund meines
/// Anrufs: …", "El motivo de mi llamada: …"), so no preposition, article contraction or case ending is left to guess.
/// <see cref="Pitch"/>, optional, is one or more <b>full sentences</b> said as written after the purpose and before the
/// question whether the lead would meet.
/// </summary>
public sealed record PitchText(string Purpose, string? Pitch = null);

/// <summary>A field of a campaign pitch that cannot be used, and what to do about it.</summary>
public sealed record PitchProblem(string Field, string Reason);

/// <summary>
/// A campaign's purpose and pitch written per language, keyed by primary language subtag ("en", "he", "fr", "de",
/// "es"). A lead whose language the campaign has text for is called in it; any other lead is called in
/// <see cref="FallbackLanguage"/> (never a sentence in one language with words of another). When the caller switches
/// to a language the campaign has no text for, the product's default text of that language (<see cref="Default"/>)
/// is used.
/// </summary>
public sealed record CampaignPitch(IReadOnlyDictionary<string, PitchText> Languages, string FallbackLanguage)
{
    public const int MaxPurposeLength = 150;
    public const int MaxPitchLength = 400;

    /// <summary>The pitch shipped with the product: a neutral purpose in every language the agent speaks, English as
    /// the fallback. Campaigns saved without a pitch (all campaigns made before pitches existed) use it.</summary>
    public static CampaignPitch Default { get; } = new(
        LanguagePacks.All.ToDictionary(pack => Primary(pack.Tag), pack => pack.DefaultPitch, StringComparer.Ordinal), "en");

    /// <summary>The languages a pitch may be written in.</summary>
    public static IReadOnlyList<string> SupportedLanguages { get; } = LanguagePacks.All.Select(pack => Primary(pack.Tag)).ToArray();

    /// <summary>The text to speak in <paramref name="languageTag"/>: the campaign's own, else the product default in
    /// that language, else the campaign's fallback text.</summary>
    public PitchText TextFor(string? languageTag)
    {
        var primary = Primary(languageTag);
        return Find(Languages, primary)
            ?? Find(Default.Languages, primary)
            ?? Find(Languages, Primary(FallbackLanguage))
            ?? Default.Languages["en"];
    }

    /// <summary>The language to open a call to a lead of <paramref name="leadLanguage"/> in: the lead's own when the
    /// campaign has text for it and the agent speaks it, else the fallback language.</summary>
    public string CallLanguage(string leadLanguage)
    {
        var primary = Primary(leadLanguage);
        return Find(Languages, primary) is not null && LanguagePacks.TryFind(primary, out _)
            ? leadLanguage
            : FallbackLanguage;
    }

    /// <summary>Everything wrong with this pitch, each naming its field as the API reads it (<c>pitch.languages.fr.purpose</c>).</summary>
    public IReadOnlyList<PitchProblem> Problems()
    {
        var problems = new List<PitchProblem>();
        if (Languages is null || Languages.Count == 0)
        {
            problems.Add(new PitchProblem("pitch.languages",
                $"is required: give the purpose in at least one language ({string.Join(", ", SupportedLanguages)})."));
            return problems;
        }

        foreach (var (language, text) in Languages)
        {
            var field = $"pitch.languages.{language}";
            if (!SupportedLanguages.Contains(language, StringComparer.Ordinal))
            {
                problems.Add(new PitchProblem(field,
                    $"'{language}' is not a language the agent speaks; use one of {string.Join(", ", SupportedLanguages)} (lower case, no region)."));
                continue;
            }

            if (text is null || string.IsNullOrWhiteSpace(text.Purpose))
            {
                problems.Add(new PitchProblem($"{field}.purpose", "is required: a noun phrase such as \"a short demo of our scheduling service\"."));
            }
            else
            {
                CheckPurpose(text.Purpose, $"{field}.purpose", problems);
            }

            if (text?.Pitch is { } pitch)
            {
                CheckPitch(pitch, $"{field}.pitch", problems);
            }
        }

        if (string.IsNullOrWhiteSpace(FallbackLanguage))
        {
            problems.Add(new PitchProblem("pitch.fallbackLanguage", "is required: the language leads of other languages are called in."));
        }
        else if (!Languages.ContainsKey(FallbackLanguage))
        {
            problems.Add(new PitchProblem("pitch.fallbackLanguage",
                $"'{FallbackLanguage}' has no text in pitch.languages; name one of the languages written there ({string.Join(", ", Languages.Keys)})."));
        }

        return problems;
    }

    private static void CheckPurpose(string purpose, string field, List<PitchProblem> problems)
    {
        var trimmed = purpose.Trim();
        if (trimmed.Length > MaxPurposeLength)
        {
            problems.Add(new PitchProblem(field, $"is {trimmed.Length} characters; keep it to {MaxPurposeLength}, it is spoken in the opening."));
        }

        if (trimmed.IndexOfAny(['\r', '\n']) >= 0)
        {
            problems.Add(new PitchProblem(field, "must be one line."));
        }

        if (trimmed[^1] is '.' or '!' or '?' or '。')
        {
            problems.Add(new PitchProblem(field,
                "is a noun phrase the agent puts into its own sentence; leave out the final punctuation (write a full sentence in 'pitch')."));
        }
    }

    private static void CheckPitch(string pitch, string field, List<PitchProblem> problems)
    {
        var trimmed = pitch.Trim();
        if (trimmed.Length == 0)
        {
            problems.Add(new PitchProblem(field, "is empty; leave it out, or write one or two full sentences."));
            return;
        }

        if (trimmed.Length > MaxPitchLength)
        {
            problems.Add(new PitchProblem(field, $"is {trimmed.Length} characters; keep it to {MaxPitchLength}, it is spoken in the opening."));
        }

        if (trimmed[^1] is not ('.' or '!' or '?'))
        {
            problems.Add(new PitchProblem(field, "is said as written after the purpose; write full sentences ending with '.', '!' or '?'."));
        }
    }

    private static PitchText? Find(IReadOnlyDictionary<string, PitchText>? languages, string primary) =>
        languages is not null && languages.TryGetValue(primary, out var text) && text is not null && !string.IsNullOrWhiteSpace(text.Purpose)
            ? text with { Purpose = text.Purpose.Trim(), Pitch = string.IsNullOrWhiteSpace(text.Pitch) ? null : text.Pitch.Trim() }
            : null;

    private static string Primary(string? languageTag)
    {
        var primary = (languageTag ?? "").Split('-', '_')[0].Trim().ToLowerInvariant();
        return primary == "iw" ? "he" : primary;
    }
}
