using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using AiScheduler.Functions.Providers.Http;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;

namespace AiScheduler.Functions.Tests.Http;

/// <summary>
/// The shared outbound resilience policy on real HttpClients from the factory against a loopback server that answers
/// from a script: which answers are retried for which requests, and that a retry waits as long as the service says on
/// the app's clock (a <see cref="FakeTimeProvider"/> here, so nothing waits for real time).
/// </summary>
public sealed class OutboundHttpTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 3, 9, 12, 0, 0, TimeSpan.Zero);
    private ScriptedServer server = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => server = await ScriptedServer.StartAsync(Ct);

    public async ValueTask DisposeAsync() => await server.DisposeAsync();

    [Fact]
    public async Task A_retry_waits_out_Retry_After_on_the_apps_clock()
    {
        var clock = new FakeTimeProvider(Start);
        using var outbound = new OutboundClients(time: clock);
        server.Answer(503, ("Retry-After", "7"));

        var pending = outbound.Create().GetAsync(server.Address, Ct);
        await server.WaitForHitsAsync(1);
        clock.Advance(TimeSpan.FromSeconds(6.9));
        await Task.Delay(100, Ct);

        Assert.Equal(1, server.Hits);
        Assert.False(pending.IsCompleted);

        clock.Advance(TimeSpan.FromSeconds(0.1));
        using var response = await pending;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, server.Hits);
    }

    [Fact]
    public async Task A_retry_waits_until_X_RateLimit_Reset()
    {
        var clock = new FakeTimeProvider(Start);
        using var outbound = new OutboundClients(time: clock);
        server.Answer(429, ("X-RateLimit-Reset", (Start.ToUnixTimeSeconds() + 5).ToString(CultureInfo.InvariantCulture)));

        var pending = outbound.Create().PostAsync(server.Address, new StringContent("{}"), Ct);
        await server.WaitForHitsAsync(1);
        clock.Advance(TimeSpan.FromSeconds(4));
        await Task.Delay(100, Ct);

        Assert.False(pending.IsCompleted);

        clock.Advance(TimeSpan.FromSeconds(1));
        using var response = await pending;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, server.Hits);
    }

    [Fact]
    public async Task A_wait_the_service_asks_for_is_capped_by_Retry_MaxDelay()
    {
        var log = new RetryLog();
        using var outbound = new OutboundClients(new Dictionary<string, string?> { ["Http:Resilience:Retry:MaxDelay"] = "00:00:00.050" }, log: log);
        server.Answer(429, ("Retry-After", "3600"));

        using var response = await outbound.Create().GetAsync(server.Address, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(log.Messages, m => m.Contains("answered 429; retry 1 in 00:00:00.0500000", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_plain_POST_is_repeated_after_429_and_503_but_not_after_a_500()
    {
        using var outbound = new OutboundClients();
        var http = outbound.Create();

        server.Answer(500);
        using (var failed = await http.PostAsync(server.Address, new StringContent("{}"), Ct))
        {
            Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
            Assert.Equal(1, server.Hits);
        }

        server.Answer(429).Answer(503);
        using var retried = await http.PostAsync(server.Address, new StringContent("{}"), Ct);

        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Equal(4, server.Hits);
        Assert.All(server.Methods, m => Assert.Equal("POST", m));
    }

    [Fact]
    public async Task Reads_repeatable_POSTs_and_POSTs_a_client_vouches_for_are_repeated_after_a_500()
    {
        using var outbound = new OutboundClients();
        var http = outbound.Create();

        server.Answer(500);
        using (var read = await http.GetAsync(server.Address, Ct))
        {
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        }

        server.Answer(502);
        using (var repeatable = new HttpRequestMessage(HttpMethod.Post, server.Address) { Content = new StringContent("{}") })
        {
            repeatable.Headers.Add("Repeatability-Request-ID", Guid.NewGuid().ToString());
            repeatable.Headers.Add("Repeatability-First-Sent", Start.ToString("r", CultureInfo.InvariantCulture));
            using var answer = await http.SendAsync(repeatable, Ct);
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        }

        server.Answer(504);
        using (var vouched = new HttpRequestMessage(HttpMethod.Post, server.Address) { Content = new StringContent("{}") }.MarkRetrySafe())
        {
            using var answer = await http.SendAsync(vouched, Ct);
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        }

        Assert.Equal(6, server.Hits);
        Assert.Equal(["{}", "{}", "{}", "{}"], server.Bodies.Where(b => b.Length > 0).ToArray());
    }

    [Fact]
    public async Task Retries_stop_after_MaxRetryAttempts_and_a_probe_is_never_retried()
    {
        using var outbound = new OutboundClients(new Dictionary<string, string?> { ["Http:Resilience:Retry:MaxRetryAttempts"] = "2" });
        var http = outbound.Create();
        server.Answer(503).Answer(503).Answer(503).Answer(503);

        using (var exhausted = await http.GetAsync(server.Address, Ct))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, exhausted.StatusCode);
            Assert.Equal(3, server.Hits);
        }

        using var probe = new HttpRequestMessage(HttpMethod.Get, server.Address).WithoutRetries();
        using var answer = await http.SendAsync(probe, Ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.StatusCode);
        Assert.Equal(4, server.Hits);
    }

    [Fact]
    public async Task A_client_can_name_an_answer_its_service_documents_as_transient()
    {
        using var outbound = new OutboundClients();
        server.Answer(403, body: """{"error":{"errors":[{"reason":"rateLimitExceeded"}]}}""");

        using var request = new HttpRequestMessage(HttpMethod.Post, server.Address) { Content = new StringContent("{}") }
            .AlsoRetryWhen(async (response, ct) => (await response.Content.ReadAsStringAsync(ct)).Contains("rateLimitExceeded", StringComparison.Ordinal));
        using var answer = await outbound.Create().SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal(2, server.Hits);
    }

    private sealed class RetryLog : ILoggerProvider, ILogger
    {
        public ConcurrentQueue<string> Messages { get; } = new();

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Messages.Enqueue(formatter(state, exception));

        public void Dispose()
        {
        }
    }

    /// <summary>Answers each request with the next scripted status (and headers), 200 when the script is empty.</summary>
    private sealed class ScriptedServer : IAsyncDisposable
    {
        private readonly WebApplication app;
        private readonly ConcurrentQueue<(int Status, (string Name, string Value)[] Headers, string Body)> script = new();
        private int hits;

        private ScriptedServer(WebApplication app) => this.app = app;

        public Uri Address { get; private set; } = null!;

        public int Hits => Volatile.Read(ref hits);

        public ConcurrentQueue<string> Methods { get; } = new();

        public ConcurrentQueue<string> Bodies { get; } = new();

        public static async Task<ScriptedServer> StartAsync(CancellationToken cancellationToken)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            var app = builder.Build();
            var server = new ScriptedServer(app);
            app.Map("/{**path}", server.HandleAsync);
            await app.StartAsync(cancellationToken);
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            server.Address = new Uri(address.TrimEnd('/') + "/resource");
            return server;
        }

        public ScriptedServer Answer(int status, params (string Name, string Value)[] headers) => Answer(status, "", headers);

        public ScriptedServer Answer(int status, string body, params (string Name, string Value)[] headers)
        {
            script.Enqueue((status, headers, body));
            return this;
        }

        public async Task WaitForHitsAsync(int count)
        {
            for (var i = 0; Hits < count; i++)
            {
                Assert.True(i < 500, $"the server saw {Hits} requests, expected {count}");
                await Task.Delay(10, TestContext.Current.CancellationToken);
            }
        }

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }

        private async Task HandleAsync(HttpContext context)
        {
            using var reader = new StreamReader(context.Request.Body);
            Bodies.Enqueue(await reader.ReadToEndAsync(context.RequestAborted));
            Methods.Enqueue(context.Request.Method);
            Interlocked.Increment(ref hits);
            if (!script.TryDequeue(out var answer))
            {
                context.Response.StatusCode = 200;
                return;
            }

            context.Response.StatusCode = answer.Status;
            foreach (var (name, value) in answer.Headers)
            {
                context.Response.Headers[name] = value;
            }

            if (answer.Body.Length > 0)
            {
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(answer.Body, context.RequestAborted);
            }
        }
    }
}
