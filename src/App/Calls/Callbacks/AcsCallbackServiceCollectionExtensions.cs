using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AiScheduler.Functions.Calls.Callbacks;

public static class AcsCallbackServiceCollectionExtensions
{
    /// <summary>
    /// What answers the telephony provider's callbacks (<c>MapAcsCallbacks</c>): callback URL signing, callback JWT
    /// validation, and the hand-off of each event to the <see cref="ICallEventHandler"/>s (in process until
    /// <c>AddCallInbox</c> puts the durable inbox in between). Needs <c>AddTelephony</c>; adding it twice adds it once.
    /// </summary>
    public static IServiceCollection AddAcsCallbacks(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(CallEventDispatcher)))
        {
            return services;
        }

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<CallbackAddresses>();
        services.AddSingleton<CallEventDispatcher>();
        services.TryAddSingleton<ICallEventIntake>(sp => sp.GetRequiredService<CallEventDispatcher>());
        // A singleton: it caches the signing keys. Its client only fetches metadata, rarely.
        services.AddHttpClient(nameof(AcsCallbackJwtValidator));
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<AcsCallbackJwtValidator>(
            sp, sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(AcsCallbackJwtValidator))));
        services.AddHostedService<CallEventPump>();
        return services;
    }
}
