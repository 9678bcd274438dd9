using System.Globalization;
using System.Net;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Timeout;

namespace AiScheduler.Functions.Providers.Http;

/// <summary>
/// The one resilience configuration every outbound HttpClient of the app gets (Google Calendar, SendGrid, ACS Call
/// Automation, Azure AI Speech, OpenAI / Azure OpenAI, and the small metadata and probe clients): Microsoft's standard
/// resilience handler (rate limiter, total timeout, retry, circuit breaker, attempt timeout) with options from
/// <c>Http:Resilience:*</c>, one pipeline instance per remote host so one failing service never opens the circuit of
/// another. The retry waits as long as the service says (<c>Retry-After</c>, or <c>X-RateLimit-Reset</c> in epoch
/// seconds as SendGrid sends it), at most <c>Http:Resilience:Retry:MaxDelay</c>, otherwise backs off exponentially.
/// <para>
/// Which requests are repeated is decided here, not per client: 429 and 503 (the service did not take the request) and
/// failures to connect are retried for every request; other 5xx, 408 and timeouts only for requests that are safe to
/// send twice - idempotent methods (GET, HEAD, OPTIONS, PUT, DELETE), requests carrying ACS's
/// <c>Repeatability-Request-ID</c>, and requests a client marks with <see cref="MarkRetrySafe"/> because their body makes
/// them idempotent. A client may also name responses it knows to be transient (<see cref="AlsoRetryWhen"/>), or take a
/// request out of the retries (<see cref="WithoutRetries"/>, the health probe).
/// </para>
/// </summary>
public static class OutboundHttp
{
    /// <summary>The configuration section of the shared options (<see cref="HttpStandardResilienceOptions"/>).</summary>
    public const string Section = "Http:Resilience";

    private static readonly HttpRequestOptionsKey<bool> RetrySafeKey = new("AiScheduler.RetrySafe");

    private static readonly HttpRequestOptionsKey<bool> NoRetriesKey = new("AiScheduler.NoRetries");

    private static readonly HttpRequestOptionsKey<Func<HttpResponseMessage, CancellationToken, ValueTask<bool>>> TransientKey =
        new("AiScheduler.TransientWhen");

    /// <summary>
    /// Gives every HttpClient made by the factory in this container the shared resilience handler; calling it again
    /// (each provider's registration does) changes nothing.
    /// </summary>
    public static IServiceCollection AddOutboundHttp(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(d => d.ServiceType == typeof(Marker)))
        {
            return services;
        }

        services.AddSingleton<Marker>();
        services.TryAddSingleton(TimeProvider.System);
        services.ConfigureHttpClientDefaults(http =>
        {
            // The resilience handler's total timeout bounds a request with its retries; HttpClient's own 100 s limit
            // would cut a wait the service asked for.
            http.ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan);
            http.AddStandardResilienceHandler()
                .Configure((options, sp) => Configure(
                    options,
                    sp.GetService<IConfiguration>()?.GetSection(Section),
                    sp.GetRequiredService<TimeProvider>(),
                    sp.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(OutboundHttp))))
                .SelectPipelineByAuthority();
        });
        return services;
    }

    /// <summary>Marks a request whose repetition is harmless (its body carries an id the service deduplicates on, or it only reads).</summary>
    public static HttpRequestMessage MarkRetrySafe(this HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Options.Set(RetrySafeKey, true);
        return request;
    }

    /// <summary>A request that reports what it sees at once (a health probe): never retried.</summary>
    public static HttpRequestMessage WithoutRetries(this HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Options.Set(NoRetriesKey, true);
        return request;
    }

    /// <summary>Names further answers the service documents as "retry with backoff" (e.g. Google's 403 rateLimitExceeded).</summary>
    public static HttpRequestMessage AlsoRetryWhen(this HttpRequestMessage request, Func<HttpResponseMessage, CancellationToken, ValueTask<bool>> transient)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Options.Set(TransientKey, transient);
        return request;
    }

    /// <summary>Whether a retry of <paramref name="request"/> cannot do a second time what the first attempt did.</summary>
    public static bool IsRetrySafe(HttpRequestMessage? request)
    {
        if (request is null)
        {
            return false;
        }

        if (request.Options.TryGetValue(RetrySafeKey, out var safe) && safe)
        {
            return true;
        }

        var method = request.Method;
        return method == HttpMethod.Get || method == HttpMethod.Head || method == HttpMethod.Options || method == HttpMethod.Put ||
               method == HttpMethod.Delete || request.Headers.Contains("Repeatability-Request-ID");
    }

    /// <summary>
    /// How long the service asked us to wait: <c>Retry-After</c> (seconds or an HTTP date), else <c>X-RateLimit-Reset</c>
    /// (epoch seconds); never below zero or above <paramref name="maxDelay"/>; null when it did not say.
    /// </summary>
    public static TimeSpan? ServerDelay(HttpResponseMessage? response, DateTimeOffset now, TimeSpan maxDelay)
    {
        if (response is null)
        {
            return null;
        }

        TimeSpan? told = null;
        if (response.Headers.RetryAfter is { } retryAfter)
        {
            told = retryAfter.Delta ?? (retryAfter.Date is { } date ? date - now : null);
        }
        else if (response.Headers.TryGetValues("X-RateLimit-Reset", out var resets) &&
                 long.TryParse(resets.FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var epoch))
        {
            told = DateTimeOffset.FromUnixTimeSeconds(epoch) - now;
        }

        return told is not { } delay ? null : delay < TimeSpan.Zero ? TimeSpan.Zero : delay > maxDelay ? maxDelay : delay;
    }

    /// <summary>The app's defaults, then <c>Http:Resilience:*</c>, then the retry rules above.</summary>
    internal static void Configure(HttpStandardResilienceOptions options, IConfiguration? section, TimeProvider time, ILogger logger)
    {
        options.Retry.MaxRetryAttempts = 3;
        options.Retry.Delay = TimeSpan.FromSeconds(1);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(60);
        options.Retry.BackoffType = DelayBackoffType.Exponential;
        options.Retry.UseJitter = true;
        options.AttemptTimeout.Timeout = TimeSpan.FromSeconds(30);
        options.TotalRequestTimeout.Timeout = TimeSpan.FromMinutes(3);
        options.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(60);
        section?.Bind(options);

        var maxDelay = options.Retry.MaxDelay ?? TimeSpan.FromSeconds(60);
        options.Retry.ShouldHandle = args => ShouldRetryAsync(args.Outcome, args.Context);
        options.Retry.DelayGenerator = args => ValueTask.FromResult(ServerDelay(args.Outcome.Result, time.GetUtcNow(), maxDelay));
        options.Retry.OnRetry = args =>
        {
            var request = args.Context.GetRequestMessage();
            Log.Retrying(logger, request?.Method.Method ?? "?", request?.RequestUri?.Host ?? "?",
                args.Outcome.Result is { } response ? ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture) : args.Outcome.Exception?.GetType().Name ?? "?",
                args.AttemptNumber + 1, args.RetryDelay);
            return ValueTask.CompletedTask;
        };
    }

    private static async ValueTask<bool> ShouldRetryAsync(Outcome<HttpResponseMessage> outcome, ResilienceContext context)
    {
        var request = outcome.Result?.RequestMessage ?? context.GetRequestMessage();
        if (request is not null && request.Options.TryGetValue(NoRetriesKey, out var noRetries) && noRetries)
        {
            return false;
        }

        if (outcome.Exception is { } exception)
        {
            return exception switch
            {
                // Nothing reached the service: repeating cannot do anything twice.
                HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError } => true,
                HttpRequestException or TimeoutRejectedException => IsRetrySafe(request),
                _ => false,
            };
        }

        if (outcome.Result is not { } result)
        {
            return false;
        }

        var status = result.StatusCode;
        if (status is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable)
        {
            return true;
        }

        if (status == HttpStatusCode.RequestTimeout || (int)status >= 500)
        {
            return IsRetrySafe(request);
        }

        return request is not null && request.Options.TryGetValue(TransientKey, out var transient) && await transient(result, context.CancellationToken);
    }

    private sealed class Marker;
}
