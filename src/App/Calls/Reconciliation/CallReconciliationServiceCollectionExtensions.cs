using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.Calls.Reconciliation;

public static class CallReconciliationServiceCollectionExtensions
{
    /// <summary>The reconciler of calls in progress (<c>Calls:Reconciliation</c>, validated on start). Needs AddCallInbox.</summary>
    public static IServiceCollection AddCallReconciliation(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(CallReconciler)))
        {
            return services;
        }

        services.AddOptions<CallReconciliationOptions>().BindConfiguration(CallReconciliationOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CallReconciliationOptions>, CallReconciliationOptionsValidation>());
        services.AddSingleton<CallReconciler>();
        services.AddHostedService(sp => sp.GetRequiredService<CallReconciler>());
        return services;
    }
}
