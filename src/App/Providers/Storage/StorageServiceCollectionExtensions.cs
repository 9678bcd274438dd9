using AiScheduler.Functions.Hosting;
using AiScheduler.Functions.Providers.Storage.Azure;
using AiScheduler.Functions.Providers.Storage.Embedded;
using AiScheduler.Functions.Providers.Storage.Local;
using AiScheduler.Functions.Store;
using Azure.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.Providers.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Blobs (<see cref="IBlobStore"/>) and queues (<see cref="IMessageQueue"/>) for <c>Storage:Provider</c>: a local
    /// folder and a table in the data store (<c>local</c>, the default), or Azure Storage / Azurite through
    /// <c>Storage:ConnectionString</c> (<c>azure</c>, on Azure.Storage.Blobs and Azure.Storage.Queues; Shared Key when the
    /// string has an AccountKey, Entra ID through DefaultAzureCredential otherwise).
    /// Settings are validated at start-up; a <c>storage</c> health check probes both.
    /// </summary>
    public static IServiceCollection AddStorage(this IServiceCollection services)
    {
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StorageOptions>, StorageOptionsValidation>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSigningClock();

        services.AddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptions<StorageOptions>>().Value;
            var account = StorageAccount.Parse(options.ConnectionString
                ?? throw new InvalidOperationException("Storage:ConnectionString is required when Storage:Provider is 'azure'."));
            var credential = account.HasSharedKey
                ? null
                : new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = options.ManagedIdentityClientId });
            return new AzureStorageClients(account, credential);
        });

        services.AddSingleton<IBlobStore>(provider =>
        {
            var options = provider.GetRequiredService<IOptions<StorageOptions>>().Value;
            if (options.ParsedProvider == StorageProvider.Local)
            {
                return new LocalFolderBlobStore(options.Blobs.Directory);
            }

            var clients = provider.GetRequiredService<AzureStorageClients>();
            // Azure Storage checks a SAS link's start and expiry against real time, not the app's (maybe anchored) clock.
            return new AzureBlobStore(clients.Blobs, options.Blobs.Container, options.Blobs.BlockSizeBytes,
                SigningClock.Resolve(provider));
        });

        services.AddSingleton<IMessageQueue>(provider =>
        {
            var options = provider.GetRequiredService<IOptions<StorageOptions>>().Value;
            if (options.ParsedProvider == StorageProvider.Local)
            {
                return new StoreTableMessageQueue(provider.GetRequiredService<DataStore>(), provider.GetRequiredService<TimeProvider>());
            }

            var clients = provider.GetRequiredService<AzureStorageClients>();
            return new AzureStorageQueue(clients.Queues, provider.GetRequiredService<TimeProvider>());
        });

        services.AddHealthChecks().AddCheck<StorageHealthCheck>("storage");
        return services;
    }
}
