using AiScheduler.Functions.Providers.Http;
using AiScheduler.Functions.Providers.Telephony;
using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.Calls.Callbacks;

/// <summary>
/// Self-host start-up check: when <c>Telephony:CallbackBaseUri</c> is set, the host must be able to reach itself there
/// (a GET of <c>/alive</c>; any HTTP answer proves the address leads somewhere that answers), or every call would
/// hang waiting for callbacks that go elsewhere. Fails the start with a message naming the setting. Turned off with
/// <c>Telephony:CheckCallbackBaseUri=false</c> behind a proxy whose public address the host cannot reach from inside.
/// </summary>
public static class CallbackBaseProbeServiceCollectionExtensions
{
    /// <summary>The self-host's start-up check that <c>Telephony:CallbackBaseUri</c> reaches this host (see <see cref="CallbackBaseProbe"/>).</summary>
    public static IServiceCollection AddCallbackBaseProbe(this IServiceCollection services)
    {
        services.AddHttpClient(nameof(CallbackBaseProbe));
        services.AddHostedService<CallbackBaseProbe>();
        return services;
    }
}

/// <summary>See <see cref="CallbackBaseProbeServiceCollectionExtensions.AddCallbackBaseProbe"/>.</summary>
internal sealed class CallbackBaseProbe(IOptions<TelephonyOptions> options, IHttpClientFactory clients, ILogger<CallbackBaseProbe> logger)
    : IHostedLifecycleService
{
    // Generous: a starved machine at start-up answers slowly, and any answer at all is the proof.
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public async Task StartedAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (settings.CallbackBaseUri is not { } configured || !settings.CheckCallbackBaseUri)
        {
            return;
        }

        var probe = new Uri(configured.AbsoluteUri.EndsWith('/') ? configured : new Uri(configured.AbsoluteUri + "/"), "alive");
        // /alive runs no dependency checks: the probe asks only whether the address reaches this process.
        string? failure;
        try
        {
            using var http = clients.CreateClient(nameof(CallbackBaseProbe));
            http.Timeout = Timeout;
            // Any answer proves the address reaches us: the shared outbound retries would wait out a 503 instead.
            using var request = new HttpRequestMessage(HttpMethod.Get, probe).WithoutRetries();
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            failure = null;
        }
        catch (HttpRequestException e)
        {
            failure = e.Message;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            failure = $"no answer within {Timeout.TotalSeconds:0} s";
        }

        if (failure is not null)
        {
            CallbackLog.CallbackBaseUnreachable(logger, configured, failure);
            throw new OptionsValidationException(TelephonyOptions.Section, typeof(TelephonyOptions),
            [
                $"Telephony:CallbackBaseUri {configured} cannot be reached by this app (GET {probe}: {failure}), so the telephony " +
                "service's callbacks would never arrive and every call would hang. Set it to the address this host is reached at " +
                "(or leave it unset to use the address the host listens on), or set Telephony:CheckCallbackBaseUri=false when " +
                "the host sits behind a proxy whose public address it cannot reach itself.",
            ]);
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
