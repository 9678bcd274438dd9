namespace AiScheduler.Functions.Tests.Calls;

/// <summary>A clock the test sets; timestamps still advance for latency measurements.</summary>
internal sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset now = start;

    public override DateTimeOffset GetUtcNow() => now;

    public void Advance(TimeSpan by) => now += by;
}
