using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace AiScheduler.Domain.Campaigns;

/// <summary>Where a lead stands inside one campaign.</summary>
public enum LeadCallState
{
    Pending,
    Calling,
    RetryWait,
    CallbackWait,
    Settled,
}

/// <summary>What can happen to a lead inside a campaign.</summary>
public enum LeadCallAction
{
    /// <summary>Place the next call.</summary>
    Dial,

    /// <summary>The call ended in an outcome that is retried (<see cref="AttemptDecision.Retry"/>).</summary>
    WaitForRetry,

    /// <summary>The lead asked to be called back (<see cref="AttemptDecision.Callback"/>).</summary>
    WaitForCallback,

    /// <summary>No more calls (<see cref="AttemptDecision.Done"/>, <see cref="AttemptDecision.DoNotCall"/>, or the number
    /// turned out to be on the do-not-call list before dialling).</summary>
    Settle,

    /// <summary>The calling rules refuse a waiting lead for now: it waits (a pending lead as a retry) until they allow it,
    /// its attempts unchanged.</summary>
    Defer,
}

/// <summary>
/// The lead-in-campaign lifecycle as data: pending → calling → retry | callback → … → settled. It drives the campaign
/// store's <c>campaign_leads.state</c> (wire names are the stored ones): every move there is one of these.
/// </summary>
public static class LeadCallLifecycle
{
    private static readonly FrozenDictionary<(LeadCallState From, LeadCallAction Action), LeadCallState> Table =
        new Dictionary<(LeadCallState, LeadCallAction), LeadCallState>
        {
            [(LeadCallState.Pending, LeadCallAction.Dial)] = LeadCallState.Calling,
            [(LeadCallState.Pending, LeadCallAction.Settle)] = LeadCallState.Settled,
            [(LeadCallState.Calling, LeadCallAction.WaitForRetry)] = LeadCallState.RetryWait,
            [(LeadCallState.Calling, LeadCallAction.WaitForCallback)] = LeadCallState.CallbackWait,
            [(LeadCallState.Calling, LeadCallAction.Settle)] = LeadCallState.Settled,
            [(LeadCallState.RetryWait, LeadCallAction.Dial)] = LeadCallState.Calling,
            [(LeadCallState.RetryWait, LeadCallAction.Settle)] = LeadCallState.Settled,
            [(LeadCallState.CallbackWait, LeadCallAction.Dial)] = LeadCallState.Calling,
            [(LeadCallState.CallbackWait, LeadCallAction.Settle)] = LeadCallState.Settled,
            [(LeadCallState.Pending, LeadCallAction.Defer)] = LeadCallState.RetryWait,
            [(LeadCallState.RetryWait, LeadCallAction.Defer)] = LeadCallState.RetryWait,
            [(LeadCallState.CallbackWait, LeadCallAction.Defer)] = LeadCallState.CallbackWait,
        }.ToFrozenDictionary();

    private static readonly (LeadCallState State, string Name)[] StateNames =
    [
        (LeadCallState.Pending, "pending"), (LeadCallState.Calling, "calling"), (LeadCallState.RetryWait, "retry"),
        (LeadCallState.CallbackWait, "callback"), (LeadCallState.Settled, "settled"),
    ];

    public static IEnumerable<(LeadCallState From, LeadCallAction Action, LeadCallState To)> AllowedMoves =>
        Table.Select(entry => (entry.Key.From, entry.Key.Action, entry.Value));

    /// <summary>The moves <paramref name="action"/> may make, in state order: the states it applies to and where each goes.
    /// A store turns this into one guarded statement, so a move the table does not allow changes no row.</summary>
    public static IReadOnlyList<(LeadCallState From, LeadCallState To)> MovesFor(LeadCallAction action) =>
        Enum.GetValues<LeadCallState>()
            .Where(from => Table.ContainsKey((from, action)))
            .Select(from => (from, Table[(from, action)]))
            .ToArray();

    /// <summary>The move a decision about a finished call asks for.</summary>
    public static LeadCallAction ActionFor(AttemptDecision decision) => decision switch
    {
        AttemptDecision.Retry => LeadCallAction.WaitForRetry,
        AttemptDecision.Callback => LeadCallAction.WaitForCallback,
        AttemptDecision.Done or AttemptDecision.DoNotCall => LeadCallAction.Settle,
        _ => throw new ArgumentOutOfRangeException(nameof(decision), decision, "Unknown attempt decision."),
    };

    public static Transition<LeadCallState> CanTransition(LeadCallState from, LeadCallAction action)
    {
        if (Table.TryGetValue((from, action), out var to))
        {
            return Transition<LeadCallState>.Allowed(to);
        }

        var reason = (from, action) switch
        {
            (LeadCallState.Settled, _) => "A settled lead is not called again in this campaign.",
            (LeadCallState.Calling, LeadCallAction.Dial) => "The lead is already on a call; wait for it to end.",
            (LeadCallState.Calling, LeadCallAction.Defer) => "The lead is on a call; only a waiting lead is deferred.",
            (_, LeadCallAction.WaitForRetry or LeadCallAction.WaitForCallback) =>
                $"Only a call that just ended can lead to a wait; the lead is {from.ToWireName()}.",
            _ => $"A {from.ToWireName()} lead cannot take '{action}'.",
        };
        return Transition<LeadCallState>.Rejected(from, reason);
    }

    /// <exception cref="InvalidTransitionException">The move is not allowed from <paramref name="from"/>.</exception>
    public static LeadCallState Apply(LeadCallState from, LeadCallAction action)
    {
        var transition = CanTransition(from, action);
        return transition.IsAllowed ? transition.To : throw new InvalidTransitionException(transition.Reason!);
    }

    public static string ToWireName(this LeadCallState state) =>
        Array.Find(StateNames, n => n.State == state).Name
        ?? throw new ArgumentOutOfRangeException(nameof(state), state, "Unknown lead call state.");

    public static bool TryParseState(string? wireName, [NotNullWhen(true)] out LeadCallState? state)
    {
        foreach (var (candidate, name) in StateNames)
        {
            if (string.Equals(name, wireName?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                state = candidate;
                return true;
            }
        }

        state = null;
        return false;
    }
}
