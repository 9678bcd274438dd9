using AiScheduler.Domain.Conversation.Languages;

namespace AiScheduler.Domain.Conversation;

/// <summary>
/// The first seconds of every call and the caller's right to stop it, in front of either brain:
/// <list type="bullet">
/// <item>an opt-out (the keypad digit, or "stop calling me" in any supported language) ends the call at once with a
/// short confirmation and writes the do-not-call entry with the words as evidence; the brain is never asked, so an LLM
/// never sees or decides it;</item>
/// <item>the first words decide who answered (<see cref="AnsweringMachineDetector"/>): a voicemail gets the message
/// after its greeting (one silent listen first when the greeting may not be over), a screening assistant gets who
/// and why, a person gets the brain;</item>
/// <item>where recording needs consent, the opening asks, and only a clear yes starts the recording.</item>
/// </list>
/// </summary>
public sealed class CompliantAgent(IConversationAgent brain, string optOutDigit) : IConversationAgent
{
    /// <summary>Longest transcript excerpt kept as an opt-out's evidence.</summary>
    public const int EvidenceLength = 600;

    public IConversationAgent Brain { get; } = brain ?? throw new ArgumentNullException(nameof(brain));

    public string OptOutDigit { get; } = optOutDigit is { Length: 1 } && (char.IsAsciiDigit(optOutDigit[0]) || optOutDigit[0] is '*' or '#')
        ? optOutDigit
        : throw new ArgumentException($"The opt-out key must be one keypad key (0-9, * or #), not '{optOutDigit}'.", nameof(optOutDigit));

    public ValueTask<AgentTurn> StartAsync(ConversationState state, IConversationTools tools, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (!state.Context.AskRecordingConsent)
        {
            return Brain.StartAsync(state, tools, cancellationToken);
        }

        var pack = LanguagePacks.For(state.Language);
        return ValueTask.FromResult(Say(state, pack, FirstSecondsPhrases.AskToRecord(pack, state.Context), DialogueStage.AskingRecordingConsent));
    }

    public async ValueTask<AgentTurn> RespondAsync(ConversationState state, CallerInput input, IConversationTools tools, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(tools);
        var pack = LanguagePacks.For(state.Language);
        if (state.Stage == DialogueStage.Ended)
        {
            return await Brain.RespondAsync(state, input, tools, cancellationToken);
        }

        if (OptOutIn(state, input, OptOutDigit) is { } optOut)
        {
            return await OptOutAsync(state, optOut, tools, cancellationToken);
        }

        if (input is CallerInput.Keypad)
        {
            return Say(state, pack, $"{pack.NotHeard()} {LastQuestion(state, pack)}", state.Stage);
        }

        var speech = input as CallerInput.Speech;

        if (state.Stage == DialogueStage.AwaitingBeep)
        {
            // Whatever comes now (silence, the beep, the end of the greeting) follows the greeting: leave the message.
            var heard = speech is { Text: { Length: > 0 } rest } ? Heard(state, rest, pack) : state;
            return LeaveMessage(heard);
        }

        var firstWords = !state.Turns.Any(t => t.Speaker == ConversationTurn.Lead);
        if (firstWords && speech is { Text: { Length: > 0 } first })
        {
            var verdict = AnsweringMachineDetector.Classify(first);
            switch (verdict.By)
            {
                case AnsweredBy.Voicemail:
                    // A greeting that named its tone is over (the recogniser waited for the silence after it); one that
                    // did not may go on after a pause, so listen once more before speaking into the box.
                    var greeting = Heard(state, first, pack);
                    return verdict.ToneNamed
                        ? LeaveMessage(greeting)
                        : Say(greeting, pack, "", DialogueStage.AwaitingBeep);
                case AnsweredBy.CallScreening:
                    var screened = Heard(state, first, pack);
                    var leadPack = LanguagePacks.For(state.Context.Language);
                    return Say(screened, leadPack, FirstSecondsPhrases.ToScreeningAssistant(leadPack, state.Context), DialogueStage.Ended, CallOutcome.CallScreening);
            }
        }

        if (state.Stage == DialogueStage.AskingRecordingConsent)
        {
            return await RecordingAnswerAsync(state, speech, pack, tools, cancellationToken);
        }

        return await Brain.RespondAsync(state, input, tools, cancellationToken);
    }

    /// <summary>
    /// Whether <paramref name="input"/> asks to stop the calls: the opt-out key on the keypad, or "stop calling me" in any
    /// supported language. Any call's brain checks this first (the meeting interview on a call too), so an opt-out never
    /// depends on the brain.
    /// </summary>
    public static OptOutRequest? OptOutIn(ConversationState state, CallerInput input, string optOutDigit)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentException.ThrowIfNullOrEmpty(optOutDigit);
        var pack = LanguagePacks.For(state.Language);
        return input switch
        {
            CallerInput.Keypad keys when keys.Digits.Contains(optOutDigit, StringComparison.Ordinal) =>
                new OptOutRequest(pack, null, $"pressed {optOutDigit} on the keypad"),
            CallerInput.Speech { Text: { Length: > 0 } said } when OptOutDetector.Detect(said, pack) is { } spokenIn =>
                new OptOutRequest(spokenIn, said.Trim(), $"said \"{said.Trim()}\""),
            _ => null,
        };
    }

    /// <summary>
    /// Honours an opt-out: the do-not-call entry is written with the words as evidence (<see cref="IConversationTools.OptOutAsync(string, CancellationToken)"/>),
    /// and the call ends with a short confirmation in the language the lead used (outcome <see cref="CallOutcome.OptedOut"/>).
    /// </summary>
    public static async ValueTask<AgentTurn> OptOutAsync(ConversationState state, OptOutRequest request, IConversationTools tools,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(tools);
        var asked = state.Turns.LastOrDefault(t => t.Speaker == ConversationTurn.Agent)?.Text;
        var evidence = asked is null ? $"The lead {request.What}." : $"Agent: \"{Shorten(asked)}\" The lead {request.What}.";
        await tools.OptOutAsync(evidence.Length > EvidenceLength ? evidence[..EvidenceLength] : evidence, cancellationToken);
        var heard = request.Words is { } words ? Heard(state, words, request.Pack) : state;
        return Say(heard, request.Pack, request.Pack.OptedOut(), DialogueStage.Ended, CallOutcome.OptedOut);
    }

    private async ValueTask<AgentTurn> RecordingAnswerAsync(ConversationState state, CallerInput.Speech? speech, LanguagePack pack, IConversationTools tools, CancellationToken cancellationToken)
    {
        if (speech is not { Text: { Length: > 0 } said })
        {
            // Silence or noise is no consent; ask once more, then go on without recording.
            return state.Reprompts < 1
                ? Say(state with { Reprompts = state.Reprompts + 1 }, pack, $"{pack.NotHeard()} {FirstSecondsPhrases.AskToRecord(pack, state.Context)}",
                    DialogueStage.AskingRecordingConsent)
                : Say(state with { RecordingConsent = false }, pack, FirstSecondsPhrases.AfterRecordingAnswer(pack, state.Context, recording: false), DialogueStage.Pitch);
        }

        var spoken = LanguageDetector.Detect(said, pack);
        var heard = Heard(state with { Language = spoken.SpeakingTag(state.Context.Language) }, said, spoken);
        var intents = spoken.IntentsIn(said);
        var yes = intents.Contains(Intent.Affirm) && !intents.Contains(Intent.Deny) && !intents.Contains(Intent.NotInterested);
        if (intents.Contains(Intent.Hostile) || intents.Contains(Intent.WrongNumber))
        {
            // Not a recording answer but an answer to the call: the brain handles it (without recording). A plain "no
            // thanks" is a no to the recording, not to the call.
            return await Brain.RespondAsync(state with { RecordingConsent = false, Stage = DialogueStage.Pitch }, speech, tools, cancellationToken);
        }

        if (yes)
        {
            await tools.StartRecordingAsync(cancellationToken);
        }

        return Say(heard with { RecordingConsent = yes }, spoken, FirstSecondsPhrases.AfterRecordingAnswer(spoken, state.Context, yes), DialogueStage.Pitch);
    }

    private static AgentTurn LeaveMessage(ConversationState state)
    {
        var leadPack = LanguagePacks.For(state.Context.Language);
        return Say(state, leadPack, leadPack.Voicemail(state.Context), DialogueStage.Ended, CallOutcome.Voicemail);
    }

    private static string LastQuestion(ConversationState state, LanguagePack pack) =>
        state.Turns.LastOrDefault(t => t.Speaker == ConversationTurn.Agent)?.Text ?? pack.PitchQuestion(state.Context);

    private static string Shorten(string text) => text.Length <= 200 ? text : "..." + text[^200..];

    private static ConversationState Heard(ConversationState state, string text, LanguagePack pack) =>
        state with { Turns = [.. state.Turns, new ConversationTurn(ConversationTurn.Lead, text.Trim(), pack.SpeakingTag(state.Context.Language), state.NowUtc)] };

    /// <summary>The agent's line (empty: listen without a prompt), appended to the transcript when it says something.</summary>
    private static AgentTurn Say(ConversationState state, LanguagePack pack, string text, DialogueStage stage, CallOutcome? outcome = null)
    {
        var tag = pack.SpeakingTag(state.Context.Language);
        var next = state with
        {
            Stage = outcome is null ? stage : DialogueStage.Ended,
            Language = tag,
            Outcome = outcome ?? state.Outcome,
            Turns = text.Length == 0 ? state.Turns : [.. state.Turns, new ConversationTurn(ConversationTurn.Agent, text, tag, state.NowUtc)],
        };
        return new AgentTurn(next, text, tag, outcome is not null, outcome);
    }
}

/// <summary>
/// A lead asking to stop the calls: the language it was said in, the words (null for the keypad) and what the lead did,
/// as the do-not-call evidence says it ("pressed 9 on the keypad", "said \"stop calling me\"").
/// </summary>
public sealed record OptOutRequest(LanguagePack Pack, string? Words, string What);
