using System.Text.RegularExpressions;

namespace AiScheduler.Emulators.Callees;

/// <summary>How a simulated callee reacts when the phone rings.</summary>
public enum AnswerKind
{
    Human,
    Voicemail,
    NoAnswer,
    Busy,
    Reject,
    Fail,
}

/// <summary>What a callee does when the agent listens and no unused reply matches any more.</summary>
public enum OutOfRepliesBehaviour
{
    Silence,
    Hangup,
}

/// <summary>One line a callee may say, or keys it presses (<c>{"dtmf":"9"}</c>); <see cref="When"/> guards it on what
/// the agent last said (null matches anything).</summary>
public sealed record PersonaReply
{
    public PersonaReply(string say, Regex? when = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(say);
        Say = say;
        When = when;
    }

    private PersonaReply(Regex? when, string dtmf)
    {
        if (string.IsNullOrEmpty(dtmf) || dtmf.Any(c => !char.IsAsciiDigit(c) && c is not ('*' or '#')))
        {
            throw new ArgumentException($"dtmf '{dtmf}' must be keypad keys: digits, * and #.", nameof(dtmf));
        }

        Say = "";
        Dtmf = dtmf;
        When = when;
    }

    /// <summary>A reply that presses keypad keys instead of speaking.</summary>
    public static PersonaReply Press(string dtmf, Regex? when = null) => new(when, dtmf);

    /// <summary>What is said; empty when the reply presses keys.</summary>
    public string Say { get; }

    /// <summary>Keypad keys pressed ("9", "*"), or null for a spoken reply.</summary>
    public string? Dtmf { get; }

    public Regex? When { get; }

    public bool Matches(string agentSaid) => When is null || When.IsMatch(agentSaid);
}

/// <summary>A simulated callee (DESIGN.md section 7). Validated on construction so the engine can trust it.</summary>
public sealed record Persona
{
    public const string DefaultVoicemailGreeting = "Hi, you have reached my voicemail. Please leave a message after the tone.";

    public Persona(
        string id,
        IReadOnlyList<string> phoneNumbers,
        string language,
        AnswerKind answer,
        double ringSeconds,
        IReadOnlyList<PersonaReply> replies,
        OutOfRepliesBehaviour whenOutOfReplies,
        string? voicemailGreeting = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentException.ThrowIfNullOrWhiteSpace(language);
        if (ringSeconds is < 0 or > 600 || double.IsNaN(ringSeconds))
        {
            throw new ArgumentOutOfRangeException(nameof(ringSeconds), ringSeconds, "ringSeconds must be between 0 and 600.");
        }

        foreach (var number in phoneNumbers)
        {
            if (!IsE164(number))
            {
                throw new ArgumentException($"Persona '{id}': phone number '{number}' is not E.164 (+ and 8 to 15 digits).", nameof(phoneNumbers));
            }
        }

        Id = id;
        PhoneNumbers = phoneNumbers;
        Language = language;
        Answer = answer;
        RingSeconds = ringSeconds;
        Replies = replies;
        WhenOutOfReplies = whenOutOfReplies;
        // Persona files may give the greeting as a field or, like the persona library does, as the box's only reply.
        VoicemailGreeting = !string.IsNullOrWhiteSpace(voicemailGreeting) ? voicemailGreeting
            : answer == AnswerKind.Voicemail && replies.Count > 0 ? replies[0].Say
            : DefaultVoicemailGreeting;
    }

    public string Id { get; }

    public IReadOnlyList<string> PhoneNumbers { get; }

    public string Language { get; }

    public AnswerKind Answer { get; init; }

    public double RingSeconds { get; }

    public IReadOnlyList<PersonaReply> Replies { get; }

    public OutOfRepliesBehaviour WhenOutOfReplies { get; }

    /// <summary>
    /// How this callee takes the AI's call for a meeting (a call whose ACS <c>customCallingContext</c> carries the SIP
    /// header <c>X-MS-Custom-AiScheduler-Purpose: meeting</c>): its own answer, replies and out-of-replies behaviour, on the
    /// same numbers and in the same language unless it says otherwise. Null: the callee does not pick up meeting calls.
    /// </summary>
    public Persona? Meeting { get; init; }

    /// <summary>
    /// How many calls to this callee go unanswered before it picks up (<c>missedCalls</c> of a <c>meeting</c> object):
    /// the emulator counts the calls to each persona, so a meeting callee with 1 misses the AI's first call and answers
    /// its retry.
    /// </summary>
    public int MissedCalls { get; init; }

    /// <summary>The persona that answers a meeting call to this callee's number: <see cref="Meeting"/>, else one who never picks up.</summary>
    public Persona ForMeeting() => Meeting ?? new Persona(Id + "/meeting", PhoneNumbers, Language, AnswerKind.NoAnswer, RingSeconds, [], OutOfRepliesBehaviour.Silence);

    /// <summary>What a voicemail box says first (<c>voicemailGreeting</c>, else its first reply, else a default).</summary>
    public string VoicemailGreeting { get; }

    /// <summary>The callee for numbers no persona claims: answers, agrees politely, then stays silent.</summary>
    public static Persona DefaultHuman { get; } = new(
        "default-human",
        [],
        "en-US",
        AnswerKind.Human,
        1,
        [new PersonaReply("Hello, who is calling?"), new PersonaReply("Sure, that sounds interesting.")],
        OutOfRepliesBehaviour.Hangup);

    internal static bool IsE164(string number) =>
        number.Length is >= 9 and <= 16 && number[0] == '+' && number[1] != '0' && number.AsSpan(1).ContainsAnyExcept("0123456789") is false;
}
