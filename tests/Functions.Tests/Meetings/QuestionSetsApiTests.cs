using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AiScheduler.Functions.Meetings.Interview;
using AiScheduler.Functions.Meetings.Questions;
using AiScheduler.Functions.Store;
using AiScheduler.Testing;

namespace AiScheduler.Functions.Tests.Meetings;

public sealed class SqliteQuestionSetsApiTests(PostgresFixture postgres) : QuestionSetsApiTests(StoreProvider.Sqlite, postgres);

public sealed class PostgresQuestionSetsApiTests(PostgresFixture postgres) : QuestionSetsApiTests(StoreProvider.Postgres, postgres);

/// <summary>/api/question-sets over real HTTP: the default set, the lifecycle of a set and its questions, bad input.</summary>
public abstract class QuestionSetsApiTests(StoreProvider provider, PostgresFixture postgres)
{
    private static readonly JsonSerializerOptions Json = MeetingTestHost.Json;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<MeetingTestHost> StartAsync() => MeetingTestHost.StartAsync(provider, postgres, "01:00:00", Ct);

    private static object Question(string? key, string dimension, string en, string? fr = null) => new
    {
        key,
        dimension,
        text = fr is null ? new Dictionary<string, string> { ["en"] = en } : new Dictionary<string, string> { ["en"] = en, ["fr"] = fr },
        followUps = new[] { new { when = "vague", text = new Dictionary<string, string> { ["en"] = "Could you be more specific?" } } },
    };

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<T>(Json, Ct))!;

    private static async Task<JsonElement> ErrorsAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("errors");
    }

    [Fact]
    public async Task The_default_set_ships_in_five_languages_and_is_not_deleted_by_accident()
    {
        await using var host = await StartAsync();

        var sets = await host.Client.GetFromJsonAsync<List<QuestionSetSummary>>("/api/question-sets", Json, Ct);
        var again = await host.Client.GetFromJsonAsync<List<QuestionSetSummary>>("/api/question-sets", Json, Ct);
        var set = await host.Client.GetFromJsonAsync<QuestionSetView>($"/api/question-sets/{sets![0].Id}", Json, Ct);
        using var delete = await host.Client.DeleteAsync($"/api/question-sets/{set!.Id}", Ct);

        var only = Assert.Single(sets);
        Assert.True(only.IsDefault);
        Assert.Equal(6, only.QuestionCount);
        Assert.Single(again!);
        Assert.Equal(["authority", "budget", "need", "other", "timeline"], set.Questions.Select(q => q.Dimension).Distinct().Order());
        Assert.All(set.Questions, q => Assert.Equal(["de", "en", "es", "fr", "he"], q.Text.Keys.Order()));
        Assert.Contains("Salesforce", set.Competitors);
        Assert.Equal(HttpStatusCode.Conflict, delete.StatusCode);
        Assert.Contains("default question set cannot be deleted", await delete.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync($"/api/question-sets/{set.Id}", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_set_is_created_its_questions_added_reordered_edited_and_removed_and_the_set_deleted()
    {
        await using var host = await StartAsync();

        using var created = await host.Client.PostAsJsonAsync("/api/question-sets", new
        {
            name = "Enterprise",
            description = "For large accounts",
            competitors = new[] { "Salesforce", "Acme CRM" },
            questions = new[] { Question("pain", "need", "What hurts most?", "Qu'est-ce qui vous gêne le plus ?"), Question(null, "budget", "What is your budget?") },
        }, Json, Ct);
        var set = await ReadAsync<QuestionSetView>(created);
        using var added = await host.Client.PostAsJsonAsync($"/api/question-sets/{set.Id}/questions",
            new { key = "who", dimension = "authority", text = new { en = "Who signs?", he = "מי חותם?" }, position = 0 }, Json, Ct);
        var withThree = await ReadAsync<QuestionSetView>(added);
        var reversed = withThree.Questions.Select(q => q.Id).Reverse().ToList();
        using var reordered = await host.Client.PutAsJsonAsync($"/api/question-sets/{set.Id}/questions/order", new { questionIds = reversed }, Json, Ct);
        var inNewOrder = await ReadAsync<QuestionSetView>(reordered);
        var who = inNewOrder.Questions.Single(q => q.Key == "who");
        using var edited = await host.Client.PutAsJsonAsync($"/api/question-sets/{set.Id}/questions/{who.Id}",
            new { dimension = "authority", text = new { en = "Who signs the contract?" }, followUps = new[] { new { when = "missing-number", text = new { en = "How many people?" } } } },
            Json, Ct);
        var afterEdit = await ReadAsync<QuestionSetView>(edited);
        using var removed = await host.Client.DeleteAsync($"/api/question-sets/{set.Id}/questions/{inNewOrder.Questions[0].Id}", Ct);
        var afterRemove = await ReadAsync<QuestionSetView>(removed);
        using var renamed = await host.Client.PutAsJsonAsync($"/api/question-sets/{set.Id}", new { name = "Enterprise v2", competitors = new[] { "Zoho" } }, Json, Ct);
        var afterRename = await ReadAsync<QuestionSetView>(renamed);
        var listed = await host.Client.GetFromJsonAsync<List<QuestionSetSummary>>("/api/question-sets", Json, Ct);
        using var deleted = await host.Client.DeleteAsync($"/api/question-sets/{set.Id}", Ct);
        using var gone = await host.Client.GetAsync($"/api/question-sets/{set.Id}", Ct);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal($"/api/question-sets/{set.Id}", created.Headers.Location!.OriginalString);
        Assert.Equal(["pain", "q2"], set.Questions.Select(q => q.Key));
        Assert.Equal("Qu'est-ce qui vous gêne le plus ?", set.Questions[0].Text["fr"]);
        Assert.Equal("vague", set.Questions[0].FollowUps.Single().When);
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        Assert.Equal(["who", "pain", "q2"], withThree.Questions.Select(q => q.Key));
        Assert.Equal([0, 1, 2], withThree.Questions.Select(q => q.Position));
        Assert.Equal(["q2", "pain", "who"], inNewOrder.Questions.Select(q => q.Key));
        Assert.Equal("Who signs the contract?", afterEdit.Questions.Single(q => q.Key == "who").Text["en"]);
        Assert.Equal("missing-number", afterEdit.Questions.Single(q => q.Key == "who").FollowUps.Single().When);
        Assert.Equal(["pain", "who"], afterRemove.Questions.Select(q => q.Key));
        Assert.Equal([0, 1], afterRemove.Questions.Select(q => q.Position));
        Assert.Equal(("Enterprise v2", (string?)null), (afterRename.Name, afterRename.Description));
        Assert.Equal(["Zoho"], afterRename.Competitors);
        Assert.Equal(2, listed!.Count);
        Assert.True(listed[0].IsDefault);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task Bad_input_is_a_problem_naming_each_field()
    {
        await using var host = await StartAsync();
        var defaultSet = (await host.Client.GetFromJsonAsync<List<QuestionSetSummary>>("/api/question-sets", Json, Ct))![0];
        var set = await host.Client.GetFromJsonAsync<QuestionSetView>($"/api/question-sets/{defaultSet.Id}", Json, Ct);

        using var badSet = await host.Client.PostAsJsonAsync("/api/question-sets", new
        {
            name = " ",
            competitors = new[] { "" },
            questions = new object[]
            {
                new { key = "Bad Key!", dimension = "money", text = new { it = "Quanto?" }, followUps = new[] { new { when = "angry", text = new { en = "" } } } },
                new { dimension = "need" },
                Question("dup", "need", "One?"),
                Question("dup", "need", "Two?"),
            },
        }, Json, Ct);
        var setErrors = await ErrorsAsync(badSet);
        using var duplicateKey = await host.Client.PostAsJsonAsync($"/api/question-sets/{set!.Id}/questions",
            new { key = "budget", dimension = "budget", text = new { en = "Budget again?" } }, Json, Ct);
        using var badPosition = await host.Client.PostAsJsonAsync($"/api/question-sets/{set.Id}/questions",
            new { dimension = "budget", text = new { en = "Budget again?" }, position = -1 }, Json, Ct);
        using var notAPermutation = await host.Client.PutAsJsonAsync($"/api/question-sets/{set.Id}/questions/order",
            new { questionIds = set.Questions.Skip(1).Select(q => q.Id) }, Json, Ct);
        using var noIds = await host.Client.PutAsJsonAsync($"/api/question-sets/{set.Id}/questions/order", new { }, Json, Ct);
        using var tooLongName = await host.Client.PutAsJsonAsync($"/api/question-sets/{set.Id}", new { name = new string('x', 201) }, Json, Ct);
        using var unknownSet = await host.Client.PostAsJsonAsync($"/api/question-sets/{Guid.NewGuid()}/questions",
            new { dimension = "need", text = new { en = "?" } }, Json, Ct);
        using var unknownQuestion = await host.Client.DeleteAsync($"/api/question-sets/{set.Id}/questions/{Guid.NewGuid()}", Ct);
        using var unknownMeeting = await host.Client.PutAsJsonAsync($"/api/meetings/{Guid.NewGuid()}/question-set", new { questionSetId = set.Id }, Json, Ct);
        var lead = await host.AddLeadAsync("Dana Levi", "+972501234567", "dana@example.co.il", Ct);
        var meeting = await host.BookAsync(lead, host.LondonWorkdayAt(9), Ct);
        using var unknownSetForMeeting = await host.Client.PutAsJsonAsync($"/api/meetings/{meeting}/question-set",
            new { questionSetId = Guid.NewGuid() }, Json, Ct);

        Assert.Equal(
            ["competitors[0]", "name", "questions[0].dimension", "questions[0].followUps[0].text", "questions[0].followUps[0].when",
             "questions[0].key", "questions[0].text.it", "questions[1].text", "questions[3].key"],
            setErrors.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Contains("use one of budget, authority, need, timeline, other", setErrors.GetProperty("questions[0].dimension")[0].GetString(),
            StringComparison.Ordinal);
        Assert.True((await ErrorsAsync(duplicateKey)).TryGetProperty("key", out _));
        Assert.True((await ErrorsAsync(badPosition)).TryGetProperty("position", out _));
        Assert.True((await ErrorsAsync(notAPermutation)).TryGetProperty("questionIds", out _));
        Assert.True((await ErrorsAsync(noIds)).TryGetProperty("questionIds", out _));
        Assert.True((await ErrorsAsync(tooLongName)).TryGetProperty("name", out _));
        Assert.Equal(HttpStatusCode.NotFound, unknownSet.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownQuestion.StatusCode);
        Assert.Equal("application/problem+json", unknownQuestion.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, unknownMeeting.StatusCode);
        Assert.True((await ErrorsAsync(unknownSetForMeeting)).TryGetProperty("questionSetId", out _));
    }

    [Fact]
    public async Task A_meeting_interviews_with_the_set_it_names_else_its_campaigns_else_the_default()
    {
        await using var host = await StartAsync();
        using var created = await host.Client.PostAsJsonAsync("/api/question-sets",
            new { name = "Short", questions = new[] { Question("only", "timeline", "When do you start?", "Quand commencez-vous ?") } }, Json, Ct);
        var set = await ReadAsync<QuestionSetView>(created);
        using var forCampaign = await host.Client.PostAsJsonAsync("/api/question-sets",
            new { name = "Campaign", questions = new[] { Question("campaign-q", "need", "What do you need?") } }, Json, Ct);
        var campaignSet = await ReadAsync<QuestionSetView>(forCampaign);
        using var campaignCreated = await host.Client.PostAsJsonAsync("/api/campaigns", new { name = "Spring" }, Json, Ct);
        var campaignId = JsonDocument.Parse(await campaignCreated.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("id").GetGuid();
        using var campaignAssigned = await host.Client.PutAsJsonAsync($"/api/campaigns/{campaignId}/question-set",
            new { questionSetId = campaignSet.Id }, Json, Ct);
        using var leadCreated = await host.Client.PostAsJsonAsync("/api/leads",
            new { name = "Noa Cohen", phone = "+972521234567", email = "noa@example.co.il", campaignId }, Json, Ct);
        var noa = (await leadCreated.Content.ReadFromJsonAsync<AiScheduler.Functions.Leads.Lead>(Json, Ct))!;
        var dana = await host.AddLeadAsync("Dana Levi", "+972501234567", "dana@example.co.il", Ct);
        var avery = await host.AddLeadAsync("Avery Johnson", "+12125550143", "avery@example.com", Ct);
        var named = await host.BookAsync(dana, host.LondonWorkdayAt(9), Ct);
        var unnamed = await host.BookAsync(avery, host.LondonWorkdayAt(10), Ct);
        var ofCampaign = await host.BookAsync(noa, host.LondonWorkdayAt(11), Ct);

        using var assigned = await host.Client.PutAsJsonAsync($"/api/meetings/{named}/question-set", new { questionSetId = set.Id }, Json, Ct);
        var namedQuestions = await host.Client.GetFromJsonAsync<MeetingQuestions>($"/api/meetings/{named}/questions", Json, Ct);
        var campaignQuestions = await host.Client.GetFromJsonAsync<MeetingQuestions>($"/api/meetings/{ofCampaign}/questions", Json, Ct);
        var defaultQuestions = await host.Client.GetFromJsonAsync<MeetingQuestions>($"/api/meetings/{unnamed}/questions", Json, Ct);
        using var missing = await host.Client.GetAsync($"/api/meetings/{Guid.NewGuid()}/questions", Ct);

        Assert.Equal(HttpStatusCode.OK, campaignAssigned.StatusCode);
        Assert.Equal(HttpStatusCode.OK, assigned.StatusCode);
        Assert.Equal(set.Id, (await ReadAsync<QuestionSetAssigned>(assigned)).QuestionSetId);
        Assert.Equal(set.Id, namedQuestions!.QuestionSetId);
        Assert.Equal(["only"], namedQuestions.Questions.Select(q => q.Key));
        Assert.Equal(campaignSet.Id, campaignQuestions!.QuestionSetId);
        Assert.Equal(["campaign-q"], campaignQuestions.Questions.Select(q => q.Key));
        Assert.Equal(6, defaultQuestions!.Questions.Count);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }
}
