using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AiScheduler.Functions.Leads;
using AiScheduler.Functions.Store;
using AiScheduler.Functions.Tests.Infrastructure;
using AiScheduler.Testing;
using Dapper;

namespace AiScheduler.Functions.Tests.Leads;

public sealed class SqliteLeadStatusAndCampaignValidationTests(PostgresFixture postgres)
    : LeadStatusAndCampaignValidationTests(StoreProvider.Sqlite, postgres);

public sealed class PostgresLeadStatusAndCampaignValidationTests(PostgresFixture postgres)
    : LeadStatusAndCampaignValidationTests(StoreProvider.Postgres, postgres);

/// <summary>
/// A client sets only the statuses a person decides (new, not-interested, disqualified); the ones the system reaches
/// (booked, qualified, calling...) are refused, and a campaign id must name a campaign of the workspace.
/// </summary>
public abstract class LeadStatusAndCampaignValidationTests(StoreProvider provider, PostgresFixture postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("booked")]
    [InlineData("qualified")]
    [InlineData("calling")]
    [InlineData("do-not-call")]
    public async Task A_status_only_the_system_sets_is_refused_naming_the_status_field(string status)
    {
        await using var app = await TestApp.StartAsync(provider, postgres, cancellationToken: Ct);

        using var response = await app.Client.PostAsJsonAsync("/api/leads", new { name = "Avery", phone = "+1 212 555 0143", status }, Ct);

        var errors = await ProblemErrorsAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("set by the system", errors.GetProperty("status")[0].GetString(), StringComparison.Ordinal);
        Assert.Empty((await app.Services.GetRequiredService<LeadStore>().ListAsync(Workspaces.DefaultId, new LeadQuery(), Ct)).Items);
    }

    [Fact]
    public async Task A_dangling_campaign_id_is_refused_naming_the_campaignId_field_on_create_update_and_upload()
    {
        await using var app = await TestApp.StartAsync(provider, postgres, cancellationToken: Ct);
        var dangling = Guid.CreateVersion7();

        using var created = await app.Client.PostAsJsonAsync("/api/leads", new { name = "Avery", phone = "+1 212 555 0143", campaignId = dangling }, Ct);
        var errors = await ProblemErrorsAsync(created, HttpStatusCode.BadRequest);
        Assert.Contains(dangling.ToString(), errors.GetProperty("campaignId")[0].GetString(), StringComparison.Ordinal);

        using var ok = await app.Client.PostAsJsonAsync("/api/leads", new { name = "Avery", phone = "+1 212 555 0143" }, Ct);
        var lead = (await ok.Content.ReadFromJsonAsync<Lead>(Ct))!;
        using var updated = await app.Client.PutAsJsonAsync($"/api/leads/{lead.Id}", new { name = "Avery", phone = "+1 212 555 0143", campaignId = dangling }, Ct);
        Assert.True((await ProblemErrorsAsync(updated, HttpStatusCode.BadRequest)).TryGetProperty("campaignId", out _));

        using var csv = new StringContent("name,phone\nMia,+1 212 555 0199\n", Encoding.UTF8, "text/csv");
        using var upload = await app.Client.PostAsync($"/api/leads/upload?campaign={dangling}", csv, Ct);
        Assert.True((await ProblemErrorsAsync(upload, HttpStatusCode.BadRequest)).TryGetProperty("campaign", out _));
    }

    [Fact]
    public async Task An_update_keeps_a_status_the_system_set_when_the_client_leaves_it_out_or_sends_it_back_unchanged()
    {
        await using var app = await TestApp.StartAsync(provider, postgres, cancellationToken: Ct);
        using var ok = await app.Client.PostAsJsonAsync("/api/leads", new { name = "Avery", phone = "+1 212 555 0143", status = "not-interested" }, Ct);
        var lead = (await ok.Content.ReadFromJsonAsync<Lead>(Ct))!;
        Assert.Equal(LeadStatus.NotInterested, lead.Status);
        await using (var connection = await app.Services.GetRequiredService<DataStore>().OpenConnectionAsync(Ct))
        {
            // What a booking call does to the lead.
            await connection.ExecuteAsync(new CommandDefinition("UPDATE leads SET status = 'booked' WHERE id = @id", new { id = lead.Id }, cancellationToken: Ct));
        }

        using var withoutStatus = await app.Client.PutAsJsonAsync($"/api/leads/{lead.Id}", new { name = "Avery Johnson", phone = "+1 212 555 0143" }, Ct);
        Assert.Equal(LeadStatus.Booked, (await withoutStatus.Content.ReadFromJsonAsync<Lead>(Ct))!.Status);
        using var sameStatus = await app.Client.PutAsJsonAsync($"/api/leads/{lead.Id}", new { name = "Avery J.", phone = "+1 212 555 0143", status = "booked" }, Ct);
        Assert.Equal(HttpStatusCode.OK, sameStatus.StatusCode);
        using var otherSystemStatus = await app.Client.PutAsJsonAsync($"/api/leads/{lead.Id}", new { name = "Avery J.", phone = "+1 212 555 0143", status = "qualified" }, Ct);
        Assert.True((await ProblemErrorsAsync(otherSystemStatus, HttpStatusCode.BadRequest)).TryGetProperty("status", out _));
        using var reset = await app.Client.PutAsJsonAsync($"/api/leads/{lead.Id}", new { name = "Avery J.", phone = "+1 212 555 0143", status = "new" }, Ct);
        Assert.Equal(LeadStatus.New, (await reset.Content.ReadFromJsonAsync<Lead>(Ct))!.Status);
    }

    private static async Task<JsonElement> ProblemErrorsAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == expected, $"{response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(body).RootElement.GetProperty("errors").Clone();
    }
}
