using AiScheduler.Functions.Calls.Callbacks;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.EventGrid;

public static class EventGridServiceCollectionExtensions
{
    /// <summary>
    /// The Event Grid trigger: options (<c>EventGrid</c> section, validated on start), its store, inbound call
    /// answering, recording storage, and the callback handler that links calls to their server call ids and starts recordings. Needs
    /// AddStore, AddLeads, AddStorage, AddTelephony and AddCallSessions.
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
        services.AddSingleton<CallRecordings>();
        services.AddSingleton<EventGridEvents>();
        services.AddSingleton<ICallEventHandler, ConnectedCalls>();
        services.AddSingleton<RecordingStarts>();
        services.AddHostedService(sp => sp.GetRequiredService<RecordingStarts>());
        services.AddSingleton<IInboxEntryHandler, EventGridInboxHandler>();
        services.AddCallInbox();
        return services;
    }
}
