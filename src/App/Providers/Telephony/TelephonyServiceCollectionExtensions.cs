using AiScheduler.Functions.Hosting;
using AiScheduler.Functions.Providers.Http;
using Azure.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.Providers.Telephony;

public static class TelephonyServiceCollectionExtensions
{
    /// <summary>
    /// Telephony from the <c>Telephony</c> section: the <see cref="ITelephony"/> ACS client (against Azure, the standalone
    /// emulator, or the host's <see cref="IEmbeddedTelephony"/>), recording sources, the health check and tracing. Options
    /// are validated on start. What answers the telephony callbacks is the Calls feature's (<c>AddAcsCallbacks</c>).
    /// </summary>
    public static IServiceCollection AddTelephony(this IServiceCollection services)
    {
        services.AddOptions<TelephonyOptions>().BindConfiguration(TelephonyOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TelephonyOptions>, TelephonyOptionsValidation>();
        services.AddSingleton<IValidateOptions<TelephonyOptions>, EmbeddedTelephonyValidation>();
        services.PostConfigure<TelephonyOptions>(o =>
        {
            if (o.Provider == TelephonyProvider.Emulator && string.IsNullOrWhiteSpace(o.Acs.CallerId))
            {
                o.Acs.CallerId = "+14255550100";
            }
        });
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSigningClock();

        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<TelephonyOptions>>().Value;
            if (options.Provider == TelephonyProvider.Emulator)
            {
                // The host's embedded telephony provides the connection once it has started.
                return new AcsConnectionSource();
            }

            return string.IsNullOrWhiteSpace(options.Acs.ConnectionString)
                ? new AcsConnectionSource(AcsConnection.FromCredential(options.Acs.Endpoint!, new DefaultAzureCredential()))
                : new AcsConnectionSource(AcsConnection.FromConnectionString(options.Acs.ConnectionString));
        });
        services.AddSingleton<RecordingSources>();
        services.AddOutboundHttp().AddHttpClient<ITelephony, AcsCallAutomationClient>();
        services.AddHttpClient(TelephonyHealthCheck.HttpClientName);
        services.AddHealthChecks().AddCheck<TelephonyHealthCheck>("telephony");
        services.AddTelephonyTracing();
        return services;
    }

    /// <summary>
    /// Plugs in the telephony service the host runs in its own process for <c>Telephony:Provider = emulator</c> (the
    /// self-host's Communication Services emulator), as a hosted service: added before the features (as AppHost.Build
    /// does), it starts before theirs. Without one, that provider fails on start (<see cref="EmbeddedTelephonyValidation"/>).
    /// </summary>
    public static IServiceCollection AddEmbeddedTelephony<T>(this IServiceCollection services)
        where T : class, IEmbeddedTelephony, IHostedService
    {
        if (services.Any(d => d.ServiceType == typeof(IEmbeddedTelephony)))
        {
            return services;
        }

        services.TryAddSigningClock();
        services.AddSingleton<T>();
        services.AddSingleton<IEmbeddedTelephony>(sp => sp.GetRequiredService<T>());
        services.AddHostedService(sp => sp.GetRequiredService<T>());
        return services;
    }
}
