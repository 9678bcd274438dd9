namespace AiScheduler.Functions.Providers.Telephony;

/// <summary>
/// A telephony callback in our own terms (vendor wire types stay in the adapter). Every event names its call
/// connection, carries the operation context given to the operation that caused it, and has a unique id: the same
/// event may be delivered more than once and out of order.
/// </summary>
public abstract record CallEvent
{
    public required string EventId { get; init; }

    public required DateTimeOffset Time { get; init; }

    public required string CallConnectionId { get; init; }

    public string? ServerCallId { get; init; }

    public string? CorrelationId { get; init; }

    public string? OperationContext { get; init; }

    public CallResult? Result { get; init; }
}

/// <summary>The service's result code, sub-code (e.g. 8510) and message; SIP code when the network gave one.</summary>
public sealed record CallResult(int Code, int SubCode, string? Message, int? SipCode = null);

public sealed record CallConnected : CallEvent;

public sealed record CallDisconnected : CallEvent;

public enum CallFailureReason
{
    NoAnswer,
    Busy,
    Rejected,
    Failed,
}

/// <summary>The outbound call never connected; <see cref="Reason"/> says why in retry-policy terms.</summary>
public sealed record CreateCallFailed : CallEvent
{
    public CallFailureReason Reason => (Result?.SipCode ?? Result?.Code) switch
    {
        486 or 600 => CallFailureReason.Busy,
        408 or 480 or 487 => CallFailureReason.NoAnswer,
        603 or 403 => CallFailureReason.Rejected,
        _ => CallFailureReason.Failed,
    };
}

public sealed record AnswerFailed : CallEvent;

public sealed record PlayStarted : CallEvent;

public sealed record PlayCompleted : CallEvent;

public sealed record PlayFailed : CallEvent
{
    public int? FailedPlaySourceIndex { get; init; }
}

public sealed record PlayCanceled : CallEvent;

public enum RecognitionKind
{
    Speech,
    Dtmf,
    Choices,
}

public sealed record RecognizeCompleted : CallEvent
{
    public required RecognitionKind Kind { get; init; }

    /// <summary>What the participant said (speech), or the recognized phrase (choices).</summary>
    public string? Speech { get; init; }

    public double? Confidence { get; init; }

    /// <summary>Tone names as ACS spells them ("one", "pound").</summary>
    public IReadOnlyList<string> Tones { get; init; } = [];

    public string? ChoiceLabel { get; init; }
}

public enum RecognizeFailure
{
    InitialSilence,
    InterDigitTimeout,
    SpeechNotRecognized,
    SpeechTimeout,
    NoMatchingChoice,
    PromptFailed,
    IncorrectTone,
    Other,
}

public sealed record RecognizeFailed : CallEvent
{
    public int? FailedPlaySourceIndex { get; init; }

    /// <summary>The service's reason code (the result sub-code, e.g. 8510 initial silence).</summary>
    public int ReasonCode => Result?.SubCode ?? 0;

    public RecognizeFailure Reason => ReasonCode switch
    {
        8510 => RecognizeFailure.InitialSilence,
        8532 => RecognizeFailure.InterDigitTimeout,
        8563 => RecognizeFailure.SpeechNotRecognized,
        8570 => RecognizeFailure.SpeechTimeout,
        8547 => RecognizeFailure.NoMatchingChoice,
        8511 => RecognizeFailure.PromptFailed,
        8534 => RecognizeFailure.IncorrectTone,
        _ => RecognizeFailure.Other,
    };
}

public sealed record RecognizeCanceled : CallEvent;

/// <summary>A key the participant pressed while continuous DTMF recognition runs (ContinuousDtmfRecognitionToneReceived).</summary>
public sealed record DtmfToneReceived : CallEvent
{
    /// <summary>The tone as ACS names it ("nine", "pound", "asterisk").</summary>
    public required string Tone { get; init; }

    public int? SequenceId { get; init; }

    /// <summary>The key as a keypad character ('9', '#', '*'), or null for a tone no keypad key makes (a-d).</summary>
    public char? Key => Tone.ToLowerInvariant() switch
    {
        "zero" or "0" => '0', "one" or "1" => '1', "two" or "2" => '2', "three" or "3" => '3', "four" or "4" => '4',
        "five" or "5" => '5', "six" or "6" => '6', "seven" or "7" => '7', "eight" or "8" => '8', "nine" or "9" => '9',
        "pound" or "#" => '#', "asterisk" or "star" or "*" => '*',
        _ => null,
    };
}

public sealed record RecordingStateChanged : CallEvent
{
    public required string RecordingId { get; init; }

    public required bool IsActive { get; init; }

    public DateTimeOffset? StartedAt { get; init; }
}

/// <summary>An event type this adapter does not map (e.g. ParticipantsUpdated); kept so nothing is silently lost.</summary>
public sealed record OtherCallEvent : CallEvent
{
    public required string Type { get; init; }
}
