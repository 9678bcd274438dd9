using AiScheduler.Domain.Conversation;
using AiScheduler.Domain.Conversation.Languages;

namespace AiScheduler.Domain.Tests.Conversation;

/// <summary>The campaign's purpose and pitch per language: where each language slots them, which language a call opens
/// in, what is said without a pitch, and what a pitch must be to be saved.</summary>
public sealed class CampaignPitchTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 13, 0, 0, TimeSpan.Zero);

    private static readonly CampaignPitch Written = new(new Dictionary<string, PitchText>(StringComparer.Ordinal)
    {
        ["en"] = new("a short demo of our scheduling service", "It books meetings with your leads in their own language."),
        ["he"] = new("הדגמה קצרה של שירות התזמון שלנו", "הוא קובע פגישות עם הלידים שלכם בשפה שלהם."),
        ["fr"] = new("une courte démonstration de notre service de planification", "Il fixe des rendez-vous avec vos prospects dans leur langue."),
        ["de"] = new("eine kurze Vorführung unseres Planungsdienstes", "Er vereinbart Termine mit Ihren Interessenten in deren Sprache."),
        ["es"] = new("una breve demostración de nuestro servicio de agenda", "Concierta reuniones con sus clientes en su propio idioma."),
    }, "en");

    [Theory]
    [InlineData("en-US", "America/New_York",
        "I'm calling about a short demo of our scheduling service. It books meetings with your leads in their own language. Would you")]
    [InlineData("he-IL", "Asia/Jerusalem", "מטרת השיחה: הדגמה קצרה של שירות התזמון שלנו. הוא קובע פגישות עם הלידים שלכם בשפה שלהם. האם")]
    [InlineData("fr-FR", "Europe/Paris",
        "L'objet de mon appel : une courte démonstration de notre service de planification. Il fixe des rendez-vous avec vos prospects dans leur langue. Seriez-vous")]
    [InlineData("de-DE", "Europe/Berlin",
        "Der Grund meines Anrufs: eine kurze Vorführung unseres Planungsdienstes. Er vereinbart Termine mit Ihren Interessenten in deren Sprache. Hätten Sie")]
    [InlineData("es-ES", "Europe/Madrid",
        "El motivo de mi llamada: una breve demostración de nuestro servicio de agenda. Concierta reuniones con sus clientes en su propio idioma. ¿Le interesaría")]
    public async Task The_opening_slots_the_campaigns_purpose_and_pitch_of_the_leads_language_into_its_own_sentence(
        string language, string zone, string expected)
    {
        var turn = await StartAsync(language, zone, Written);

        Assert.Contains(expected, turn.Say, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("en-US", "America/New_York", "I'm calling about a short introduction to our services.")]
    [InlineData("he-IL", "Asia/Jerusalem", "מטרת השיחה: היכרות קצרה עם השירותים שלנו.")]
    [InlineData("fr-FR", "Europe/Paris", "L'objet de mon appel : une courte présentation de nos services.")]
    [InlineData("de-DE", "Europe/Berlin", "Der Grund meines Anrufs: eine kurze Vorstellung unserer Leistungen.")]
    [InlineData("es-ES", "Europe/Madrid", "El motivo de mi llamada: una breve presentación de nuestros servicios.")]
    public async Task A_campaign_without_a_pitch_says_the_products_default_purpose_in_the_leads_language(string language, string zone, string expected)
    {
        var turn = await StartAsync(language, zone, CampaignPitch.Default);

        Assert.Contains(expected, turn.Say, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("he-IL", "Asia/Jerusalem")]
    [InlineData("fr-FR", "Europe/Paris")]
    [InlineData("de-DE", "Europe/Berlin")]
    [InlineData("es-ES", "Europe/Madrid")]
    public async Task A_context_stored_before_pitches_never_puts_the_english_purpose_into_another_language(string language, string zone)
    {
        var context = Context(language, zone, pitch: null) with { Purpose = "to schedule a short introductory meeting" };

        var turn = await new RuleBasedAgent().StartAsync(ConversationState.Begin(context, Now), new InMemoryCalendar(TimeZoneInfo.Utc, Now),
            CancellationToken.None);

        Assert.DoesNotContain("schedule", turn.Say, StringComparison.Ordinal);
        Assert.Contains(LanguagePacks.For(language).DefaultPitch.Purpose, turn.Say, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Asked_what_the_call_is_about_the_agent_answers_with_the_purpose_and_the_pitch()
    {
        var calendar = new InMemoryCalendar(TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris"), Now);
        var agent = new RuleBasedAgent();
        var opening = await agent.StartAsync(ConversationState.Begin(Context("fr-FR", "Europe/Paris", Written), Now), calendar, CancellationToken.None);

        var answer = await agent.RespondAsync(opening.State, new CallerInput.Speech("C'est à quel sujet ?", 0.9, null), calendar, CancellationToken.None);

        Assert.StartsWith("L'objet de mon appel : une courte démonstration de notre service de planification. Il fixe des rendez-vous",
            answer.Say, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("en-US", "America/New_York", "Hello Dana, this is Alex, an AI assistant calling on behalf of Northwind. I'm calling about a short demo")]
    [InlineData("he-IL", "Asia/Jerusalem", "מטרת השיחה: הדגמה קצרה של שירות התזמון שלנו. ננסה")]
    [InlineData("fr-FR", "Europe/Paris", "L'objet de mon appel : une courte démonstration de notre service de planification. Nous essaierons")]
    [InlineData("de-DE", "Europe/Berlin", "Der Grund meines Anrufs: eine kurze Vorführung unseres Planungsdienstes. Wir versuchen")]
    [InlineData("es-ES", "Europe/Madrid", "El motivo de mi llamada: una breve demostración de nuestro servicio de agenda. Volveremos")]
    public void The_voicemail_message_says_the_purpose_in_the_leads_language(string language, string zone, string expected)
    {
        var message = LanguagePacks.For(language).Voicemail(Context(language, zone, Written));

        Assert.Contains(expected, message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("fr-FR", "fr-FR")]
    [InlineData("fr-CA", "fr-CA")]
    [InlineData("de-DE", "he")]
    [InlineData("it-IT", "he")]
    public void A_lead_is_called_in_their_own_language_when_the_campaign_has_text_for_it_and_in_the_fallback_otherwise(
        string leadLanguage, string expected)
    {
        var pitch = new CampaignPitch(new Dictionary<string, PitchText>(StringComparer.Ordinal)
        {
            ["he"] = new("הדגמה קצרה"),
            ["fr"] = new("une courte démonstration"),
        }, "he");

        Assert.Equal(expected, pitch.CallLanguage(leadLanguage));
    }

    [Fact]
    public void A_caller_who_switches_to_a_language_the_campaign_lacks_hears_that_languages_default_purpose()
    {
        var pitch = new CampaignPitch(new Dictionary<string, PitchText>(StringComparer.Ordinal) { ["en"] = new("a short demo") }, "en");

        Assert.Equal(LanguagePacks.German.DefaultPitch, pitch.TextFor("de-AT"));
        Assert.Equal(new PitchText("a short demo"), pitch.TextFor("en-GB"));
    }

    [Fact]
    public void The_products_default_pitch_covers_every_language_and_is_valid()
    {
        Assert.Equal(["en", "he", "fr", "de", "es"], CampaignPitch.Default.Languages.Keys.ToArray());
        Assert.Empty(CampaignPitch.Default.Problems());
        Assert.Empty(Written.Problems());
    }

    [Theory]
    [InlineData("it", "una breve demo", null, "it", "pitch.languages.it")]
    [InlineData("EN", "a short demo", null, "EN", "pitch.languages.EN")]
    [InlineData("fr", "  ", null, "fr", "pitch.languages.fr.purpose")]
    [InlineData("fr", "une courte démonstration.", null, "fr", "pitch.languages.fr.purpose")]
    [InlineData("de", "eine kurze Vorführung", "   ", "de", "pitch.languages.de.pitch")]
    [InlineData("de", "eine kurze Vorführung", "Er vereinbart Termine", "de", "pitch.languages.de.pitch")]
    [InlineData("es", "una breve demostración", null, "en", "pitch.fallbackLanguage")]
    [InlineData("es", "una breve demostración", null, "", "pitch.fallbackLanguage")]
    public void A_pitch_that_cannot_be_said_names_the_field_to_fix(string language, string purpose, string? sentences, string fallback, string field)
    {
        var pitch = new CampaignPitch(new Dictionary<string, PitchText>(StringComparer.Ordinal) { [language] = new(purpose, sentences) }, fallback);

        var problem = Assert.Single(pitch.Problems());

        Assert.Equal(field, problem.Field);
        Assert.False(string.IsNullOrWhiteSpace(problem.Reason));
    }

    [Fact]
    public void A_purpose_or_pitch_too_long_to_speak_is_refused_with_the_limit()
    {
        var pitch = new CampaignPitch(new Dictionary<string, PitchText>(StringComparer.Ordinal)
        {
            ["en"] = new(new string('a', CampaignPitch.MaxPurposeLength + 1), new string('b', CampaignPitch.MaxPitchLength) + "."),
        }, "en");

        var problems = pitch.Problems();

        Assert.Equal(["pitch.languages.en.purpose", "pitch.languages.en.pitch"], problems.Select(p => p.Field).ToArray());
        Assert.Contains("150", problems[0].Reason, StringComparison.Ordinal);
        Assert.Contains("400", problems[1].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pitch_without_languages_is_refused()
    {
        var problem = Assert.Single(new CampaignPitch(new Dictionary<string, PitchText>(), "en").Problems());

        Assert.Equal("pitch.languages", problem.Field);
    }

    private static async Task<AgentTurn> StartAsync(string language, string zone, CampaignPitch pitch) =>
        await new RuleBasedAgent().StartAsync(ConversationState.Begin(Context(language, zone, pitch), Now),
            new InMemoryCalendar(TimeZoneInfo.FindSystemTimeZoneById(zone), Now), CancellationToken.None);

    private static CallContext Context(string language, string zone, CampaignPitch? pitch) =>
        new("Dana", "dana@example.com", "Negev Cloud", "Alex", "Northwind", "", language, zone, Now, RecordingEnabled: true) { Pitch = pitch };
}
