using System.Diagnostics.Metrics;
using AiScheduler.Testing;
using Microsoft.Extensions.Options;

namespace AiScheduler.Durable.Tests;

public class RuntimeTests(PostgresFixture postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, InlineData("sqlite"), InlineData("postgres")]
    public async Task Changing_an_orchestrations_code_between_runs_fails_the_instance_with_a_clear_non_determinism_error(string backend)
    {
        var database = await TestDatabase.CreateAsync(backend, postgres);
        string id;
        await using (var first = await DurableTestHost.StartAsync(database, d => d.AddTasks(t => t.AddOrchestrator<OrderV1>("Order"))))
        {
            id = await first.Client.ScheduleNewOrchestrationInstanceAsync("Order", "o-1", cancellation: Ct);
            await first.WaitForStatusAsync(id, OrchestrationRuntimeStatus.Running, _ => true);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(30));
            while ((await first.Client.GetHistoryAsync(id, timeout.Token)).All(e => e.Type != HistoryEventType.TaskCompleted))
            {
                await Task.Delay(10, timeout.Token);
            }
        }

        // The same name now runs different code: it schedules another activity at step 0.
        await using var second = await DurableTestHost.StartAsync(database, d => d.AddTasks(t => t.AddOrchestrator<OrderV2>("Order")));
        await second.Client.RaiseEventAsync(id, "confirmed", "yes", cancellation: Ct);

        var state = await second.WaitAsync(id);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, state.RuntimeStatus);
        Assert.Equal(typeof(NonDeterministicOrchestrationException).FullName, state.FailureDetails!.ErrorType);
        Assert.Contains("orchestration 'Order'", state.FailureDetails.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("at step 0", state.FailureDetails.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("CallActivityAsync('SayHello')", state.FailureDetails.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("CallActivityAsync('Flaky')", state.FailureDetails.ErrorMessage, StringComparison.Ordinal);
    }

    [Theory, InlineData("sqlite"), InlineData("postgres")]
    public async Task A_database_with_a_newer_schema_version_is_refused_with_an_explanation(string backend)
    {
        var database = await TestDatabase.CreateAsync(backend, postgres);
        await using (var host = await DurableTestHost.StartAsync(database))
        {
            await host.RunAsync(nameof(HelloSequence), new[] { "x" });
        }

        await database.ExecuteAsync("UPDATE dt_schema SET version = 99");
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Services.AddDurable(d => _ = backend == "postgres" ? d.UsePostgres(database.ConnectionString) : d.UseSqlite(database.ConnectionString));
        using var stale = builder.Build();
        var client = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<DurableTaskClient>(stale.Services);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => client.GetInstanceAsync("any", cancellation: Ct));
        Assert.Contains("schema version 99, newer than this runtime's 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Options_without_a_backend_stop_the_host_at_start()
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Services.AddDurable(d => d.Configure(o => o.MaxConcurrentActivities = 0));
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(Ct));
        Assert.Contains("UseSqlite(connectionString) or UsePostgres(connectionString)", error.Message, StringComparison.Ordinal);
        Assert.Contains("MaxConcurrentActivities must be at least 1", error.Message, StringComparison.Ordinal);
    }

    [Theory, InlineData("sqlite"), InlineData("postgres")]
    public async Task An_activity_running_longer_than_its_lease_keeps_it_by_renewal_and_runs_once(string backend)
    {
        await using var host = await DurableTestHost.StartAsync(await TestDatabase.CreateAsync(backend, postgres),
            configure: o => o.LeaseLength = TimeSpan.FromSeconds(3));

        // An activity of 7 s under a 3 s lease renewed every second: a busy machine may delay a renewal by up to 2 s.
        var state = await host.RunAsync(nameof(SlowFanOut), new[] { 1, 7000 });

        Assert.Equal(OrchestrationRuntimeStatus.Completed, state.RuntimeStatus);
        Assert.Equal(1, SlowEcho.Runs[$"{state.InstanceId}/0"]);
    }

    [Theory, InlineData("sqlite"), InlineData("postgres")]
    public async Task An_activity_leased_too_often_without_finishing_is_failed_as_poison(string backend)
    {
        var database = await TestDatabase.CreateAsync(backend, postgres);
        string id;
        await using (var first = await DurableTestHost.StartAsync(database, d => d.AddTasks(t => t.AddOrchestrator<CallBlocked>())))
        {
            id = await first.Client.ScheduleNewOrchestrationInstanceAsync(nameof(CallBlocked), "stuck", cancellation: Ct);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(30));
            while (await database.CountAsync("SELECT count(*) FROM dt_new_tasks WHERE lease_owner IS NOT NULL") == 0)
            {
                await Task.Delay(10, timeout.Token);
            }
        }

        // As if hosts had crashed with it many times: the dequeue count is past the limit and the lease expired.
        await database.ExecuteAsync("UPDATE dt_new_tasks SET dequeue_count = 10, lease_expires_at = 0");
        await using var second = await DurableTestHost.StartAsync(database, d => d.AddTasks(t => t.AddOrchestrator<CallBlocked>()),
            o => o.MaxDequeueCount = 3);

        var state = await second.WaitAsync(id);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, state.RuntimeStatus);
        Assert.Equal("PoisonMessage", state.FailureDetails!.InnerFailure!.ErrorType);
        Assert.Contains("leased 11 times", state.FailureDetails.InnerFailure.ErrorMessage, StringComparison.Ordinal);
    }

    [Theory, InlineData("sqlite"), InlineData("postgres")]
    public async Task Metrics_on_the_AiScheduler_meter_report_dispatch_latency_activity_duration_failures_and_backlog(string backend)
    {
        var seen = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "AiScheduler")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((i, _, _, _) => seen.AddOrUpdate(i.Name, 1, (_, n) => n + 1));
        listener.SetMeasurementEventCallback<long>((i, _, _, _) => seen.AddOrUpdate(i.Name, 1, (_, n) => n + 1));
        listener.Start();
        await using var host = await DurableTestHost.StartAsync(await TestDatabase.CreateAsync(backend, postgres));

        await host.RunAsync(nameof(HelloSequence), new[] { "m" });
        await host.RunAsync(nameof(RetryOnlyTransient), "boom");
        listener.RecordObservableInstruments();

        Assert.True(seen.ContainsKey("aischeduler.durable.dispatch.latency"));
        Assert.True(seen.ContainsKey("aischeduler.durable.activity.duration"));
        Assert.True(seen.ContainsKey("aischeduler.durable.failures"));
        Assert.True(seen.ContainsKey("aischeduler.durable.checkpoints"));
        Assert.True(seen.ContainsKey("aischeduler.durable.backlog"));
    }
}

public sealed class OrderV1 : TaskOrchestrator<string, string>
{
    public override async Task<string> RunAsync(TaskOrchestrationContext context, string input)
    {
        await context.CallActivityAsync<string>(nameof(SayHello), new Greeting(input));
        return await context.WaitForExternalEvent<string>("confirmed");
    }
}

public sealed class OrderV2 : TaskOrchestrator<string, string>
{
    public override async Task<string> RunAsync(TaskOrchestrationContext context, string input)
    {
        await context.CallActivityAsync<string>(nameof(Flaky), 0);
        return await context.WaitForExternalEvent<string>("confirmed");
    }
}

public sealed class CallBlocked : TaskOrchestrator<string, string>
{
    public override Task<string> RunAsync(TaskOrchestrationContext context, string input) =>
        context.CallActivityAsync<string>(nameof(Blocked), input);
}

public sealed class SlowFanOut : TaskOrchestrator<int[], int>
{
    /// <summary>input = [count, delay ms]</summary>
    public override async Task<int> RunAsync(TaskOrchestrationContext context, int[] input) =>
        (await Task.WhenAll(Enumerable.Range(0, input[0]).Select(i => context.CallActivityAsync<int>(nameof(SlowEcho), new[] { i, input[1] })))).Sum();
}
