using System.Collections.Concurrent;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using AiScheduler.Domain.Phones;
using AiScheduler.Emulators;
using AiScheduler.Emulators.Callees;
using AiScheduler.Functions.Calls;
using AiScheduler.Functions.Calls.Callbacks;
using AiScheduler.Functions.Leads;
using AiScheduler.Functions.Providers.Telephony;
using AiScheduler.Functions.Store;
using AiScheduler.Functions.Tests.Infrastructure;
using AiScheduler.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AiScheduler.Benchmarks;

/// <summary>
/// The turn path under load: N calls placed at once against the emulator (over HTTP), each a few turns long. The
/// latency of a turn is measured at the emulator, from the moment it sends a callback that starts a turn (CallConnected,
/// RecognizeCompleted/Failed, PlayCompleted) to the moment the app's next command for that call (recognize, play, hang
/// up) reaches it: callback in, through the app's inbox, session and agent, to command out, loopback HTTP both ways included.
/// </summary>
internal static class TurnsBenchmark
{
    private static readonly string[] TurnStarters = ["CallConnected", "RecognizeCompleted", "RecognizeFailed", "PlayCompleted"];

    public static Command CreateCommand()
    {
        var backend = new Option<string>("--backend") { Description = "sqlite or postgres", DefaultValueFactory = _ => "sqlite" };
        backend.AcceptOnlyFromAmong("sqlite", "postgres");
        var calls = new Option<int>("--calls") { Description = "calls placed at once", DefaultValueFactory = _ => 500 };
        var timeScale = new Option<double>("--time-scale") { Description = "the emulator's time scale (callee speech and ringing)", DefaultValueFactory = _ => 0.05 };
        var warmup = new Option<int>("--warmup") { Description = "calls made first and left out of the figures (JIT, pools)", DefaultValueFactory = _ => 20 };
        var ramp = new Option<double>("--ramp") { Description = "seconds over which the calls are placed (0: all at once)", DefaultValueFactory = _ => 0 };
        var command = new Command("turns", "Turn latency: N concurrent emulated calls, callback-in to command-out p50/p99.") { backend, calls, timeScale, warmup, ramp };
        command.SetAction((result, ct) => RunAsync(result.GetValue(backend)!, result.GetValue(calls), result.GetValue(timeScale), result.GetValue(warmup),
            result.GetValue(ramp), ct));
        return command;
    }

    private static async Task<int> RunAsync(string backend, int calls, double timeScale, int warmup, double ramp, CancellationToken ct)
    {
        if (calls < 1)
        {
            await Console.Error.WriteLineAsync("--calls must be at least 1");
            return 2;
        }

        PostgresServer? server = null;
        var file = Path.Combine(Path.GetTempPath(), "aischeduler-turns-" + Guid.NewGuid().ToString("N")[..8] + ".db");
        var store = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (backend == "postgres")
        {
            server = await PostgresServer.StartAsync(ct);
            store["Store:Provider"] = "postgres";
            store["Store:ConnectionString"] = await server.CreateDatabaseAsync("turns", ct);
        }
        else
        {
            store["Store:Provider"] = "sqlite";
            store["Store:ConnectionString"] = "Data Source=" + file;
        }

        try
        {
            var probe = new TurnProbe();
            using var npgsql = new MeterProbe("Npgsql");
            var emulatorOptions = new EmulatorOptions
            {
                AccessKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
                TimeScale = timeScale,
                RenderSpeech = false,
                DefaultPersona = new Persona("chatty", [], "en-US", AnswerKind.Human, 1,
                    [new PersonaReply("Hello, who is calling?"), new PersonaReply("Hmm, what is it about?"), new PersonaReply("No thanks, I'm not interested.")],
                    OutOfRepliesBehaviour.Hangup),
            };
            await using var emulator = await EmulatorHost.StartAsync(emulatorOptions, ct, builder =>
            {
                Quiet(builder.Logging);
                builder.Services.ConfigureHttpClientDefaults(client => client.AddHttpMessageHandler(() => new CallbackTiming(probe)));
                builder.Services.AddSingleton<IStartupFilter>(new CommandTiming(probe));
            });
            await using var app = await StartAppAsync(store, emulator, probe, ct);
            if (warmup > 0)
            {
                await RoundAsync(app, emulator, 0, warmup, 0, ct);
                probe.Latencies.Clear();
            }

            probe.Stages.Clear();
            npgsql.Reset();
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            using var runtime = new RuntimeProbe();
            var (ended, peak, elapsed) = await RoundAsync(app, emulator, warmup, calls, ramp, ct);
            var runtimeFigures = runtime.Stop();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
            await app.StopAsync(CancellationToken.None);
            var latencies = probe.Latencies.OrderBy(x => x).ToArray();
            var report = new TurnsReport(backend, Environment.ProcessorCount, LoadAverage(), calls, timeScale, ramp, ended, peak, latencies.Length,
                latencies.Length == 0 ? 0 : Math.Round(cpu.TotalMilliseconds / latencies.Length, 2),
                Math.Round(Percentile(latencies, 0.50), 2), Math.Round(Percentile(latencies, 0.99), 2), Math.Round(latencies.LastOrDefault(), 2),
                Math.Round(elapsed.TotalSeconds, 1), 20, latencies.Length > 0 && Percentile(latencies, 0.99) < 20);
            Console.WriteLine(JsonSerializer.Serialize(report, new JsonSerializerOptions(JsonSerializerOptions.Web)));
            Console.WriteLine(runtimeFigures.ToText());
            if (backend == "postgres")
            {
                Console.WriteLine("npgsql: " + npgsql.ToText());
            }

            Console.WriteLine(probe.StagesText(Percentile(latencies, 0.99)));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"turns ({backend}): {calls} concurrent calls (time scale {timeScale}, placed over {ramp} s; peak {peak} up), {ended} ended, " +
                $"{latencies.Length} turns in {report.Seconds} s, {report.CpuMsPerTurn} ms CPU per turn (app and emulator); " +
                $"callback-in to command-out p50 {report.P50Ms} ms, p99 {report.P99Ms} ms, max {report.MaxMs} ms (target p99 < 20 ms: " +
                $"{(report.MetTarget ? "met" : "NOT met")}); {report.Cores} cores, load average {report.LoadAverage}"));
            return ended == calls ? 0 : 1;
        }
        finally
        {
            if (server is not null)
            {
                await server.DisposeAsync();
            }

            foreach (var path in new[] { file, file + "-wal", file + "-shm" })
            {
                File.Delete(path);
            }
        }
    }

    // Places the calls at once and waits until all have ended; numbers are unique per call across rounds.
    private static async Task<(int Ended, int Peak, TimeSpan Elapsed)> RoundAsync(WebApplication app, EmulatorHost emulator, int first, int calls,
        double ramp, CancellationToken ct)
    {
        var outbound = app.Services.GetRequiredService<OutboundCalls>();
        var sessions = app.Services.GetRequiredService<CallSessionStore>();
        var created = emulator.Counters.CallsCreated;
        var started = Stopwatch.StartNew();
        var callIds = await Task.WhenAll(Enumerable.Range(first, calls).Select(async i =>
        {
            if (ramp > 0)
            {
                await Task.Delay(TimeSpan.FromSeconds(ramp * (i - first) / calls), ct);
            }

            return await outbound.PlaceAsync(new CallTarget(Workspaces.DefaultId, null,
                PhoneNumber.Parse($"+1206{5550000 + i:D7}"), $"Caller {i}", null, null, "en", "America/Los_Angeles"), ct);
        }));
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromMinutes(10);
        var peak = 0;
        while ((emulator.Counters.ActiveCalls > 0 || emulator.Counters.CallsCreated - created < calls) && DateTimeOffset.UtcNow < deadline)
        {
            peak = Math.Max(peak, emulator.Counters.ActiveCalls);
            await Task.Delay(100, ct);
        }

        var elapsed = started.Elapsed;
        var ended = 0;
        foreach (var callId in callIds)
        {
            for (var i = 0; i < 50 && (await sessions.GetAsync(callId, ct))?.Phase != CallPhase.Ended; i++)
            {
                await Task.Delay(100, ct);
            }

            ended += (await sessions.GetAsync(callId, ct))?.Phase == CallPhase.Ended ? 1 : 0;
        }

        return (ended, peak, elapsed);
    }

    private static async Task<WebApplication> StartAppAsync(Dictionary<string, string?> store, EmulatorHost emulator, TurnProbe probe, CancellationToken ct)
    {
        var port = LoopbackPorts.Free();
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        Quiet(builder.Logging);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(store, StringComparer.Ordinal)
            .With(TestSettings.EmulatedCalls(emulator.ConnectionString, port))
            .With(TestSettings.RoundTheClockCalendar(testGrid: false)));
        builder.Services.AddCallPath();
        // The session's handling of each event, timed from the outside (when the inbox hands it over, when it returns).
        // (In place of the session's own registration, so the handlers keep their order.)
        var session = builder.Services.Single(d => d.ServiceType == typeof(ICallEventHandler) && d.ImplementationFactory is not null);
        builder.Services[builder.Services.IndexOf(session)] =
            ServiceDescriptor.Singleton<ICallEventHandler>(sp => new HandlerTiming(sp.GetRequiredService<CallSession>(), probe));
        var app = builder.BuildCallPath();
        await app.StartAsync(ct);
        return app;
    }

    private static void Quiet(ILoggingBuilder logging)
    {
        logging.ClearProviders();
        logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        logging.SetMinimumLevel(LogLevel.Error);
    }

    internal static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    private sealed record TurnsReport(string Backend, int Cores, string LoadAverage, int Calls, double TimeScale, double RampSeconds, int Ended,
        int PeakCallsUp, int Turns, double CpuMsPerTurn,
        double P50Ms, double P99Ms, double MaxMs, double Seconds, double TargetP99Ms, bool MetTarget);

    /// <summary>Pairs each turn-starting callback of a call with the next command for it, and times the stages between.</summary>
    private sealed class TurnProbe
    {
        private readonly ConcurrentDictionary<string, (string EventId, long Sent)> waiting = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, long> answered = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, long> handlerStarted = new(StringComparer.Ordinal);

        public ConcurrentBag<double> Latencies { get; } = [];

        /// <summary>Per turn: total, callback answered (inbox persisted), handler started, handler to command (ms from the callback leaving).</summary>
        public ConcurrentBag<(double Total, double Answered, double Started)> Stages { get; } = [];

        public void CallbackSent(string connectionId, string eventId) => waiting[connectionId] = (eventId, Stopwatch.GetTimestamp());

        public void CallbackAnswered(string eventId) => answered[eventId] = Stopwatch.GetTimestamp();

        public void HandlerStarted(string eventId) => handlerStarted[eventId] = Stopwatch.GetTimestamp();

        public void CommandReceived(string connectionId)
        {
            if (waiting.TryRemove(connectionId, out var sent))
            {
                var now = Stopwatch.GetTimestamp();
                var total = Stopwatch.GetElapsedTime(sent.Sent, now).TotalMilliseconds;
                Latencies.Add(total);
                var at = answered.TryRemove(sent.EventId, out var a) ? Stopwatch.GetElapsedTime(sent.Sent, a).TotalMilliseconds : double.NaN;
                var st = handlerStarted.TryRemove(sent.EventId, out var h) ? Stopwatch.GetElapsedTime(sent.Sent, h).TotalMilliseconds : double.NaN;
                Stages.Add((total, at, st));
            }
        }

        /// <summary>Where the time of the median turn and of the turns at or over p99 went.</summary>
        public string StagesText(double p99)
        {
            var all = Stages.ToArray();
            string Line(string name, (double Total, double Answered, double Started)[] turns)
            {
                if (turns.Length == 0)
                {
                    return name + ": none";
                }

                double Median(Func<(double Total, double Answered, double Started), double> pick)
                {
                    var values = turns.Select(pick).Where(v => !double.IsNaN(v)).OrderBy(v => v).ToArray();
                    return values.Length == 0 ? double.NaN : Math.Round(values[values.Length / 2], 2);
                }

                return string.Create(CultureInfo.InvariantCulture,
                    $"{name} ({turns.Length} turns): median total {Median(t => t.Total)} ms = callback answered (inbox persisted) at " +
                    $"{Median(t => t.Answered)}, handler started at {Median(t => t.Started)}, command {Median(t => t.Total - t.Started)} after that");
            }

            return "stages: " + Line("all", all) + "; " + Line("tail >= p99", all.Where(t => t.Total >= p99).ToArray());
        }
    }

    /// <summary>Around the call session: notes when the inbox hands it an event.</summary>
    private sealed class HandlerTiming(ICallEventHandler inner, TurnProbe probe) : ICallEventHandler
    {
        public Task HandleAsync(string callId, CallEvent callEvent, CancellationToken ct)
        {
            probe.HandlerStarted(callEvent.EventId);
            return inner.HandleAsync(callId, callEvent, ct);
        }
    }

    /// <summary>On the emulator's outgoing callbacks: notes when a turn-starting one leaves.</summary>
    private sealed class CallbackTiming(TurnProbe probe) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Content is not null && request.RequestUri?.AbsolutePath.Contains("/api/callbacks/acs/", StringComparison.Ordinal) == true)
            {
                var events = JsonNode.Parse(await request.Content.ReadAsStringAsync(cancellationToken)) as JsonArray ?? [];
                var starters = new List<string>();
                foreach (var cloudEvent in events)
                {
                    var type = cloudEvent?["type"]?.GetValue<string>() ?? "";
                    if (TurnStarters.Any(t => type.EndsWith(t, StringComparison.Ordinal)) && cloudEvent?["data"]?["callConnectionId"]?.GetValue<string>() is { } id
                        && cloudEvent["id"]?.GetValue<string>() is { } eventId)
                    {
                        probe.CallbackSent(id, eventId);
                        starters.Add(eventId);
                    }
                }

                var response = await base.SendAsync(request, cancellationToken);
                foreach (var eventId in starters)
                {
                    probe.CallbackAnswered(eventId);
                }

                return response;
            }

            return await base.SendAsync(request, cancellationToken);
        }
    }

    /// <summary>In front of the emulator's API: notes when a call command (recognize, play, hang up) arrives.</summary>
    private sealed class CommandTiming(TurnProbe probe) : IStartupFilter
    {
        private const string Prefix = "/calling/callConnections/";

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, following) =>
            {
                var path = context.Request.Path.Value ?? "";
                if (path.StartsWith(Prefix, StringComparison.Ordinal))
                {
                    var rest = path[Prefix.Length..];
                    var colon = rest.IndexOf(':', StringComparison.Ordinal);
                    var id = Uri.UnescapeDataString(colon < 0 ? rest : rest[..colon]);
                    var action = colon < 0 ? "" : rest[(colon + 1)..];
                    if ((HttpMethods.IsDelete(context.Request.Method) && colon < 0 && !id.Contains('/', StringComparison.Ordinal))
                        || action is "recognize" or "play" or "terminate")
                    {
                        probe.CommandReceived(id);
                    }
                }

                await following(context);
            });
            next(app);
        };
    }
}
