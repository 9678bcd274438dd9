using System.Text.Json;
using AiScheduler.Durable;
using AiScheduler.Functions.Calls;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace AiScheduler.Functions.Hosting;

/// <summary>
/// What every deployable of the app sets up the same way, after eShop's ServiceDefaults: OpenTelemetry traces and
/// metrics, OTLP export when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, and the two health endpoints. Both hosts call
/// <see cref="AddServiceDefaults"/> (src/Host in <c>AppHost.Build</c>, src/Functions in its Program.cs).
/// </summary>
public static class ServiceDefaults
{
    /// <summary>The tag of the checks <c>/alive</c> runs: only the process's own, never a dependency.</summary>
    public const string LiveTag = "live";

    public const string AlivePath = "/alive";
    public const string HealthPath = "/healthz";

    /// <summary>
    /// Traces: ASP.NET Core requests, outbound HttpClient requests, the app's <c>AiScheduler</c> source (callback
    /// inbox, call turn, telephony commands) and the durable engine's <c>AiScheduler.Durable</c> source (orchestration
    /// steps, activities). Metrics: the <c>AiScheduler</c> meter, ASP.NET Core, HttpClient and .NET runtime.
    /// <para>
    /// The providers are built only when something exports: OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, or an
    /// exporter another registration adds (<c>AddOpenTelemetry().WithTracing(t =&gt; t.AddInMemoryExporter(...))</c> in
    /// a test). Otherwise nothing listens, and spans and measurements cost nothing on the call's hot path.
    /// </para>
    /// </summary>
    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        var serviceName = builder.Environment.ApplicationName;
        builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing
            .ConfigureResource(resource => resource.AddService(serviceName))
            .AddSource(AppTracing.SourceName, DurableTracing.SourceName)
            // Probes every few seconds would drown the traces that matter.
            .AddAspNetCoreInstrumentation(options => options.Filter = context => !IsProbe(context.Request.Path))
            .AddHttpClientInstrumentation());
        builder.Services.ConfigureOpenTelemetryMeterProvider(metrics => metrics
            .ConfigureResource(resource => resource.AddService(serviceName))
            .AddMeter(CallMetrics.MeterName)
            .AddAspNetCoreInstrumentation()
            .AddHttpClientInstrumentation()
            .AddRuntimeInstrumentation());
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            // Endpoint, protocol, headers and resource attributes come from the standard OTEL_* variables.
            builder.Services.AddOpenTelemetry().WithTracing(_ => { }).WithMetrics(_ => { }).UseOtlpExporter();
        }

        builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy("process running"), [LiveTag]);
        return builder;
    }

    /// <summary>
    /// <c>GET /alive</c>: the process answers (only checks tagged <see cref="LiveTag"/>), for a liveness probe that must
    /// not restart the app because a dependency is down. <c>GET /healthz</c>: every check - store, storage, durable
    /// backlog, telephony - 503 naming the failing ones. Both are anonymous and answer JSON without secrets.
    /// </summary>
    public static IEndpointRouteBuilder MapDefaultEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks(HealthPath, new HealthCheckOptions { ResponseWriter = WriteReportAsync })
            .WithName("Health").AllowAnonymous();
        endpoints.MapHealthChecks(AlivePath, new HealthCheckOptions { Predicate = r => r.Tags.Contains(LiveTag), ResponseWriter = WriteReportAsync })
            .WithName("Alive").AllowAnonymous();
        return endpoints;
    }

    private static bool IsProbe(PathString path) => path.StartsWithSegments(HealthPath, StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments(AlivePath, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// <c>{ "status", "checks": [ { "name", "status", "description", "durationMs" } ] }</c>: the checks' own
    /// descriptions (written to name the dependency and what failed, never a credential), no exception details.
    /// </summary>
    internal static Task WriteReportAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = new HealthBody(report.Status.ToString(), report.Entries
            .Select(e => new HealthCheckBody(e.Key, e.Value.Status.ToString(), e.Value.Description, Math.Round(e.Value.Duration.TotalMilliseconds, 1)))
            .ToList());
        return context.Response.WriteAsJsonAsync(body, HealthJson, context.RequestAborted);
    }

    private static readonly JsonSerializerOptions HealthJson = new(JsonSerializerDefaults.Web);

    internal sealed record HealthBody(string Status, IReadOnlyList<HealthCheckBody> Checks);

    internal sealed record HealthCheckBody(string Name, string Status, string? Description, double DurationMs);
}
