namespace AiScheduler.Domain.Conversation;

/// <summary>Which slots a brain asks for: near <see cref="PreferredStartUtc"/> when the lead named a time, otherwise
/// the earliest from <see cref="NotBeforeUtc"/> on.</summary>
public sealed record SlotQuery
{
    public SlotQuery(DateTimeOffset? PreferredStartUtc, DateTimeOffset? NotBeforeUtc, int Count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Count, 20);
        this.PreferredStartUtc = PreferredStartUtc;
        this.NotBeforeUtc = NotBeforeUtc;
        this.Count = Count;
    }

    public DateTimeOffset? PreferredStartUtc { get; init; }
    public DateTimeOffset? NotBeforeUtc { get; init; }
    public int Count { get; init; }
}

/// <summary>A meeting slot offered to the lead, in UTC.</summary>
public sealed record SlotOffer
{
    public SlotOffer(DateTimeOffset StartUtc, DateTimeOffset EndUtc)
    {
        if (EndUtc <= StartUtc)
        {
            throw new ArgumentException($"A slot must end after it starts (start {StartUtc:O}, end {EndUtc:O}).", nameof(EndUtc));
        }

        this.StartUtc = StartUtc.ToUniversalTime();
        this.EndUtc = EndUtc.ToUniversalTime();
    }

    public DateTimeOffset StartUtc { get; init; }
    public DateTimeOffset EndUtc { get; init; }
}

/// <summary>What <see cref="IConversationTools.BookMeetingAsync"/> answers.</summary>
public abstract record BookingResult
{
    private BookingResult()
    {
    }

    /// <summary>The meeting is on the calendar.</summary>
    public sealed record Booked(string MeetingId, SlotOffer Slot, string? JoinUrl) : BookingResult;

    /// <summary>Another call took the slot first; <see cref="Alternatives"/> are fresh, held offers.</summary>
    public sealed record SlotTaken(IReadOnlyList<SlotOffer> Alternatives) : BookingResult;
}

/// <summary>What the callee did on one recognize.</summary>
public abstract record CallerInput
{
    private CallerInput()
    {
    }

    /// <summary>Recognised speech; <see cref="Language"/> is the recogniser's BCP-47 guess when it has one.</summary>
    public sealed record Speech(string Text, double Confidence, string? Language) : CallerInput;

    /// <summary>The callee said nothing before the recognize timed out.</summary>
    public sealed record Silence : CallerInput;

    /// <summary>The callee spoke but nothing usable was recognised.</summary>
    public sealed record Unintelligible : CallerInput;

    /// <summary>The callee pressed keypad keys (DTMF), as digits ("9").</summary>
    public sealed record Keypad(string Digits) : CallerInput;
}

/// <summary>Everything known about the call that a brain needs. Serialisable with System.Text.Json. Language is the
/// language the call opens in, a BCP-47 tag (e.g. "he-IL"; the lead's own unless the campaign has no text for it),
/// TimeZone the lead's IANA zone (e.g. "Asia/Jerusalem"). <see cref="Purpose"/> is an English noun phrase used only
/// when <see cref="Pitch"/> is not set (hosts without a campaign, sessions stored before pitches existed);
/// <see cref="PitchIn"/> is what the brains speak.</summary>
public sealed record CallContext(string LeadName, string? LeadEmail, string? LeadCompany, string AgentName,
    string CompanyName, string Purpose, string Language, string TimeZone, DateTimeOffset CallStartedUtc,
    bool RecordingEnabled)
{
    /// <summary>The campaign's purpose and pitch per language.</summary>
    public CampaignPitch? Pitch { get; init; }

    /// <summary>The call's jurisdiction records only with consent: the opening asks, and nothing is recorded before a
    /// yes (<see cref="RecordingEnabled"/> is then false: there is nothing to announce yet).</summary>
    public bool AskRecordingConsent { get; init; }

    /// <summary>The purpose and pitch to speak in <paramref name="languageTag"/>.</summary>
    public PitchText PitchIn(string? languageTag)
    {
        if (Pitch is { } pitch)
        {
            return pitch.TextFor(languageTag);
        }

        return string.IsNullOrWhiteSpace(Purpose) || Languages.LanguagePacks.For(languageTag) != Languages.LanguagePacks.English
            ? CampaignPitch.Default.TextFor(languageTag)
            : new PitchText(Purpose.Trim().TrimEnd('.'));
    }
}

/// <summary>One line of the transcript; Speaker is <see cref="Agent"/> or <see cref="Lead"/>.</summary>
public sealed record ConversationTurn(string Speaker, string Text, string Language, DateTimeOffset AtUtc)
{
    public const string Agent = "agent";
    public const string Lead = "lead";
}

/// <summary>
/// The state persisted after every turn (System.Text.Json). <see cref="Stage"/>, <see cref="OfferedSlots"/>,
/// <see cref="Email"/> and <see cref="Reprompts"/> drive the rule brain; <see cref="Turns"/> is the transcript both
/// brains can rebuild from. <see cref="NowUtc"/> is set by the call session before each turn. Language is the one
/// currently spoken (starts as the lead's, changes on a language switch).
/// </summary>
public sealed record ConversationState(CallContext Context, DialogueStage Stage, string Language,
    IReadOnlyList<SlotOffer> OfferedSlots, string? Email, int Reprompts, IReadOnlyList<ConversationTurn> Turns,
    CallOutcome? Outcome, DateTimeOffset? CallbackAtUtc, string? MeetingId, DateTimeOffset NowUtc)
{
    /// <summary>The slot the lead chose, held while the invite address is confirmed.</summary>
    public SlotOffer? ChosenSlot { get; init; }

    /// <summary>The lead's answer to "may I record this call?" (null: not asked).</summary>
    public bool? RecordingConsent { get; init; }

    /// <summary>The state of a call that has just been answered.</summary>
    public static ConversationState Begin(CallContext context, DateTimeOffset nowUtc) =>
        new(context, DialogueStage.Opening, context.Language, [], context.LeadEmail, 0, [], null, null, null, nowUtc);
}

/// <summary>The brain's answer to one turn. Say is what to speak next (the prompt of the next recognize, or the
/// closing line when <see cref="EndCall"/>); Language is its BCP-47 tag (for the voice and the recognizer).</summary>
public sealed record AgentTurn(ConversationState State, string Say, string Language, bool EndCall, CallOutcome? Outcome);
