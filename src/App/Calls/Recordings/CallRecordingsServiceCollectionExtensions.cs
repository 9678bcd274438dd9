using AiScheduler.Functions.Calls.Callbacks;
using AiScheduler.Functions.EventGrid;

namespace AiScheduler.Functions.Calls.Recordings;

public static class CallRecordingsServiceCollectionExtensions
{
    /// <summary>
    /// Call recordings: their store, the RecordingFileStatusUpdated handler the Event Grid webhook dispatches to (chunks
    /// downloaded into the blob store), and the callback handler that links calls to their server call ids and starts
    /// recordings on CallConnected (<c>EventGrid:RecordCalls</c>). Needs AddStore, AddStorage, AddTelephony,
    /// AddCallSessions and AddEventGrid.
    /// </summary>
    public static IServiceCollection AddCallRecordings(this IServiceCollection services)
    {
        services.AddSingleton<RecordingStore>();
        services.AddSingleton<CallRecordings>();
        services.AddSingleton<IEventGridHandler, RecordingFileEvents>();
        services.AddSingleton<ICallEventHandler, ConnectedCalls>();
        services.AddSingleton<RecordingStarts>();
        services.AddHostedService(sp => sp.GetRequiredService<RecordingStarts>());
        return services;
    }
}
