using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AiScheduler.Functions.Calls;
using AiScheduler.Functions.Campaigns;
using AiScheduler.Functions.Durable;
using AiScheduler.Functions.Hosting;
using AiScheduler.Functions.Hosting.Timers;
using AiScheduler.Functions.Http;
using AiScheduler.Functions.Leads;
using AiScheduler.Functions.Leads.Imports;
using AiScheduler.Functions.Security;
using AiScheduler.Functions.Store;
using AiScheduler.Functions.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging.Abstractions;

namespace AiScheduler.Functions.Tests.AzureFunctions;

/// <summary>
/// The Azure Functions wrappers called directly (the Functions host cannot run here) over the self-host's services and
/// database, next to the self-host serving the same database over HTTP: a function must do what the self-host does.
/// </summary>
public sealed class FunctionWrapperTests : IAsyncLifetime
{
    private static readonly DateTimeOffset ScheduledStart = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    private TestApp _host = null!;
    private ApiRoutes _routes = null!;
    private string _key = null!;

    // The Functions host hands each invocation its own client; here the features use the self-host's, so the wrappers
    // only need something to bind.
    private readonly FunctionsDurableClient _durable = new();

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        _host = await TestApp.StartAsync(new TestAppOptions
        {
            StoreSettings = new Dictionary<string, string?>
            {
                ["Store:Provider"] = "sqlite",
                ["Store:ConnectionString"] = $"Data Source={Path.Combine(Path.GetTempPath(), "aischeduler-tests", Guid.NewGuid().ToString("N"), "store.db")}",
            },
            // Once a year: the self-host's own timer must not run the scheduler during the test; the function does.
            Settings = new Dictionary<string, string?> { ["schedules:CampaignScheduler"] = "0 0 0 1 1 *" },
        }, ct);
        _key = await TestAuth.CreateKeyAsync(_host.Services, Workspaces.DefaultId, cancellationToken: ct);
        _routes = new ApiRoutes(_host.Services, _host.Services.GetRequiredService<IProblemDetailsService>(), NullLogger<ApiRoutes>.Instance);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        await _durable.DisposeAsync();
    }

    [Fact]
    public async Task A_lead_created_through_the_http_function_is_the_lead_the_self_host_serves()
    {
        var ct = TestContext.Current.CancellationToken;
        var leads = new LeadsHttp(_routes, _durable);
        var lead = new { name = "Dana Levi", phone = "+972 50-123-4567", email = "dana@example.com" };

        var created = await InvokeAsync(request => leads.CreateLead(request), "POST", "/api/leads/", lead, ct);

        Assert.Equal(StatusCodes.Status201Created, created.Status);
        var id = created.Json.GetProperty("id").GetGuid();
        Assert.Equal($"/api/leads/{id}", created.Location);
        var served = await _host.Client.GetFromJsonAsync<JsonElement>($"/api/leads/{id}", ct);
        Assert.Equal(created.Json.GetRawText(), served.GetRawText());
        Assert.Equal("+972501234567", served.GetProperty("phone").GetString());

        var fetched = await InvokeAsync(request => leads.GetLead(request), "GET", $"/api/leads/{id}", null, ct);
        Assert.Equal(StatusCodes.Status200OK, fetched.Status);
        Assert.Equal(served.GetRawText(), fetched.Json.GetRawText());
    }

    [Fact]
    public async Task An_invalid_request_gets_the_same_problem_details_from_the_function_as_from_the_self_host()
    {
        var ct = TestContext.Current.CancellationToken;
        var invalid = new { name = "", phone = "not a number" };

        var function = await InvokeAsync(request => new LeadsHttp(_routes, _durable).CreateLead(request), "POST", "/api/leads/", invalid, ct);
        using var response = await _host.Client.PostAsJsonAsync("/api/leads/", invalid, ct);
        var selfHost = await response.Content.ReadFromJsonAsync<JsonElement>(ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(StatusCodes.Status400BadRequest, function.Status);
        Assert.Equal(selfHost.GetProperty("errors").GetRawText(), function.Json.GetProperty("errors").GetRawText());
        Assert.Equal(selfHost.GetProperty("title").GetString(), function.Json.GetProperty("title").GetString());
    }

    [Fact]
    public async Task A_route_value_reaches_the_handler_and_an_unknown_id_is_a_404_problem()
    {
        var ct = TestContext.Current.CancellationToken;
        var missing = Guid.Parse("0195f1a0-0000-7000-8000-000000000001");

        var function = await InvokeAsync(request => new CallsHttp(_routes, _durable).GetCall(request), "GET", $"/api/calls/{missing}", null, ct);
        using var selfHost = await _host.Client.GetAsync($"/api/calls/{missing}", ct);

        Assert.Equal((int)selfHost.StatusCode, function.Status);
        Assert.Equal(StatusCodes.Status404NotFound, function.Status);
        Assert.Equal("application/problem+json", function.ContentType);
    }

    [Fact]
    public async Task The_timer_function_starts_a_campaign_whose_start_time_has_come_as_the_self_hosts_timer_would()
    {
        var ct = TestContext.Current.CancellationToken;
        using var create = await _host.Client.PostAsJsonAsync("/api/campaigns",
            new { name = "Scheduled", callingWindow = "Mon-Sun 00:00-23:59", startAt = ScheduledStart }, ct);
        Assert.Equal(HttpStatusCode.Created, create.StatusCode);
        var id = (await create.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetGuid();
        Assert.Equal("scheduled", await CampaignStatusAsync(id, ct));

        var function = new CampaignSchedulerFunction(_host.Services.GetServices<ITimerHandler>(), _durable, _host.Clock);
        var timer = new TimerInfo { IsPastDue = false, ScheduleStatus = new ScheduleStatus { Last = ScheduledStart.UtcDateTime } };
        await function.RunAsync(timer, _durable, new InvocationContext(_host.Services, new Dictionary<string, object?>()), ct);

        Assert.Contains(await CampaignStatusAsync(id, ct), new[] { "running", "completed" });
    }

    [Fact]
    public async Task The_queue_function_refuses_messages_the_self_hosts_queue_runner_refuses_so_they_reach_the_poison_queue()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var scope = _host.Services.CreateAsyncScope();
        var function = new LeadImportQueueFunction(scope.ServiceProvider.GetRequiredService<LeadImportQueueTrigger>(), _durable);
        var data = new Dictionary<string, object?>
        {
            ["Id"] = "7c1e9c6a-1f2b-4c1e-9a51-5c0f2d7a0b11",
            ["PopReceipt"] = "AgAAAAMAAAAAAAAA",
            ["DequeueCount"] = "1",
            ["InsertionTime"] = "\"2026-01-05T09:00:00+00:00\"",
        };
        var context = new InvocationContext(scope.ServiceProvider, data);

        await Assert.ThrowsAsync<FormatException>(() => function.RunAsync("not json", _durable, context, ct));
        var unknown = JsonSerializer.Serialize(new LeadImportMessage(Guid.Parse("0195f1a0-0000-7000-8000-0000000000aa"), Guid.Empty));
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => function.RunAsync(unknown, _durable, context, ct));
        Assert.Contains("never accepted", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_http_function_refuses_a_request_without_credentials_as_the_self_host_does()
    {
        var ct = TestContext.Current.CancellationToken;
        var leads = new LeadsHttp(_routes, _durable);

        var function = await InvokeAsync(request => leads.ListLeads(request), "GET", "/api/leads/", null, ct, _ => { });
        using var anonymous = TestAuth.Anonymous(_host.Client.BaseAddress!);
        using var selfHost = await anonymous.GetAsync("/api/leads/", ct);

        Assert.Equal(HttpStatusCode.Unauthorized, selfHost.StatusCode);
        Assert.Equal(StatusCodes.Status401Unauthorized, function.Status);
        Assert.Equal("application/problem+json", function.ContentType);
        var revoked = await InvokeAsync(request => leads.ListLeads(request), "GET", "/api/leads/", null, ct,
            headers => headers.Authorization = "Bearer ask_abcdefgh_not-a-real-secret");
        Assert.Equal(StatusCodes.Status401Unauthorized, revoked.Status);
    }

    [Fact]
    public async Task An_http_function_applies_the_keys_scopes()
    {
        var ct = TestContext.Current.CancellationToken;
        var readOnly = await TestAuth.CreateKeyAsync(_host.Services, Workspaces.DefaultId, [Scopes.Read], ct);
        var leads = new LeadsHttp(_routes, _durable);

        var write = await InvokeAsync(request => leads.CreateLead(request), "POST", "/api/leads/",
            new { name = "Dana Levi", phone = "+972 50-123-4568" }, ct, headers => headers.Authorization = $"Bearer {readOnly}");
        var read = await InvokeAsync(request => leads.ListLeads(request), "GET", "/api/leads/", null, ct,
            headers => headers.Authorization = $"Bearer {readOnly}");

        Assert.Equal(StatusCodes.Status403Forbidden, write.Status);
        Assert.Equal(StatusCodes.Status200OK, read.Status);
    }

    [Fact]
    public async Task A_cookie_from_the_sign_in_function_works_on_other_functions_and_writes_need_the_antiforgery_token()
    {
        var ct = TestContext.Current.CancellationToken;
        var (email, password) = await TestAuth.CreateUserAsync(_host.Services, Workspaces.DefaultId, Roles.Member, ct);
        var security = new AiScheduler.Functions.Security.SecurityHttp(_routes);
        var leads = new LeadsHttp(_routes, _durable);

        var signIn = await InvokeAsync(request => security.SignIn(request), "POST", "/api/auth/sign-in", new { email, password }, ct, _ => { });
        Assert.Equal(StatusCodes.Status200OK, signIn.Status);
        var cookie = string.Join("; ", signIn.Cookies.Select(header => header!.Split(';')[0]));
        Assert.Contains(AiScheduler.Functions.Security.SecurityServiceCollectionExtensions.CookieName, cookie, StringComparison.Ordinal);

        var read = await InvokeAsync(request => leads.ListLeads(request), "GET", "/api/leads/", null, ct, headers => headers.Cookie = cookie);
        var forged = await InvokeAsync(request => leads.CreateLead(request), "POST", "/api/leads/",
            new { name = "Dana Levi", phone = "+972 50-123-4569" }, ct, headers => headers.Cookie = cookie);

        Assert.Equal(StatusCodes.Status200OK, read.Status);
        Assert.Equal(StatusCodes.Status400BadRequest, forged.Status);
        Assert.True(forged.Json.GetProperty("errors").TryGetProperty("antiforgery", out _));
    }

    private async Task<string?> CampaignStatusAsync(Guid id, CancellationToken ct) =>
        (await _host.Client.GetFromJsonAsync<JsonElement>($"/api/campaigns/{id}", ct)).GetProperty("status").GetString();

    private Task<FunctionResponse> InvokeAsync(Func<HttpRequest, IResult> function, string method, string path, object? body, CancellationToken ct) =>
        InvokeAsync(function, method, path, body, ct, headers => headers.Authorization = $"Bearer {_key}");

    /// <summary>Runs <paramref name="function"/> as the Functions worker would, with the request headers
    /// <paramref name="credentials"/> sets (a Bearer key, a cookie, or none).</summary>
    private async Task<FunctionResponse> InvokeAsync(Func<HttpRequest, IResult> function, string method, string path, object? body, CancellationToken ct,
        Action<IHeaderDictionary> credentials)
    {
        await using var scope = _host.Services.CreateAsyncScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        credentials(context.Request.Headers);
        context.Request.Method = method;
        context.Request.Scheme = "http";
        context.Request.Host = new HostString("localhost");
        context.Request.Path = path;
        if (body is not null)
        {
            var bytes = JsonSerializer.SerializeToUtf8Bytes(body, JsonSerializerOptions.Web);
            context.Request.Body = new MemoryStream(bytes);
            context.Request.ContentType = "application/json";
            context.Request.ContentLength = bytes.Length;
            // Kestrel sets this for a request with a body; minimal APIs read the body only when it says so.
            context.Features.Set<IHttpRequestBodyDetectionFeature>(new RequestWithBody());
        }

        using var responseBody = new MemoryStream();
        context.Response.Body = responseBody;
        context.RequestAborted = ct;
        // What the Functions worker does with an HTTP function's IResult under ASP.NET Core integration.
        await function(context.Request).ExecuteAsync(context);
        var text = Encoding.UTF8.GetString(responseBody.ToArray());
        return new FunctionResponse(context.Response.StatusCode, context.Response.ContentType,
            context.Response.Headers.Location.ToString() is { Length: > 0 } location ? location : null,
            text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone(),
            context.Response.Headers.SetCookie.ToArray());
    }

    private sealed class RequestWithBody : IHttpRequestBodyDetectionFeature
    {
        public bool CanHaveBody => true;
    }

    private sealed record FunctionResponse(int Status, string? ContentType, string? Location, JsonElement Json, string?[] Cookies);

    /// <summary>The parts of a function invocation's context the wrappers read: services, invocation id, binding data.</summary>
    private sealed class InvocationContext(IServiceProvider services, IReadOnlyDictionary<string, object?> bindingData) : FunctionContext
    {
        public override string InvocationId { get; } = Guid.NewGuid().ToString();

        public override string FunctionId => "tests";

        public override TraceContext TraceContext => null!;

        public override BindingContext BindingContext { get; } = new Bindings(bindingData);

        public override Microsoft.Azure.Functions.Worker.RetryContext RetryContext => null!;

        public override IServiceProvider InstanceServices { get; set; } = services;

        public override FunctionDefinition FunctionDefinition => null!;

        public override IDictionary<object, object> Items { get; set; } = new Dictionary<object, object>();

        public override IInvocationFeatures Features => null!;

        private sealed class Bindings(IReadOnlyDictionary<string, object?> data) : BindingContext
        {
            public override IReadOnlyDictionary<string, object?> BindingData { get; } = data;
        }
    }
}
