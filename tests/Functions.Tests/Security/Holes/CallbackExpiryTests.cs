using System.Net;
using System.Text;
using AiScheduler.Functions.Calls.Callbacks;
using AiScheduler.Functions.Store;
using AiScheduler.Functions.Tests.Calls;
using AiScheduler.Functions.Tests.Infrastructure;
using AiScheduler.Testing;

namespace AiScheduler.Functions.Tests.Security.Holes;

/// <summary>
/// The signed callback URL handed to the telephony provider binds an expiry: it works for the life of a call and its
/// retries, then stops; changing the expiry breaks the signature.
/// </summary>
public sealed class CallbackExpiryTests(PostgresFixture postgres)
{
    // The documented default of Telephony:CallbackLifetime.
    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(12);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_callback_URL_works_while_fresh_and_is_refused_once_expired()
    {
        var clock = new ManualClock(TestClocks.Default);
        await using var app = await TestApp.StartAsync(StoreProvider.Sqlite, postgres, cancellationToken: Ct, clock: clock);
        var url = app.Services.GetRequiredService<CallbackAddresses>().ForCall("call-expiry-1");

        using (var fresh = await PostEmptyBatchAsync(app, url))
        {
            Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        }

        clock.Advance(Lifetime - TimeSpan.FromMinutes(1));
        using (var late = await PostEmptyBatchAsync(app, url))
        {
            Assert.Equal(HttpStatusCode.OK, late.StatusCode);
        }

        clock.Advance(TimeSpan.FromMinutes(2));
        using var expired = await PostEmptyBatchAsync(app, url);
        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
        Assert.Contains("expired", await expired.Content.ReadAsStringAsync(Ct), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_callback_URL_with_its_expiry_moved_or_removed_is_refused()
    {
        await using var app = await TestApp.StartAsync(StoreProvider.Sqlite, postgres, cancellationToken: Ct);
        var url = app.Services.GetRequiredService<CallbackAddresses>().ForCall("call-expiry-2");
        var query = System.Web.HttpUtility.ParseQueryString(url.Query);
        var expiry = long.Parse(query["exp"]!, System.Globalization.CultureInfo.InvariantCulture);

        var extended = new Uri(url.GetLeftPart(UriPartial.Path) + $"?sig={query["sig"]}&exp={expiry + 86_400}");
        var withoutExpiry = new Uri(url.GetLeftPart(UriPartial.Path) + $"?sig={query["sig"]}");

        using var moved = await PostEmptyBatchAsync(app, extended);
        using var removed = await PostEmptyBatchAsync(app, withoutExpiry);
        Assert.Equal(HttpStatusCode.Unauthorized, moved.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, removed.StatusCode);
    }

    private static Task<HttpResponseMessage> PostEmptyBatchAsync(TestApp app, Uri url) =>
        app.Client.PostAsync(url.PathAndQuery.TrimStart('/'), new StringContent("[]", Encoding.UTF8, "application/json"), Ct);
}
