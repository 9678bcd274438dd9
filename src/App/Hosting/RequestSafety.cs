using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace AiScheduler.Functions.Hosting;

/// <summary>
/// The self-host's request hardening (README "Security hardening"): security headers on every response, an explicit
/// CORS policy (none unless <c>Cors:AllowedOrigins</c>), no "simple" cross-site POST to the API, rate limits per caller,
/// and problem details naming the field for every body or route value that cannot be read.
/// </summary>
public static class RequestSafety
{
    /// <summary>
    /// A header a foreign page cannot add to a cross-site request without a CORS preflight (which this app does not
    /// grant). A POST to the API with no body or a form/text body must carry it, a Bearer key or the antiforgery header.
    /// </summary>
    public const string RequestedWithHeader = "X-Requested-With";

    /// <summary>The antiforgery header the dashboard sends (auth contract).</summary>
    public const string AntiforgeryHeader = "X-XSRF-TOKEN";

    private static readonly string[] SimpleContentTypes = ["application/x-www-form-urlencoded", "multipart/form-data", "text/plain"];

    public static IServiceCollection AddRequestSafety(this IServiceCollection services)
    {
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RateLimitOptions>, RateLimitOptionsValidation>();
        services.AddOptions<CorsSettings>().BindConfiguration(CorsSettings.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<CorsSettings>, CorsSettingsValidation>();

        // CORS: no policy at all unless origins are configured; then those origins only, without credentials (the
        // dashboard is same-origin; a cross-origin integration authenticates with a Bearer key, not a cookie).
        services.AddCors();
        services.AddOptions<CorsOptions>().Configure<IOptions<CorsSettings>>((cors, settings) =>
        {
            if (settings.Value.AllowedOrigins.Count > 0)
            {
                cors.AddDefaultPolicy(policy => policy
                    .WithOrigins([.. settings.Value.AllowedOrigins])
                    .WithMethods("GET", "POST", "PUT", "PATCH", "DELETE")
                    .WithHeaders("Authorization", "Content-Type", RequestedWithHeader, AntiforgeryHeader)
                    .WithExposedHeaders("Location", "Retry-After"));
            }
        });

        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(context => Partition(context, upload: false)),
                PartitionedRateLimiter.Create<HttpContext, string>(context => Partition(context, upload: true)));
            options.OnRejected = RejectedAsync;
        });

        // Binding failures (malformed JSON, wrong types, bad GUIDs, missing bodies) throw, so the handler below can say
        // which field was wrong instead of the framework's empty 400.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.AddExceptionHandler<BadRequestProblems>();
        services.Configure<ExceptionHandlerOptions>(options =>
            options.SuppressDiagnosticsCallback = context => context.Exception is BadHttpRequestException);
        // {id:guid} segments match any value so a bad GUID reaches binding and is answered 400 naming the parameter,
        // rather than a 404 that says nothing.
        services.Configure<RouteOptions>(options => options.SetParameterPolicy<AnyValueForGuid>("guid"));
        return services;
    }

    /// <summary>Security headers, CORS and the simple-request guard; before authentication.</summary>
    public static IApplicationBuilder UseBrowserSafety(this IApplicationBuilder app)
    {
        app.Use(static (context, next) =>
        {
            context.Response.OnStarting(static state => AddSecurityHeaders((HttpContext)state), context);
            return next(context);
        });
        app.UseCors();
        app.Use(static async (context, next) =>
        {
            if (RefusedAsSimpleCrossSite(context.Request) is { } problem)
            {
                context.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
                await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context,
                    ProblemDetails = problem,
                });
                return;
            }

            await next(context);
        });
        return app;
    }

    /// <summary>Rate limits per caller; after authentication, so the caller's identity is known.</summary>
    public static IApplicationBuilder UseRateLimits(this IApplicationBuilder app) => app.UseRateLimiter();

    /// <summary>
    /// The caller a request is counted against: the signed-in user or API key (<see cref="ClaimTypes.NameIdentifier"/>,
    /// <c>user:&lt;id&gt;</c> or <c>key:&lt;id&gt;</c>), else the remote address.
    /// </summary>
    public static string CallerOf(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.User.FindFirst(ClaimTypes.NameIdentifier)?.Value is { Length: > 0 } id
            ? id
            : "ip:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
    }

    /// <summary>
    /// Provider webhooks and health probes are never limited: the telephony service and Event Grid deliver from a few
    /// addresses in bursts and retry what we refuse, and each webhook request authenticates itself (signed URL, key).
    /// </summary>
    public static bool IsExempt(PathString path) =>
        path.StartsWithSegments("/api/callbacks", StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments("/api/eventgrid", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/healthz", StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments("/alive", StringComparison.OrdinalIgnoreCase);

    private static RateLimitPartition<string> Partition(HttpContext context, bool upload)
    {
        if (IsExempt(context.Request.Path))
        {
            return RateLimitPartition.GetNoLimiter("exempt");
        }

        var settings = context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
        if (upload)
        {
            var name = context.GetEndpoint()?.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName;
            if (name is null || !settings.UploadEndpoints.Contains(name, StringComparer.Ordinal))
            {
                return RateLimitPartition.GetNoLimiter("not-an-upload");
            }

            return RateLimitPartition.GetSlidingWindowLimiter("upload:" + CallerOf(context), _ => Window(settings.UploadsPerMinute));
        }

        return RateLimitPartition.GetSlidingWindowLimiter(CallerOf(context), _ => Window(settings.PermitsPerMinute));
    }

    private static SlidingWindowRateLimiterOptions Window(int permitsPerMinute) => new()
    {
        PermitLimit = permitsPerMinute,
        Window = TimeSpan.FromMinutes(1),
        SegmentsPerWindow = 6,
        QueueLimit = 0,
        AutoReplenishment = true,
    };

    private static async ValueTask RejectedAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) && after > TimeSpan.Zero
            ? after
            : TimeSpan.FromSeconds(10);
        var seconds = (int)Math.Ceiling(retryAfter.TotalSeconds);
        context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many requests",
                Detail = $"This caller has used its share of requests (RateLimits:PermitsPerMinute, RateLimits:UploadsPerMinute for uploads); try again in {seconds} s.",
            },
        });
    }

    private static Task AddSecurityHeaders(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.XFrameOptions = "DENY";
        var html = context.Response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true;
        if (html)
        {
            // The dashboard and the meeting room: their own scripts and styles, their SignalR connection, nothing else.
            var host = context.Request.Host.Value;
            headers.ContentSecurityPolicy =
                "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
                "media-src 'self' blob: data:; worker-src 'self' blob:; " +
                $"connect-src 'self' ws://{host} wss://{host}; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
        }
        else if (!headers.ContainsKey(HeaderNames.ContentSecurityPolicy))
        {
            headers.ContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";
        }

        return Task.CompletedTask;
    }

    // A POST a foreign page could send without a preflight: no body or a form/text body, and none of the headers that
    // only a script with CORS permission (or a non-browser client) can add.
    private static ProblemDetails? RefusedAsSimpleCrossSite(HttpRequest request)
    {
        if (!HttpMethods.IsPost(request.Method) || !request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase) || IsExempt(request.Path))
        {
            return null;
        }

        var headers = request.Headers;
        if (headers.ContainsKey(HeaderNames.Authorization) || headers.ContainsKey(AntiforgeryHeader) || headers.ContainsKey(RequestedWithHeader))
        {
            return null;
        }

        var mediaType = MediaTypeHeaderValue.TryParse(request.ContentType, out var parsed) ? parsed.MediaType.Value : null;
        if (mediaType is not null && !SimpleContentTypes.Contains(mediaType, StringComparer.OrdinalIgnoreCase))
        {
            return null;
        }

        return new HttpValidationProblemDetails(new Dictionary<string, string[]>(StringComparer.Ordinal)
        {
            [HeaderNames.ContentType] =
            [
                mediaType is null
                    ? "This POST has no Content-Type; send Content-Type: application/json (an empty body is fine)."
                    : $"'{mediaType}' is a content type any web page can send cross-site; send JSON (application/json) or add a {RequestedWithHeader} header.",
            ],
        })
        {
            Status = StatusCodes.Status415UnsupportedMediaType,
            Title = "Request refused as a possible cross-site request",
            Detail = $"A POST to the API needs Content-Type: application/json, an Authorization header, the {AntiforgeryHeader} header or a " +
                $"{RequestedWithHeader} header (e.g. '{RequestedWithHeader}: AiScheduler'), so that a foreign web page cannot send it. " +
                "A CSV upload sent as text/csv needs none of these; as multipart/form-data or text/plain it needs one.",
        };
    }
}

/// <summary>The <c>RateLimits</c> section: requests per caller per minute (a sliding window).</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>Requests per caller (user, API key, or remote address when anonymous) per minute.</summary>
    public int PermitsPerMinute { get; set; } = 300;

    /// <summary>Uploads per caller per minute, counted on top of <see cref="PermitsPerMinute"/>.</summary>
    public int UploadsPerMinute { get; set; } = 10;

    /// <summary>Endpoint names limited as uploads.</summary>
    public IList<string> UploadEndpoints { get; } = new List<string> { "UploadLeads" };
}

internal sealed class RateLimitOptionsValidation : IValidateOptions<RateLimitOptions>
{
    public ValidateOptionsResult Validate(string? name, RateLimitOptions options) =>
        options.PermitsPerMinute < 1 || options.UploadsPerMinute < 1
            ? ValidateOptionsResult.Fail("RateLimits:PermitsPerMinute and RateLimits:UploadsPerMinute must be at least 1 (defaults 300 and 10).")
            : ValidateOptionsResult.Success;
}

/// <summary>The <c>Cors</c> section: origins allowed to call the API from a browser; none by default.</summary>
public sealed class CorsSettings
{
    public const string Section = "Cors";

    /// <summary>Exact origins (<c>https://crm.example.com</c>); empty means no cross-origin access at all.</summary>
    public IList<string> AllowedOrigins { get; } = new List<string>();
}

internal sealed class CorsSettingsValidation : IValidateOptions<CorsSettings>
{
    public ValidateOptionsResult Validate(string? name, CorsSettings options)
    {
        var bad = options.AllowedOrigins
            .Where(origin => origin == "*" || !Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
                || uri.AbsolutePath != "/" || origin.EndsWith('/'))
            .ToList();
        return bad.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"Cors:AllowedOrigins must list exact origins such as https://crm.example.com (no '*', no path, no trailing slash); not: {string.Join(", ", bad)}.");
    }
}

/// <summary>The <c>guid</c> route constraint, relaxed: any value matches, and binding answers a bad one with a 400.</summary>
internal sealed class AnyValueForGuid : IRouteConstraint
{
    public bool Match(HttpContext? httpContext, IRouter? route, string routeKey, RouteValueDictionary values, RouteDirection routeDirection) =>
        routeDirection == RouteDirection.IncomingRequest
        || (values.TryGetValue(routeKey, out var value) && (value is Guid || Guid.TryParse(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture), out _)));
}
