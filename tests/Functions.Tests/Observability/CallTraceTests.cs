using System.Diagnostics;
using AiScheduler.Functions.Calls;
using AiScheduler.Functions.Hosting;
using AiScheduler.Functions.Store;
using AiScheduler.Functions.Tests.Calls;
using AiScheduler.Testing;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace AiScheduler.Functions.Tests.Observability;

/// <summary>
/// One telephony callback is one trace: the callback request, its handling from the call inbox, the agent's turn, the
/// telephony command the turn sends, and that command's HTTP request to the emulator - the app wired with
/// <see cref="ServiceDefaults.AddServiceDefaults"/> and its spans exported to an in-memory exporter.
/// </summary>
public sealed class CallTraceTests(PostgresFixture postgres)
{
    [Fact]
    public async Task A_callbacks_trace_spans_the_inbox_the_agent_turn_and_the_telephony_command_sent_to_the_emulator()
    {
        var ct = TestContext.Current.CancellationToken;
        var spans = new List<Activity>();
        await using var host = await CallsTestHost.StartAsync(
            await TestStores.SettingsAsync(StoreProvider.Sqlite, postgres, ct), emulator: null, settings: null, ct,
            configure: builder =>
            {
                builder.AddServiceDefaults();
                builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing.AddInMemoryExporter(spans));
            });

        var callId = await host.CallAsync("+12135550134", ct);
        await host.EndedAsync(callId, TimeSpan.FromSeconds(60), ct);
        // The tracer provider is process-wide: flush it, then keep only this call's spans.
        host.Get<TracerProvider>().ForceFlush();
        Activity[] exported;
        lock (spans)
        {
            exported = [.. spans];
        }

        var turns = exported.Where(s => s.OperationName == "call turn" && Equals(s.GetTagItem("call.id"), callId)).ToList();
        Assert.NotEmpty(turns);
        var turn = turns[0];
        var trace = exported.Where(s => s.TraceId == turn.TraceId).ToList();
        var byId = trace.ToDictionary(s => s.SpanId);

        // Up from the turn: the inbox handling, then the callback request that wrote the entry.
        var inbox = Assert.Single(trace, s => s.SpanId == turn.ParentSpanId);
        Assert.Equal("call-inbox handle", inbox.OperationName);
        Assert.Equal(callId, inbox.GetTagItem("call.id"));
        var callback = Assert.Single(trace, s => s.SpanId == inbox.ParentSpanId);
        Assert.Equal(ActivityKind.Server, callback.Kind);
        Assert.StartsWith($"/api/callbacks/acs/{callId}", callback.GetTagItem("url.path") as string, StringComparison.Ordinal);

        // Down from the turn: the telephony command, and under it the HTTP request that reached the emulator.
        var command = Assert.Single(trace, s => s.ParentSpanId == turn.SpanId && s.OperationName.StartsWith("telephony ", StringComparison.Ordinal));
        Assert.Equal(ActivityKind.Client, command.Kind);
        var request = Assert.Single(trace, s => s.ParentSpanId == command.SpanId && s.Kind == ActivityKind.Client);
        Assert.Equal("POST", request.GetTagItem("http.request.method"));
        Assert.Equal(host.Emulator.Endpoint.Port, request.GetTagItem("server.port"));
        Assert.Contains("/calling/callConnections/", request.GetTagItem("url.full") as string, StringComparison.Ordinal);
        // Call Automation answers media commands 202 Accepted.
        Assert.InRange(Assert.IsType<int>(request.GetTagItem("http.response.status_code")), 200, 299);
        Assert.All(new[] { inbox, turn, command, request }, s => Assert.True(byId.ContainsKey(s.ParentSpanId)));
    }
}
