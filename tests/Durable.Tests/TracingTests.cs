using System.Collections.Concurrent;
using System.Diagnostics;
using AiScheduler.Testing;

namespace AiScheduler.Durable.Tests;

/// <summary>
/// The engine's spans continue the trace of whoever scheduled the instance: every orchestration step is a child of the
/// scheduling span (its context kept on the instance row), and every activity a child of the step that scheduled it
/// (its context kept with the scheduled activity).
/// </summary>
public class TracingTests(PostgresFixture postgres)
{
    private const string CallerName = "AiScheduler.Durable.Tests.Caller";
    private static readonly ActivitySource Caller = new(CallerName);

    [Theory, InlineData("sqlite"), InlineData("postgres")]
    public async Task An_orchestrations_steps_and_activities_are_spans_of_the_trace_that_scheduled_it(string backend)
    {
        var spans = new ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            // By name: the listener must not be the first to touch Caller (created while listeners are being added, it would miss this one).
            ShouldListenTo = source => source.Name is DurableTracing.SourceName or CallerName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Add,
        };
        ActivitySource.AddActivityListener(listener);
        await using var host = await DurableTestHost.StartAsync(await TestDatabase.CreateAsync(backend, postgres));

        string id;
        ActivityContext request;
        using (var scheduling = Caller.StartActivity("POST /api/orders"))
        {
            request = scheduling!.Context;
            id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(HelloSequence), new[] { "Ada", "Grace" },
                TestContext.Current.CancellationToken);
        }

        var state = await host.WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, state.RuntimeStatus);
        var mine = spans.Where(s => Equals(s.GetTagItem("durable.instance_id"), id)).ToList();
        var steps = mine.Where(s => s.OperationName == "orchestration " + nameof(HelloSequence)).ToList();
        var activities = mine.Where(s => s.OperationName == "activity " + nameof(SayHello)).ToList();
        // At least the two steps that scheduled the greetings (the last step's span may still be closing).
        Assert.True(steps.Count >= 2, $"{steps.Count} steps");
        Assert.All(steps, step =>
        {
            Assert.Equal(request.TraceId, step.TraceId);
            Assert.Equal(request.SpanId, step.ParentSpanId);
        });
        Assert.Equal(2, activities.Count);
        Assert.All(activities, activity =>
        {
            Assert.Equal(request.TraceId, activity.TraceId);
            Assert.Contains(steps, step => step.SpanId == activity.ParentSpanId);
        });
        // Each activity is the child of the step that scheduled it: two different steps.
        Assert.Equal(2, activities.Select(a => a.ParentSpanId).Distinct().Count());
    }

    [Theory, InlineData("sqlite"), InlineData("postgres")]
    public async Task A_version_1_database_gains_the_trace_columns_at_start_and_keeps_running(string backend)
    {
        var database = await TestDatabase.CreateAsync(backend, postgres);
        await using (var host = await DurableTestHost.StartAsync(database))
        {
            await host.RunAsync(nameof(HelloSequence), new[] { "x" });
        }

        // The tables as version 1 of the engine left them.
        await database.ExecuteAsync("ALTER TABLE dt_instances DROP COLUMN trace_parent");
        await database.ExecuteAsync("ALTER TABLE dt_new_tasks DROP COLUMN trace_parent");
        await database.ExecuteAsync("UPDATE dt_schema SET version = 1");

        await using var upgraded = await DurableTestHost.StartAsync(database);
        var state = await upgraded.RunAsync(nameof(HelloSequence), new[] { "Ada" });

        Assert.Equal(OrchestrationRuntimeStatus.Completed, state.RuntimeStatus);
        Assert.Equal("\"Hello Ada\"", state.SerializedOutput);
    }
}
