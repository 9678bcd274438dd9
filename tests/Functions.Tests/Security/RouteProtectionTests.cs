using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using AiScheduler.Functions.Store;
using AiScheduler.Functions.Tests.Infrastructure;
using AiScheduler.Testing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;

namespace AiScheduler.Functions.Tests.Security;

/// <summary>
/// Every route the app serves, found from the OpenAPI document and from the endpoint data source (so routes left out of
/// the document are covered too), refuses a caller without credentials with 401 problem details, except the documented
/// exemptions (README, "Security: sign-in, workspaces and API keys"), which keep their own authentication.
/// </summary>
public sealed partial class RouteProtectionTests(PostgresFixture postgres)
{
    /// <summary>The documented exemptions; a route allowing anonymous callers that is not here fails the test.</summary>
    private static readonly HashSet<string> Exempt = new(StringComparer.Ordinal)
    {
        "GET /healthz",
        "GET /alive",
        "POST /api/auth/sign-in",
        "GET /api/auth/antiforgery",
        "GET /api/auth/entra/sign-in",
        "POST /api/callbacks/acs/{callId}",
        "POST /api/eventgrid",
        "OPTIONS /api/eventgrid",
        "GET /meet/{meetingId}",
    };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_route_answers_401_without_credentials_except_the_documented_exemptions()
    {
        await using var app = await TestApp.StartAsync(StoreProvider.Sqlite, postgres, cancellationToken: Ct);
        var endpoints = ((IEndpointRouteBuilder)app.App).DataSources.SelectMany(source => source.Endpoints).OfType<RouteEndpoint>().ToList();
        var anonymous = endpoints
            .Where(endpoint => endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null)
            .SelectMany(Routes)
            .ToHashSet(StringComparer.Ordinal);
        Assert.Equal(Exempt.Order(StringComparer.Ordinal), anonymous.Order(StringComparer.Ordinal));

        var document = await app.Client.GetFromJsonAsync<JsonElement>("/openapi/v1.json", Ct);
        var documented = document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject()
                .Where(operation => operation.Name is "get" or "post" or "put" or "patch" or "delete" or "options")
                .Select(operation => $"{operation.Name.ToUpperInvariant()} {Normalise(path.Name)}"))
            .ToHashSet(StringComparer.Ordinal);
        var served = endpoints.SelectMany(Routes).ToHashSet(StringComparer.Ordinal);
        Assert.Empty(documented.Except(served));
        Assert.Contains("GET /api/leads/{id}", documented);

        using var client = app.CreateAnonymousClient();
        var checkedRoutes = 0;
        foreach (var route in served.Union(documented).Where(route => !Exempt.Contains(route)).Order(StringComparer.Ordinal))
        {
            var (method, template) = (route[..route.IndexOf(' ', StringComparison.Ordinal)], route[(route.IndexOf(' ', StringComparison.Ordinal) + 1)..]);
            using var request = new HttpRequestMessage(new HttpMethod(method), Fill(template));
            if (method is "POST" or "PUT" or "PATCH")
            {
                request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
            }

            using var response = await client.SendAsync(request, Ct);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{route} answered {(int)response.StatusCode} without credentials");
            Assert.Null(response.Headers.Location);
            if (!template.StartsWith("/meet/hub", StringComparison.Ordinal))
            {
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            }

            checkedRoutes++;
        }

        Assert.True(checkedRoutes > 40, $"only {checkedRoutes} routes were checked");
    }

    [Fact]
    public async Task The_openapi_document_declares_the_cookie_and_bearer_schemes()
    {
        await using var app = await TestApp.StartAsync(StoreProvider.Sqlite, postgres, cancellationToken: Ct);

        var document = await app.Client.GetFromJsonAsync<JsonElement>("/openapi/v1.json", Ct);

        var schemes = document.GetProperty("components").GetProperty("securitySchemes");
        Assert.Equal("apiKey", schemes.GetProperty("cookie").GetProperty("type").GetString());
        Assert.Equal("cookie", schemes.GetProperty("cookie").GetProperty("in").GetString());
        Assert.Equal("AiScheduler.Auth", schemes.GetProperty("cookie").GetProperty("name").GetString());
        Assert.Equal("http", schemes.GetProperty("bearer").GetProperty("type").GetString());
        Assert.Equal("bearer", schemes.GetProperty("bearer").GetProperty("scheme").GetString());
        var required = document.GetProperty("security").EnumerateArray().SelectMany(item => item.EnumerateObject().Select(p => p.Name)).ToList();
        Assert.Equal(["cookie", "bearer"], required);
    }

    private static IEnumerable<string> Routes(RouteEndpoint endpoint) =>
        (endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"])
            .Select(method => $"{method.ToUpperInvariant()} {Normalise(endpoint.RoutePattern.RawText!)}");

    /// <summary>"/api/leads/{id:guid}/" and "api/leads/{id}" are one route.</summary>
    private static string Normalise(string template)
    {
        var path = "/" + Constraint().Replace(template, "{$1}").Trim('/');
        return path;
    }

    private static string Fill(string template) => Parameter().Replace(template, match => match.Groups[1].Value switch
    {
        "documentName" => "v1",
        "phone" => "%2B12125550143",
        "callId" => "call-0001",
        "sequence" => "1",
        _ => Guid.CreateVersion7().ToString("D"),
    });

    [GeneratedRegex(@"\{(\w+)(?::[^}]*)?\}")]
    private static partial Regex Constraint();

    [GeneratedRegex(@"\{(\w+)\}")]
    private static partial Regex Parameter();
}
