using AiScheduler.Emulators.Tests.Support;

namespace AiScheduler.Emulators.Tests;

/// <summary>
/// The emulator checks a request's x-ms-date against its signing clock (<see cref="EmulatorOptions.SigningClock"/>,
/// real time unless set), as ACS checks it against its own, whatever clock its simulation runs on. Here the signing
/// clock is frozen years away from the machine's, so the outcome is the same on any day.
/// </summary>
public sealed class SigningClockTests
{
    private static readonly DateTimeOffset SigningNow = new(2031, 1, 6, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_request_dated_by_the_signing_clock_is_accepted_whatever_the_machine_clock_reads()
    {
        await using var emulator = await Emulator.StartAsync(o => o.SigningClock = new FrozenClock(SigningNow));
        emulator.Client.DateClock = new FrozenClock(SigningNow.AddMinutes(14));

        var callId = await emulator.Client.CreateCallAsync("+14255550123", emulator.Sink.Callbacks());

        Assert.False(string.IsNullOrEmpty(callId));
        Assert.Equal(0, emulator.Host.Counters.RejectedSignatures);
    }

    [Theory]
    [InlineData(16)]
    [InlineData(-16)]
    public async Task A_request_dated_more_than_15_minutes_from_the_signing_clock_is_refused(int minutes)
    {
        await using var emulator = await Emulator.StartAsync(o => o.SigningClock = new FrozenClock(SigningNow));
        emulator.Client.DateClock = new FrozenClock(SigningNow.AddMinutes(minutes));

        var (status, body) = await emulator.Client.SendAsync(HttpMethod.Get, "/calling/callConnections/x?" + SignedAcsClient.ApiVersion);

        Assert.Equal(401, status);
        Assert.Contains("more than 15 minutes away", body!["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(1, emulator.Host.Counters.RejectedSignatures);
    }

    /// <summary>A clock that always reads one instant.</summary>
    private sealed class FrozenClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
