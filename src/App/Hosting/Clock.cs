using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.Hosting;

/// <summary>
/// <c>Clock:StartAt</c>: when set (an ISO 8601 instant), the app runs as if it were that instant when it started,
/// with time moving on at the real rate from there. For demos and tests that must behave the same on any day at any
/// hour (a Friday afternoon, a DST change day); left unset, the app reads the system clock.
/// </summary>
public sealed class ClockOptions
{
    public const string Section = "Clock";

    public DateTimeOffset? StartAt { get; set; }
}

/// <summary>
/// A clock that reads <c>anchor</c> when created and then moves with real elapsed time (the monotonic timestamp of
/// the elapsed clock), so durable timers, ring times and timeouts still elapse while every reading of "now"
/// is the same on any day the process runs.
/// </summary>
public sealed class AnchoredTimeProvider : TimeProvider
{
    private readonly TimeProvider elapsed;
    private readonly long started;

    public AnchoredTimeProvider(DateTimeOffset anchor)
        : this(anchor, TimeProvider.System)
    {
    }

    public AnchoredTimeProvider(DateTimeOffset anchor, TimeProvider elapsed)
    {
        ArgumentNullException.ThrowIfNull(elapsed);
        this.elapsed = elapsed;
        Anchor = anchor.ToUniversalTime();
        started = elapsed.GetTimestamp();
    }

    /// <summary>The instant the clock read when it was created.</summary>
    public DateTimeOffset Anchor { get; }

    public override DateTimeOffset GetUtcNow() => Anchor + elapsed.GetElapsedTime(started);

    public override long GetTimestamp() => elapsed.GetTimestamp();

    public override long TimestampFrequency => elapsed.TimestampFrequency;

    // Local time is never the machine's: a host's answers must not depend on where it runs.
    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;
}

public static class ClockServiceCollectionExtensions
{
    /// <summary>
    /// The app's one <see cref="TimeProvider"/>: every clock read outside orchestrations goes through it (orchestrations
    /// read the context's replay-safe time, which the durable engine takes from it too). A clock registered before this
    /// call (a test's frozen or anchored clock) is kept.
    /// </summary>
    public static IServiceCollection AddClock(this IServiceCollection services)
    {
        services.AddOptions<ClockOptions>().BindConfiguration(ClockOptions.Section);
        services.TryAddSingleton<TimeProvider>(sp => sp.GetRequiredService<IOptions<ClockOptions>>().Value.StartAt is { } startAt
            ? new AnchoredTimeProvider(startAt)
            : TimeProvider.System);
        return services;
    }
}
