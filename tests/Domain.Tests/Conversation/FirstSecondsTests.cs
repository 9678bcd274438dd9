using System.Reflection;
using AiScheduler.Domain.Conversation;
using AiScheduler.Domain.Conversation.Languages;

namespace AiScheduler.Domain.Tests.Conversation;

/// <summary>
/// The first seconds of a call in front of either brain (<see cref="CompliantAgent"/>): opt-outs by key or words in every
/// language end the call at once without asking the brain, answering machines and call screens are told apart from
/// people, and recording waits for a yes where consent is asked first.
/// </summary>
public sealed class FirstSecondsTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 13, 0, 0, TimeSpan.Zero);

    public static TheoryData<string, string> OptOuts => new()
    {
        { "en-US", "Stop calling me." }, { "en-US", "Please remove me from your list." }, { "en-US", "Take my number off your list, thanks." },
        { "en-US", "Put me on your do not call list." }, { "en-US", "Don't call me again." }, { "en-US", "No more calls please." },
        { "en-US", "I don't want to be called." }, { "en-US", "Unsubscribe." }, { "en-US", "Never call this number again!" },
        { "he-IL", "תפסיקו להתקשר אליי" }, { "he-IL", "תורידו אותי מהרשימה" }, { "he-IL", "אל תתקשרו אליי יותר" },
        { "he-IL", "אני לא רוצה שתתקשרו אליי" }, { "he-IL", "תמחקו את המספר שלי" }, { "he-IL", "די להתקשר" },
        { "fr-FR", "Ne m'appelez plus." }, { "fr-FR", "Ne m'appelez plus jamais !" }, { "fr-FR", "Retirez-moi de votre liste." },
        { "fr-FR", "Je ne veux plus être appelé." }, { "fr-FR", "Arrêtez de m'appeler." }, { "fr-FR", "Supprimez mon numéro." },
        { "de-DE", "Rufen Sie mich nicht mehr an." }, { "de-DE", "Rufen Sie mich nie wieder an!" }, { "de-DE", "Ich möchte nicht mehr angerufen werden." },
        { "de-DE", "Löschen Sie meine Nummer." }, { "de-DE", "Keine Anrufe mehr, bitte." }, { "de-DE", "Nehmen Sie mich von Ihrer Liste." },
        { "es-ES", "No me llamen más." }, { "es-ES", "No me vuelva a llamar." }, { "es-ES", "Quítenme de su lista." },
        { "es-ES", "Borre mi número." }, { "es-ES", "Dejen de llamarme." }, { "es-ES", "No quiero recibir más llamadas." },
    };

    [Theory]
    [MemberData(nameof(OptOuts))]
    public void A_spoken_opt_out_is_heard_in_every_language(string language, string said)
    {
        var pack = OptOutDetector.Detect(said);

        Assert.NotNull(pack);
        Assert.Equal(LanguagePacks.For(language), pack);
    }

    [Theory]
    [InlineData("Call me later, I'm driving.")]
    [InlineData("I'm not interested, thanks.")]
    [InlineData("Yes, Tuesday at ten works.")]
    [InlineData("Rappelez-moi demain.")]
    [InlineData("Rufen Sie mich morgen um drei an.")]
    [InlineData("Llámeme más tarde.")]
    [InlineData("תתקשרו מחר בשלוש")]
    public void Other_answers_are_not_opt_outs(string said) => Assert.Null(OptOutDetector.Detect(said));

    [Theory]
    [MemberData(nameof(OptOuts))]
    public async Task A_spoken_opt_out_ends_the_call_in_one_turn_with_evidence_and_never_reaches_the_brain(string language, string said)
    {
        var brain = new CountingBrain();
        var agent = new CompliantAgent(brain, "9");
        var tools = Tools();
        var opened = await agent.StartAsync(Begin(language), tools, CancellationToken.None);

        var turn = await agent.RespondAsync(opened.State, new CallerInput.Speech(said, 0.9, null), tools, CancellationToken.None);

        Assert.True(turn.EndCall);
        Assert.Equal(CallOutcome.OptedOut, turn.Outcome);
        Assert.Equal(LanguagePacks.For(language).OptedOut(), turn.Say);
        Assert.Equal(0, brain.Responses);
        var evidence = Assert.Single(tools.OptOutEvidence);
        Assert.Contains(said.Trim(), evidence, StringComparison.Ordinal);
        Assert.Contains(opened.Say[^40..], evidence, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("en-US")]
    [InlineData("he-IL")]
    [InlineData("fr-FR")]
    [InlineData("de-DE")]
    [InlineData("es-ES")]
    public async Task The_opt_out_key_ends_the_call_in_one_turn_and_another_key_does_not(string language)
    {
        var brain = new CountingBrain();
        var agent = new CompliantAgent(brain, "9");
        var tools = Tools();
        var opened = await agent.StartAsync(Begin(language), tools, CancellationToken.None);

        var other = await agent.RespondAsync(opened.State, new CallerInput.Keypad("5"), tools, CancellationToken.None);
        var nine = await agent.RespondAsync(opened.State, new CallerInput.Keypad("9"), tools, CancellationToken.None);

        Assert.False(other.EndCall);
        Assert.True(nine.EndCall);
        Assert.Equal(CallOutcome.OptedOut, nine.Outcome);
        Assert.Equal(LanguagePacks.For(language).OptedOut(), nine.Say);
        Assert.Contains("pressed 9", Assert.Single(tools.OptOutEvidence), StringComparison.Ordinal);
        Assert.Equal(0, brain.Responses);
    }

    [Theory]
    [InlineData("10")]
    [InlineData("x")]
    [InlineData("")]
    public void The_opt_out_key_is_one_keypad_key(string key) =>
        Assert.Throws<ArgumentException>(() => new CompliantAgent(new RuleBasedAgent(), key));

    [Fact]
    public async Task A_greeting_that_names_its_tone_gets_the_message_at_once_after_it()
    {
        var agent = new CompliantAgent(new RuleBasedAgent(), "9");
        var tools = Tools();
        var opened = await agent.StartAsync(Begin("de-DE"), tools, CancellationToken.None);

        var turn = await agent.RespondAsync(opened.State,
            new CallerInput.Speech("Hallo, Sie sind verbunden mit der Mailbox von Felix. Bitte sprechen Sie nach dem Signalton.", 0.9, null), tools, CancellationToken.None);

        Assert.True(turn.EndCall);
        Assert.Equal(CallOutcome.Voicemail, turn.Outcome);
        Assert.Equal(LanguagePacks.German.Voicemail(opened.State.Context), turn.Say);
        Assert.Equal([ConversationTurn.Agent, ConversationTurn.Lead, ConversationTurn.Agent], turn.State.Turns.Select(t => t.Speaker));
    }

    [Fact]
    public async Task A_greeting_without_a_tone_is_listened_to_in_silence_once_before_the_message_is_left()
    {
        var agent = new CompliantAgent(new RuleBasedAgent(), "9");
        var tools = Tools();
        var opened = await agent.StartAsync(Begin("es-ES"), tools, CancellationToken.None);

        var wait = await agent.RespondAsync(opened.State, new CallerInput.Speech("Hola, ha llamado a Elena Ruiz, deje su mensaje.", 0.9, null), tools, CancellationToken.None);
        var message = await agent.RespondAsync(wait.State, new CallerInput.Silence(), tools, CancellationToken.None);

        Assert.False(wait.EndCall);
        Assert.Equal("", wait.Say);
        Assert.Equal(DialogueStage.AwaitingBeep, wait.State.Stage);
        Assert.True(message.EndCall);
        Assert.Equal(CallOutcome.Voicemail, message.Outcome);
        Assert.Equal(LanguagePacks.Spanish.Voicemail(opened.State.Context), message.Say);
    }

    [Theory]
    [InlineData("en-US", "Hi, the person you're calling is using a screening service from Google. Say your name and why you're calling.")]
    [InlineData("he-IL", "שלום, מי מתקשר ולמה?")]
    [InlineData("fr-FR", "Indiquez votre nom et le motif de votre appel.")]
    [InlineData("de-DE", "Guten Tag, wer ruft an und warum?")]
    [InlineData("es-ES", "Hola, ¿quién llama y por qué?")]
    public async Task A_call_screen_hears_who_calls_and_why_and_the_call_ends_as_call_screening(string language, string screen)
    {
        var agent = new CompliantAgent(new CountingBrain(), "9");
        var tools = Tools();
        var opened = await agent.StartAsync(Begin(language), tools, CancellationToken.None);

        var turn = await agent.RespondAsync(opened.State, new CallerInput.Speech(screen, 0.9, null), tools, CancellationToken.None);

        Assert.True(turn.EndCall);
        Assert.Equal(CallOutcome.CallScreening, turn.Outcome);
        Assert.StartsWith(LanguagePacks.For(language).Identity(opened.State.Context), turn.Say, StringComparison.Ordinal);
        Assert.Equal("call-screening", CallOutcome.CallScreening.ToWireName());
    }

    [Theory]
    [InlineData("en-US", "Yes, that's fine.", true)]
    [InlineData("en-US", "No, please don't.", false)]
    [InlineData("de-DE", "Ja, gerne.", true)]
    [InlineData("de-DE", "Nein, lieber nicht.", false)]
    [InlineData("fr-FR", "Oui, d'accord.", true)]
    [InlineData("he-IL", "לא, תודה", false)]
    [InlineData("es-ES", "Sí, claro.", true)]
    public async Task Where_consent_is_asked_first_only_a_yes_starts_the_recording(string language, string answer, bool recorded)
    {
        var agent = new CompliantAgent(new RuleBasedAgent(), "9");
        var tools = Tools();
        var state = Begin(language, askToRecord: true);
        var pack = LanguagePacks.For(language);

        var opened = await agent.StartAsync(state, tools, CancellationToken.None);
        var turn = await agent.RespondAsync(opened.State, new CallerInput.Speech(answer, 0.9, null), tools, CancellationToken.None);

        Assert.Equal(FirstSecondsPhrases.AskToRecord(pack, state.Context), opened.Say);
        Assert.StartsWith(FirstSecondsPhrases.Disclosure(pack, state.Context), opened.Say, StringComparison.Ordinal);
        Assert.Equal(DialogueStage.AskingRecordingConsent, opened.State.Stage);
        Assert.Equal(recorded ? 1 : 0, tools.RecordingsStarted);
        Assert.Equal(recorded, turn.State.RecordingConsent);
        Assert.Equal(FirstSecondsPhrases.AfterRecordingAnswer(pack, state.Context, recorded), turn.Say);
        Assert.Equal(DialogueStage.Pitch, turn.State.Stage);
    }

    [Fact]
    public async Task Without_consent_asked_the_opening_is_the_brains_own()
    {
        var brain = new RuleBasedAgent();
        var state = Begin("fr-FR");

        var guarded = await new CompliantAgent(brain, "9").StartAsync(state, Tools(), CancellationToken.None);
        var plain = await brain.StartAsync(state, Tools(), CancellationToken.None);

        Assert.Equal(plain.Say, guarded.Say);
    }

    public static TheoryData<string> Languages => ["en", "he", "fr", "de", "es"];

    /// <summary>The threshold stated in the README: at least 90 % of each language's labelled greetings classified right.</summary>
    public const double RequiredAccuracy = 0.90;

    [Theory]
    [MemberData(nameof(Languages))]
    public void Answering_machine_detection_is_right_for_at_least_90_percent_of_each_languages_labelled_greetings(string language)
    {
        var greetings = LabelledGreetings().Where(g => g.Language == language).ToList();

        var result = Assert.Single(DetectionAccuracy.Measure(greetings));

        Assert.True(greetings.Count >= 30, $"only {greetings.Count} labelled greetings in {language}");
        Assert.Contains(greetings, g => g.Expected == AnsweredBy.Human);
        Assert.Contains(greetings, g => g.Expected == AnsweredBy.Voicemail);
        Assert.Contains(greetings, g => g.Expected == AnsweredBy.CallScreening);
        Assert.True(result.Accuracy >= RequiredAccuracy,
            $"{language}: {result.Correct}/{result.Greetings} ({result.Accuracy:P1})\n{string.Join('\n', result.Misses)}");
    }

    [Fact]
    public void A_long_greeting_in_one_breath_is_a_machine_and_a_short_hello_a_person()
    {
        const string Monologue = "Hi this is Chris I am travelling this week with little access to my phone for anything urgent please try my colleague Jordan at the office";

        Assert.Equal(AnsweredBy.Voicemail, AnsweringMachineDetector.Classify(Monologue, TimeSpan.FromSeconds(8)).By);
        Assert.Equal(AnsweredBy.Human, AnsweringMachineDetector.Classify("Hello?", TimeSpan.FromSeconds(0.5)).By);
    }

    internal static IReadOnlyList<LabelledGreeting> LabelledGreetings()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("answering-greetings.tsv")
            ?? throw new InvalidOperationException("The labelled greetings (tests/Data/answering-greetings.tsv) are not embedded.");
        using var reader = new StreamReader(stream);
        return LabelledGreeting.ParseTsv(reader.ReadToEnd());
    }

    private static InMemoryCalendar Tools() => new(TimeZoneInfo.Utc, Now);

    private static ConversationState Begin(string language, bool askToRecord = false)
    {
        var context = new CallContext("Dana", "dana@example.com", "Negev Cloud", "Alex", "Northwind", "a short demo of our scheduling service",
            language, "Etc/UTC", Now, RecordingEnabled: false) { AskRecordingConsent = askToRecord };
        return ConversationState.Begin(context, Now);
    }

    /// <summary>A brain that counts what it is asked, and otherwise talks like the rule brain.</summary>
    private sealed class CountingBrain : IConversationAgent
    {
        private readonly RuleBasedAgent inner = new();

        public int Responses { get; private set; }

        public ValueTask<AgentTurn> StartAsync(ConversationState state, IConversationTools tools, CancellationToken cancellationToken) =>
            inner.StartAsync(state, tools, cancellationToken);

        public ValueTask<AgentTurn> RespondAsync(ConversationState state, CallerInput input, IConversationTools tools, CancellationToken cancellationToken)
        {
            Responses++;
            return inner.RespondAsync(state, input, tools, cancellationToken);
        }
    }
}
