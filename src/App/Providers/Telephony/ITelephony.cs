using AiScheduler.Domain.Phones;

namespace AiScheduler.Functions.Providers.Telephony;

/// <summary>
/// The telephony port: call control and in-call media. Results of the asynchronous operations (connected, play
/// completed, speech recognized, ...) arrive later as <see cref="CallEvent"/>s at the callback URI given when the call
/// was placed or answered, and are handed to <see cref="Calls.Callbacks.ICallEventHandler"/>.
/// Implemented for Azure Communication Services (and its emulator); Twilio is the next adapter.
/// </summary>
public interface ITelephony
{
    /// <summary>Dials <see cref="PlaceCall.Target"/>; <see cref="CallConnected"/> or <see cref="CreateCallFailed"/> follows.</summary>
    Task<CallConnection> PlaceCallAsync(PlaceCall request, CancellationToken ct);

    /// <summary>Answers an inbound call announced by an IncomingCall event; <see cref="CallConnected"/> follows.</summary>
    Task<CallConnection> AnswerCallAsync(AnswerCall request, CancellationToken ct);

    /// <summary>Declines an inbound call without answering it.</summary>
    Task RejectCallAsync(string incomingCallContext, CancellationToken ct);

    Task<CallConnection> GetCallAsync(string callConnectionId, CancellationToken ct);

    /// <summary>Speaks to everyone on the call; <see cref="PlayCompleted"/> or <see cref="PlayFailed"/> follows.</summary>
    Task PlayAsync(string callConnectionId, Prompt prompt, string? operationContext, CancellationToken ct);

    /// <summary>Optionally prompts, then listens; <see cref="RecognizeCompleted"/> or <see cref="RecognizeFailed"/> follows.</summary>
    Task RecognizeAsync(string callConnectionId, Recognition request, CancellationToken ct);

    /// <summary>Reports every key <paramref name="participant"/> presses from now on as <see cref="DtmfToneReceived"/>,
    /// alongside any play or recognize, until the call ends.</summary>
    Task StartContinuousDtmfRecognitionAsync(string callConnectionId, PhoneNumber participant, string? operationContext, CancellationToken ct);

    /// <summary>Stops whatever is playing or listening; the cancelled operations report PlayCanceled / RecognizeCanceled.</summary>
    Task CancelMediaAsync(string callConnectionId, CancellationToken ct);

    /// <summary>Leaves the call, or with <paramref name="forEveryone"/> ends it for all participants.</summary>
    Task HangUpAsync(string callConnectionId, bool forEveryone, CancellationToken ct);

    Task<CallRecording> StartRecordingAsync(CallConnection call, Uri? stateCallbackUri, CancellationToken ct);

    Task<CallRecording> GetRecordingAsync(string recordingId, CancellationToken ct);

    /// <summary>Stops recording; the file is announced later (RecordingFileStatusUpdated) with its content location.</summary>
    Task StopRecordingAsync(string recordingId, CancellationToken ct);

    /// <summary>Streams a finished recording from the content location the service announced.</summary>
    Task<Stream> DownloadRecordingAsync(Uri contentLocation, CancellationToken ct);
}

/// <summary>An outbound call. <paramref name="CallbackUri"/> receives the call's events (see CallbackAddresses).</summary>
public sealed record PlaceCall(PhoneNumber Target, Uri CallbackUri, string? OperationContext = null, PhoneNumber? CallerId = null)
{
    /// <summary>
    /// Custom SIP headers sent with the call (ACS <c>customCallingContext.sipHeaders</c>); names start with
    /// <see cref="CustomHeaderPrefix"/>. The app says why it calls in <see cref="PurposeHeader"/>: <c>meeting</c> for the
    /// AI joining a meeting, absent for a scheduling call.
    /// </summary>
    public IReadOnlyDictionary<string, string> SipHeaders { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    public const string CustomHeaderPrefix = "X-MS-Custom-";
    public const string PurposeHeader = "X-MS-Custom-AiScheduler-Purpose";
    public const string MeetingPurpose = "meeting";

    public Uri CallbackUri { get; } = CallbackUri.IsAbsoluteUri ? CallbackUri : throw new ArgumentException("The callback URI must be absolute.", nameof(CallbackUri));
}

public sealed record AnswerCall(string IncomingCallContext, Uri CallbackUri, string? OperationContext = null)
{
    public string IncomingCallContext { get; } = !string.IsNullOrWhiteSpace(IncomingCallContext)
        ? IncomingCallContext
        : throw new ArgumentException("The incoming call context from the IncomingCall event is required.", nameof(IncomingCallContext));

    public Uri CallbackUri { get; } = CallbackUri.IsAbsoluteUri ? CallbackUri : throw new ArgumentException("The callback URI must be absolute.", nameof(CallbackUri));
}

public enum CallConnectionState
{
    Unknown,
    Connecting,
    Connected,
    Transferring,
    TransferAccepted,
    Disconnecting,
    Disconnected,
}

public sealed record CallConnection(string CallConnectionId, string? ServerCallId, string? CorrelationId, CallConnectionState State);

/// <summary>Something to say: plain text in a voice and locale, or SSML.</summary>
public abstract record Prompt
{
    private protected Prompt()
    {
    }
}

/// <summary>Text spoken by neural TTS in <paramref name="Locale"/> (e.g. he-IL) with an optional voice (e.g. he-IL-HilaNeural).</summary>
public sealed record SpokenPrompt(string Text, string Locale, string? VoiceName = null) : Prompt
{
    public string Text { get; } = !string.IsNullOrWhiteSpace(Text) ? Text : throw new ArgumentException("A prompt needs text to speak.", nameof(Text));

    public string Locale { get; } = !string.IsNullOrWhiteSpace(Locale) ? Locale : throw new ArgumentException("A prompt needs a locale such as en-US.", nameof(Locale));
}

public sealed record SsmlPrompt(string Ssml) : Prompt
{
    public string Ssml { get; } = Ssml.Contains("<speak", StringComparison.Ordinal)
        ? Ssml
        : throw new ArgumentException("SSML must be a <speak> document.", nameof(Ssml));
}

/// <summary>What to listen for.</summary>
public abstract record Recognition
{
    private protected Recognition(PhoneNumber participant, Prompt? prompt, TimeSpan initialSilenceTimeout, string? operationContext)
    {
        if (initialSilenceTimeout <= TimeSpan.Zero || initialSilenceTimeout > TimeSpan.FromSeconds(300))
        {
            throw new ArgumentOutOfRangeException(nameof(initialSilenceTimeout), initialSilenceTimeout, "The initial silence timeout must be between 1 and 300 seconds.");
        }

        Participant = participant;
        Prompt = prompt;
        InitialSilenceTimeout = initialSilenceTimeout;
        OperationContext = operationContext;
    }

    /// <summary>Whose voice or keys are recognized (the callee).</summary>
    public PhoneNumber Participant { get; }

    public Prompt? Prompt { get; }

    public TimeSpan InitialSilenceTimeout { get; }

    public string? OperationContext { get; }
}

/// <summary>Speech to text in <see cref="Language"/>, ending after <see cref="EndSilenceTimeout"/> of silence.</summary>
public sealed record SpeechRecognition : Recognition
{
    public SpeechRecognition(PhoneNumber participant, string language, Prompt? prompt = null, TimeSpan? initialSilenceTimeout = null, TimeSpan? endSilenceTimeout = null, string? operationContext = null)
        : base(participant, prompt, initialSilenceTimeout ?? TimeSpan.FromSeconds(8), operationContext)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(language);
        Language = language;
        EndSilenceTimeout = endSilenceTimeout ?? TimeSpan.FromMilliseconds(1000);
        if (EndSilenceTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(endSilenceTimeout), "The end silence timeout must be positive.");
        }
    }

    public string Language { get; }

    public TimeSpan EndSilenceTimeout { get; }
}

/// <summary>Keypad tones: up to <see cref="MaxTones"/>, finishing early on a stop tone (e.g. "pound").</summary>
public sealed record DtmfRecognition : Recognition
{
    public DtmfRecognition(PhoneNumber participant, int maxTones = 1, Prompt? prompt = null, TimeSpan? initialSilenceTimeout = null, TimeSpan? interToneTimeout = null, IReadOnlyList<string>? stopTones = null, string? operationContext = null)
        : base(participant, prompt, initialSilenceTimeout ?? TimeSpan.FromSeconds(8), operationContext)
    {
        if (maxTones is < 1 or > 60)
        {
            throw new ArgumentOutOfRangeException(nameof(maxTones), maxTones, "Between 1 and 60 tones can be collected.");
        }

        MaxTones = maxTones;
        InterToneTimeout = interToneTimeout ?? TimeSpan.FromSeconds(3);
        StopTones = stopTones ?? [];
    }

    public int MaxTones { get; }

    public TimeSpan InterToneTimeout { get; }

    public IReadOnlyList<string> StopTones { get; }
}

public sealed record CallRecording(string RecordingId, bool IsActive);
