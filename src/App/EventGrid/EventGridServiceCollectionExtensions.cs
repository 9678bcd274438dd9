using AiScheduler.Functions.Calls.Callbacks;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.EventGrid;

public static class EventGridServiceCollectionExtensions
{
    /// <summary>
    /// The Event Grid trigger: options (<c>EventGrid</c> section, validated on start), its webhook key and store, the
    /// inbox handler that dispatches each event to its <see cref="IEventGridHandler"/>, and inbound call answering
    /// (IncomingCall). Recordings (RecordingFileStatusUpdated) are AddCallRecordings'. Needs AddStore, AddLeads,
    /// AddTelephony and AddCallSessions.
    /// </summary>
    public static IServiceCollection AddEventGrid(this IServiceCollection services)
    {
        services.AddOptions<EventGridOptions>().BindConfiguration(EventGridOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<EventGridOptions>, EventGridOptionsValidation>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<EventGridStore>();
        services.AddSingleton<EventGridKey>();
        services.AddHostedService<EventGridKeyStartup>();
        services.AddSingleton<InboundCalls>();
        services.AddSingleton<IEventGridHandler, IncomingCallEvents>();
        services.AddSingleton<EventGridEvents>();
        services.AddSingleton<IInboxEntryHandler, EventGridInboxHandler>();
        services.AddCallInbox();
        return services;
    }
}
