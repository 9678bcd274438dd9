using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.Store;

public static class StoreServiceCollectionExtensions
{
    /// <summary>
    /// The data store (<c>Store:Provider</c>, <c>Store:ConnectionString</c>), its migrations applied at start-up, and a
    /// <c>store</c> health check.
    /// </summary>
    public static IServiceCollection AddStore(this IServiceCollection services)
    {
        services.AddOptions<StoreOptions>().BindConfiguration(StoreOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<StoreOptions>, StoreOptionsValidation>();
        services.AddSingleton<DataStore>();
        services.AddSingleton<SchemaMigrator>();
        services.AddHostedService<StoreMigrationService>();
        services.AddHealthChecks().AddCheck<StoreHealthCheck>("store");
        return services;
    }
}
