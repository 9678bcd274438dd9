using System.Net;
using System.Text;
using AiScheduler.Functions.Store;
using AiScheduler.Functions.Tests.Infrastructure;
using AiScheduler.Testing;

namespace AiScheduler.Functions.Tests.Security.Holes;

/// <summary>
/// Requests are limited per caller (user or API key; the remote address when anonymous) with 429 and Retry-After; CSV
/// uploads more strictly; provider webhooks are not limited.
/// </summary>
public sealed class RateLimitTests(PostgresFixture postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // The shared test hosts raise the limits for tests that legitimately burst; these tests put the defaults back.
    private static readonly Dictionary<string, string?> Defaults = new()
    {
        ["RateLimits:PermitsPerMinute"] = "300",
        ["RateLimits:UploadsPerMinute"] = "10",
    };

    [Fact]
    public async Task A_burst_over_the_default_limit_gets_429_with_Retry_After()
    {
        await using var app = await TestApp.StartAsync(StoreProvider.Sqlite, postgres, Defaults, Ct);

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 700 && limited is null; i++)
        {
            var response = await app.Client.GetAsync("api/leads?pageSize=1", Ct);
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                limited = response;
            }
            else
            {
                response.Dispose();
            }
        }

        Assert.NotNull(limited);
        using (limited)
        {
            // The limit, less the few requests the host's own sign-in made on this caller's share (TestAuth), unless the
            // burst outlasted the one-minute window on a slow machine.
            Assert.True(statuses.Count(s => s == HttpStatusCode.OK) >= 295, string.Join(",", statuses));
            Assert.True(limited.Headers.RetryAfter?.Delta is { TotalSeconds: > 0 and <= 60 }, $"Retry-After: {limited.Headers.RetryAfter}");
            Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        }

        // Health probes and the provider webhooks are not limited (the webhooks authenticate each request themselves).
        using var health = await app.Client.GetAsync("healthz", Ct);
        Assert.NotEqual(HttpStatusCode.TooManyRequests, health.StatusCode);
        using var callback = await app.Client.PostAsync("api/callbacks/acs/call-1?sig=x", new StringContent("[]", Encoding.UTF8, "application/json"), Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, callback.StatusCode);
        using var eventGrid = await app.Client.PostAsync("api/eventgrid", new StringContent("[]", Encoding.UTF8, "application/json"), Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, eventGrid.StatusCode);
    }

    [Fact]
    public async Task Uploads_are_limited_more_strictly_than_other_requests()
    {
        await using var app = await TestApp.StartAsync(StoreProvider.Sqlite, postgres, Defaults, Ct);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 11; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "api/leads/upload?wait=0")
            {
                Content = new StringContent($"name,phone\nLead {i},+1212555{i:0000}\n", Encoding.UTF8, "text/csv"),
            };
            request.Headers.Add("X-Requested-With", "AiScheduler");
            using var response = await app.Client.SendAsync(request, Ct);
            statuses.Add(response.StatusCode);
        }

        Assert.All(statuses.Take(10), s => Assert.True(s is HttpStatusCode.OK or HttpStatusCode.Accepted, s.ToString()));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        using var read = await app.Client.GetAsync("api/leads?pageSize=1", Ct);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
    }
}
