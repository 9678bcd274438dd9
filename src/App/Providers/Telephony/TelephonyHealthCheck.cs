using AiScheduler.Functions.Providers.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.Providers.Telephony;

/// <summary>
/// The <c>telephony</c> health check: healthy when the Call Automation endpoint (Azure Communication Services or the
/// emulator) answers an HTTP request at all - any status, since the probe is not signed; unhealthy when it cannot be
/// reached within <see cref="Timeout"/>. The description names the endpoint's host, never the access key.
/// </summary>
internal sealed class TelephonyHealthCheck(AcsConnectionSource connections, IHttpClientFactory clients, IOptions<TelephonyOptions> options)
    : IHealthCheck
{
    public const string HttpClientName = "telephony-health";
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        var provider = options.Value.Provider;
        AcsConnection connection;
        try
        {
            connection = await connections.GetAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"The {provider} telephony connection is not ready yet (the in-process emulator has not started).");
        }

        var where = $"{provider} telephony endpoint {connection.Endpoint.GetLeftPart(UriPartial.Authority)}";
        try
        {
            // Reported as seen: the shared outbound retries would turn "unreachable" into a timeout.
            using var request = new HttpRequestMessage(HttpMethod.Get, connection.Endpoint).WithoutRetries();
            using var response = await clients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            return HealthCheckResult.Healthy($"{where} answered {(int)response.StatusCode}");
        }
        catch (HttpRequestException e)
        {
            return HealthCheckResult.Unhealthy($"{where} is unreachable: {e.Message}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"{where} did not answer within {Timeout.TotalSeconds:0} s");
        }
    }
}
