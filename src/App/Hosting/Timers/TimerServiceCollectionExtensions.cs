using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.Hosting.Timers;

public static class TimerServiceCollectionExtensions
{
    /// <summary>
    /// Timer triggers: schedules from host.json <c>schedules</c>, settings from <c>Timers:</c>, validated on start, and
    /// the service that fires each occurrence once across all host processes.
    /// </summary>
    public static IServiceCollection AddTimers(this IServiceCollection services)
    {
        services.AddOptions<TimerOptions>()
            .Configure<IConfiguration>((options, configuration) =>
            {
                configuration.GetSection(TimerOptions.Section).Bind(options);
                foreach (var entry in configuration.GetSection(TimerOptions.SchedulesSection).GetChildren())
                {
                    if (entry.Value is not null)
                    {
                        options.Schedules[entry.Key] = entry.Value;
                    }
                }
            })
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<TimerOptions>, TimerOptionsValidation>();
        services.AddSingleton<TimerRunStore>();
        services.AddHostedService<TimerTriggerService>();
        return services;
    }

    /// <summary>Registers a timer function; its <see cref="ITimerHandler.Name"/> picks its schedule from host.json.</summary>
    public static IServiceCollection AddTimerHandler<THandler>(this IServiceCollection services)
        where THandler : class, ITimerHandler
    {
        services.AddSingleton<ITimerHandler, THandler>();
        return services;
    }
}
