using AiScheduler.Emulators.Tests.Support;

namespace AiScheduler.Emulators.Tests;

public class FaultInjectionTests
{
    private const string Number = "+14255550123";

    [Fact]
    public async Task A_server_error_rate_answers_exactly_that_fraction_of_requests_with_503()
    {
        await using var emulator = await Emulator.StartAsync(o => { o.Faults.ServerErrorRate = 0.5; o.Faults.RetryAfterSeconds = 1; });

        var statuses = new List<int>();
        for (var i = 0; i < 6; i++)
        {
            statuses.Add((await emulator.Client.SendAsync(HttpMethod.Get, "/calling/callConnections/x?" + SignedAcsClient.ApiVersion)).Status);
        }

        Assert.Equal([404, 503, 404, 503, 404, 503], statuses);
        Assert.Equal(3, emulator.Host.Counters.InjectedServerErrors);
    }

    [Fact]
    public async Task Duplicated_callbacks_repeat_each_event_with_the_same_id()
    {
        await using var emulator = await Emulator.StartAsync(o => o.Faults.DuplicateCallbacks = true);

        await emulator.Client.CreateCallAsync(Number, emulator.Sink.Callbacks());
        var first = await emulator.Sink.WaitForAsync("CallConnected");
        var second = await emulator.Sink.WaitForAsync("CallConnected", skip: 1);

        Assert.Equal(first["id"]!.GetValue<string>(), second["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Reordered_callbacks_arrive_swapped()
    {
        await using var emulator = await Emulator.StartAsync(o => o.Faults.ReorderCallbacks = true);
        var callId = await emulator.Client.CreateCallAsync(Number, emulator.Sink.Callbacks());
        await emulator.Sink.WaitForAsync("CallConnected");

        await emulator.Client.PlayAsync(callId, "Hello");
        await emulator.Sink.WaitForAsync("PlayCompleted");
        await emulator.Sink.WaitForAsync("PlayStarted");

        var order = emulator.Sink.Events.Select(EventSink.Type).Where(t => t.StartsWith("Play", StringComparison.Ordinal)).ToList();
        Assert.Equal(["PlayCompleted", "PlayStarted"], order);
        Assert.True(emulator.Host.Counters.CallbacksReordered >= 1);
    }

    [Fact]
    public async Task A_dropped_callback_type_never_arrives()
    {
        await using var emulator = await Emulator.StartAsync(o => o.Faults.DroppedCallbackTypes.Add("PlayCompleted"));
        var callId = await emulator.Client.CreateCallAsync(Number, emulator.Sink.Callbacks());
        await emulator.Sink.WaitForAsync("CallConnected");

        await emulator.Client.PlayAsync(callId, "Hello");
        // Media operations run in order, so the recognize result comes after the play result would have.
        await emulator.Client.RecognizeAsync(callId, Number, "Still there?");
        await emulator.Sink.WaitForAsync("RecognizeCompleted");

        Assert.DoesNotContain(emulator.Sink.Events, e => EventSink.Type(e) == "PlayCompleted");
        Assert.Equal(1, emulator.Host.Counters.CallbacksDropped);
    }
}
