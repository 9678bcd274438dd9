using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AiScheduler.Functions.Hosting;
using AiScheduler.Functions.Store;
using AiScheduler.Functions.Tests.Infrastructure;
using AiScheduler.Testing;

namespace AiScheduler.Functions.Tests.Security.Holes;

/// <summary>
/// What a foreign web page can make a browser do: no cross-origin reads (no CORS unless configured), no framing, and no
/// "simple" cross-site POST (form or text body, or none) that changes anything, the CSV upload included.
/// </summary>
public sealed class BrowserSafetyTests(PostgresFixture postgres)
{
    // The refused requests use a client without credentials on purpose: the guard answers before authentication, as a
    // browser's cross-site request would carry only a cookie. The accepted ones use the host's (authenticated) Client.
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("healthz")]
    [InlineData("api/leads")]
    [InlineData("openapi/v1.json")]
    [InlineData("api/no-such-route")]
    public async Task Every_response_carries_the_security_headers(string url)
    {
        await using var app = await TestApp.StartAsync(StoreProvider.Sqlite, postgres, cancellationToken: Ct);

        using var response = await app.Client.GetAsync(url, Ct);

        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Contains("frame-ancestors 'none'", Header(response, "Content-Security-Policy"), StringComparison.Ordinal);
        Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
    }

    [Fact]
    public async Task HTML_pages_get_a_policy_that_allows_only_this_origin_and_its_SignalR_connection()
    {
        await using var app = await TestApp.StartAsync(StoreProvider.Sqlite, postgres, cancellationToken: Ct);

        // The room page answers (with a refusal page) without a valid room token.
        using var response = await app.Client.GetAsync("meet/00000000-0000-0000-0000-000000000000", Ct);

        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var policy = Header(response, "Content-Security-Policy");
        Assert.Contains("default-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains($"connect-src 'self' ws://{app.Client.BaseAddress!.Authority}", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", policy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_origin_is_allowed_cross_origin_by_default()
    {
        await using var app = await TestApp.StartAsync(StoreProvider.Sqlite, postgres, cancellationToken: Ct);
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "api/leads");
        preflight.Headers.Add("Origin", "https://evil.example");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "content-type");
        using var read = new HttpRequestMessage(HttpMethod.Get, "api/leads");
        read.Headers.Add("Origin", "https://evil.example");

        using var answer = await app.Client.SendAsync(preflight, Ct);
        using var readAnswer = await app.Client.SendAsync(read, Ct);

        Assert.False(answer.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.False(readAnswer.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task A_configured_origin_is_allowed_and_others_are_not()
    {
        await using var app = await TestApp.StartAsync(StoreProvider.Sqlite, postgres,
            new Dictionary<string, string?> { ["Cors:AllowedOrigins:0"] = "https://crm.example.com" }, Ct);

        using var allowed = await app.Client.SendAsync(Preflight("https://crm.example.com"), Ct);
        using var other = await app.Client.SendAsync(Preflight("https://evil.example"), Ct);

        Assert.Equal("https://crm.example.com", allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.False(other.Headers.Contains("Access-Control-Allow-Origin"));

        static HttpRequestMessage Preflight(string origin)
        {
            var request = new HttpRequestMessage(HttpMethod.Options, "api/leads");
            request.Headers.Add("Origin", origin);
            request.Headers.Add("Access-Control-Request-Method", "POST");
            request.Headers.Add("Access-Control-Request-Headers", "content-type");
            return request;
        }
    }

    [Theory]
    [InlineData("application/x-www-form-urlencoded", "name=Mallory&phone=%2B15551234567")]
    [InlineData("text/plain", "{\"name\":\"Mallory\",\"phone\":\"+15551234567\"}")]
    [InlineData("multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nMallory\r\n--x--\r\n")]
    public async Task A_simple_cross_site_body_to_a_JSON_endpoint_is_refused_with_415(string contentType, string body)
    {
        await using var app = await TestApp.StartAsync(StoreProvider.Sqlite, postgres, cancellationToken: Ct);
        using var anonymous = new HttpClient { BaseAddress = app.Client.BaseAddress };

        using var response = await anonymous.SendAsync(Simple(HttpMethod.Post, "api/leads", contentType, body), Ct);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("text/plain", "name,phone\nMallory,+15551234567\n")]
    [InlineData("multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"l.csv\"\r\nContent-Type: text/csv\r\n\r\nname,phone\nMallory,+15551234567\n\r\n--x--\r\n")]
    public async Task The_CSV_upload_cannot_be_sent_as_a_simple_cross_site_request(string contentType, string body)
    {
        await using var app = await TestApp.StartAsync(StoreProvider.Sqlite, postgres, cancellationToken: Ct);
        using var anonymous = new HttpClient { BaseAddress = app.Client.BaseAddress };

        using var refused = await anonymous.SendAsync(Simple(HttpMethod.Post, "api/leads/upload?wait=0", contentType, body), Ct);
        Assert.True(refused.StatusCode is HttpStatusCode.UnsupportedMediaType or HttpStatusCode.BadRequest, $"{(int)refused.StatusCode}");
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Contains(RequestSafety.RequestedWithHeader, await refused.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        // The same upload with a header a foreign page cannot set without a preflight is accepted.
        using var allowed = Simple(HttpMethod.Post, "api/leads/upload?wait=0", contentType, body);
        allowed.Headers.Add(RequestSafety.RequestedWithHeader, "AiScheduler");
        using var accepted = await app.Client.SendAsync(allowed, Ct);
        Assert.True(accepted.IsSuccessStatusCode, $"{(int)accepted.StatusCode} {await accepted.Content.ReadAsStringAsync(Ct)}");
    }

    [Fact]
    public async Task A_bodyless_POST_such_as_starting_a_campaign_needs_a_non_simple_request()
    {
        await using var app = await TestApp.StartAsync(StoreProvider.Sqlite, postgres, cancellationToken: Ct);
        using var anonymous = new HttpClient { BaseAddress = app.Client.BaseAddress };
        var id = Guid.NewGuid();

        using var simple = await anonymous.PostAsync($"api/campaigns/{id}/start", null, Ct);
        using var form = await anonymous.SendAsync(Simple(HttpMethod.Post, $"api/campaigns/{id}/cancel", "application/x-www-form-urlencoded", "a=1"), Ct);
        using var json = await app.Client.PostAsync($"api/campaigns/{id}/start", new StringContent("", Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, simple.StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, form.StatusCode);
        // With Content-Type: application/json it gets through to the campaign, which does not exist.
        Assert.Equal(HttpStatusCode.NotFound, json.StatusCode);
    }

    private static HttpRequestMessage Simple(HttpMethod method, string url, string contentType, string body)
    {
        var request = new HttpRequestMessage(method, url) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        request.Headers.Add("Origin", "https://evil.example");
        return request;
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : "";
}
