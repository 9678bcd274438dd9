using AiScheduler.Domain.Conversation.Languages;

namespace AiScheduler.Domain.Conversation;

/// <summary>
/// What the agent says in the first seconds besides the brain's own opening, per language: the recording question of
/// jurisdictions that ask first, the two answers to it, and the reply to a call-screening assistant. Every line starts
/// from the same disclosure sentence as the brain's opening (AI assistant and company in the first sentence).
/// </summary>
public static class FirstSecondsPhrases
{
    private sealed record Lines(string AskToRecord, string Recording, string NotRecording, string TryAgainLater);

    private static readonly Dictionary<string, Lines> ByLanguage = new(StringComparer.Ordinal)
    {
        ["en"] = new("May I record this call?", "Thank you, the call is recorded from now on.", "No problem, this call is not recorded.",
            "We'll try again later. Goodbye."),
        ["he"] = new("האם אפשר להקליט את השיחה?", "תודה, השיחה מוקלטת מעכשיו.", "אין בעיה, השיחה לא מוקלטת.",
            "ננסה שוב מאוחר יותר. להתראות."),
        ["fr"] = new("Puis-je enregistrer cet appel ?", "Merci, l'appel est enregistré à partir de maintenant.", "Pas de problème, cet appel n'est pas enregistré.",
            "Nous rappellerons plus tard. Au revoir."),
        ["de"] = new("Darf ich dieses Gespräch aufzeichnen?", "Danke, das Gespräch wird ab jetzt aufgezeichnet.", "Kein Problem, das Gespräch wird nicht aufgezeichnet.",
            "Wir versuchen es später noch einmal. Auf Wiederhören."),
        ["es"] = new("¿Me permite grabar esta llamada?", "Gracias, la llamada se graba a partir de ahora.", "No hay problema, esta llamada no se graba.",
            "Lo intentaremos más tarde. Adiós."),
    };

    /// <summary>The first sentence of the opening: greeting, the agent's name, that it is an AI assistant, and the company.</summary>
    public static string Disclosure(LanguagePack pack, CallContext context)
    {
        ArgumentNullException.ThrowIfNull(pack);
        ArgumentNullException.ThrowIfNull(context);
        var opening = pack.Opening(context with { RecordingEnabled = false });
        var end = opening.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? opening : opening[..(end + 1)];
    }

    /// <summary>The opening where recording needs consent: the disclosure, then the question, nothing recorded yet.</summary>
    public static string AskToRecord(LanguagePack pack, CallContext context) => $"{Disclosure(pack, context)} {Of(pack).AskToRecord}";

    /// <summary>After the answer to the recording question: what happens to the recording, then the purpose and the pitch question.</summary>
    public static string AfterRecordingAnswer(LanguagePack pack, CallContext context, bool recording)
    {
        ArgumentNullException.ThrowIfNull(pack);
        var lines = Of(pack);
        return $"{(recording ? lines.Recording : lines.NotRecording)} {pack.Purpose(context)} {pack.PitchQuestion(context)}";
    }

    /// <summary>To a call-screening assistant: who calls, for which company and why, and that we will call again.</summary>
    public static string ToScreeningAssistant(LanguagePack pack, CallContext context)
    {
        ArgumentNullException.ThrowIfNull(pack);
        return $"{pack.Identity(context)} {pack.Purpose(context)} {Of(pack).TryAgainLater}";
    }

    private static Lines Of(LanguagePack pack) => ByLanguage[pack.Tag[..2]];
}
