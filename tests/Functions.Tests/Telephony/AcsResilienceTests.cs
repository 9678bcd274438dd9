using System.Collections.Concurrent;
using System.Security.Cryptography;
using AiScheduler.Domain.Phones;
using AiScheduler.Emulators;
using AiScheduler.Functions.Providers.Telephony;
using AiScheduler.Functions.Tests.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using static AiScheduler.Functions.Tests.Telephony.TelephonyTestHost;

namespace AiScheduler.Functions.Tests.Telephony;

public class AcsResilienceTests
{
    private static readonly PhoneNumber Target = PhoneNumber.Parse(Callee);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Injected_server_errors_are_retried_and_every_operation_still_succeeds()
    {
        await using var host = await StartAsync(emulatorOptions: o => o.Faults.ServerErrorRate = 0.5, personas: [Persona(Emulators.Callees.AnswerKind.Human, Emulators.Callees.OutOfRepliesBehaviour.Silence, "Yes")]);

        var call = await host.Telephony.PlaceCallAsync(new PlaceCall(Target, host.Callbacks.ForCall("c")), Ct);
        await host.Events.WaitForAsync<CallConnected>();
        await host.Telephony.GetCallAsync(call.CallConnectionId, Ct);
        await host.Telephony.PlayAsync(call.CallConnectionId, new SpokenPrompt("Hello", "en-US"), "p", Ct);
        await host.Telephony.RecognizeAsync(call.CallConnectionId, new SpeechRecognition(Target, "en-US"), Ct);
        await host.Events.WaitForAsync<RecognizeCompleted>();
        await host.Telephony.HangUpAsync(call.CallConnectionId, true, Ct);
        await host.Events.WaitForAsync<CallDisconnected>();

        Assert.True(host.Emulator!.Counters.InjectedServerErrors >= 2);
        Assert.Equal(1, host.Emulator.Counters.CallsCreated);
    }

    [Fact]
    public async Task A_service_that_keeps_failing_gives_up_after_the_configured_retries_with_a_typed_error()
    {
        await using var host = await StartAsync(emulatorOptions: o => o.Faults.ServerErrorRate = 1);

        var error = await Assert.ThrowsAsync<TelephonyUnavailableException>(() => host.Telephony.GetCallAsync("any", Ct));

        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, error.Status);
        Assert.Equal("ServiceUnavailable", error.Code);
        Assert.Equal(4, host.Emulator!.Counters.Requests); // the first attempt and Http:Resilience:Retry:MaxRetryAttempts = 3
    }

    [Fact]
    public async Task A_wrong_access_key_fails_at_once_with_an_authentication_error()
    {
        await using var host = await StartAsync(accessKeyOverride: Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));

        var error = await Assert.ThrowsAsync<TelephonyAuthenticationException>(
            () => host.Telephony.PlaceCallAsync(new PlaceCall(Target, host.Callbacks.ForCall("c")), Ct));

        Assert.Equal("Denied", error.Code);
        Assert.Equal(1, host.Emulator!.Counters.RejectedSignatures);
    }

    [Fact]
    public async Task A_bad_request_surfaces_the_services_message()
    {
        await using var host = await StartAsync();

        var error = await Assert.ThrowsAsync<TelephonyRequestException>(
            () => host.Telephony.AnswerCallAsync(new AnswerCall("not-a-context", host.Callbacks.ForCall("c")), Ct));

        Assert.Contains("incomingCallContext", error.Message);
    }

    [Fact]
    public async Task Retried_creates_resend_the_same_signed_request_with_its_repeatability_headers()
    {
        var options = new EmulatorOptions { AccessKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), TimeScale = 0.01, RenderSpeech = false };
        options.Faults.ServerErrorRate = 0.5;
        options.Faults.RetryAfterSeconds = 0;
        await using var emulator = await EmulatorHost.StartAsync(options, Ct, b => b.Logging.SetMinimumLevel(LogLevel.Warning));
        var seen = new ConcurrentQueue<(string? Id, string? FirstSent, string? Hash, string? Signature)>();
        using var outbound = new OutboundClients(configure: s => s.AddHttpClient("acs").AddHttpMessageHandler(() => new Recording(seen)));
        var telephony = new TelephonyOptions { Provider = TelephonyProvider.Acs };
        telephony.Acs.CallerId = CallerId;
        var client = new AcsCallAutomationClient(outbound.Create("acs"), new AcsConnectionSource(AcsConnection.FromConnectionString(emulator.ConnectionString)), Options.Create(telephony), TimeProvider.System, NullLogger<AcsCallAutomationClient>.Instance);

        // Request 1 succeeds (404), request 2 (the create) gets an injected 503, request 3 is its retry.
        await Assert.ThrowsAsync<CallNotFoundException>(() => client.GetCallAsync("warm-up", Ct));
        await client.PlaceCallAsync(new PlaceCall(Target, new Uri("http://127.0.0.1:9/callbacks")), Ct);

        var attempts = seen.Skip(1).ToList();
        Assert.Equal(2, attempts.Count);
        Assert.NotNull(attempts[0].Id);
        Assert.Equal(attempts[0].Id, attempts[1].Id);
        Assert.Equal(attempts[0].FirstSent, attempts[1].FirstSent);
        Assert.Equal(attempts[0].Hash, attempts[1].Hash);
        Assert.Equal(attempts[0].Signature, attempts[1].Signature);
        Assert.Equal(1, emulator.Counters.InjectedServerErrors);
        Assert.Equal(1, emulator.Counters.CallsCreated);
    }

    [Fact]
    public async Task The_retry_waits_as_long_as_Retry_After_says()
    {
        var options = new EmulatorOptions { AccessKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), TimeScale = 0.01, RenderSpeech = false };
        options.Faults.ServerErrorRate = 0.5;
        options.Faults.RetryAfterSeconds = 1;
        await using var emulator = await EmulatorHost.StartAsync(options, Ct, b => b.Logging.SetMinimumLevel(LogLevel.Warning));
        var telephony = new TelephonyOptions { Provider = TelephonyProvider.Acs };
        telephony.Acs.CallerId = CallerId;
        var log = new RetryLog();
        using var outbound = new OutboundClients(log: log);
        var client = new AcsCallAutomationClient(outbound.Create(), new AcsConnectionSource(AcsConnection.FromConnectionString(emulator.ConnectionString)), Options.Create(telephony), TimeProvider.System, NullLogger<AcsCallAutomationClient>.Instance);

        await Assert.ThrowsAsync<CallNotFoundException>(() => client.GetCallAsync("first", Ct));
        await Assert.ThrowsAsync<CallNotFoundException>(() => client.GetCallAsync("second-is-retried", Ct));

        var retry = Assert.Single(log.Messages, m => m.StartsWith("Outbound ", StringComparison.Ordinal));
        Assert.Contains("GET", retry);
        Assert.Contains("answered 503", retry);
        Assert.Contains("in 00:00:01", retry);
    }

    private sealed class RetryLog : ILoggerProvider, ILogger
    {
        public ConcurrentQueue<string> Messages { get; } = new();

        public ILogger CreateLogger(string categoryName) => this;

        public void Dispose()
        {
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Messages.Enqueue(formatter(state, exception));
    }

    private sealed class Recording(ConcurrentQueue<(string? Id, string? FirstSent, string? Hash, string? Signature)> seen) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            static string? Header(HttpRequestMessage r, string name) => r.Headers.TryGetValues(name, out var v) ? v.Single() : null;
            seen.Enqueue((Header(request, "Repeatability-Request-ID"), Header(request, "Repeatability-First-Sent"), Header(request, "x-ms-content-sha256"), Header(request, "Authorization")));
            return base.SendAsync(request, cancellationToken);
        }
    }
}
