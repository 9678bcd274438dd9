namespace AiScheduler.Functions.Providers.Llm;

/// <summary>
/// The few lines the LLM brain must be able to say without the model: the holding phrase while a slow or failing model
/// is retried, and the graceful goodbye when it fails again. One row per supported language; add a row to add one.
/// </summary>
internal sealed record LlmPhrases(string LanguageName, string Holding, string GracefulEnd, string GracefulEndBooked,
    string GoodbyeOnly, string NoResponse)
{
    private static readonly Dictionary<string, LlmPhrases> ByLanguage = new(StringComparer.OrdinalIgnoreCase)
    {
        ["en"] = new("English",
            "One moment please.",
            "I'm sorry, I'm having technical trouble. We will call you back at a better time. Goodbye!",
            "I'm sorry, I'm having technical trouble, but your meeting is booked and the invitation is on its way. Goodbye!",
            "Goodbye, and sorry for the trouble.",
            "I can't hear you, so I will call back another time. Goodbye!"),
        ["he"] = new("Hebrew",
            "רק רגע בבקשה.",
            "אני מצטערת, יש לי תקלה טכנית. נחזור אליך בזמן נוח יותר. להתראות!",
            "אני מצטערת, יש לי תקלה טכנית, אבל הפגישה נקבעה וההזמנה בדרך אליך. להתראות!",
            "להתראות, וסליחה על התקלה.",
            "אני לא שומעת אותך, אז אתקשר שוב בפעם אחרת. להתראות!"),
        ["fr"] = new("French",
            "Un instant, s'il vous plaît.",
            "Je suis désolée, je rencontre un problème technique. Nous vous rappellerons à un meilleur moment. Au revoir !",
            "Je suis désolée, je rencontre un problème technique, mais votre rendez-vous est confirmé et l'invitation est en route. Au revoir !",
            "Au revoir, et désolée pour ce désagrément.",
            "Je ne vous entends pas, je vous rappellerai une autre fois. Au revoir !"),
        ["de"] = new("German",
            "Einen Moment bitte.",
            "Entschuldigung, ich habe ein technisches Problem. Wir rufen Sie zu einem besseren Zeitpunkt zurück. Auf Wiederhören!",
            "Entschuldigung, ich habe ein technisches Problem, aber Ihr Termin ist gebucht und die Einladung ist unterwegs. Auf Wiederhören!",
            "Auf Wiederhören, und entschuldigen Sie die Störung.",
            "Ich kann Sie leider nicht hören, ich rufe ein anderes Mal zurück. Auf Wiederhören!"),
        ["es"] = new("Spanish",
            "Un momento, por favor.",
            "Lo siento, tengo un problema técnico. Le volveremos a llamar en un mejor momento. ¡Adiós!",
            "Lo siento, tengo un problema técnico, pero su reunión está reservada y la invitación va en camino. ¡Adiós!",
            "Adiós, y disculpe las molestias.",
            "No le oigo, así que le llamaré en otro momento. ¡Adiós!"),
    };

    /// <summary>The phrases for a BCP-47 tag, by its primary language; English when the language is not supported.</summary>
    public static LlmPhrases For(string languageTag)
    {
        var primary = languageTag.Split('-', 2)[0];
        return ByLanguage.TryGetValue(primary, out var phrases) ? phrases : ByLanguage["en"];
    }

    public static bool IsSupported(string? languageTag) =>
        languageTag is not null && ByLanguage.ContainsKey(languageTag.Split('-', 2)[0]);
}
