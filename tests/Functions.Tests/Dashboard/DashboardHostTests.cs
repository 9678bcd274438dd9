using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using AiScheduler.Functions.Calls;
using AiScheduler.Functions.Dashboard;
using AiScheduler.Functions.Hosting;
using AiScheduler.Functions.Store;
using AiScheduler.Functions.Tests.Infrastructure;
using AiScheduler.Testing;
using Dapper;

namespace AiScheduler.Functions.Tests.Dashboard;

/// <summary>
/// How the self-host serves the dashboard (the app's shell at / and at its client-side routes, never in place of the API)
/// and the calls endpoints the live view uses: calls in progress, and hanging one up.
/// </summary>
public sealed class DashboardHostTests(PostgresFixture postgres) : IAsyncLifetime
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private TestApp? _app;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private TestApp App => _app!;

    public async ValueTask InitializeAsync() =>
        _app = await TestApp.StartAsync(StoreProvider.Sqlite, postgres, new Dictionary<string, string?>
        {
            ["Email:Outbox:Directory"] = Path.Combine(Path.GetTempPath(), "aischeduler-dashboard-host-tests", "outbox"),
        }, Ct);

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/leads")]
    [InlineData("/meetings/0196a7b0-0000-7000-8000-000000000000")]
    public async Task Pages_of_the_app_answer_its_shell_with_a_strict_content_security_policy(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        using var response = await App.Client.SendAsync(request, Ct);
        var html = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("default-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        if (File.Exists(DashboardPages.IndexPage))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(await File.ReadAllTextAsync(DashboardPages.IndexPage, Ct), html);
        }
        else
        {
            // Built without Node.js: the page says how to build the dashboard.
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Contains("npm ci &amp;&amp; npm run build", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_shell_is_public_but_the_data_and_the_live_hub_ask_for_sign_in()
    {
        using var anonymous = App.CreateAnonymousClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/calls");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        using var shell = await anonymous.SendAsync(request, Ct);
        Assert.NotEqual(HttpStatusCode.Unauthorized, shell.StatusCode);
        Assert.Equal("text/html", shell.Content.Headers.ContentType?.MediaType);

        using var calls = await anonymous.GetAsync("/api/calls", Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, calls.StatusCode);
        // With the header the SignalR client's request carries, so the cross-site guard lets it through to sign-in.
        using var negotiateRequest = new HttpRequestMessage(HttpMethod.Post, LiveCallsHub.Path + "/negotiate?negotiateVersion=1");
        negotiateRequest.Headers.Add(RequestSafety.RequestedWithHeader, "AiScheduler");
        using var negotiate = await anonymous.SendAsync(negotiateRequest, Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, negotiate.StatusCode);
    }

    [Fact]
    public void The_page_a_host_built_without_nodejs_answers_says_how_to_build_the_dashboard()
    {
        var html = DashboardPages.NotBuilt();

        Assert.Contains("<h1>The dashboard is not built</h1>", html, StringComparison.Ordinal);
        Assert.Contains("Node.js 20 or later", html, StringComparison.Ordinal);
        Assert.Contains("dotnet build src/Host", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/no-such-thing")]
    [InlineData("/favicon.ico")]
    [InlineData("/web/assets/missing.js")]
    public async Task The_api_files_and_assets_are_never_answered_with_the_shell(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        using var response = await App.Client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("id=\"app\"", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Calls_in_progress_are_listed_apart_and_only_they_can_be_hung_up()
    {
        var store = App.Services.GetRequiredService<DataStore>();
        await using (var connection = await store.OpenConnectionAsync(Ct))
        {
            await CallAsync(connection, store, "live-1", "listening", null);
            await CallAsync(connection, store, "done-1", "ended", "booked");
        }

        var active = (await App.Client.GetFromJsonAsync<CallPage>("/api/calls?active=true", Json, Ct))!;
        Assert.Equal(["live-1"], active.Items.Select(c => c.Id));
        var all = (await App.Client.GetFromJsonAsync<CallPage>("/api/calls", Json, Ct))!;
        Assert.Equal(2, all.Items.Count);

        using var ended = await App.Client.PostAsync("/api/calls/done-1/hang-up", null, Ct);
        Assert.Equal(HttpStatusCode.Conflict, ended.StatusCode);
        Assert.Contains("already ended (booked)", await ended.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        // Not connected yet: nothing to hang up at the telephony provider.
        using var dialing = await App.Client.PostAsync("/api/calls/live-1/hang-up", null, Ct);
        Assert.Equal(HttpStatusCode.Conflict, dialing.StatusCode);
        Assert.Contains("still dialing", await dialing.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        using var missing = await App.Client.PostAsync("/api/calls/no-such-call/hang-up", null, Ct);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    private static async Task CallAsync(System.Data.Common.DbConnection connection, DataStore store, string callId, string phase, string? outcome)
    {
        var started = DateTimeOffset.Parse("2026-03-02T07:50:00Z", System.Globalization.CultureInfo.InvariantCulture);
        await connection.ExecuteAsync(new CommandDefinition(
            $"""
            INSERT INTO call_sessions (call_id, workspace_id, lead_id, lead_phone, phase, version, state, outcome, created_at, updated_at, ended_at)
            VALUES (@callId, @workspace, NULL, '+15555550100', @phase, 1, {store.Dialect.Json("@state")}, @outcome, @started, @started, @ended)
            """,
            new { callId, workspace = Workspaces.DefaultId, phase, state = "{}", outcome, started, ended = outcome is null ? (DateTimeOffset?)null : started.AddMinutes(3) },
            cancellationToken: Ct));
    }
}
