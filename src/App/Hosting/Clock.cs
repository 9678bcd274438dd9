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

/// <summary>
/// The real time other parties check our signatures against, and we check theirs against: Azure Storage a SAS link's
/// start and expiry, ACS (and the emulator) an HMAC request's <c>x-ms-date</c>, Google a service-account assertion's
/// iat/exp, and we an ACS callback token's nbf/exp (stamped by its issuer on its own clock). It is a keyed
/// <see cref="TimeProvider"/> (<see cref="Key"/>), the system clock unless a host registers another: it stays on real
/// time when the app's clock is anchored (<c>Clock:StartAt</c>, <c>demo --at</c>), so a signature made at "March 2026"
/// is not refused by a party living in the present. Business time (slots, calling hours, timers, record timestamps)
/// stays on the app's <see cref="TimeProvider"/>. Types that sign or check take a plain <see cref="TimeProvider"/>
/// (unit tests hand them a manual clock); only the wiring picks this one, with
/// <c>[FromKeyedServices(SigningClock.Key)]</c> or <see cref="Resolve"/>.
/// </summary>
public static class SigningClock
{
    /// <summary>The service key of the signing clock.</summary>
    public const string Key = "AiScheduler.SigningClock";

    /// <summary>The registered signing clock; the system clock when none is.</summary>
    public static TimeProvider Resolve(IServiceProvider services) =>
        services.GetKeyedService<TimeProvider>(Key) ?? TimeProvider.System;

    /// <summary>Registers the system clock as the signing clock unless one is registered already (a test's).</summary>
    public static IServiceCollection TryAddSigningClock(this IServiceCollection services)
    {
        services.TryAddKeyedSingleton(Key, TimeProvider.System);
        return services;
    }
}

public static class ClockServiceCollectionExtensions
{
    /// <summary>
    /// The app's one <see cref="TimeProvider"/>: every clock read outside orchestrations goes through it (orchestrations
    /// read the context's replay-safe time, which the durable engine takes from it too). A clock registered before this
    /// call (a test's frozen or anchored clock) is kept. Also registers the <see cref="SigningClock"/>.
    /// </summary>
    public static IServiceCollection AddClock(this IServiceCollection services)
    {
        services.AddOptions<ClockOptions>().BindConfiguration(ClockOptions.Section);
        services.TryAddSingleton<TimeProvider>(sp => sp.GetRequiredService<IOptions<ClockOptions>>().Value.StartAt is { } startAt
            ? new AnchoredTimeProvider(startAt)
            : TimeProvider.System);
        // Signatures other parties check stay on real time whatever the app's clock reads.
        services.TryAddSigningClock();
        return services;
    }
}
