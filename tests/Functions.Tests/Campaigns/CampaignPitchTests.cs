using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AiScheduler.Domain.Conversation;
using AiScheduler.Functions.Calls;
using AiScheduler.Functions.Campaigns;
using AiScheduler.Functions.Demo;
using AiScheduler.Functions.Store;
using AiScheduler.Testing;
using Dapper;

namespace AiScheduler.Functions.Tests.Campaigns;

/// <summary>A campaign's pitch per language through the API: validated when saved, stored, defaulted when absent, and
/// spoken by the campaign's calls in the lead's language or the fallback language.</summary>
public sealed class CampaignPitchTests(PostgresFixture postgres)
{
    [Fact]
    public async Task A_pitch_that_cannot_be_said_is_refused_with_a_problem_naming_each_field_and_nothing_is_saved()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await CampaignTestHost.StartAsync(StoreProvider.Sqlite, postgres, [], ct);

        using var response = await host.Client.PostAsJsonAsync("/api/campaigns", new
        {
            name = "Bad pitch",
            pitch = new
            {
                languages = new Dictionary<string, object>(StringComparer.Ordinal)
                {
                    ["it"] = new { purpose = "una breve demo" },
                    ["fr"] = new { purpose = "  " },
                    ["de"] = new { purpose = "eine kurze Vorführung.", pitch = "Er ruft an" },
                    ["es"] = new { purpose = new string('x', 151) },
                },
                fallbackLanguage = "pt",
            },
        }, ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        var fields = problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(
            ["pitch.fallbackLanguage", "pitch.languages.de.pitch", "pitch.languages.de.purpose", "pitch.languages.es.purpose",
                "pitch.languages.fr.purpose", "pitch.languages.it"],
            fields);
        Assert.Contains("150", problem.GetProperty("errors").GetProperty("pitch.languages.es.purpose")[0].GetString(), StringComparison.Ordinal);
        var saved = await host.Client.GetFromJsonAsync<JsonElement>("/api/campaigns", ct);
        Assert.Equal(0, saved.GetArrayLength());
    }

    [Fact]
    public async Task A_campaign_keeps_its_pitch_and_one_saved_without_a_pitch_speaks_the_products_default()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await CampaignTestHost.StartAsync(StoreProvider.Sqlite, postgres, [], ct);

        var withPitch = await host.CreateCampaignAsync(new
        {
            name = "French pitch",
            pitch = new
            {
                languages = new Dictionary<string, object>(StringComparer.Ordinal)
                {
                    ["fr"] = new { purpose = "  une courte démonstration de notre outil ", pitch = "Il fixe vos rendez-vous." },
                },
                fallbackLanguage = "fr",
            },
        }, ct);
        var withoutPitch = await host.CreateCampaignAsync(new { name = "No pitch" }, ct);

        var returned = await host.Client.GetFromJsonAsync<JsonElement>($"/api/campaigns/{withPitch}", ct);
        var french = returned.GetProperty("settings").GetProperty("pitch").GetProperty("languages").GetProperty("fr");
        Assert.Equal("une courte démonstration de notre outil", french.GetProperty("purpose").GetString());
        Assert.Equal("Il fixe vos rendez-vous.", french.GetProperty("pitch").GetString());

        // A row written before pitches existed has no "pitch" in its settings at all.
        await using (var connection = await host.Get<DataStore>().OpenConnectionAsync(ct))
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """UPDATE campaigns SET settings = '{"callingWindow":"Mon-Fri 09:00-18:00","concurrency":5,"timeZone":"Etc/UTC","retry":{"maxAttempts":4}}' WHERE id = @id""",
                new { id = withoutPitch }, cancellationToken: ct));
        }

        var old = await host.Get<CampaignStore>().GetAsync(Workspaces.DefaultId, withoutPitch, ct);
        Assert.Null(old!.Settings.Pitch);
        Assert.Same(CampaignPitch.Default, old.Settings.SpokenPitch);
        using var listed = await host.Client.GetAsync($"/api/campaigns/{withoutPitch}", ct);
        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
    }

    [Fact]
    public async Task A_campaigns_calls_speak_its_pitch_in_the_leads_language_and_call_other_leads_in_the_fallback_language()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await CampaignTestHost.StartAsync(StoreProvider.Sqlite, postgres, ["dana-books-tuesday-at-ten", "hannah-no-answer"], ct);
        var dana = await host.LeadIdAsync("+972501234567", ct);
        var hannah = await host.LeadIdAsync("+4915123456709", ct);
        var campaignId = await host.CreateCampaignAsync(new
        {
            name = "Hebrew and English",
            callingWindow = "Mon-Sun 00:00-23:59",
            concurrency = 2,
            retry = new { maxAttempts = 1 },
            leads = new { leadIds = new[] { dana, hannah } },
            pitch = new
            {
                languages = new Dictionary<string, object>(StringComparer.Ordinal)
                {
                    ["he"] = new { purpose = "הדגמה קצרה של מתזמן הפגישות שלנו", pitch = "הוא קובע פגישות עם הלקוחות שלכם." },
                    ["en"] = new { purpose = "a short demo of our meeting scheduler" },
                },
                fallbackLanguage = "en",
            },
        }, ct);
        using (var start = await host.Client.PostAsync($"/api/campaigns/{campaignId}/start", null, ct))
        {
            Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        }

        await host.WaitForStatusAsync(campaignId, s => s.GetProperty("orchestration").GetString() == "Completed", TimeSpan.FromMinutes(3), ct);

        // Only what was said is asserted here: whether the time Dana names is free depends on the day the suite runs.
        var danaCall = await OnlyCallOfAsync(host, dana, ct);
        Assert.Equal("he-IL", danaCall.State.Context.Language);
        var opening = danaCall.State.Turns.First(t => t.Speaker == ConversationTurn.Agent).Text;
        Assert.Contains("מטרת השיחה: הדגמה קצרה של מתזמן הפגישות שלנו. הוא קובע פגישות עם הלקוחות שלכם.", opening, StringComparison.Ordinal);
        Assert.DoesNotContain("demo", opening, StringComparison.Ordinal);

        // Hannah's language (German) has no text in the campaign: her call was placed in the fallback language.
        var hannahCall = await OnlyCallOfAsync(host, hannah, ct);
        Assert.Equal("en", hannahCall.State.Context.Language);
        Assert.NotNull(hannahCall.State.Context.Pitch);
    }

    [Fact]
    public void The_demo_campaign_pitches_in_every_language_the_agent_speaks()
    {
        Assert.Equal(CampaignPitch.SupportedLanguages.Order(StringComparer.Ordinal), DemoRun.DemoPitch.Languages.Keys.Order(StringComparer.Ordinal));
        Assert.Empty(DemoRun.DemoPitch.Problems());
    }

    [Fact]
    public async Task The_openapi_document_describes_the_pitch_and_its_validation_problem()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await CampaignTestHost.StartAsync(StoreProvider.Sqlite, postgres, [], ct);

        var document = await host.Client.GetFromJsonAsync<JsonElement>("/openapi/v1.json", ct);

        var create = document.GetProperty("paths").GetProperty("/api/campaigns").GetProperty("post");
        Assert.Contains("noun phrase", create.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.True(create.GetProperty("responses").TryGetProperty("400", out _));
        var pitch = document.GetProperty("components").GetProperty("schemas").GetProperty("CampaignPitch").GetProperty("properties");
        Assert.True(pitch.TryGetProperty("languages", out _));
        Assert.True(pitch.TryGetProperty("fallbackLanguage", out _));
    }

    private static async Task<CallSessionRecord> OnlyCallOfAsync(CampaignTestHost host, Guid leadId, CancellationToken ct)
    {
        await using var connection = await host.Get<DataStore>().OpenConnectionAsync(ct);
        var callId = Assert.Single(await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT call_id FROM call_sessions WHERE lead_id = @leadId", new { leadId }, cancellationToken: ct)));
        return (await host.Get<CallSessionStore>().GetAsync(callId, ct))!;
    }
}
