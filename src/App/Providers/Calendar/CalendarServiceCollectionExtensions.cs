using AiScheduler.Functions.Hosting;
using AiScheduler.Functions.Providers.Http;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.Providers.Calendar;

public static class CalendarServiceCollectionExtensions
{
    /// <summary>
    /// The calendar port chosen by <c>Calendar:Provider</c>: <c>builtin</c> (the store's meetings) or <c>google</c>
    /// (<c>Calendar:Google:*</c>); settings are validated on start.
    /// </summary>
    public static IServiceCollection AddCalendar(this IServiceCollection services)
    {
        services.AddOptions<CalendarOptions>().BindConfiguration(CalendarOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<CalendarOptions>, CalendarOptionsValidation>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSigningClock();
        services.AddSingleton<BuiltInCalendar>();
        services.AddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptions<CalendarOptions>>().Value.Google;
            var json = string.IsNullOrWhiteSpace(options.ServiceAccountJson)
                ? File.ReadAllText(CalendarOptionsValidation.ResolveKeyFile(options.ServiceAccountKeyFile!,
                    provider.GetRequiredService<IHostEnvironment>().ContentRootPath))
                : options.ServiceAccountJson;
            // Google checks the assertion's iat/exp against real time, not the app's (maybe anchored) clock.
            return new GoogleAccessTokens(GoogleServiceAccountKey.Parse(json), options, SigningClock.Resolve(provider));
        });
        services.AddOutboundHttp().AddHttpClient<GoogleCalendar>();
        services.AddSingleton<ICalendarProvider>(provider =>
            provider.GetRequiredService<IOptions<CalendarOptions>>().Value.IsGoogle
                ? provider.GetRequiredService<GoogleCalendar>()
                : provider.GetRequiredService<BuiltInCalendar>());
        return services;
    }
}
