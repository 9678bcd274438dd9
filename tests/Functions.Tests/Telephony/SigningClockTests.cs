using AiScheduler.Domain.Phones;
using AiScheduler.Emulators.Callees;
using AiScheduler.Functions.Hosting;
using AiScheduler.Functions.Providers.Telephony;
using AiScheduler.Functions.Tests.Infrastructure;

namespace AiScheduler.Functions.Tests.Telephony;

/// <summary>
/// An app anchored months away from real time (<see cref="TestClocks.Default"/>, as <c>Clock:StartAt</c> and
/// <c>demo --at</c> anchor it) still talks to the emulator, which checks every request's x-ms-date against real time as
/// ACS does: the ACS client dates its requests by the <see cref="SigningClock"/>, while the call itself (the emulator's
/// simulation, the app's business time) runs on the anchored clock.
/// </summary>
public sealed class SigningClockTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_app_anchored_far_from_real_time_dates_its_requests_so_the_emulator_accepts_them(bool inProcessEmulator)
    {
        await using var host = await TelephonyTestHost.StartAsync(personas: [TelephonyTestHost.Persona(AnswerKind.Human)], inProcessEmulator: inProcessEmulator);
        var appClock = host.App.Services.GetRequiredService<TimeProvider>();

        var call = await host.Telephony.PlaceCallAsync(
            new PlaceCall(PhoneNumber.Parse(TelephonyTestHost.Callee), host.Callbacks.ForCall("anchored"), "attempt-1"), Ct);
        var connected = await host.Events.WaitForAsync<CallConnected>();
        var state = await host.Telephony.GetCallAsync(call.CallConnectionId, Ct);

        Assert.NotSame(appClock, SigningClock.Resolve(host.App.Services));
        Assert.InRange(appClock.GetUtcNow(), TestClocks.Default, TestClocks.Default.AddHours(1));
        Assert.Equal(call.CallConnectionId, connected.CallConnectionId);
        Assert.Equal(CallConnectionState.Connected, state.State);
        Assert.Equal(0, host.Emulator!.Counters.RejectedSignatures);
        // The simulation keeps the anchored time: the call was created "on" the app's day.
        var created = host.Emulator.Switchboard.FindCall(call.CallConnectionId)!.CreatedAt;
        Assert.InRange(created, TestClocks.Default, TestClocks.Default.AddHours(1));
    }
}
