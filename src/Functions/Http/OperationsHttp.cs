using Microsoft.Azure.Functions.Worker.Http;

namespace AiScheduler.Functions.Http;

/// <summary>
/// Analytics, health and the OpenAPI document.
/// Each function runs the self-host's endpoint of the same name (<see cref="ApiRoutes"/>) on the same route.
/// </summary>
public sealed class OperationsHttp(ApiRoutes routes)
{
    [Function(nameof(AnalyticsOverview))]
    public IResult AnalyticsOverview([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/analytics/overview")] HttpRequest request) =>
        routes.Run(request);

    [Function(nameof(AnalyticsCallOutcomes))]
    public IResult AnalyticsCallOutcomes([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/analytics/call-outcomes")] HttpRequest request) =>
        routes.Run(request);

    [Function(nameof(AnalyticsBookingTimes))]
    public IResult AnalyticsBookingTimes([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/analytics/booking-times")] HttpRequest request) =>
        routes.Run(request);

    [Function(nameof(AnalyticsLanguageDistribution))]
    public IResult AnalyticsLanguageDistribution([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/analytics/language-distribution")] HttpRequest request) =>
        routes.Run(request);

    [Function(nameof(AnalyticsCallsOverTime))]
    public IResult AnalyticsCallsOverTime([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/analytics/calls-over-time")] HttpRequest request) =>
        routes.Run(request);

    [Function(nameof(Health))]
    public IResult Health([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "healthz")] HttpRequest request) =>
        routes.Run(request);

    [Function(nameof(Alive))]
    public IResult Alive([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "alive")] HttpRequest request) =>
        routes.Run(request);

    [Function(nameof(OpenApiDocument))]
    public IResult OpenApiDocument([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "openapi/{documentName}.json")] HttpRequest request) =>
        routes.Run(request);
}
