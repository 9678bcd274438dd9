using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AiScheduler.Durable.Tests;

public sealed record Greeting(string Name);

public static class TestOrchestrations
{
    public static void Register(DurableTaskRegistry tasks) => tasks
        .AddOrchestrator<HelloSequence>()
        .AddOrchestrator<WaitForApproval>()
        .AddOrchestrator<CollectItems>()
        .AddOrchestrator<RaceTimerAgainstEvent>()
        .AddOrchestrator<WaitWithTimeout>()
        .AddOrchestrator<RetryFlaky>()
        .AddOrchestrator<RetryOnlyTransient>()
        .AddOrchestrator<Parent>()
        .AddOrchestrator<FailingChild>()
        .AddOrchestrator<EchoChild>()
        .AddOrchestrator<CountWithContinueAsNew>()
        .AddOrchestrator<CarryEventsAcrossGenerations>()
        .AddOrchestrator<SleepForAnHour>()
        .AddOrchestrator<ReplaySafety>()
        .AddOrchestrator<FanOut>()
        .AddOrchestrator<SlowFanOut>()
        .AddActivity<SayHello>()
        .AddActivity<Flaky>()
        .AddActivity<Fail>()
        .AddActivity<SlowEcho>()
        .AddActivity<Blocked>();
}

public sealed class HelloSequence : TaskOrchestrator<string[], string>
{
    public override async Task<string> RunAsync(TaskOrchestrationContext context, string[] input)
    {
        var greetings = new List<string>();
        foreach (var name in input)
        {
            greetings.Add(await context.CallActivityAsync<string>(nameof(SayHello), new Greeting(name)));
        }

        context.SetCustomStatus(new { step = "done", context.Version });
        return string.Join(", ", greetings);
    }
}

public sealed class SayHello : TaskActivity<Greeting, string>
{
    public override Task<string> RunAsync(TaskActivityContext context, Greeting input) => Task.FromResult($"Hello {input.Name}");
}

/// <summary>Does some work first, so an event raised at scheduling time arrives before the wait.</summary>
public sealed class WaitForApproval : TaskOrchestrator<string, string>
{
    public override async Task<string> RunAsync(TaskOrchestrationContext context, string input)
    {
        await context.CallActivityAsync<string>(nameof(SayHello), new Greeting(input));
        var approval = await context.WaitForExternalEvent<string>("Approval");
        return $"{input}: {approval}";
    }
}

public sealed class CollectItems : TaskOrchestrator<int, List<string>>
{
    public override async Task<List<string>> RunAsync(TaskOrchestrationContext context, int input)
    {
        var items = new List<string>();
        for (var i = 0; i < input; i++)
        {
            items.Add(await context.WaitForExternalEvent<string>("item"));
        }

        return items;
    }
}

public sealed class RaceTimerAgainstEvent : TaskOrchestrator<int, string>
{
    public override async Task<string> RunAsync(TaskOrchestrationContext context, int timerMilliseconds)
    {
        using var cancel = new CancellationTokenSource();
        var timer = context.CreateTimer(context.CurrentUtcDateTime.AddMilliseconds(timerMilliseconds), cancel.Token);
        var go = context.WaitForExternalEvent<string>("go", cancel.Token);
        var winner = await Task.WhenAny(timer, go);
        cancel.Cancel();
        return winner == go ? "event:" + await go : "timer";
    }
}

public sealed class WaitWithTimeout : TaskOrchestrator<int, string>
{
    public override async Task<string> RunAsync(TaskOrchestrationContext context, int timeoutMilliseconds)
    {
        try
        {
            return await context.WaitForExternalEvent<string>("answer", TimeSpan.FromMilliseconds(timeoutMilliseconds));
        }
        catch (TaskCanceledException)
        {
            return "timed out";
        }
    }
}

/// <summary>Fails the first <c>failures</c> attempts of each instance.</summary>
public sealed class Flaky : TaskActivity<int, string>
{
    public static ConcurrentDictionary<string, int> Attempts { get; } = new();

    public override Task<string> RunAsync(TaskActivityContext context, int failures)
    {
        var attempt = Attempts.AddOrUpdate(context.InstanceId, 1, (_, n) => n + 1);
        return attempt <= failures
            ? throw new InvalidOperationException($"transient failure {attempt}")
            : Task.FromResult($"succeeded on attempt {attempt}");
    }
}

public sealed class RetryFlaky : TaskOrchestrator<int, string>
{
    public override Task<string> RunAsync(TaskOrchestrationContext context, int failures) =>
        context.CallActivityAsync<string>(nameof(Flaky), failures,
            TaskOptions.FromRetryPolicy(new RetryPolicy(4, TimeSpan.FromMilliseconds(100), 2.0, TimeSpan.FromMilliseconds(300))));
}

public sealed class Fail : TaskActivity<string, string>
{
    public static ConcurrentDictionary<string, int> Attempts { get; } = new();

    public override Task<string> RunAsync(TaskActivityContext context, string message)
    {
        Attempts.AddOrUpdate(context.InstanceId, 1, (_, n) => n + 1);
        throw new ArgumentException(message);
    }
}

public sealed class RetryOnlyTransient : TaskOrchestrator<string, string>
{
    public override Task<string> RunAsync(TaskOrchestrationContext context, string input) =>
        context.CallActivityAsync<string>(nameof(Fail), input, TaskOptions.FromRetryPolicy(new RetryPolicy(5,
            TimeSpan.FromMilliseconds(50)) { HandleFailure = failure => failure.IsCausedBy<InvalidOperationException>() }));
}

public sealed record ParentInput(string ChildName, string ChildInstanceId, string Message);

public sealed class Parent : TaskOrchestrator<ParentInput, string>
{
    public override async Task<string> RunAsync(TaskOrchestrationContext context, ParentInput input) =>
        "parent got " + await context.CallSubOrchestratorAsync<string>(input.ChildName, input.Message,
            new SubOrchestrationOptions { InstanceId = input.ChildInstanceId });
}

public sealed class FailingChild : TaskOrchestrator<string, string>
{
    public override Task<string> RunAsync(TaskOrchestrationContext context, string input) =>
        context.CallActivityAsync<string>(nameof(Fail), input);
}

public sealed class EchoChild : TaskOrchestrator<string, string>
{
    public override Task<string> RunAsync(TaskOrchestrationContext context, string input) =>
        context.CallActivityAsync<string>(nameof(SayHello), new Greeting(input));
}

public sealed class CountWithContinueAsNew : TaskOrchestrator<int[], int>
{
    /// <summary>input = [current, target]</summary>
    public override async Task<int> RunAsync(TaskOrchestrationContext context, int[] input)
    {
        if (input[0] >= input[1])
        {
            return input[0];
        }

        // One durable step per generation, so every generation writes (and then drops) real history.
        await context.CreateTimer(context.CurrentUtcDateTime, CancellationToken.None);
        context.ContinueAsNew(new[] { input[0] + 1, input[1] });
        return -1;
    }
}

public sealed class CarryEventsAcrossGenerations : TaskOrchestrator<int, string>
{
    public override async Task<string> RunAsync(TaskOrchestrationContext context, int generation)
    {
        if (generation < 3)
        {
            await context.CallActivityAsync<string>(nameof(SayHello), new Greeting("gen" + generation));
            context.ContinueAsNew(generation + 1, preserveUnprocessedEvents: true);
            return "";
        }

        return $"generation {generation} got " + await context.WaitForExternalEvent<string>("value");
    }
}

public sealed class SleepForAnHour : TaskOrchestrator<string?, string>
{
    public override async Task<string> RunAsync(TaskOrchestrationContext context, string? input)
    {
        context.SetCustomStatus("sleeping");
        await context.CreateTimer(TimeSpan.FromHours(1), CancellationToken.None);
        return "woke up";
    }
}

public sealed record ReplaySnapshot(Guid First, Guid Second, DateTime StartedAt, bool ReplayingAtEnd);

public sealed class ReplaySafety : TaskOrchestrator<string?, ReplaySnapshot>
{
    public override async Task<ReplaySnapshot> RunAsync(TaskOrchestrationContext context, string? input)
    {
        var logger = context.CreateReplaySafeLogger<ReplaySafety>();
        var first = context.NewGuid();
        var second = context.NewGuid();
        var startedAt = context.CurrentUtcDateTime;
        context.SetCustomStatus(new ReplaySnapshot(first, second, startedAt, context.IsReplaying));
        logger.LogInformation("replay-safe: started {Instance}", context.InstanceId);
        // The first execution's values are recorded in history with this call, for comparison with later replays.
        await context.CallActivityAsync<string>(nameof(SayHello), new Greeting(FormattableString.Invariant($"{first}|{second}|{startedAt:O}")));
        await context.CallActivityAsync<string>(nameof(SayHello), new Greeting("two"));
        logger.LogInformation("replay-safe: finished {Instance}", context.InstanceId);
        return new ReplaySnapshot(first, second, startedAt, context.IsReplaying);
    }
}

public sealed class FanOut : TaskOrchestrator<int, int>
{
    public override async Task<int> RunAsync(TaskOrchestrationContext context, int count)
    {
        var calls = Enumerable.Range(0, count).Select(i => context.CallActivityAsync<int>(nameof(SlowEcho), new[] { i, 0 }));
        return (await Task.WhenAll(calls)).Sum();
    }
}

/// <summary>input = [value, delay ms]; counts runs per (instance, value).</summary>
public sealed class SlowEcho(IHostApplicationLifetime lifetime) : TaskActivity<int[], int>
{
    public static ConcurrentDictionary<string, int> Runs { get; } = new();

    public override async Task<int> RunAsync(TaskActivityContext context, int[] input)
    {
        Runs.AddOrUpdate($"{context.InstanceId}/{input[0]}", 1, (_, n) => n + 1);
        if (input[1] > 0)
        {
            await Task.Delay(input[1], lifetime.ApplicationStopping);
        }

        return input[0];
    }
}

/// <summary>Never finishes on its own; used to leave a leased activity behind.</summary>
public sealed class Blocked(IHostApplicationLifetime lifetime) : TaskActivity<string, string>
{
    public override async Task<string> RunAsync(TaskActivityContext context, string input)
    {
        await Task.Delay(Timeout.Infinite, lifetime.ApplicationStopping);
        return input;
    }
}
