namespace AiScheduler.Functions.Tests.Storage;

/// <summary>A clock that only moves when the test says so (visibility timeouts without sleeping).</summary>
internal sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
