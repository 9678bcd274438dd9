namespace AiScheduler.Functions.Store;

/// <summary>Brings the schema up to date before the host starts serving, so every feature sees its tables.</summary>
internal sealed class StoreMigrationService(SchemaMigrator migrator, DataStore store, ILogger<StoreMigrationService> logger)
    : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        await migrator.MigrateAsync(cancellationToken);
        var versions = await migrator.AppliedVersionsAsync(cancellationToken);
        Log.StoreReady(logger, store.Describe(), versions.Count == 0 ? 0 : versions[^1]);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
