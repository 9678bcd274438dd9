using System.Diagnostics.CodeAnalysis;

namespace AiScheduler.Domain.Conversation;

/// <summary>How a call ended. Wire names (API, JSON, store) via <see cref="CallOutcomeWire"/>.</summary>
public enum CallOutcome
{
    Booked,
    NotInterested,
    CallbackRequested,
    OptedOut,
    Voicemail,

    /// <summary>A call-screening assistant answered (e.g. Google Call Screen: "who is calling and why?"); the lead was
    /// never reached, so it is retried like a voicemail.</summary>
    CallScreening,
    NoAnswer,
    Busy,
    Failed,
    WrongNumber,
}

/// <summary>The kebab-case wire names of <see cref="CallOutcome"/>: booked, not-interested, callback-requested,
/// opted-out, voicemail, call-screening, no-answer, busy, failed, wrong-number.</summary>
public static class CallOutcomeWire
{
    private static readonly (CallOutcome Outcome, string Name)[] Names =
    [
        (CallOutcome.Booked, "booked"),
        (CallOutcome.NotInterested, "not-interested"),
        (CallOutcome.CallbackRequested, "callback-requested"),
        (CallOutcome.OptedOut, "opted-out"),
        (CallOutcome.Voicemail, "voicemail"),
        (CallOutcome.CallScreening, "call-screening"),
        (CallOutcome.NoAnswer, "no-answer"),
        (CallOutcome.Busy, "busy"),
        (CallOutcome.Failed, "failed"),
        (CallOutcome.WrongNumber, "wrong-number"),
    ];

    public static IReadOnlyList<string> AllNames { get; } = Array.ConvertAll(Names, n => n.Name);

    public static string ToWireName(this CallOutcome outcome)
    {
        foreach (var (candidate, name) in Names)
        {
            if (candidate == outcome)
            {
                return name;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "Unknown call outcome.");
    }

    public static bool TryParse(string? wireName, [NotNullWhen(true)] out CallOutcome? outcome)
    {
        foreach (var (candidate, name) in Names)
        {
            if (string.Equals(name, wireName?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                outcome = candidate;
                return true;
            }
        }

        outcome = null;
        return false;
    }

    public static CallOutcome Parse(string wireName) =>
        TryParse(wireName, out var outcome)
            ? outcome.Value
            : throw new FormatException(
                $"'{wireName}' is not a call outcome; expected one of: {string.Join(", ", AllNames)}.");
}
