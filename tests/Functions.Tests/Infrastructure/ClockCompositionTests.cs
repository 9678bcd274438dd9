using AiScheduler.Functions.Hosting;

namespace AiScheduler.Functions.Tests.Infrastructure;

/// <summary>The app's one clock: the system's by default, anchored at <c>Clock:StartAt</c> when set, a test's own when it brings one.</summary>
public sealed class ClockCompositionTests
{
    private static readonly DateTimeOffset FridayAfternoonInNewYork = new(2026, 3, 6, 16, 55, 0, TimeSpan.FromHours(-5));

    [Fact]
    public async Task Without_a_start_instant_the_app_reads_the_system_clock()
    {
        await using var app = AppHost.Build([], builder => builder.Configuration.AddInMemoryCollection(Store()));

        Assert.Same(TimeProvider.System, app.Services.GetRequiredService<TimeProvider>());
    }

    [Fact]
    public async Task Clock_StartAt_anchors_the_one_clock_every_component_reads_at_that_instant()
    {
        await using var app = AppHost.Build([], builder => builder.Configuration.AddInMemoryCollection(
            new Dictionary<string, string?>(Store()) { ["Clock:StartAt"] = "2026-03-06T16:55:00-05:00" }));

        var clock = Assert.IsType<AnchoredTimeProvider>(app.Services.GetRequiredService<TimeProvider>());
        Assert.Equal(FridayAfternoonInNewYork, clock.Anchor);
        Assert.Equal(TimeSpan.Zero, clock.Anchor.Offset);
        Assert.Equal(TimeZoneInfo.Utc, clock.LocalTimeZone);
    }

    [Fact]
    public async Task A_clock_registered_by_the_host_builder_wins_over_the_configured_one()
    {
        var mine = new AnchoredTimeProvider(FridayAfternoonInNewYork);
        await using var app = AppHost.Build([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(Store()) { ["Clock:StartAt"] = "2030-01-01T00:00:00Z" });
            builder.Services.AddSingleton<TimeProvider>(mine);
        });

        Assert.Same(mine, app.Services.GetRequiredService<TimeProvider>());
    }

    [Fact]
    public void An_anchored_clock_reads_its_instant_then_moves_on_by_the_elapsed_time_only()
    {
        var elapsed = new SteppedTimestamps();
        var clock = new AnchoredTimeProvider(FridayAfternoonInNewYork, elapsed);

        Assert.Equal(FridayAfternoonInNewYork, clock.GetUtcNow());
        elapsed.Step(TimeSpan.FromMinutes(5) + TimeSpan.FromMilliseconds(250));
        Assert.Equal(new DateTimeOffset(2026, 3, 6, 22, 0, 0, 250, TimeSpan.Zero), clock.GetUtcNow());
        Assert.Equal(TimeSpan.FromMinutes(5) + TimeSpan.FromMilliseconds(250), clock.GetElapsedTime(0));
    }

    private static Dictionary<string, string?> Store() => new(StringComparer.Ordinal)
    {
        ["Store:Provider"] = "sqlite",
        ["Store:ConnectionString"] = $"Data Source={Path.Combine(Path.GetTempPath(), "aischeduler-clock-" + Guid.NewGuid().ToString("N"), "store.db")}",
    };

    /// <summary>A monotonic timestamp the test moves by hand (ticks of 100 ns); its wall clock is never read.</summary>
    private sealed class SteppedTimestamps : TimeProvider
    {
        private long ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => ticks;

        public override DateTimeOffset GetUtcNow() => throw new InvalidOperationException("the anchored clock must not read the wall clock");

        public void Step(TimeSpan by) => ticks += by.Ticks;
    }
}
