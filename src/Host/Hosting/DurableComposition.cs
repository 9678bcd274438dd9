using AiScheduler.Durable;
using AiScheduler.Functions.Campaigns;
using AiScheduler.Functions.Leads.Imports;
using AiScheduler.Functions.Meetings;
using AiScheduler.Functions.Store;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.Hosting;

/// <summary>
/// The one place the durable runtime is added. Its tables live in the app's own database (<c>Store:*</c>), so the
/// embedded default is still one SQLite file and the scale-out stack one PostgreSQL database; each feature registers
/// its orchestrations and activities through a <see cref="DurableBuilder"/> extension in its own folder.
/// Runtime limits are read from <c>Durable:*</c> (e.g. <c>Durable:MaxPollingInterval</c>).
/// </summary>
public static class DurableComposition
{
    public const string Section = "Durable";

    public static IServiceCollection AddDurableWorkflows(this IServiceCollection services)
    {
        services.AddDurable(durable =>
        {
            durable.Services.AddOptions<DurableOptions>()
                .BindConfiguration(Section)
                .Configure<IOptions<StoreOptions>>((options, store) => UseAppDatabase(options, store.Value));
            durable
                .AddLeadImportWorkflows()
                .AddMeetingWorkflows()
                .AddCampaignWorkflows();
        });
        return services;
    }

    /// <summary>Points the runtime at the app's database; an in-memory SQLite store is refused (nothing would survive a restart).</summary>
    internal static void UseAppDatabase(DurableOptions options, StoreOptions store)
    {
        if (store.ParsedProvider == StoreProvider.Postgres)
        {
            options.Backend = DurableBackend.Postgres;
            options.ConnectionString = store.ConnectionString;
            return;
        }

        var builder = new SqliteConnectionStringBuilder(store.ConnectionString);
        if (builder.Mode == SqliteOpenMode.Memory || string.IsNullOrEmpty(builder.DataSource) || builder.DataSource.StartsWith(':'))
        {
            throw new OptionsValidationException(Section, typeof(DurableOptions),
            [
                "Store:ConnectionString points at an in-memory SQLite database; orchestrations must survive restarts, so " +
                "use a file such as 'Data Source=.data/aischeduler.db' (or Store:Provider=postgres).",
            ]);
        }

        // The same absolute file the app's store opens, whatever the working directory.
        builder.DataSource = Path.GetFullPath(builder.DataSource);
        options.Backend = DurableBackend.Sqlite;
        options.ConnectionString = builder.ConnectionString;
    }
}
