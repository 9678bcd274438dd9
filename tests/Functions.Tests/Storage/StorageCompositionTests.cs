using AiScheduler.Functions.Hosting.Queues;
using AiScheduler.Functions.Providers.Storage;
using AiScheduler.Functions.Providers.Storage.Azure;
using AiScheduler.Functions.Providers.Storage.Embedded;
using AiScheduler.Functions.Providers.Storage.Local;
using AiScheduler.Functions.Store;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.Tests.Storage;

/// <summary>AddStorage picks adapters from configuration alone and refuses unusable settings at start-up.</summary>
public sealed class StorageCompositionTests(AzuriteFixture azurite) : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "aischeduler-compose-" + Guid.NewGuid().ToString("N")[..12]);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public async Task The_default_configuration_is_the_embedded_folder_and_store_table_and_reports_healthy()
    {
        using var host = Build(new() { ["Storage:Blobs:Directory"] = Path.Combine(_folder, "blobs") });
        await host.StartAsync(Ct);

        Assert.IsType<LocalFolderBlobStore>(host.Services.GetRequiredService<IBlobStore>());
        Assert.IsType<StoreTableMessageQueue>(host.Services.GetRequiredService<IMessageQueue>());
        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(Ct);
        Assert.Equal(HealthStatus.Healthy, report.Entries["storage"].Status);
        Assert.Contains("0 message(s) on lead-imports", report.Entries["storage"].Description, StringComparison.Ordinal);
        await host.StopAsync(Ct);
    }

    [Fact]
    public async Task The_azure_provider_with_an_Azurite_connection_string_uses_the_Azure_SDK_adapters_and_reports_healthy()
    {
        using var host = Build(new()
        {
            ["Storage:Provider"] = "azure",
            ["Storage:ConnectionString"] = azurite.ConnectionString,
            ["Storage:Blobs:Container"] = azurite.UniqueName("compose"),
        });
        await host.StartAsync(Ct);

        Assert.IsType<AzureBlobStore>(host.Services.GetRequiredService<IBlobStore>());
        Assert.IsType<AzureStorageQueue>(host.Services.GetRequiredService<IMessageQueue>());
        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(Ct);
        Assert.Equal(HealthStatus.Healthy, report.Entries["storage"].Status);
        await host.StopAsync(Ct);
    }

    [Fact]
    public async Task A_wrong_account_key_shows_as_unhealthy_storage_with_the_setting_to_check()
    {
        var wrongKey = azurite.ConnectionString.Replace("AccountKey=Eby8", "AccountKey=AAAA", StringComparison.Ordinal);
        using var host = Build(new() { ["Storage:Provider"] = "azure", ["Storage:ConnectionString"] = wrongKey });
        await host.StartAsync(Ct);

        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(Ct);

        Assert.Equal(HealthStatus.Unhealthy, report.Entries["storage"].Status);
        Assert.Contains("Storage:ConnectionString", report.Entries["storage"].Description, StringComparison.Ordinal);
        await host.StopAsync(Ct);
    }

    [Fact]
    public async Task Starting_with_the_azure_provider_and_no_connection_string_fails_naming_the_setting()
    {
        using var host = Build(new() { ["Storage:Provider"] = "azure" });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(Ct));

        Assert.Contains("Storage:ConnectionString is required when Storage:Provider is 'azure'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Starting_with_unusable_queue_trigger_settings_fails_naming_the_host_json_setting()
    {
        using var host = Build(new() { ["extensions:queues:batchSize"] = "64", ["extensions:queues:maxDequeueCount"] = "0" },
            services => services.AddQueueTrigger<NoOpHandler>("lead-imports"));

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(Ct));

        Assert.Contains("extensions:queues:batchSize", error.Message, StringComparison.Ordinal);
        Assert.Contains("extensions:queues:maxDequeueCount", error.Message, StringComparison.Ordinal);
    }

    private IHost Build(Dictionary<string, string?> settings, Action<IServiceCollection>? more = null)
    {
        settings.TryAdd("Store:ConnectionString", $"Data Source={Path.Combine(_folder, "store.db")}");
        settings.TryAdd("Storage:Blobs:Directory", Path.Combine(_folder, "blobs"));
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddLogging();
        builder.Services.AddStore();
        builder.Services.AddStorage();
        more?.Invoke(builder.Services);
        return builder.Build();
    }

    private sealed class NoOpHandler : IQueueTriggerHandler
    {
        public Task HandleAsync(QueueMessage message, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
