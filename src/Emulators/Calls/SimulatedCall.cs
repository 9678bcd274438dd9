using System.Text.Json.Nodes;
using AiScheduler.Emulators.Callees;

namespace AiScheduler.Emulators.Calls;

public enum CallDirection
{
    Outbound,
    Inbound,
}

/// <summary>Who said a transcript line.</summary>
public enum Speaker
{
    Agent,
    Callee,
    System,
}

public sealed record TranscriptLine(Speaker Speaker, string Text, DateTimeOffset At);

/// <summary>One simulated call leg between the app (the "agent") and a persona. Mutated under <see cref="Gate"/>.</summary>
public sealed class SimulatedCall
{
    private readonly List<TranscriptLine> transcript = [];

    internal SimulatedCall(
        string callConnectionId,
        CallDirection direction,
        string calleeNumber,
        string? callerNumber,
        Persona persona,
        DateTimeOffset createdAt)
    {
        CallConnectionId = callConnectionId;
        ServerCallId = Convert.ToBase64String(Guid.NewGuid().ToByteArray()).TrimEnd('=').Replace('/', '_').Replace('+', '-');
        CorrelationId = Guid.NewGuid().ToString();
        Direction = direction;
        CalleeNumber = calleeNumber;
        CallerNumber = callerNumber;
        Script = new PersonaScript(persona);
        CreatedAt = createdAt;
    }

    internal object Gate { get; } = new();

    public string CallConnectionId { get; }

    public string ServerCallId { get; }

    public string CorrelationId { get; }

    public CallDirection Direction { get; }

    /// <summary>The persona's number: the target of an outbound call, the caller of an inbound one.</summary>
    public string CalleeNumber { get; }

    /// <summary>The app's number: the caller id of an outbound call, the dialled number of an inbound one.</summary>
    public string? CallerNumber { get; }

    public Persona Persona => Script.Persona;

    internal PersonaScript Script { get; }

    public string State { get; internal set; } = "connecting";

    public Uri? CallbackUri { get; internal set; }

    public string? OperationContext { get; internal set; }

    public string? CognitiveServicesEndpoint { get; internal set; }

    public string? SourceDisplayName { get; internal set; }

    public string? IncomingCallContext { get; internal set; }

    public DateTimeOffset CreatedAt { get; }

    public DateTimeOffset? ConnectedAt { get; internal set; }

    public DateTimeOffset? EndedAt { get; internal set; }

    /// <summary>Why the call ended, in words (shown on the emulator page).</summary>
    public string? EndReason { get; internal set; }

    public string? ActiveRecordingId { get; internal set; }

    /// <summary>How many recordings the app started on this call, and when the last one started.</summary>
    public int RecordingsStarted { get; internal set; }

    public DateTimeOffset? LastRecordingStartedAt { get; internal set; }

    /// <summary>Keys pressed are reported one by one (ContinuousDtmfRecognitionToneReceived) once the app asked for it.</summary>
    internal string? ContinuousDtmfContext { get; set; }

    internal bool ContinuousDtmf { get; set; }

    internal int DtmfSequence { get; set; }

    internal CallbackOutbox? Outbox { get; set; }

    internal MediaLane Media { get; } = new();

    /// <summary>Cancelled when the call ends: stops ringing and media timers.</summary>
    internal CancellationTokenSource Lifetime { get; } = new();

    /// <summary>What the agent said since the callee last spoke; persona reply guards match against it.</summary>
    internal List<string> AgentSaidSinceCallee { get; } = [];

    public bool IsActive => State is not "disconnected";

    public IReadOnlyList<TranscriptLine> Transcript
    {
        get
        {
            lock (Gate)
            {
                return transcript.ToList();
            }
        }
    }

    internal int TranscriptCount
    {
        get
        {
            lock (Gate)
            {
                return transcript.Count;
            }
        }
    }

    internal void Say(Speaker speaker, string text, DateTimeOffset at)
    {
        lock (Gate)
        {
            transcript.Add(new TranscriptLine(speaker, text, at));
            if (speaker == Speaker.Agent)
            {
                AgentSaidSinceCallee.Add(text);
            }
            else if (speaker == Speaker.Callee)
            {
                AgentSaidSinceCallee.Clear();
            }
        }
    }

    internal string AgentLastSaid()
    {
        lock (Gate)
        {
            return string.Join(" ", AgentSaidSinceCallee);
        }
    }

    internal JsonObject ToProperties()
    {
        var calleeIdentifier = Identifiers.Phone(CalleeNumber);
        var properties = new JsonObject
        {
            ["callConnectionId"] = CallConnectionId,
            ["serverCallId"] = ServerCallId,
            ["correlationId"] = CorrelationId,
            ["callConnectionState"] = State,
            ["callbackUri"] = CallbackUri?.ToString(),
            ["targets"] = new JsonArray(calleeIdentifier),
            ["source"] = CallerNumber is null ? null : Identifiers.Phone(CallerNumber),
            ["sourceCallerIdNumber"] = CallerNumber is null ? null : new JsonObject { ["value"] = CallerNumber },
            ["sourceDisplayName"] = SourceDisplayName,
        };
        return properties;
    }
}

/// <summary>CommunicationIdentifierModel JSON, as ACS returns it (kind and rawId always present).</summary>
internal static class Identifiers
{
    public static JsonObject Phone(string number) => new()
    {
        ["kind"] = "phoneNumber",
        ["rawId"] = "4:" + number,
        ["phoneNumber"] = new JsonObject { ["value"] = number },
    };

    /// <summary>The phone number of an identifier in a request, or null when it is not a phone number.</summary>
    public static string? PhoneNumberOf(JsonNode? identifier)
    {
        var value = identifier?["phoneNumber"]?["value"]?.GetValue<string>();
        if (value is not null)
        {
            return value;
        }

        var rawId = identifier?["rawId"]?.GetValue<string>();
        return rawId is not null && rawId.StartsWith("4:", StringComparison.Ordinal) ? rawId[2..] : null;
    }
}
