namespace AiScheduler.Domain.Campaigns;

/// <summary>What a campaign does with a lead after one call attempt ended: the result of <see cref="RetryPolicy.Decide"/>.</summary>
public abstract record AttemptDecision
{
    private AttemptDecision()
    {
    }

    /// <summary>Call again at <paramref name="AtUtc"/> (inside the calling window) as attempt <paramref name="NextAttempt"/>.</summary>
    public sealed record Retry(DateTimeOffset AtUtc, int NextAttempt) : AttemptDecision;

    /// <summary>The lead asked to be called back; call at <paramref name="AtUtc"/> (clamped into the calling window).</summary>
    public sealed record Callback(DateTimeOffset AtUtc, int NextAttempt) : AttemptDecision;

    /// <summary>No more calls: the lead is settled with <paramref name="Settlement"/>.</summary>
    public sealed record Done(LeadSettlement Settlement) : AttemptDecision;

    /// <summary>The lead opted out: add the number to the do-not-call list and never call it again.</summary>
    public sealed record DoNotCall : AttemptDecision
    {
        public static DoNotCall Instance { get; } = new();
    }
}
