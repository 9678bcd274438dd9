using System.Collections.Frozen;
using System.Runtime.CompilerServices;
using AiScheduler.Functions.Durable;
using AiScheduler.Functions.Hosting;
using AiScheduler.Functions.Security;
using Microsoft.AspNetCore.Routing.Template;
using Microsoft.DurableTask.Client;

namespace AiScheduler.Functions.Http;

/// <summary>
/// The self-host's endpoints, built once from the same <c>MapX</c> calls (<see cref="FeatureComposition.MapFeatures"/>)
/// so each HTTP function runs exactly the handler, parameter binding, validation and filters the self-host runs for
/// that route, behind the same sign-in and authorization (<see cref="EndpointAccess"/>). An HTTP function names its endpoint; the Functions host has already matched the (identical) route
/// template and its constraints, so this only extracts the route values and invokes the endpoint's request delegate.
/// </summary>
public sealed class ApiRoutes
{
    private readonly FrozenDictionary<string, Route> _routes;
    private readonly IProblemDetailsService _problems;
    private readonly ILogger<ApiRoutes> _logger;

    public ApiRoutes(IServiceProvider services, IProblemDetailsService problems, ILogger<ApiRoutes> logger)
    {
        _problems = problems;
        _logger = logger;
        var table = new RouteTable(services);
        table.MapOpenApi().WithName(OpenApiEndpoint);
        table.MapFeatures();
        _routes = table.DataSources
            .SelectMany(source => source.Endpoints)
            .OfType<RouteEndpoint>()
            .Select(endpoint => new Route(endpoint))
            .ToFrozenDictionary(route => route.Name, StringComparer.Ordinal);
    }

    /// <summary>The name the OpenAPI document's endpoint gets here (the self-host maps it unnamed).</summary>
    public const string OpenApiEndpoint = "OpenApiDocument";

    /// <summary>
    /// The endpoint named after the calling HTTP function (its method name, which is also its <c>[Function]</c> name)
    /// as the function's result: the Functions worker executes it on the request's context, which runs the endpoint and
    /// writes its response.
    /// </summary>
    public IResult Run(HttpRequest request, [CallerMemberName] string name = "") => Run(name, request);

    /// <summary>
    /// As <see cref="Run(HttpRequest, string)"/> for a function whose endpoint starts, signals or queries an
    /// orchestration: binds the invocation's <c>[DurableClient]</c> first (<see cref="FunctionsDurableClient.Bind"/>).
    /// </summary>
    public IResult Run(HttpRequest request, FunctionsDurableClient durable, DurableTaskClient client, [CallerMemberName] string name = "")
    {
        ArgumentNullException.ThrowIfNull(durable);
        durable.Bind(client);
        return Run(name, request);
    }

    /// <summary>
    /// The endpoint named <paramref name="name"/> as the HTTP function's result: the Functions worker executes it on the
    /// request's context, which runs the endpoint and writes its response.
    /// </summary>
    public IResult Run(string name, HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return _routes.TryGetValue(name, out var route)
            ? new EndpointResult(this, route)
            : throw new InvalidOperationException($"No endpoint named '{name}' is mapped; the function and the feature's MapX disagree.");
    }

    private async Task InvokeAsync(Route route, HttpContext context)
    {
        var request = context.Request;
        var name = route.Name;
        var values = new RouteValueDictionary();
        if (!route.Matcher.TryMatch(request.Path, values))
        {
            // The Functions host matched this function's route, so the two templates differ; say which.
            throw new InvalidOperationException(
                $"Request path '{request.Path}' does not match endpoint '{name}' ({route.Endpoint.RoutePattern.RawText}).");
        }

        request.RouteValues = values;
        context.SetEndpoint(route.Endpoint);
        // The Functions worker runs no ASP.NET Core middleware: sign-in, the route's authorization (every route but the
        // documented exemptions) and the antiforgery check run here, as the self-host's pipeline runs them.
        var access = context.RequestServices.GetRequiredService<EndpointAccess>();
        if (!await access.AuthorizeAsync(context, route.Endpoint) || !await access.CheckAntiforgeryAsync(context))
        {
            return;
        }

        try
        {
            await route.Endpoint.RequestDelegate!(context);
        }
        catch (Exception ex) when (ex is not OperationCanceledException && !context.Response.HasStarted)
        {
            // The self-host's UseExceptionHandler answers an unhandled exception with a 500 problem details; so does this.
            Log.EndpointFailed(_logger, ex, name);
            context.Response.Clear();
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            await _problems.WriteAsync(new ProblemDetailsContext { HttpContext = context, Exception = ex });
        }
    }

    private sealed class EndpointResult(ApiRoutes routes, Route route) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext) => routes.InvokeAsync(route, httpContext);
    }

    private sealed class Route
    {
        public Route(RouteEndpoint endpoint)
        {
            Endpoint = endpoint;
            Name = endpoint.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName
                ?? throw new InvalidOperationException($"Endpoint '{endpoint.RoutePattern.RawText}' has no name (WithName); HTTP functions find endpoints by name.");
            Matcher = new TemplateMatcher(new RouteTemplate(endpoint.RoutePattern), new RouteValueDictionary());
        }

        public RouteEndpoint Endpoint { get; }

        public string Name { get; }

        public TemplateMatcher Matcher { get; }
    }

    /// <summary>An endpoint route builder that only collects endpoints (nothing here serves them itself).</summary>
    private sealed class RouteTable(IServiceProvider services) : IEndpointRouteBuilder
    {
        public IServiceProvider ServiceProvider { get; } = services;

        public ICollection<EndpointDataSource> DataSources { get; } = [];

        public IApplicationBuilder CreateApplicationBuilder() => new ApplicationBuilder(ServiceProvider);
    }
}

internal static partial class Log
{
    [LoggerMessage(EventId = 9100, Level = LogLevel.Error, Message = "Endpoint {Endpoint} failed; answered 500 with problem details")]
    public static partial void EndpointFailed(ILogger logger, Exception exception, string endpoint);
}
