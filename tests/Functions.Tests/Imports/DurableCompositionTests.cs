using AiScheduler.Durable;
using AiScheduler.Functions.Hosting;
using AiScheduler.Functions.Store;
using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.Tests.Imports;

/// <summary>The durable runtime runs on the app's own database, chosen from the Store settings.</summary>
public sealed class DurableCompositionTests
{
    [Fact]
    public void A_sqlite_store_file_puts_the_runtime_in_the_same_file_by_its_absolute_path()
    {
        var options = new DurableOptions();

        DurableComposition.UseAppDatabase(options, new StoreOptions { Provider = "sqlite", ConnectionString = "Data Source=.data/app.db" });

        Assert.Equal(DurableBackend.Sqlite, options.Backend);
        Assert.Equal($"Data Source={Path.GetFullPath(".data/app.db")}", options.ConnectionString);
    }

    [Fact]
    public void A_postgres_store_puts_the_runtime_in_the_same_database()
    {
        var options = new DurableOptions();

        DurableComposition.UseAppDatabase(options, new StoreOptions { Provider = "postgres", ConnectionString = "Host=db;Database=app" });

        Assert.Equal((DurableBackend.Postgres, "Host=db;Database=app"), (options.Backend, options.ConnectionString));
    }

    [Theory]
    [InlineData("Data Source=:memory:")]
    [InlineData("Data Source=shared;Mode=Memory;Cache=Shared")]
    public void An_in_memory_sqlite_store_is_refused_with_the_setting_to_change(string connectionString)
    {
        var error = Assert.Throws<OptionsValidationException>(() =>
            DurableComposition.UseAppDatabase(new DurableOptions(), new StoreOptions { Provider = "sqlite", ConnectionString = connectionString }));

        Assert.Contains("Store:ConnectionString", error.Message, StringComparison.Ordinal);
    }
}
