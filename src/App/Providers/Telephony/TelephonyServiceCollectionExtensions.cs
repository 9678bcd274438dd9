using AiScheduler.Functions.Calls.Callbacks;
using AiScheduler.Functions.Providers.Http;
using Azure.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.Providers.Telephony;

public static class TelephonyServiceCollectionExtensions
{
    /// <summary>
    /// Telephony from the <c>Telephony</c> section: the <see cref="ITelephony"/> ACS client (against Azure or the
    /// in-process emulator), callback URL signing, callback JWT validation, and the event hand-off to
    /// <see cref="ICallEventHandler"/>s. Options are validated on start.
    /// </summary>
    public static IServiceCollection AddTelephony(this IServiceCollection services)
    {
        services.AddOptions<TelephonyOptions>().BindConfiguration(TelephonyOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TelephonyOptions>, TelephonyOptionsValidation>();
        services.PostConfigure<TelephonyOptions>(o =>
        {
            if (o.Provider == TelephonyProvider.Emulator && string.IsNullOrWhiteSpace(o.Acs.CallerId))
            {
                o.Acs.CallerId = "+14255550100";
            }
        });
        services.TryAddSingleton(TimeProvider.System);

        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<TelephonyOptions>>().Value;
            if (options.Provider == TelephonyProvider.Emulator)
            {
                return new AcsConnectionSource();
            }

            return string.IsNullOrWhiteSpace(options.Acs.ConnectionString)
                ? new AcsConnectionSource(AcsConnection.FromCredential(options.Acs.Endpoint!, new DefaultAzureCredential()))
                : new AcsConnectionSource(AcsConnection.FromConnectionString(options.Acs.ConnectionString));
        });
        services.AddSingleton<InProcessEmulator>();
        services.AddHostedService(sp => sp.GetRequiredService<InProcessEmulator>());
        services.AddSingleton<RecordingSources>();
        services.AddOutboundHttp().AddHttpClient<ITelephony, AcsCallAutomationClient>();

        services.AddSingleton<CallbackAddresses>();
        services.AddSingleton<CallEventDispatcher>();
        // Without a store the hand-off is in-process; AddCallInbox replaces it with the durable inbox.
        services.TryAddSingleton<ICallEventIntake>(sp => sp.GetRequiredService<CallEventDispatcher>());
        // A singleton: it caches the signing keys. Its client only fetches metadata, rarely.
        services.AddHttpClient(nameof(AcsCallbackJwtValidator));
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<AcsCallbackJwtValidator>(
            sp, sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(AcsCallbackJwtValidator))));
        services.AddHostedService<CallEventPump>();
        services.AddHttpClient(TelephonyHealthCheck.HttpClientName);
        services.AddHealthChecks().AddCheck<TelephonyHealthCheck>("telephony");
        services.AddTelephonyTracing();
        return services;
    }
}
