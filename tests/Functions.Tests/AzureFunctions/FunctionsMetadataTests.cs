using System.Text.Json;
using AiScheduler.Functions.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;

namespace AiScheduler.Functions.Tests.AzureFunctions;

/// <summary>
/// What the Functions host will index: the functions.metadata the Worker SDK generates for src/Functions (copied next to
/// these tests by the test project), checked against the routes the self-host actually serves.
/// </summary>
public sealed class FunctionsMetadataTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "AzureFunctions");

    private static List<JsonElement> Functions()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "functions.metadata")));
        return [.. document.RootElement.EnumerateArray().Select(function => function.Clone())];
    }

    private static JsonElement Trigger(JsonElement function) =>
        function.GetProperty("bindings").EnumerateArray().Single(binding => binding.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.Ordinal));

    [Fact]
    public async Task Every_route_the_self_host_serves_is_an_http_function_with_the_same_methods_and_nothing_else_is()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Store:Provider"] = "sqlite",
            ["Store:ConnectionString"] = $"Data Source={Path.Combine(Path.GetTempPath(), "aischeduler-tests", Guid.NewGuid().ToString("N"), "store.db")}",
        };
        await using var app = AppHost.Build([], builder => builder.Configuration.AddInMemoryCollection(settings));
        var endpoints = ((IEndpointRouteBuilder)app).DataSources
            .SelectMany(source => source.Endpoints)
            .OfType<RouteEndpoint>()
            .ToList();
        // The documented exceptions: the meeting room's page and SignalR hub and the dashboard's live hub are served by
        // the self-host only (README, "The meeting room", "Dashboard"); every other route has its HTTP function.
        var selfHostOnly = endpoints.Where(endpoint => endpoint.Metadata.GetMetadata<SelfHostOnly>() is not null).ToList();
        Assert.NotEmpty(selfHostOnly);
        Assert.All(selfHostOnly, endpoint => Assert.True(
            endpoint.RoutePattern.RawText!.StartsWith("/meet/", StringComparison.Ordinal) ||
            endpoint.RoutePattern.RawText.StartsWith("/api/hubs/", StringComparison.Ordinal), endpoint.RoutePattern.RawText));
        var selfHost = endpoints
            .Where(endpoint => endpoint.Metadata.GetMetadata<SelfHostOnly>() is null)
            .SelectMany(endpoint => (endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(method => $"{method.ToUpperInvariant()} {Normalise(endpoint.RoutePattern.RawText!)}"))
            .ToHashSet(StringComparer.Ordinal);

        var functions = Functions()
            .Select(Trigger)
            .Where(trigger => trigger.GetProperty("type").GetString() == "httpTrigger")
            .SelectMany(trigger => trigger.GetProperty("methods").EnumerateArray()
                .Select(method => $"{method.GetString()!.ToUpperInvariant()} {Normalise(trigger.GetProperty("route").GetString()!)}"))
            .ToHashSet(StringComparer.Ordinal);

        Assert.NotEmpty(selfHost);
        Assert.Empty(selfHost.Except(functions));
        Assert.Empty(functions.Except(selfHost));
        Assert.Contains("POST api/callbacks/acs/{callId}", functions);
        Assert.Contains("OPTIONS api/eventgrid", functions);
        Assert.Contains("POST api/eventgrid", functions);
    }

    [Fact]
    public void Http_functions_sit_at_the_same_paths_because_host_json_drops_the_api_route_prefix()
    {
        using var host = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "host.json")));
        var extensions = host.RootElement.GetProperty("extensions");
        Assert.Equal("2.0", host.RootElement.GetProperty("version").GetString());
        Assert.Equal("", extensions.GetProperty("http").GetProperty("routePrefix").GetString());
        Assert.Equal("AiScheduler", extensions.GetProperty("durableTask").GetProperty("hubName").GetString());
    }

    [Fact]
    public void The_campaign_scheduler_is_a_timer_trigger_on_the_schedule_setting()
    {
        var scheduler = Functions().Single(function => function.GetProperty("name").GetString() == "CampaignScheduler");
        var trigger = Trigger(scheduler);
        Assert.Equal("timerTrigger", trigger.GetProperty("type").GetString());
        Assert.Equal("%Schedules:CampaignScheduler%", trigger.GetProperty("schedule").GetString());
    }

    [Fact]
    public void The_lead_imports_queue_is_a_queue_trigger_whose_messages_go_to_poison_after_five_tries()
    {
        var queue = Functions().Single(function => function.GetProperty("name").GetString() == "LeadImportQueue");
        var trigger = Trigger(queue);
        Assert.Equal("queueTrigger", trigger.GetProperty("type").GetString());
        Assert.Equal("lead-imports", trigger.GetProperty("queueName").GetString());
        Assert.Equal("AzureWebJobsStorage", trigger.GetProperty("connection").GetString());
        // The Functions host moves a message to <queue>-poison after maxDequeueCount failed deliveries.
        using var host = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "host.json")));
        Assert.Equal(5, host.RootElement.GetProperty("extensions").GetProperty("queues").GetProperty("maxDequeueCount").GetInt32());
    }

    [Fact]
    public void Functions_that_start_or_signal_orchestrations_take_the_durable_client()
    {
        var withClient = Functions()
            .Where(function => function.GetProperty("bindings").EnumerateArray().Any(binding => binding.GetProperty("type").GetString() == "durableClient"))
            .Select(function => function.GetProperty("name").GetString())
            .ToHashSet(StringComparer.Ordinal);
        Assert.Superset(
            new HashSet<string?>(StringComparer.Ordinal)
            {
                "StartCampaign", "PauseCampaign", "ResumeCampaign", "CancelCampaign", "GetCampaignStatus", "UploadLeads",
                "ChangeMeetingStatus", "RescheduleMeeting", "CancelMeeting", "ReceiveAcsCallback", "ReceiveEventGridEvents",
                "CampaignScheduler", "LeadImportQueue",
            },
            withClient);
    }

    [Fact]
    public void Every_orchestration_and_activity_of_the_features_is_an_orchestration_or_activity_function_of_its_name()
    {
        static string TaskNameOf(Type type) =>
            type.GetCustomAttributes(typeof(Microsoft.DurableTask.DurableTaskAttribute), inherit: false)
                .Cast<Microsoft.DurableTask.DurableTaskAttribute>().SingleOrDefault()?.Name.Name is { Length: > 0 } name ? name : type.Name;
        static bool Derives(Type type, Type open)
        {
            for (var current = type.BaseType; current is not null; current = current.BaseType)
            {
                if (current.IsGenericType && current.GetGenericTypeDefinition() == open)
                {
                    return true;
                }
            }

            return false;
        }

        var features = typeof(FeatureComposition).Assembly.GetTypes().Where(type => type is { IsAbstract: false, IsClass: true }).ToList();
        var orchestrators = features.Where(type => Derives(type, typeof(Microsoft.DurableTask.TaskOrchestrator<,>))).Select(TaskNameOf).ToHashSet(StringComparer.Ordinal);
        var activities = features.Where(type => Derives(type, typeof(Microsoft.DurableTask.TaskActivity<,>))).Select(TaskNameOf).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(4, orchestrators.Count);
        Assert.NotEmpty(activities);

        HashSet<string> FunctionsWith(string trigger) => Functions()
            .Where(function => Trigger(function).GetProperty("type").GetString() == trigger)
            .Select(function => function.GetProperty("name").GetString()!)
            .ToHashSet(StringComparer.Ordinal);
        Assert.Equal(orchestrators.Order(StringComparer.Ordinal), FunctionsWith("orchestrationTrigger").Order(StringComparer.Ordinal));
        Assert.Equal(activities.Order(StringComparer.Ordinal), FunctionsWith("activityTrigger").Order(StringComparer.Ordinal));
    }

    private static string Normalise(string route) => route.Trim('/');
}
