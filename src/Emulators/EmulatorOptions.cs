using AiScheduler.Emulators.Callees;

namespace AiScheduler.Emulators;

/// <summary>Settings of one emulator instance (standalone: command-line flags; in-process: set by the host).</summary>
public sealed class EmulatorOptions
{
    /// <summary>Base64 access key; requests must be HMAC-signed with it exactly like ACS requests.</summary>
    public string AccessKey { get; set; } = "";

    /// <summary>Address to listen on; port 0 picks a free one.</summary>
    public Uri Listen { get; set; } = new("http://127.0.0.1:0");

    /// <summary>Folder of persona JSON files (DESIGN.md section 7), read at start.</summary>
    public string? PersonasDirectory { get; set; }

    /// <summary>Personas given in code (tests); added to those loaded from <see cref="PersonasDirectory"/>.</summary>
    public IList<Persona> Personas { get; } = [];

    /// <summary>Who answers numbers no persona claims.</summary>
    public Persona DefaultPersona { get; set; } = Persona.DefaultHuman;

    /// <summary>Where Event Grid events (IncomingCall, RecordingFileStatusUpdated) are posted; none when null.</summary>
    public Uri? EventGridEndpoint { get; set; }

    /// <summary>Folder where finished recordings are written; a temporary folder when null.</summary>
    public string? RecordingsDirectory { get; set; }

    /// <summary>Multiplies every simulated duration (ringing, speaking, silence timeouts); tests use a small value.</summary>
    public double TimeScale { get; set; } = 1;

    /// <summary>How long the callee takes to say something, per character, before scaling.</summary>
    public TimeSpan SpeechTimePerCharacter { get; set; } = TimeSpan.FromMilliseconds(40);

    /// <summary>Accept <c>Authorization: Bearer</c> requests without checking them (an Entra ID client against the emulator).</summary>
    public bool AcceptBearerTokens { get; set; }

    /// <summary>
    /// The real time request signatures are checked against (an HMAC request's <c>x-ms-date</c> must be within 15
    /// minutes of it), as ACS checks them against its own clock: the system clock unless set. The simulation (ringing,
    /// speaking, event and recording times) runs on the host's <see cref="TimeProvider"/> instead, which a demo or a
    /// test may anchor at another instant; the client then still dates its requests by real time.
    /// </summary>
    public TimeProvider SigningClock { get; set; } = TimeProvider.System;

    /// <summary>Use espeak-ng (when installed) to render recordings as speech; otherwise recordings are silent.</summary>
    public bool RenderSpeech { get; set; } = true;

    public EmulatorFaults Faults { get; set; } = new();

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(AccessKey))
        {
            throw new InvalidOperationException("The emulator needs an access key (--access-key BASE64KEY) to verify HMAC signatures.");
        }

        try
        {
            _ = Convert.FromBase64String(AccessKey);
        }
        catch (FormatException e)
        {
            throw new InvalidOperationException("The emulator access key must be base64, like an ACS access key.", e);
        }

        if (TimeScale is < 0 or > 100 || double.IsNaN(TimeScale))
        {
            throw new InvalidOperationException("TimeScale must be between 0 and 100.");
        }

        if (SigningClock is null)
        {
            throw new InvalidOperationException("The emulator needs a signing clock (TimeProvider.System unless a test sets one).");
        }

        Faults.Validate();
    }
}

/// <summary>Faults the emulator injects so clients and callback handlers can be tested against them.</summary>
public sealed class EmulatorFaults
{
    /// <summary>Added to every REST answer.</summary>
    public TimeSpan AddedLatency { get; set; }

    /// <summary>Fraction (0..1) of REST requests answered with 503 and an ACS error body, spread evenly (deterministic).</summary>
    public double ServerErrorRate { get; set; }

    /// <summary>Seconds sent in <c>Retry-After</c> on injected 503s (null: header left out).</summary>
    public int? RetryAfterSeconds { get; set; }

    /// <summary>Every callback is delivered twice with the same event id.</summary>
    public bool DuplicateCallbacks { get; set; }

    /// <summary>Adjacent callbacks of a call are delivered swapped.</summary>
    public bool ReorderCallbacks { get; set; }

    /// <summary>Callback event types (e.g. <c>PlayCompleted</c>) that are never delivered.</summary>
    public ISet<string> DroppedCallbackTypes { get; } = new HashSet<string>(StringComparer.Ordinal);

    internal void Validate()
    {
        if (ServerErrorRate is < 0 or > 1 || double.IsNaN(ServerErrorRate))
        {
            throw new InvalidOperationException("Faults.ServerErrorRate must be between 0 and 1.");
        }
    }
}
