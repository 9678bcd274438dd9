using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AiScheduler.Functions.Leads;
using AiScheduler.Functions.Store;
using AiScheduler.Functions.Tests.Infrastructure;
using AiScheduler.Testing;

namespace AiScheduler.Functions.Tests.Leads;

public sealed class SqliteLeadUploadTests(PostgresFixture postgres) : LeadUploadTests(StoreProvider.Sqlite, postgres);

public sealed class PostgresLeadUploadTests(PostgresFixture postgres) : LeadUploadTests(StoreProvider.Postgres, postgres);

/// <summary>POST /api/leads/upload over real HTTP, against each store provider.</summary>
public abstract class LeadUploadTests(StoreProvider provider, PostgresFixture postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<TestApp> StartAsync(IDictionary<string, string?>? settings = null) =>
        TestApp.StartAsync(provider, postgres, settings, Ct);

    [Fact]
    public async Task A_semicolon_file_with_a_bom_and_headers_in_any_order_and_case_imports_every_row()
    {
        await using var app = await StartAsync();
        var csv = "\uFEFFE-Mail;PHONE NUMBER;Full Name;Time Zone;Company\n" +
                  "dana@example.co.il;+972 50-123-4567;Dana Levi;;Negev Cloud\n" +
                  "avery@example.com;+1 (212) 555-0143;Avery Johnson;America/Chicago;Hudson, Inc.\n";

        var result = await UploadCsvAsync(app, csv);

        Assert.Equal((2, 2, 0, 0, 0), (result.Rows, result.Imported, result.Updated, result.Skipped, result.Failed));
        Assert.Equal(";", result.Separator);
        Assert.Empty(result.CustomFieldColumns);
        var leads = await AllLeadsAsync(app);
        var dana = leads.Single(lead => lead.Phone == "+972501234567");
        Assert.Equal(("Dana Levi", "dana@example.co.il", "Negev Cloud", "Asia/Jerusalem"), (dana.Name, dana.Email, dana.Company, dana.TimeZone));
        var avery = leads.Single(lead => lead.Phone == "+12125550143");
        Assert.Equal(("America/Chicago", "declared", "Hudson, Inc."), (avery.TimeZone, avery.TimeZoneSource, avery.Company));
    }

    [Fact]
    public async Task Quoted_fields_with_newlines_keep_their_text_and_errors_report_the_line_where_the_row_starts()
    {
        await using var app = await StartAsync();
        var csv = "name,phone,notes\n" +                                  // line 1
                  "Lucas Petit,+33 6 39 98 00 44,\"Rappeler après 14 h\n" + // line 2
                  "(en réunion le matin)\"\n" +                             // line 3
                  "\"Two\nLine Name\",not a phone,x\n" +                      // lines 4-5
                  "\n" +                                                      // line 6 (blank)
                  "Mia Weber,+49 151 2345 6703,\"said \"\"call me\"\"\"\n" + // line 7
                  "Bad Phone,+49 12,\n";                                      // line 8

        var result = await UploadCsvAsync(app, csv);

        Assert.Equal((4, 2, 2), (result.Rows, result.Imported, result.Failed));
        Assert.Equal([4, 8], result.Errors.Select(error => error.Line).ToArray());
        Assert.All(result.Errors, error => Assert.Equal("phone", error.Field));
        var leads = await AllLeadsAsync(app);
        Assert.Equal("Rappeler après 14 h\n(en réunion le matin)", leads.Single(l => l.Name == "Lucas Petit").Notes);
        Assert.Equal("said \"call me\"", leads.Single(l => l.Name == "Mia Weber").Notes);
    }

    [Fact]
    public async Task Unknown_columns_become_custom_fields_and_first_and_last_name_make_the_name()
    {
        await using var app = await StartAsync();
        var csv = "First Name,Last Name,Mobile,Deal Size,Lead Source,Mail\n" +
                  "Jonas,Müller,+49 151 2345 6702,Large,Expo,jonas@example.de\n" +
                  "Felix,,+49 151 2345 6704,,Website,\n";

        var result = await UploadCsvAsync(app, csv);

        Assert.Equal(["Deal Size", "Lead Source"], result.CustomFieldColumns.ToArray());
        var leads = await AllLeadsAsync(app);
        var jonas = leads.Single(lead => lead.Phone == "+4915123456702");
        Assert.Equal("Jonas Müller", jonas.Name);
        Assert.Equal("jonas@example.de", jonas.Email);
        Assert.Equal("Large", jonas.CustomFields!["Deal Size"]);
        Assert.Equal("Expo", jonas.CustomFields["Lead Source"]);
        var felix = leads.Single(lead => lead.Phone == "+4915123456704");
        Assert.Equal("Felix", felix.Name);
        Assert.Equal(["Lead Source"], felix.CustomFields!.Keys.ToArray());
    }

    [Fact]
    public async Task Duplicates_within_the_file_are_merged_and_reported_and_existing_leads_are_updated()
    {
        await using var app = await StartAsync(new Dictionary<string, string?> { ["Leads:Import:BatchSize"] = "2" });
        var existing = await app.Client.PostAsJsonAsync("/api/leads",
            new { name = "Sofía López", phone = "+34 612 345 603", email = "old@example.es", language = "es", status = "not-interested" }, Ct);
        existing.EnsureSuccessStatusCode();

        var csv = "name,phone,email,company,language,tier\n" +
                  "Lucía García,+34 612 345 601,lucia@example.es,,,gold\n" +        // line 2: new
                  "Mateo,+34 612 345 602,,,,\n" +                                    // line 3: new
                  "Sofía López,+34612345603,sofia@example.es,Costa Viajes,,\n" +     // line 4: updates the stored lead
                  "Lucía G.,0034 612 345 601,,Sol Consultores,,silver\n" +           // line 5: repeats line 2 (other batch)
                  "Mateo Fernández,+34 612 345 602,mateo@example.es,,en,\n";         // line 6: repeats line 3

        var result = await UploadCsvAsync(app, csv);

        Assert.Equal((5, 2, 1, 2, 0), (result.Rows, result.Imported, result.Updated, result.Skipped, result.Failed));
        Assert.Equal([(5, 2), (6, 3)], result.Duplicates.Select(d => (d.Line, d.FirstLine)).ToArray());
        Assert.DoesNotContain(result.Duplicates, d => d.Phone.Contains("612345601", StringComparison.Ordinal));

        var leads = await AllLeadsAsync(app);
        Assert.Equal(3, leads.Count);
        var lucia = leads.Single(lead => lead.Phone == "+34612345601");
        Assert.Equal(("Lucía G.", "lucia@example.es", "Sol Consultores", "silver"), (lucia.Name, lucia.Email, lucia.Company, lucia.CustomFields!["tier"]));
        var mateo = leads.Single(lead => lead.Phone == "+34612345602");
        Assert.Equal(("Mateo Fernández", "mateo@example.es", "declared"), (mateo.Name, mateo.Email, mateo.LanguageSource));
        Assert.StartsWith("en", mateo.Language, StringComparison.Ordinal);
        var sofia = leads.Single(lead => lead.Phone == "+34612345603");
        Assert.Equal(("sofia@example.es", "Costa Viajes", "not-interested", "declared"), (sofia.Email, sofia.Company, sofia.Status, sofia.LanguageSource));
    }

    [Fact]
    public async Task Each_bad_row_is_reported_with_its_line_field_and_reason_while_good_rows_import()
    {
        await using var app = await StartAsync();
        var csv = "name,phone,email,language,timezone\n" +
                  "Good One,+1 303 555 0121,good@example.com,,\n" +           // 2
                  "Bad Phone,call me maybe,,,\n" +                              // 3
                  "Bad Email,+1 303 555 0122,someone@@example,,\n" +           // 4
                  "Bad Language,+1 303 555 0123,,Klingon!!,\n" +               // 5
                  "Bad Zone,+1 303 555 0124,,,Mars/Olympus_Mons\n" +           // 6
                  "No Phone,,nophone@example.com,,\n" +                        // 7
                  "Good Two,+44 20 7946 0112,two@example.co.uk,,\n";           // 8

        var result = await UploadCsvAsync(app, csv);

        Assert.Equal((7, 2, 5), (result.Rows, result.Imported, result.Failed));
        Assert.Equal(
            [(3, "phone"), (4, "email"), (5, "language"), (6, "timezone"), (7, "phone")],
            result.Errors.Select(error => (error.Line, error.Field)).ToArray());
        Assert.All(result.Errors, error => Assert.False(string.IsNullOrWhiteSpace(error.Reason)));
        Assert.Equal(2, (await AllLeadsAsync(app)).Count);
    }

    [Fact]
    public async Task The_errors_list_is_capped_and_the_rest_counted()
    {
        await using var app = await StartAsync(new Dictionary<string, string?> { ["Leads:Import:MaxReportedErrors"] = "3" });
        var csv = new StringBuilder("name,phone\n");
        for (var i = 0; i < 10; i++)
        {
            csv.Append("Nobody ").Append(i).Append(",nope\n");
        }

        var result = await UploadCsvAsync(app, csv.ToString());

        Assert.Equal(10, result.Failed);
        Assert.Equal(3, result.Errors.Count);
        Assert.Equal(7, result.ErrorsOmitted);
    }

    [Fact]
    public async Task A_multipart_upload_imports_the_file_part()
    {
        await using var app = await StartAsync();
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes("name,phone\nDaan Jansen,+31 6 1234 5602\n"));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", "leads.csv");

        var response = await app.Client.PostAsync("/api/leads/upload", form, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = (await response.Content.ReadFromJsonAsync<LeadImportResult>(Ct))!;
        Assert.Equal(1, result.Imported);
        Assert.Equal("nl-NL", (await AllLeadsAsync(app)).Single().Language);
    }

    [Fact]
    public async Task An_upload_over_the_size_limit_is_a_413_problem_and_writes_nothing()
    {
        await using var app = await StartAsync(new Dictionary<string, string?> { ["Leads:Import:MaxBytes"] = "100" });
        var csv = "name,phone\n" + string.Concat(Enumerable.Range(0, 10).Select(i => $"Lead {i},+1 212 555 01{i:00}\n"));

        var response = await app.Client.PostAsync("/api/leads/upload", new StringContent(csv, Encoding.UTF8, "text/csv"), Ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Contains("Leads:Import:MaxBytes", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(await AllLeadsAsync(app));
    }

    [Fact]
    public async Task A_file_over_the_row_limit_is_a_400_problem_and_writes_nothing()
    {
        await using var app = await StartAsync(new Dictionary<string, string?>
        {
            ["Leads:Import:MaxRows"] = "3", ["Leads:Import:BatchSize"] = "1",
        });
        var csv = "name,phone\n" + string.Concat(Enumerable.Range(0, 4).Select(i => $"Lead {i},+1 212 555 01{i:00}\n"));

        var response = await app.Client.PostAsync("/api/leads/upload", new StringContent(csv, Encoding.UTF8, "text/csv"), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("Too many rows", problem.GetProperty("title").GetString());
        Assert.Contains("Leads:Import:MaxRows", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(await AllLeadsAsync(app));
    }

    [Fact]
    public async Task A_file_without_a_phone_column_is_refused_with_the_columns_it_has()
    {
        await using var app = await StartAsync();

        var response = await app.Client.PostAsync("/api/leads/upload",
            new StringContent("name,email\nX,x@example.com\n", Encoding.UTF8, "text/csv"), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Contains("'email'", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private static async Task<LeadImportResult> UploadCsvAsync(TestApp app, string csv)
    {
        var response = await app.Client.PostAsync("/api/leads/upload", new StringContent(csv, new UTF8Encoding(false), "text/csv"), Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<LeadImportResult>(Ct))!;
    }

    private static async Task<List<Lead>> AllLeadsAsync(TestApp app) =>
        (await app.Client.GetFromJsonAsync<LeadPage>("/api/leads?pageSize=500", Ct))!.Items.ToList();
}
