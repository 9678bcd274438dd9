using AiScheduler.Functions.Calls;
using AiScheduler.Functions.DoNotCall;
using AiScheduler.Functions.Calls.Recordings;
using AiScheduler.Functions.Emails;
using AiScheduler.Functions.Leads.Consents;
using AiScheduler.Functions.Leads.Imports;
using AiScheduler.Functions.Meetings;
using AiScheduler.Functions.Store;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AiScheduler.Functions.Leads.Erasure;

public static class ErasureServiceCollectionExtensions
{
    /// <summary>
    /// <see cref="LeadErasure"/> and the erasers of every copy of a lead's data, in the order they run (the durable
    /// history last but one, so it also redacts what the others' orchestrations wrote; the lead row after them all).
    /// </summary>
    public static IServiceCollection AddLeadErasure(this IServiceCollection services)
    {
        services.TryAddSingleton<LeadErasure>();
        services.TryAddSingleton<DoNotCallList>();
        services.TryAddEnumerable(
        [
            ServiceDescriptor.Singleton<IPersonalDataEraser, ConsentErasure>(),
            ServiceDescriptor.Singleton<IPersonalDataEraser, CallSessionErasure>(),
            ServiceDescriptor.Singleton<IPersonalDataEraser, RecordingErasure>(),
            ServiceDescriptor.Singleton<IPersonalDataEraser, MeetingErasure>(),
            ServiceDescriptor.Singleton<IPersonalDataEraser, EmailErasure>(),
            ServiceDescriptor.Singleton<IPersonalDataEraser, ImportErasure>(),
            ServiceDescriptor.Singleton<IPersonalDataEraser, DoNotCallErasure>(),
            ServiceDescriptor.Singleton<IPersonalDataEraser, DurableHistoryErasure>(),
        ]);
        return services;
    }
}
