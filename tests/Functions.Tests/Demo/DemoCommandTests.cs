using System.Text.Json;
using AiScheduler.Functions.Demo;
using AiScheduler.Functions.Hosting;
using Microsoft.Data.Sqlite;

namespace AiScheduler.Functions.Tests.Demo;

/// <summary>The demo command end to end, in-process, on the bundled sample.</summary>
public sealed class DemoCommandTests
{
    [Fact]
    public async Task The_demo_imports_the_sample_and_prints_one_json_document_of_what_the_store_holds()
    {
        var data = Path.Combine(Path.GetTempPath(), "aischeduler-demo-" + Guid.NewGuid().ToString("N"));
        var output = new StringWriter();
        var error = new StringWriter();

        var exit = await Cli.RunAsync(["demo", "--inference", "--data", data, "--json"], output, error);

        Assert.True(exit == 0, error.ToString());
        using var json = JsonDocument.Parse(output.ToString());
        var root = json.RootElement;
        var leads = root.GetProperty("leads").EnumerateArray().ToList();
        Assert.True(leads.Count >= 40, $"only {leads.Count} leads");

        // Every lead printed is a row of the store, and every row of the store is printed.
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(data, "aischeduler.db")};Pooling=False"))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            var command = connection.CreateCommand();
            command.CommandText = "SELECT phone FROM leads ORDER BY phone";
            var phones = new List<string>();
            await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
            while (await reader.ReadAsync(TestContext.Current.CancellationToken))
            {
                phones.Add(reader.GetString(0));
            }

            Assert.Equal(phones, leads.Select(lead => lead.GetProperty("phone").GetString()!).Order(StringComparer.Ordinal));
        }

        var languages = leads.Select(lead => lead.GetProperty("language").GetString()!).ToHashSet();
        foreach (var expected in new[] { "en-US", "fr-CA", "en-GB", "he-IL", "fr-FR", "de-DE", "es-ES", "it-IT", "pt-PT", "nl-NL" })
        {
            Assert.Contains(expected, languages);
        }

        var zones = leads.Where(lead => lead.GetProperty("phone").GetString()!.StartsWith("+1", StringComparison.Ordinal))
            .Select(lead => lead.GetProperty("timeZone").GetString()).ToHashSet();
        Assert.Superset(new HashSet<string?> { "America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles" }, zones);

        var camille = leads.Single(lead => lead.GetProperty("phone").GetString() == "+15145550123");
        Assert.Equal("fr-CA", camille.GetProperty("callLanguage").GetString());
        var giulia = leads.Single(lead => lead.GetProperty("phone").GetString() == "+393471234501");
        Assert.Equal("en-US", giulia.GetProperty("callLanguage").GetString());
        foreach (var lead in leads)
        {
            var local = DateTimeOffset.Parse(lead.GetProperty("nextOpeningLocal").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(lead.GetProperty("nextOpeningUtc").GetDateTimeOffset(), local);
            Assert.InRange(local.TimeOfDay, TimeSpan.Zero, TimeSpan.FromHours(18));
        }

        var errors = root.GetProperty("errors").EnumerateArray()
            .Select(e => (e.GetProperty("line").GetInt32(), e.GetProperty("field").GetString())).ToList();
        Assert.Equal([(48, "phone"), (49, "email"), (50, "language"), (51, "timezone"), (52, "phone")], errors);
        var duplicate = Assert.Single(root.GetProperty("duplicates").EnumerateArray());
        Assert.Equal((47, 2), (duplicate.GetProperty("line").GetInt32(), duplicate.GetProperty("firstLine").GetInt32()));
        var summary = root.GetProperty("summary");
        Assert.Equal(leads.Count, summary.GetProperty("leadsInStore").GetInt32());
        Assert.Equal(summary.GetProperty("rows").GetInt32(), leads.Count + 5 + 1);
        Assert.Equal(5, summary.GetProperty("rejected").GetInt32());
        Assert.Equal(1, summary.GetProperty("duplicates").GetInt32());
        Assert.DoesNotContain("info:", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_text_demo_lists_each_lead_masked_with_its_rejected_rows_and_a_summary_and_starts_afresh_each_run()
    {
        var data = Path.Combine(Path.GetTempPath(), "aischeduler-demo-" + Guid.NewGuid().ToString("N"));
        var first = new StringWriter();
        Assert.Equal(0, await Cli.RunAsync(["demo", "--inference", "--data", data], first, new StringWriter()));
        var output = new StringWriter();

        var exit = await Cli.RunAsync(["demo", "--inference", "--data", data], output, new StringWriter());

        var text = output.ToString();
        Assert.Equal(0, exit);
        Assert.Contains("Camille Tremblay", text, StringComparison.Ordinal);
        Assert.Contains("+151******23", text, StringComparison.Ordinal);
        Assert.DoesNotContain("+15145550123", text, StringComparison.Ordinal);
        Assert.Contains("line   49  email", text, StringComparison.Ordinal);
        Assert.Contains("Rejected rows (5)", text, StringComparison.Ordinal);
        // Recreated, not accumulated: the second run imports the same leads as new.
        Assert.Matches(@"(\d+) leads imported, 0 updated, 1 duplicates merged, 5 rows rejected; the store holds \1 leads", text);
    }

    [Fact]
    public async Task A_missing_leads_file_is_a_clear_error()
    {
        var error = new StringWriter();

        var exit = await Cli.RunAsync(["demo", "--inference", "--leads", "/nonexistent/leads.csv", "--data", Path.Combine(Path.GetTempPath(), "aischeduler-demo-missing")], new StringWriter(), error);

        Assert.Equal(1, exit);
        Assert.Contains("--leads", error.ToString(), StringComparison.Ordinal);
    }
}
