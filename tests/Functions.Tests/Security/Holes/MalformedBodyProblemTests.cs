using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AiScheduler.Functions.Store;
using AiScheduler.Functions.Tests.Infrastructure;
using AiScheduler.Testing;

namespace AiScheduler.Functions.Tests.Security.Holes;

/// <summary>
/// Every JSON-body route in the OpenAPI document answers a malformed body, a value of the wrong type, a missing body
/// and a bad GUID with a 400 problem whose <c>errors</c> name the field.
/// </summary>
public sealed class MalformedBodyProblemTests(PostgresFixture postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_JSON_body_route_names_the_field_of_a_malformed_or_mistyped_or_missing_body()
    {
        await using var app = await TestApp.StartAsync(StoreProvider.Sqlite, postgres, cancellationToken: Ct);
        var document = (await app.Client.GetFromJsonAsync<JsonNode>("openapi/v1.json", Ct))!;
        var routes = JsonBodyRoutes(document).ToList();
        Assert.True(routes.Count >= 10, $"only {routes.Count} JSON-body routes found in the OpenAPI document");
        Assert.Contains(routes, route => route.Required);
        var failures = new List<string>();

        foreach (var (method, path, property, required) in routes)
        {
            var url = PathWithIds(path);
            await ExpectProblemAsync(method, url, "{\"broken\": ", null, "malformed JSON", failures);
            if (property is not null)
            {
                await ExpectProblemAsync(method, url, $"{{\"{property}\": {{\"not\": [\"what it wants\"]}}}}", property, "wrong type", failures);
            }

            if (required)
            {
                // An optional body (a cancellation's reason) may be left out; a required one may not.
                await ExpectProblemAsync(method, url, "", null, "empty body", failures);
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));

        async Task ExpectProblemAsync(HttpMethod method, string url, string body, string? field, string what, List<string> failed)
        {
            using var request = new HttpRequestMessage(method, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            using var response = await app.Client.SendAsync(request, Ct);
            var text = await response.Content.ReadAsStringAsync(Ct);
            if (response.StatusCode != HttpStatusCode.BadRequest || response.Content.Headers.ContentType?.MediaType != "application/problem+json")
            {
                failed.Add($"{method} {url} ({what}): {(int)response.StatusCode} {text}");
                return;
            }

            var errors = JsonNode.Parse(text)?["errors"]?.AsObject();
            if (errors is null || errors.Count == 0)
            {
                failed.Add($"{method} {url} ({what}): no errors in {text}");
            }
            else if (field is not null && !errors.Any(e => e.Key.Contains(field, StringComparison.OrdinalIgnoreCase)))
            {
                failed.Add($"{method} {url} ({what}): errors do not name '{field}': {text}");
            }
        }
    }

    [Theory]
    [InlineData("GET", "api/campaigns/not-a-guid")]
    [InlineData("GET", "api/leads/not-a-guid")]
    [InlineData("PUT", "api/leads/12345")]
    public async Task A_bad_GUID_in_the_route_is_a_400_naming_the_parameter(string method, string url)
    {
        await using var app = await TestApp.StartAsync(StoreProvider.Sqlite, postgres, cancellationToken: Ct);
        using var request = new HttpRequestMessage(new HttpMethod(method), url) { Content = new StringContent("{}", Encoding.UTF8, "application/json") };

        using var response = await app.Client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.True(problem.GetProperty("errors").TryGetProperty("id", out _), problem.ToString());
    }

    /// <summary>(method, path, a top-level scalar or array property of the body schema, whether the body is required) for each JSON request body.</summary>
    private static IEnumerable<(HttpMethod Method, string Path, string? Property, bool Required)> JsonBodyRoutes(JsonNode document)
    {
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                if (operation?["requestBody"]?["content"]?["application/json"]?["schema"] is not { } schema
                    || path.StartsWith("/api/eventgrid", StringComparison.Ordinal) || path.StartsWith("/api/callbacks", StringComparison.Ordinal))
                {
                    continue;
                }

                yield return (new HttpMethod(method.ToUpperInvariant()), path, ScalarProperty(Resolve(document, schema)),
                    operation["requestBody"]?["required"]?.GetValue<bool>() == true);
            }
        }
    }

    private static JsonNode Resolve(JsonNode document, JsonNode schema)
    {
        var reference = schema["$ref"]?.GetValue<string>();
        return reference is null ? schema : document["components"]!["schemas"]![reference.Split('/')[^1]]!;
    }

    private static string? ScalarProperty(JsonNode schema) =>
        schema["properties"]?.AsObject()
            .Where(p => p.Value?["type"] is { } type && TypeNames(type).Any(t => t is "string" or "integer" or "number" or "boolean" or "array"))
            .Where(p => p.Value?["type"] is { } type && !TypeNames(type).Contains("object"))
            .Select(p => p.Key)
            .FirstOrDefault();

    private static IEnumerable<string> TypeNames(JsonNode type) =>
        type is JsonArray many ? many.Select(t => t!.GetValue<string>()) : [type.GetValue<string>()];

    private static string PathWithIds(string path) =>
        string.Join('/', path.TrimStart('/').Split('/').Select(segment => segment.StartsWith('{') ? Guid.NewGuid().ToString() : segment));
}
