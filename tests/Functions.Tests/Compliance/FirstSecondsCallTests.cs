using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using AiScheduler.Domain.Conversation;
using AiScheduler.Domain.Conversation.Languages;
using AiScheduler.Functions.Calls;
using AiScheduler.Functions.Leads;
using AiScheduler.Functions.Store;
using AiScheduler.Functions.Tests.Campaigns;
using AiScheduler.Functions.Tests.Infrastructure;
using AiScheduler.Testing;
using Dapper;

namespace AiScheduler.Functions.Tests.Compliance;

/// <summary>
/// The first seconds of real calls, end to end: the whole app calls the emulator over HTTP, whose personas press keys
/// (continuous DTMF recognition), speak opt-outs, answer as voicemail boxes, call screens and people. Opt-outs end the
/// call within one turn in every language and block every later campaign of the workspace; the recording is announced
/// only when the call is really recorded, and asked for first where the lead's country needs consent.
/// </summary>
public sealed class FirstSecondsCallTests(PostgresFixture postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // One sample lead per language (the number decides the call's language and the recording rules).
    private static readonly (string Language, string Phone, string OptOut)[] Leads =
    [
        ("en", "+16465550150", "Stop calling me, please."),
        ("he", "+972501234567", "תפסיקו להתקשר אליי"),
        ("fr", "+33639980011", "Ne m'appelez plus."),
        ("de", "+4915123456704", "Rufen Sie mich nicht mehr an."),
        ("es", "+34612345606", "No me llamen más."),
    ];

    [Theory]
    [InlineData("key", StoreProvider.Sqlite)]
    [InlineData("voice", StoreProvider.Sqlite)]
    [InlineData("key", StoreProvider.Postgres)]
    public async Task An_opt_out_by_key_or_voice_in_every_language_ends_the_call_within_one_turn_and_blocks_every_later_campaign(
        string how, StoreProvider provider)
    {
        var personas = Leads.Select(lead => PersonaFile($"opt-out-{how}-{lead.Language}", lead.Phone,
            how == "key" ? new JsonObject { ["dtmf"] = "9" } : new JsonObject { ["say"] = lead.OptOut })).ToList();
        await using var host = await CampaignTestHost.StartAsync(provider, postgres, personas, Ct);
        var leadIds = new Dictionary<string, Guid>(StringComparer.Ordinal);
        foreach (var lead in Leads)
        {
            leadIds[lead.Phone] = await host.LeadIdAsync(lead.Phone, Ct);
        }

        var (first, _) = await host.RunSweepAsync("First", leadIds.Values, TimeSpan.FromMinutes(3), Ct, concurrency: 5);

        await using var connection = await host.Get<DataStore>().OpenConnectionAsync(Ct);
        var dnc = await host.Client.GetFromJsonAsync<JsonElement>("/api/dnc?limit=50", Ct);
        foreach (var (language, phone, optOut) in Leads)
        {
            var outcome = await connection.ExecuteScalarAsync<string>(new CommandDefinition(
                "SELECT last_outcome FROM campaign_leads WHERE campaign_id = @first AND lead_id = @lead", new { first, lead = leadIds[phone] }, cancellationToken: Ct));
            Assert.True(outcome == "opted-out", $"{language} by {how}: the lead ended as {outcome}");
            var callId = await connection.ExecuteScalarAsync<string>(new CommandDefinition(
                "SELECT call_id FROM call_sessions WHERE lead_id = @lead", new { lead = leadIds[phone] }, cancellationToken: Ct));
            var transcript = await host.Get<CallSessionStore>().TranscriptAsync(callId!, Ct);
            var agent = transcript.Where(t => t.Speaker == ConversationTurn.Agent).Select(t => t.Text).ToList();

            // Within one turn: the opening, then at once the confirmation (nothing else was said to the lead).
            Assert.True(agent.Count == 2, $"{language} by {how}: {string.Join(" | ", agent)}");
            Assert.Equal(LanguagePacks.For(language).OptedOut(), agent[1]);
            var entry = dnc.GetProperty("items").EnumerateArray().Single(e => e.GetProperty("phone").GetString() == phone);
            var evidence = entry.GetProperty("evidence").GetString();
            Assert.Contains(how == "key" ? "pressed 9" : optOut, evidence, StringComparison.Ordinal);
            Assert.Contains(callId!, evidence, StringComparison.Ordinal);
        }

        Assert.Equal(Leads.Length, host.Emulator.Counters.CallsCreated);

        // Every later campaign of the workspace skips them: nobody is dialled again.
        var (_, later) = await host.RunSweepAsync("Later", leadIds.Values, TimeSpan.FromMinutes(2), Ct, concurrency: 5);
        Assert.Equal(Leads.Length, later.GetProperty("progress").GetProperty("byOutcome").GetProperty("do-not-call").GetInt32());
        Assert.Equal(Leads.Length, host.Emulator.Counters.CallsCreated);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_opening_says_the_call_is_recorded_only_when_it_really_is(bool recorderOn)
    {
        // Before the recording plan, Calls:RecordingEnabled (on by default) alone made every opening say "This call is
        // recorded", also where EventGrid:RecordCalls was off and nothing was recorded.
        var persona = PersonaFile("us-not-interested", "+16465550150", new JsonObject { ["say"] = "No thanks, I'm not interested." });
        await using var host = await CampaignTestHost.StartAsync(StoreProvider.Sqlite, postgres, [persona],
            new Dictionary<string, string?> { ["EventGrid:RecordCalls"] = recorderOn ? "true" : "false" }, Ct);

        var (callId, transcript) = await CallAsync(host, "+16465550150");

        var opening = transcript.First(t => t.Speaker == ConversationTurn.Agent).Text;
        var emulated = host.Emulator.Switchboard.Calls.Single();
        if (recorderOn)
        {
            Assert.Contains("This call is recorded.", opening, StringComparison.Ordinal);
            Assert.Equal(1, emulated.RecordingsStarted);
        }
        else
        {
            Assert.DoesNotContain("record", opening, StringComparison.OrdinalIgnoreCase);
            Assert.Equal(0, emulated.RecordingsStarted);
        }

        Assert.StartsWith("Hello Riley Foster, this is Maya, an AI assistant calling on behalf of AiScheduler.", opening, StringComparison.Ordinal);
        Assert.NotNull(callId);
    }

    [Theory]
    [InlineData("Ja, gerne.", 1)]
    [InlineData("Nein, lieber nicht.", 0)]
    public async Task Where_the_country_asks_first_the_recording_starts_only_after_a_yes(string answer, int recordings)
    {
        var persona = PersonaFile("de-asked-to-record", "+4915123456704",
            new JsonObject { ["say"] = answer }, new JsonObject { ["say"] = "Nein danke, kein Interesse." });
        await using var host = await CampaignTestHost.StartAsync(StoreProvider.Sqlite, postgres, [persona],
            new Dictionary<string, string?> { ["EventGrid:RecordCalls"] = "true" }, Ct);

        var (_, transcript) = await CallAsync(host, "+4915123456704");

        var agent = transcript.Where(t => t.Speaker == ConversationTurn.Agent).Select(t => t.Text).ToList();
        Assert.EndsWith("Darf ich dieses Gespräch aufzeichnen?", agent[0], StringComparison.Ordinal);
        Assert.Contains("KI-Assistent im Auftrag von AiScheduler.", agent[0], StringComparison.Ordinal);
        Assert.DoesNotContain("wird aufgezeichnet", agent[0], StringComparison.Ordinal);
        var emulated = host.Emulator.Switchboard.Calls.Single();
        Assert.Equal(recordings, emulated.RecordingsStarted);
        if (recordings == 1)
        {
            var yes = emulated.Transcript.First(l => l.Text == answer);
            Assert.True(emulated.LastRecordingStartedAt >= yes.At, "the recording started before the lead said yes");
        }
    }

    [Fact]
    public async Task Voicemail_call_screening_and_a_person_end_with_their_own_outcomes_and_the_message_follows_the_greeting()
    {
        const string Greeting = "Hola, ha llamado a Elena Ruiz. Deje su mensaje.";
        var box = PersonaFile("es-box-without-tone", "+34612345606", new JsonObject { ["say"] = Greeting }, answer: "voicemail");
        var screen = PersonaFile("en-google-screen", "+16465550150",
            new JsonObject { ["say"] = "Hi, the person you're calling is using a screening service from Google. Go ahead and say your name and why you're calling." });
        var person = PersonaFile("fr-person", "+33639980011",
            new JsonObject { ["say"] = "Oui, bonjour, c'est pour quoi ?" }, new JsonObject { ["say"] = "Non merci, ça ne m'intéresse pas." });
        await using var host = await CampaignTestHost.StartAsync(StoreProvider.Sqlite, postgres, [box, screen, person], Ct);

        var voicemail = await CallAsync(host, "+34612345606");
        var screened = await CallAsync(host, "+16465550150");
        var human = await CallAsync(host, "+33639980011");

        Assert.Equal(CallOutcome.Voicemail, await OutcomeAsync(host, voicemail.CallId));
        Assert.Equal(CallOutcome.CallScreening, await OutcomeAsync(host, screened.CallId));
        Assert.Equal(CallOutcome.NotInterested, await OutcomeAsync(host, human.CallId));
        var calls = await host.Client.GetFromJsonAsync<JsonElement>("/api/calls?limit=10", Ct);
        Assert.Contains(calls.GetProperty("items").EnumerateArray(), c => c.GetProperty("outcome").GetString() == "call-screening");

        // The box's greeting had no tone cue: the agent listened once in silence, then left its message after it.
        var lines = host.Emulator.Switchboard.Calls.Single(c => c.CalleeNumber == "+34612345606").Transcript;
        var greeting = lines.Single(l => l.Text == Greeting);
        var message = lines.Last(l => l.Speaker == AiScheduler.Emulators.Calls.Speaker.Agent);
        Assert.Contains("Volveremos a intentarlo pronto", message.Text, StringComparison.Ordinal);
        Assert.True(message.At >= greeting.At && lines.ToList().IndexOf(message) > lines.ToList().IndexOf(greeting));
        Assert.StartsWith(LanguagePacks.English.Identity(new CallContext("", null, null, "Maya", "AiScheduler", "", "en-US", "UTC", default, false)),
            screened.Transcript.Last(t => t.Speaker == ConversationTurn.Agent).Text, StringComparison.Ordinal);
    }

    private static async Task<(string CallId, IReadOnlyList<TranscriptTurn> Transcript)> CallAsync(CampaignTestHost host, string phone)
    {
        var lead = await host.Get<LeadStore>().FindByPhoneAsync(Workspaces.DefaultId, phone, Ct)
            ?? throw new InvalidOperationException($"No sample lead has the number {phone}.");
        var callId = await host.Get<OutboundCalls>().PlaceAsync(CallTarget.ForLead(lead), Ct);
        var sessions = host.Get<CallSessionStore>();
        var waited = Stopwatch.StartNew();
        while ((await sessions.GetAsync(callId, Ct))?.Phase != CallPhase.Ended)
        {
            if (waited.Elapsed > TimeSpan.FromMinutes(1))
            {
                var so_far = await sessions.TranscriptAsync(callId, Ct);
                throw new TimeoutException($"Call to {phone} did not end:\n{string.Join('\n', so_far.Select(t => $"{t.Speaker}: {t.Text}"))}");
            }

            await Task.Delay(50, Ct);
        }

        return (callId, await sessions.TranscriptAsync(callId, Ct));
    }

    private static async Task<CallOutcome?> OutcomeAsync(CampaignTestHost host, string callId) =>
        (await host.Get<CallSessionStore>().GetAsync(callId, Ct))?.Outcome;

    /// <summary>Writes a persona of this test's own (DESIGN.md section 7 format) and returns its path.</summary>
    private static string PersonaFile(string id, string phone, JsonObject reply, JsonObject? then = null, string answer = "human")
    {
        var replies = new JsonArray(reply);
        if (then is not null)
        {
            replies.Add(then);
        }

        var persona = new JsonObject
        {
            ["id"] = id,
            ["phoneNumbers"] = new JsonArray(phone),
            ["language"] = "en-US",
            ["answer"] = answer,
            ["ringSeconds"] = 1,
            ["replies"] = replies,
            ["whenOutOfReplies"] = "hangup",
        };
        var folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "aischeduler-first-seconds-" + Guid.NewGuid().ToString("N"))).FullName;
        var path = Path.Combine(folder, id + ".json");
        File.WriteAllText(path, persona.ToJsonString());
        return path;
    }
}
