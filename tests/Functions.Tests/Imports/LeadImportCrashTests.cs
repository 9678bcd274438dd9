using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AiScheduler.Functions.Leads;
using AiScheduler.Functions.Leads.Imports;
using AiScheduler.Functions.Tests.EndToEnd;
using AiScheduler.Functions.Tests.Infrastructure;
using AiScheduler.Testing;

namespace AiScheduler.Functions.Tests.Imports;

/// <summary>
/// The host process is SIGKILLed in the middle of a lead import and started again: the import resumes after its last
/// committed batch, and in the end every good row is stored once, counted as imported (none as "updated" by a second
/// write), and every bad line is in the error report.
/// </summary>
public sealed class LeadImportCrashTests(PostgresFixture postgres)
{
    private const int Rows = 20_000;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_import_killed_mid_file_resumes_after_its_last_batch_and_stores_each_row_once_with_the_right_counts_on_sqlite()
    {
        var root = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "aischeduler-import-crash-" + Guid.NewGuid().ToString("N"))).FullName;
        await RunAsync(root, new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Store:Provider"] = "sqlite",
            ["Store:ConnectionString"] = "Data Source=" + Path.Combine(root, "store.db"),
        });
    }

    [Fact]
    public async Task An_import_killed_mid_file_resumes_after_its_last_batch_and_stores_each_row_once_with_the_right_counts_on_postgres()
    {
        var root = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "aischeduler-import-crash-" + Guid.NewGuid().ToString("N"))).FullName;
        await RunAsync(root, new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Store:Provider"] = "postgres",
            ["Store:ConnectionString"] = await postgres.Server.CreateDatabaseAsync("importcrash", Ct),
        });
    }

    private static async Task RunAsync(string root, Dictionary<string, string?> settings)
    {
        settings["Storage:Provider"] = "local";
        settings["Storage:Blobs:Directory"] = Path.Combine(root, "blobs");
        settings["Email:Outbox:Directory"] = Path.Combine(root, "outbox");
        settings["Durable:MaxPollingInterval"] = "00:00:00.200";
        settings["Durable:LeaseLength"] = "00:00:03";
        settings["extensions:queues:maxPollingInterval"] = "00:00:00.200";
        // Small batches: many commits, so the kill lands between two of them.
        settings["Leads:Import:BatchSize"] = "20";
        var (csv, good, bad) = Generate();
        var port = LoopbackPorts.Free();
        var host = await HostProcess.StartAsync(port, settings, Ct);
        try
        {
            using var client = host.CreateClient(await HostProcess.CreateApiKeyAsync(settings, Ct));
            using var upload = await client.PostAsync("/api/leads/upload?wait=0", new StringContent(csv, Encoding.UTF8, "text/csv"), Ct);
            var importId = (await upload.Content.ReadFromJsonAsync<LeadImportRecord>(JsonSerializerOptions.Web, Ct))!.Id;

            LeadImportRecord killedAt;
            do
            {
                killedAt = (await client.GetFromJsonAsync<LeadImportRecord>($"/api/imports/{importId}", JsonSerializerOptions.Web, Ct))!;
                Assert.False(killedAt.IsFinished, "the import finished before the host could be killed; use a larger file");
            }
            while (killedAt.CheckpointLine == 0);

            await host.KillAsync();
            await host.DisposeAsync();
            host = await HostProcess.StartAsync(port, settings, Ct);

            LeadImportRecord done;
            do
            {
                await Task.Delay(100, Ct);
                done = (await client.GetFromJsonAsync<LeadImportRecord>($"/api/imports/{importId}", JsonSerializerOptions.Web, Ct))!;
            }
            while (!done.IsFinished);

            // The kill came part-way: some batches were committed, not all.
            Assert.InRange(killedAt.Imported, 1, good - 1);
            Assert.Equal(LeadImportStatus.Completed, done.Status);
            Assert.Equal((Rows, good, 0, bad), (done.RowsProcessed, done.Imported, done.Updated, done.Errors));
            var leads = await client.GetFromJsonAsync<LeadPage>("/api/leads?pageSize=1", JsonSerializerOptions.Web, Ct);
            Assert.Equal(good, leads!.Total);

            // The full report: every bad line once, in file order, in both formats.
            var report = await client.GetFromJsonAsync<LeadImportErrorReport>($"/api/imports/{importId}/errors", JsonSerializerOptions.Web, Ct);
            Assert.Equal(bad, report!.Errors.Count);
            Assert.Equal(0, report.ErrorsOmitted);
            Assert.Equal(Enumerable.Range(1, bad).Select(n => n * 10 + 1), report.Errors.Select(error => error.Line));
            var csvReport = await client.GetStringAsync($"/api/imports/{importId}/errors?format=csv", Ct);
            var lines = csvReport.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal("line,field,reason", lines[0]);
            Assert.Equal(bad, lines.Length - 1);
            Assert.Equal(Math.Min(bad, LeadImportStore.InlineErrors), done.FirstErrors!.Count);
        }
        finally
        {
            await host.DisposeAsync();
        }
    }

    /// <summary>Rows 1..n with unique phones; every tenth has no phone (header is line 1, so bad row n*10 is on line n*10+1).</summary>
    private static (string Csv, int Good, int Bad) Generate()
    {
        var csv = new StringBuilder("name,phone,email\n");
        var bad = 0;
        for (var i = 1; i <= Rows; i++)
        {
            var phone = i % 10 == 0 ? "" : string.Create(CultureInfo.InvariantCulture, $"+1 212 5{i / 10000 % 10}{i / 1000 % 10} {i % 10000:0000}");
            bad += i % 10 == 0 ? 1 : 0;
            csv.Append(CultureInfo.InvariantCulture, $"Lead {i},{phone},lead{i}@example.com\n");
        }

        return (csv.ToString(), Rows - bad, bad);
    }
}
