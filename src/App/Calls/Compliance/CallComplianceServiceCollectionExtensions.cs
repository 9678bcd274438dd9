using AiScheduler.Functions.Calls.Callbacks;
using AiScheduler.Functions.DoNotCall;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.Calls.Compliance;

public static class CallComplianceServiceCollectionExtensions
{
    /// <summary>The caller's rights during a call: the opt-out key heard all call long, the do-not-call list it writes
    /// to, and the recording plan per lead country (<c>Calls:Compliance</c>).</summary>
    public static IServiceCollection AddCallCompliance(this IServiceCollection services)
    {
        services.AddOptions<CallComplianceOptions>().BindConfiguration(CallComplianceOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CallComplianceOptions>, CallComplianceOptionsValidator>());
        services.TryAddSingleton<DoNotCallList>();
        services.TryAddSingleton<CallRecordingPolicy>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ICallEventHandler, KeypadOptOut>());
        return services;
    }
}
