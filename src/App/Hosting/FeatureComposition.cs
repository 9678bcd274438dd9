using AiScheduler.Functions.Analytics;
using AiScheduler.Functions.Emails;
using AiScheduler.Functions.Permissions;
using AiScheduler.Functions.Calls;
using AiScheduler.Functions.Calls.Callbacks;
using AiScheduler.Functions.Calls.Recordings;
using AiScheduler.Functions.Campaigns;
using AiScheduler.Functions.DoNotCall;
using AiScheduler.Functions.EventGrid;
using AiScheduler.Functions.Hosting.Queues;
using AiScheduler.Functions.Hosting.Timers;
using AiScheduler.Functions.Leads;
using AiScheduler.Functions.Leads.Imports;
using AiScheduler.Functions.Meetings;
using AiScheduler.Functions.Meetings.Interview;
using AiScheduler.Functions.Meetings.Questions;
using AiScheduler.Functions.Meetings.Room;
using AiScheduler.Functions.Providers.Calendar;
using AiScheduler.Functions.Providers.Storage;
using AiScheduler.Functions.Providers.Telephony;
using AiScheduler.Functions.Security;
using AiScheduler.Functions.Store;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AiScheduler.Functions.Hosting;

/// <summary>
/// What both hosts share: one <c>AddX</c> per feature and provider, one <c>MapX</c> per endpoint group. The self-host
/// (src/Host) adds our durable engine, its timer and queue runners and serves the routes with ASP.NET Core; the Azure
/// Functions app (src/Functions) leaves triggers and orchestrations to the Functions host and wraps these routes.
/// </summary>
public static class FeatureComposition
{
    /// <summary>
    /// The features' services and settings. The lead import, meeting and campaign services are added with
    /// <c>AddLeadImports</c>, <c>AddMeetings</c> and <c>AddCampaigns</c> by each host beside its durable engine (our engine
    /// in the self-host, Microsoft's in the Functions app); the orchestrations are listed once per feature
    /// (<c>AddLeadImportTasks</c>, ...).
    /// </summary>
    public static IServiceCollection AddFeatures(this IServiceCollection services)
    {
        services.AddClock();
        services.AddProblemDetails();
        services.AddStore();
        services.AddSecurity();
        services.AddLeads();
        services.AddStorage();
        services.AddEmail();
        services.AddCalendar();
        services.AddTelephony();
        services.AddCallSessions();
        services.AddEventGrid();
        services.AddCallRecordings();
        services.AddAnalytics();
        services.AddMeetingInterviews();
        services.AddMeetingRoomLinks();
        services.AddCallPermissions();
        return services;
    }

    /// <summary>
    /// Removes the self-host's trigger runners (the timer service and the queue poller) that feature registrations
    /// bring in: under Azure Functions the Functions host fires timers and delivers queue messages itself.
    /// </summary>
    public static IServiceCollection WithoutSelfHostedTriggerRunners(this IServiceCollection services)
    {
        for (var i = services.Count - 1; i >= 0; i--)
        {
            var descriptor = services[i];
            if (descriptor.ServiceType == typeof(IHostedService)
                && (descriptor.ImplementationType == typeof(TimerTriggerService) || descriptor.ImplementationType == typeof(QueueTriggerHost)))
            {
                services.RemoveAt(i);
            }
        }

        return services;
    }

    /// <summary>
    /// Every HTTP route of the app: health, sign-in, the API, the telephony callbacks and the Event Grid webhook. Every
    /// route requires a signed-in user or an API key of a workspace (the fallback authorization policy,
    /// <see cref="SecurityServiceCollectionExtensions.WorkspacePolicy"/>) unless it says <c>AllowAnonymous</c>.
    /// </summary>
    public static IEndpointRouteBuilder MapFeatures(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapDefaultEndpoints();
        endpoints.MapSecurity();
        endpoints.MapLeads();
        endpoints.MapEmails();
        endpoints.MapAcsCallbacks();
        endpoints.MapEventGrid();
        endpoints.MapCallRecordings();
        endpoints.MapAnalytics();
        endpoints.MapLeadImports();
        endpoints.MapMeetings();
        endpoints.MapMeetingRoomLinks();
        endpoints.MapCampaigns();
        endpoints.MapCalls();
        endpoints.MapDoNotCall();
        endpoints.MapQuestionSets();
        endpoints.MapMeetingInterviews();
        endpoints.MapCallPermissions();
        return endpoints;
    }
}
