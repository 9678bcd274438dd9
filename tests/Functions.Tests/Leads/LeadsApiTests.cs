using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AiScheduler.Functions.Leads;
using AiScheduler.Functions.Store;
using AiScheduler.Functions.Tests.Infrastructure;
using AiScheduler.Testing;

namespace AiScheduler.Functions.Tests.Leads;

public sealed class SqliteLeadsApiTests(PostgresFixture postgres) : LeadsApiTests(StoreProvider.Sqlite, postgres);

public sealed class PostgresLeadsApiTests(PostgresFixture postgres) : LeadsApiTests(StoreProvider.Postgres, postgres);

/// <summary>The leads API over real HTTP, against each store provider.</summary>
public abstract class LeadsApiTests(StoreProvider provider, PostgresFixture postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<TestApp> StartAsync() => TestApp.StartAsync(provider, postgres, cancellationToken: Ct);

    [Fact]
    public async Task A_created_lead_is_normalised_inferred_and_readable_by_id()
    {
        await using var app = await StartAsync();

        var response = await app.Client.PostAsJsonAsync("/api/leads",
            new { name = "Dana Levi", phone = "00972-50-123-4567", email = "dana@example.co.il", notes = "Met at expo",
                customFields = new Dictionary<string, string> { ["Deal Size"] = "Large" } }, Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = (await response.Content.ReadFromJsonAsync<Lead>(Ct))!;
        Assert.Equal($"/api/leads/{created.Id}", response.Headers.Location!.OriginalString);
        Assert.Equal(7, created.Id.Version);
        Assert.Equal("+972501234567", created.Phone);
        Assert.Equal("he-IL", created.Language);
        Assert.Equal("country", created.LanguageSource);
        Assert.Equal("Asia/Jerusalem", created.TimeZone);
        Assert.Equal("new", created.Status);
        Assert.Equal(Workspaces.DefaultId, created.WorkspaceId);

        var read = await app.Client.GetFromJsonAsync<Lead>($"/api/leads/{created.Id}", Ct);
        Assert.Equal(created with { CustomFields = null }, read! with { CustomFields = null });
        Assert.Equal("Large", read.CustomFields!["Deal Size"]);
        Assert.Equal(TimeSpan.Zero, read.CreatedAt.Offset);
    }

    [Fact]
    public async Task A_declared_language_and_zone_win_over_the_number()
    {
        await using var app = await StartAsync();

        var created = await CreateAsync(app, new { name = "Ariel", phone = "+972 50 678 9012", language = "en", timeZone = "America/New_York" });

        Assert.StartsWith("en", created.Language, StringComparison.Ordinal);
        Assert.Equal("declared", created.LanguageSource);
        Assert.Equal("America/New_York", created.TimeZone);
        Assert.Equal("declared", created.TimeZoneSource);
    }

    [Fact]
    public async Task An_invalid_lead_is_answered_with_a_problem_naming_each_field()
    {
        await using var app = await StartAsync();

        var response = await app.Client.PostAsJsonAsync("/api/leads",
            new { name = new string('x', 201), phone = "12", email = "not-an-email", timeZone = "Mars/Base", status = "vip" }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var errors = problem.GetProperty("errors");
        foreach (var field in new[] { "name", "phone", "email", "status" })
        {
            Assert.True(errors.TryGetProperty(field, out _), $"no error for {field}: {problem}");
        }

        Assert.Contains("200", errors.GetProperty("name")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_lead_with_the_same_phone_is_a_conflict_that_points_at_the_first()
    {
        await using var app = await StartAsync();
        var first = await CreateAsync(app, new { name = "Avery", phone = "+1 (212) 555-0143" });

        var response = await app.Client.PostAsJsonAsync("/api/leads", new { name = "Avery again", phone = "212-555-0143" }, Ct);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(first.Id, problem.GetProperty("existingLeadId").GetGuid());
    }

    [Fact]
    public async Task Updating_a_lead_replaces_its_fields_and_missing_leads_are_404_problems()
    {
        await using var app = await StartAsync();
        var lead = await CreateAsync(app, new { name = "Lena", phone = "+49 151 2345 6701" });

        var response = await app.Client.PutAsJsonAsync($"/api/leads/{lead.Id}",
            new { name = "Lena Schmidt", phone = "+49 151 2345 6701", company = "Rheinwerk", status = "not-interested" }, Ct);
        var updated = (await response.Content.ReadFromJsonAsync<Lead>(Ct))!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Lena Schmidt", updated.Name);
        Assert.Equal("Rheinwerk", updated.Company);
        Assert.Equal("not-interested", updated.Status);
        Assert.Equal("de-DE", updated.Language);
        Assert.True(updated.UpdatedAt >= lead.UpdatedAt);

        var missing = Guid.CreateVersion7();
        var notFound = await app.Client.PutAsJsonAsync($"/api/leads/{missing}", new { phone = "+49 151 2345 6702" }, Ct);
        Assert.Equal(HttpStatusCode.NotFound, notFound.StatusCode);
        Assert.Equal("application/problem+json", notFound.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Client.GetAsync($"/api/leads/{missing}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Client.DeleteAsync($"/api/leads/{missing}", Ct)).StatusCode);
    }

    [Fact]
    public async Task Deleting_a_lead_erases_its_personal_data_but_keeps_an_anonymised_row()
    {
        await using var app = await StartAsync();
        var lead = await CreateAsync(app, new
        {
            name = "Noa Cohen", phone = "+972 50 234 5678", email = "noa@example.co.il", company = "Carmel Security",
            notes = "private", customFields = new Dictionary<string, string> { ["Spouse"] = "secret" },
        });

        Assert.Equal(HttpStatusCode.NoContent, (await app.Client.DeleteAsync($"/api/leads/{lead.Id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await app.Client.DeleteAsync($"/api/leads/{lead.Id}", Ct)).StatusCode);

        var erased = (await app.Client.GetFromJsonAsync<Lead>($"/api/leads/{lead.Id}", Ct))!;
        Assert.Null(erased.Name);
        Assert.Null(erased.Phone);
        Assert.Null(erased.Email);
        Assert.Null(erased.Notes);
        Assert.Null(erased.CustomFields);
        Assert.NotNull(erased.ErasedAt);
        Assert.Equal("he-IL", erased.Language);
        Assert.Equal("Asia/Jerusalem", erased.TimeZone);
        Assert.Equal("IL", erased.Region);

        var visible = await ListAsync(app, "");
        Assert.Equal(0, visible.Total);
        var withErased = await ListAsync(app, "includeErased=true");
        Assert.Equal(1, withErased.Total);

        // The number is free again: the person can be added afresh, e.g. after asking to be called.
        var again = await CreateAsync(app, new { name = "Noa", phone = "+972 50 234 5678" });
        Assert.NotEqual(lead.Id, again.Id);

        var update = await app.Client.PutAsJsonAsync($"/api/leads/{lead.Id}", new { phone = "+972 50 234 5679" }, Ct);
        Assert.Equal(HttpStatusCode.Conflict, update.StatusCode);
    }

    [Fact]
    public async Task Listing_pages_by_number_with_a_total_and_by_cursor_without_gaps()
    {
        await using var app = await StartAsync();
        var created = new List<Guid>();
        for (var i = 0; i < 7; i++)
        {
            created.Add((await CreateAsync(app, new { name = $"Lead {i}", phone = $"+1 212 555 01{i:00}" })).Id);
        }

        var page1 = await ListAsync(app, "page=1&pageSize=3");
        var page3 = await ListAsync(app, "page=3&pageSize=3");
        Assert.Equal(7, page1.Total);
        Assert.Equal(3, page1.Items.Count);
        Assert.Single(page3.Items);
        Assert.Null(page3.NextCursor);

        var walked = new List<Guid>();
        Guid? cursor = null;
        do
        {
            var page = await ListAsync(app, cursor is null ? "pageSize=2" : $"pageSize=2&cursor={cursor}");
            Assert.Equal(7, page.Total);
            walked.AddRange(page.Items.Select(item => item.Id));
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        Assert.Equal(created.Order().ToList(), walked);

        var bad = await app.Client.GetAsync("/api/leads?pageSize=0&status=vip", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var problem = await bad.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.True(problem.GetProperty("errors").TryGetProperty("pageSize", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("status", out _));
    }

    [Fact]
    public async Task Listing_filters_by_status_language_and_campaign_and_searches_name_phone_and_email()
    {
        await using var app = await StartAsync();
        var campaign = await CreateCampaignAsync(app);
        await CreateAsync(app, new { name = "Amélie Dubois", phone = "+33 6 39 98 00 11", email = "amelie@lumiere.example", campaignId = campaign });
        await CreateAsync(app, new { name = "Camille Tremblay", phone = "+1 514 555 0123", status = "not-interested" });
        await CreateAsync(app, new { name = "Oliver Bennett", phone = "+44 20 7946 0958", email = "oliver@thames.example", campaignId = campaign });
        await CreateAsync(app, new { name = "Lucía García", phone = "+34 612 345 601", status = "not-interested" });

        Assert.Equal(["Amélie Dubois", "Camille Tremblay"], Names(await ListAsync(app, "language=fr")));
        Assert.Equal(["Camille Tremblay"], Names(await ListAsync(app, "language=fr-CA")));
        Assert.Equal(["Camille Tremblay", "Lucía García"], Names(await ListAsync(app, "status=not-interested")));
        Assert.Equal(["Amélie Dubois", "Oliver Bennett"], Names(await ListAsync(app, $"campaign={campaign}")));
        Assert.Equal(["Oliver Bennett"], Names(await ListAsync(app, "q=BENNETT")));
        Assert.Equal(["Oliver Bennett"], Names(await ListAsync(app, "q=thames.example")));
        Assert.Equal(["Camille Tremblay"], Names(await ListAsync(app, "q=514-555")));
        Assert.Equal(["Lucía García"], Names(await ListAsync(app, "status=not-interested&q=garc")));
        Assert.Empty(Names(await ListAsync(app, "q=100%25")));
    }

    [Fact]
    public async Task The_api_publishes_openapi_and_a_health_check_that_reaches_the_store()
    {
        await using var app = await StartAsync();

        var health = await app.Client.GetAsync("/healthz", Ct);
        var openApi = await app.Client.GetFromJsonAsync<JsonElement>("/openapi/v1.json", Ct);

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("Healthy", JsonDocument.Parse(await health.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("status").GetString());
        var paths = openApi.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/leads", out _));
        Assert.True(paths.TryGetProperty("/api/leads/{id}", out _));
        Assert.True(paths.TryGetProperty("/api/leads/upload", out _));
    }

    private static List<string> Names(LeadPage page) => page.Items.Select(item => item.Name!).Order(StringComparer.Ordinal).ToList();

    private static async Task<Guid> CreateCampaignAsync(TestApp app)
    {
        using var response = await app.Client.PostAsJsonAsync("/api/campaigns", new { name = "Spring", callingWindow = "Mon-Fri 09:00-17:00" }, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetGuid();
    }

    private static async Task<Lead> CreateAsync(TestApp app, object body)
    {
        var response = await app.Client.PostAsJsonAsync("/api/leads", body, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<Lead>(Ct))!;
    }

    private static async Task<LeadPage> ListAsync(TestApp app, string query)
    {
        var response = await app.Client.GetAsync($"/api/leads?{query}", Ct);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<LeadPage>(Ct))!;
    }
}
