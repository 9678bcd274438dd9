namespace AiScheduler.Benchmarks.Personas;

/// <summary>
/// The app's clock during a persona run: it reads a chosen instant when set and then runs on in real time, so every
/// call of a group starts at the library's call instant while timers, timeouts and turn latencies stay real.
/// </summary>
internal sealed class ShiftedClock(DateTimeOffset start) : TimeProvider
{
    private Anchor anchor = new(start.ToUniversalTime(), System.GetTimestamp());

    /// <summary>From now on the clock reads <paramref name="instant"/>, advancing as real time passes.</summary>
    public void Set(DateTimeOffset instant) => Volatile.Write(ref anchor, new Anchor(instant.ToUniversalTime(), System.GetTimestamp()));

    public override DateTimeOffset GetUtcNow()
    {
        var current = Volatile.Read(ref anchor);
        return current.Instant + System.GetElapsedTime(current.Timestamp);
    }

    private sealed record Anchor(DateTimeOffset Instant, long Timestamp);
}
