using AiScheduler.Durable;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using AiScheduler.Functions.Campaigns;
using AiScheduler.Functions.Leads.Imports;
using AiScheduler.Functions.Meetings;
using AiScheduler.Functions.Store;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.Hosting;

/// <summary>
/// The one place the durable engine is added. The orchestrations and activities are official Durable Task classes;
/// each feature folder lists its own in a <see cref="DurableTaskRegistry"/> extension, and
/// <see cref="AddWorkflowTasks"/> collects them for whichever worker runs them. In this host that is our engine, its
/// tables in the app's own database (<c>Store:*</c>), so the embedded default is still one SQLite file and the
/// scale-out stack one PostgreSQL database; runtime limits are read from <c>Durable:*</c> (e.g.
/// <c>Durable:MaxPollingInterval</c>). A host that registered another Durable Task engine first (a
/// <see cref="DurableTaskClient"/> is already in the services, e.g. Microsoft's in-memory test host) keeps it.
/// </summary>
public static class DurableComposition
{
    public const string Section = "Durable";

    public static IServiceCollection AddDurableWorkflows(this IServiceCollection services)
    {
        services.AddLeadImports();
        services.AddMeetings();
        services.AddCampaigns();
        if (services.Any(service => service.ServiceType == typeof(DurableTaskClient)))
        {
            return services;
        }

        services.AddDurable(durable =>
        {
            durable.Services.AddOptions<DurableOptions>()
                .BindConfiguration(Section)
                .Configure<IOptions<StoreOptions>>((options, store) => UseAppDatabase(options, store.Value));
            durable.AddTasks(registry => registry.AddWorkflowTasks());
        });
        return services;
    }

    /// <summary>Every orchestration and activity of the app: lead imports, meetings, campaigns and call attempts.</summary>
    public static DurableTaskRegistry AddWorkflowTasks(this DurableTaskRegistry registry) =>
        registry.AddLeadImportTasks().AddMeetingTasks().AddCampaignTasks();

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
