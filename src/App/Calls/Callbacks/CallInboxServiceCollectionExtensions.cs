using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.Calls.Callbacks;

public static class CallInboxServiceCollectionExtensions
{
    /// <summary>
    /// The durable call inbox (<c>Calls:Inbox</c>, validated on start) in place of the in-process dispatcher: callbacks
    /// are stored before they are answered and handled from the store. Needs AddStore and AddTelephony.
    /// </summary>
    public static IServiceCollection AddCallInbox(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(CallInbox)))
        {
            return services;
        }

        services.AddOptions<CallInboxOptions>().BindConfiguration(CallInboxOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CallInboxOptions>, CallInboxOptionsValidation>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<CallInboxStore>();
        services.AddSingleton<CallInbox>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IInboxEntryHandler, AcsInboxHandler>());
        services.Replace(ServiceDescriptor.Singleton<ICallEventIntake>(sp => sp.GetRequiredService<CallInbox>()));
        services.AddHostedService(sp => sp.GetRequiredService<CallInbox>());

        return services;
    }
}
