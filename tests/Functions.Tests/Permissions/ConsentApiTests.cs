using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AiScheduler.Functions.Leads;
using AiScheduler.Functions.Permissions;
using AiScheduler.Functions.Store;
using AiScheduler.Functions.Tests.Infrastructure;
using AiScheduler.Testing;

namespace AiScheduler.Functions.Tests.Permissions;

public sealed class SqliteConsentApiTests(PostgresFixture postgres) : ConsentApiTests(StoreProvider.Sqlite, postgres);

public sealed class PostgresConsentApiTests(PostgresFixture postgres) : ConsentApiTests(StoreProvider.Postgres, postgres);

/// <summary>Consent records through CSV import and the API, and the call-permission endpoint, over real HTTP on each store.</summary>
public abstract class ConsentApiTests(StoreProvider provider, PostgresFixture postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Consent_columns_import_with_the_lead_and_bad_values_are_row_errors_with_their_line()
    {
        await using var app = await TestApp.StartAsync(provider, postgres, null, Ct);
        var csv = "name,phone,consent_source,consent_at,consent_text,consent_proof\n" +                                   // line 1
                  "Lena Schmidt,+49 151 2345 6701,web-form,2026-02-01T10:15:00Z,\"Ja, ruft mich an.\",form-77\n" +            // line 2
                  "Jonas Müller,+49 151 2345 6702,web-form,yesterday,,\n" +                                                     // line 3
                  "Mia Weber,+49 151 2345 6703,,2026-02-01T10:15:00Z,,\n" +                                                     // line 4
                  "Felix Wagner,+49 151 2345 6704,,,,\n" +                                                                      // line 5
                  "Lucía García,+34 612 345 601,call,2027-01-01T00:00:00+01:00,,\n" +                                           // line 6
                  "Mateo Fernández,+34 612 345 602,call,2026-02-01,,\n";                                                        // line 7

        var result = await UploadAsync(app, csv);

        Assert.Equal((6, 2, 4), (result.Rows, result.Imported, result.Failed));
        Assert.Equal([(3, "consent_at"), (4, "consent_source"), (6, "consent_at"), (7, "consent_at")],
            result.Errors.Select(e => (e.Line, e.Field)).ToArray());
        Assert.Contains("future", result.Errors[2].Reason, StringComparison.Ordinal);
        Assert.Empty(result.CustomFieldColumns);

        var lena = await LeadAsync(app, "+4915123456701");
        var consents = await app.Client.GetFromJsonAsync<JsonElement>($"/api/leads/{lena}/consents", Ct);
        var consent = Assert.Single(consents.EnumerateArray());
        Assert.Equal("web-form", consent.GetProperty("source").GetString());
        Assert.Equal(new DateTimeOffset(2026, 2, 1, 10, 15, 0, TimeSpan.Zero), consent.GetProperty("at").GetDateTimeOffset());
        Assert.Equal("Ja, ruft mich an.", consent.GetProperty("text").GetString());
        Assert.Equal("form-77", consent.GetProperty("proofRef").GetString());
        var felix = await LeadAsync(app, "+4915123456704");
        Assert.Empty((await app.Client.GetFromJsonAsync<JsonElement>($"/api/leads/{felix}/consents", Ct)).EnumerateArray());

        // The same file again adds no second record.
        await UploadAsync(app, csv);
        Assert.Single((await app.Client.GetFromJsonAsync<JsonElement>($"/api/leads/{lena}/consents", Ct)).EnumerateArray());
    }

    [Fact]
    public async Task A_consent_object_on_the_lead_and_the_consents_route_record_consent_and_name_the_field_when_wrong()
    {
        await using var app = await TestApp.StartAsync(provider, postgres, null, Ct);
        using var created = await app.Client.PostAsJsonAsync("/api/leads", new
        {
            name = "Lena Schmidt", phone = "+49 151 2345 6701",
            consent = new { source = "web-form", at = "2026-02-01T11:15:00+01:00", text = "Ja.", proofRef = "form-1" },
        }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var lena = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();

        using var another = await app.Client.PostAsJsonAsync($"/api/leads/{lena}/consents",
            new { source = "call-recording", at = "2026-02-20T09:00:00Z", proofRef = "rec-9" }, Ct);
        Assert.Equal(HttpStatusCode.Created, another.StatusCode);
        var list = (await app.Client.GetFromJsonAsync<JsonElement>($"/api/leads/{lena}/consents", Ct)).EnumerateArray().ToList();
        Assert.Equal(["web-form", "call-recording"], list.Select(c => c.GetProperty("source").GetString()));
        Assert.Equal(new DateTimeOffset(2026, 2, 1, 10, 15, 0, TimeSpan.Zero), list[0].GetProperty("at").GetDateTimeOffset());

        using var badLead = await app.Client.PostAsJsonAsync("/api/leads", new { phone = "+49 151 2345 6702", consent = new { source = "", at = "soon" } }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, badLead.StatusCode);
        var errors = (await badLead.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("consent.source", out _), errors.ToString());
        Assert.True(errors.TryGetProperty("consent.at", out _), errors.ToString());
        Assert.Null(await app.Services.GetRequiredService<LeadStore>().FindByPhoneAsync(Workspaces.DefaultId, "+4915123456702", Ct));

        using var badConsent = await app.Client.PostAsJsonAsync($"/api/leads/{lena}/consents", new { source = "web-form", at = "2026-02-01 10:00" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, badConsent.StatusCode);
        Assert.True((await badConsent.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").TryGetProperty("at", out _));

        var unknown = Guid.NewGuid();
        foreach (var path in new[] { "consents", "call-permission", "call-decisions" })
        {
            using var missing = await app.Client.GetAsync($"/api/leads/{unknown}/{path}", Ct);
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
            Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task Call_permission_answers_for_now_or_a_given_instant_and_names_a_bad_instant()
    {
        // The app's clock reads Monday 2 March 2026, 08:00 UTC: 03:00 in Boston, 09:00 in Berlin.
        await using var app = await TestApp.StartAsync(provider, postgres, null, Ct);
        var boston = await CreateAsync(app, "+1 617 555 0191", consent: true);
        var berlin = await CreateAsync(app, "+49 151 2345 6701", consent: false);

        var night = await app.Client.GetFromJsonAsync<JsonElement>($"/api/leads/{boston}/call-permission", Ct);
        Assert.False(night.GetProperty("allowed").GetBoolean());
        Assert.Equal("US.hours", night.GetProperty("rule").GetString());
        Assert.Contains("08:00-21:00", night.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 13, 0, 0, TimeSpan.Zero), night.GetProperty("nextAllowedAt").GetDateTimeOffset());
        // Without ?at= the app's clock answers (it moves on at the real rate from its anchor).
        Assert.InRange(night.GetProperty("at").GetDateTimeOffset(), TestClocks.MondayMorning, TestClocks.MondayMorning.AddMinutes(5));

        var day = await app.Client.GetFromJsonAsync<JsonElement>($"/api/leads/{boston}/call-permission?at=2026-03-02T15:00:00Z", Ct);
        Assert.True(day.GetProperty("allowed").GetBoolean());

        var noConsent = await app.Client.GetFromJsonAsync<JsonElement>($"/api/leads/{berlin}/call-permission", Ct);
        Assert.Equal("DE.consent", noConsent.GetProperty("rule").GetString());
        Assert.Equal(JsonValueKind.Null, noConsent.GetProperty("nextAllowedAt").ValueKind);

        foreach (var bad in new[] { "tomorrow", "2026-03-02", "2026-03-02T10:00:00" })
        {
            using var response = await app.Client.GetAsync($"/api/leads/{boston}/call-permission?at={Uri.EscapeDataString(bad)}", Ct);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").TryGetProperty("at", out _), bad);
        }

        // Asking is not dialing: nothing is recorded in the audit trail.
        Assert.Empty((await app.Client.GetFromJsonAsync<JsonElement>($"/api/leads/{boston}/call-decisions", Ct)).EnumerateArray());
        using var csv = await app.Client.GetAsync($"/api/leads/{boston}/call-decisions?format=csv", Ct);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        using var badFormat = await app.Client.GetAsync($"/api/leads/{boston}/call-decisions?format=xml", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, badFormat.StatusCode);
    }

    [Theory]
    [InlineData("=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\"")]
    [InlineData("+1 call", "'+1 call")]
    [InlineData("-2", "'-2")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tx", "'\tx")]
    [InlineData("\rx", "\"'\rx\"")]
    [InlineData("a, b", "\"a, b\"")]
    [InlineData("US.hours", "US.hours")]
    public void Exported_cells_that_a_spreadsheet_would_run_are_neutralised(string value, string cell)
    {
        Assert.Equal(cell, CallPermissionsApi.Cell(value));
    }

    private static async Task<Guid> CreateAsync(TestApp app, string phone, bool consent)
    {
        using var created = await app.Client.PostAsJsonAsync("/api/leads", new
        {
            phone,
            consent = consent ? new { source = "web-form", at = "2026-02-01T10:00:00Z" } : null,
        }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
    }

    private static async Task<Guid> LeadAsync(TestApp app, string phone) =>
        (await app.Services.GetRequiredService<LeadStore>().FindByPhoneAsync(Workspaces.DefaultId, phone, Ct))!.Id;

    private static async Task<LeadImportResult> UploadAsync(TestApp app, string csv)
    {
        var response = await app.Client.PostAsync("/api/leads/upload", new StringContent(csv, new UTF8Encoding(false), "text/csv"), Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<LeadImportResult>(Ct))!;
    }
}
