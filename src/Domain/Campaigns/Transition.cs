namespace AiScheduler.Domain.Campaigns;

/// <summary>The answer of a lifecycle table to "may this happen now?": the new state, or why not.</summary>
public readonly record struct Transition<TState>(bool IsAllowed, TState To, string? Reason)
    where TState : struct, Enum
{
    public static Transition<TState> Allowed(TState to) => new(true, to, null);

    public static Transition<TState> Rejected(TState current, string reason) => new(false, current, reason);
}

/// <summary>An illegal lifecycle move, raised by the <c>Apply</c> methods; its message says why and what is allowed.</summary>
public sealed class InvalidTransitionException(string message) : InvalidOperationException(message);
