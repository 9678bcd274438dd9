using AiScheduler.Functions.Hosting;

namespace AiScheduler.Functions.Tests.Infrastructure;

/// <summary>
/// The instants the end-to-end tests run at, whatever the real date: each host gets an <see cref="AnchoredTimeProvider"/>
/// that reads the instant when the host starts and moves on at the real rate, so calls, timers and timeouts progress.
/// </summary>
public static class TestClocks
{
    /// <summary>Monday 2 March 2026, 08:00 UTC: 09:00 in Paris, Berlin and Madrid, 10:00 in Jerusalem, 03:00 in New York.</summary>
    public static readonly DateTimeOffset MondayMorning = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    /// <summary>Friday 6 March 2026, 16:55 in Paris, Berlin and Madrid (UTC+1): the end of the European business week.</summary>
    public static readonly DateTimeOffset FridayAfternoonInEurope = new(2026, 3, 6, 16, 55, 0, TimeSpan.FromHours(1));

    /// <summary>Friday 6 March 2026, 16:55 in New York (UTC-5): the end of the American business week.</summary>
    public static readonly DateTimeOffset FridayAfternoonInNewYork = new(2026, 3, 6, 16, 55, 0, TimeSpan.FromHours(-5));

    /// <summary>Sunday 8 March 2026, 01:30 in New York, half an hour before the clocks jump from 02:00 EST to 03:00 EDT.</summary>
    public static readonly DateTimeOffset UsDaylightSavingChange = new(2026, 3, 8, 1, 30, 0, TimeSpan.FromHours(-5));

    /// <summary>Sunday 29 March 2026, 01:30 in Paris, half an hour before the clocks jump from 02:00 CET to 03:00 CEST.</summary>
    public static readonly DateTimeOffset EuDaylightSavingChange = new(2026, 3, 29, 1, 30, 0, TimeSpan.FromHours(1));

    /// <summary>Friday 13 March 2026, 10:00 in Jerusalem (UTC+2): a weekend day in Israel, a working day in Europe.</summary>
    public static readonly DateTimeOffset FridayInIsrael = new(2026, 3, 13, 10, 0, 0, TimeSpan.FromHours(2));

    /// <summary>The instant the end-to-end hosts start at unless a test names another.</summary>
    public static DateTimeOffset Default => MondayMorning;

    /// <summary>
    /// The clock a host on <paramref name="engine"/> starts with: <see cref="Default"/> on ours. Microsoft's in-memory
    /// engine takes no clock and gives orchestrations the system's time, so the app beside it reads the system clock too
    /// (orchestration and activity time must agree); those conformance tests therefore place everything relative to now.
    /// </summary>
    public static TimeProvider For(DurableEngine engine) =>
        engine == DurableEngine.Microsoft ? TimeProvider.System : StartingAt(Default);

    /// <summary>A clock that reads <paramref name="instant"/> now and moves on at the real rate.</summary>
    public static AnchoredTimeProvider StartingAt(DateTimeOffset instant) => new(instant);
}
