using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using AiScheduler.Domain.Conversation;
using AiScheduler.Functions.Calls;
using AiScheduler.Functions.Leads;
using AiScheduler.Functions.Meetings.Booking;
using AiScheduler.Functions.Store;
using AiScheduler.Functions.Tests.Calls;
using AiScheduler.Functions.Tests.Campaigns;
using AiScheduler.Functions.Tests.Infrastructure;
using AiScheduler.Testing;

namespace AiScheduler.Functions.Tests.Llm;

/// <summary>
/// The LLM brain end to end: a campaign calls personas over the emulator (the real call session, ACS client, callbacks,
/// booking and durable orchestrations) while the brain talks to a chat-completions server that speaks the real wire
/// protocol and plays a model which calls the tools. The same personas are called by the rule-based brain on the same
/// instant; both must leave the same records: each call's outcome, the meeting booked (local time, zone, invitee), what
/// the lead said turn by turn, the do-not-call entry for an opt-out and the callback time asked for.
/// </summary>
[Collection(CallLoad.Name)]
public sealed class LlmBrainEndToEndTests(PostgresFixture postgres)
{
    // Monday 2 March 2026: 10:00 in Jerusalem, 09:00 in Paris and Berlin, 03:00 in Boston, midnight in Los Angeles.
    private static readonly DateTimeOffset Monday = TestClocks.MondayMorning;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The personas called, with their number in the sample leads and the outcome their file expects.</summary>
    private static readonly (string Persona, string Phone, string Outcome)[] Personas =
    [
        ("dana-books-tuesday-at-ten", "+972501234567", "booked"),
        ("lena-proposes-wednesday-at-two", "+4915123456701", "booked"),
        ("elliot-not-interested", "+12135550134", "not-interested"),
        ("hugo-not-interested", "+33639980055", "not-interested"),
        ("emma-opts-out", "+4915123456707", "opted-out"),
        ("tamar-opts-out", "+972505678901", "opted-out"),
        ("chloe-call-back-tomorrow-at-two", "+33639980033", "callback-requested"),
        ("mia-call-back-tomorrow-at-ten", "+4915123456703", "callback-requested"),
        ("jordan-voicemail", "+16175550191", "voicemail"),
        ("lucas-voicemail", "+33639980044", "voicemail"),
    ];

    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task The_llm_brain_leaves_the_same_records_as_the_rule_based_brain_for_every_persona_over_the_emulator(StoreProvider provider)
    {
        var byRules = await RunCampaignAsync(provider, model: null);
        await using var model = await FakeChatCompletionsServer.StartAsync(Ct);

        var byModel = await RunCampaignAsync(provider, model);

        foreach (var (persona, phone, outcome) in Personas)
        {
            var rules = byRules[phone];
            var llm = byModel[phone];
            TestContext.Current.TestOutputHelper?.WriteLine($"{persona}: {llm}");
            Assert.True(rules.Outcome == outcome, $"{persona}: the rule-based brain ended {rules.Outcome}, the persona expects {outcome}\n{rules}");
            Assert.True(rules == llm, $"{persona}: the brains left different records\nrules: {rules}\nllm:   {llm}");
        }

        // Every scripted model reply was asked for, through the chat-completions route, with the tools and the anchored now.
        Assert.All(Personas, p => Assert.True(model.Unused(Script.For(p.Persona).Name) == 0, $"{p.Persona}: the model's script was not played to the end"));
        Assert.All(model.Received, request => Assert.Equal("/v1/chat/completions", request.Path));
        Assert.Contains(model.Received, request => request.SystemPrompt.Contains("Monday 2026-03-02T", StringComparison.Ordinal));
    }

    /// <summary>One campaign over the personas, the brain chosen by <paramref name="model"/>; the records it left, by phone number.</summary>
    private async Task<Dictionary<string, Records>> RunCampaignAsync(StoreProvider provider, FakeChatCompletionsServer? model)
    {
        var settings = model is null
            ? new Dictionary<string, string?> { ["Llm:Provider"] = "rules" }
            : model.AppSettings();
        await using var host = await CampaignTestHost.StartAsync(provider, postgres, [.. Personas.Select(p => p.Persona)], settings, Ct,
            clock: TestClocks.StartingAt(Monday));
        var leads = new Dictionary<string, Lead>(StringComparer.Ordinal);
        foreach (var (persona, phone, _) in Personas)
        {
            var lead = await host.Get<LeadStore>().FindByPhoneAsync(Workspaces.DefaultId, phone, Ct)
                ?? throw new InvalidOperationException($"No sample lead has the number {phone}.");
            leads[phone] = lead;
            if (model is not null)
            {
                var script = Script.For(persona);
                model.ReplyWhenPromptMentions(script.Name, script.Replies(lead.Email!));
                Assert.Equal(script.Name, lead.Name);
            }
        }

        // One call at a time: each brain then meets the same calendar, call for call, so their records can be compared.
        // (Concurrent callers competing for slots are ConcurrentBookingCallTests' subject.)
        var (campaignId, _) = await host.RunSweepAsync(model is null ? "Rule-based brain" : "LLM brain", leads.Values.Select(l => l.Id), TimeSpan.FromMinutes(3), Ct,
            concurrency: 1);
        var calls = (await host.Client.GetFromJsonAsync<CallPage>($"/api/calls?campaignId={campaignId}&limit=100", Ct))!.Items;
        var meetings = await host.Get<SlotBooking>().ListAsync(Workspaces.DefaultId, Ct);
        var doNotCall = (await host.Client.GetFromJsonAsync<JsonElement>("/api/dnc", Ct)).GetProperty("items").EnumerateArray()
            .Select(e => e.GetProperty("phone").GetString()).ToHashSet();

        var records = new Dictionary<string, Records>(StringComparer.Ordinal);
        foreach (var (phone, lead) in leads)
        {
            var leadCalls = calls.Where(c => c.LeadId == lead.Id).OrderBy(c => c.Attempt).ToList();
            var conversations = new List<string>();
            foreach (var call in leadCalls)
            {
                var details = (await host.Client.GetFromJsonAsync<CallDetails>($"/api/calls/{call.Id}", Ct))!;
                // What the lead said, and who spoke in which order: the agent's own wording is the brain's to choose.
                conversations.Add(string.Join(" | ", details.Transcript.Select(t => t.Speaker == ConversationTurn.Lead ? "lead: " + t.Text : t.Speaker)));
            }

            var meeting = meetings.SingleOrDefault(m => m.LeadId == lead.Id);
            var zone = TimeZoneInfo.FindSystemTimeZoneById(lead.TimeZone);
            var callback = leadCalls.Select(c => c.CallbackAt).LastOrDefault(at => at is not null);
            records[phone] = new Records(
                leadCalls.LastOrDefault()?.Outcome ?? "none",
                string.Join(", ", leadCalls.Select(c => c.Outcome)),
                meeting is null ? null : $"{meeting.LocalStart} {meeting.TimeZone} for {meeting.AttendeeEmail} ({meeting.Status})",
                doNotCall.Contains(phone),
                callback is { } at ? TimeZoneInfo.ConvertTime(at, zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : null,
                string.Join("\n  ", conversations));
        }

        return records;
    }

    /// <summary>What a brain left behind for one lead; compared field by field between the brains.</summary>
    private sealed record Records(string Outcome, string CallOutcomes, string? Meeting, bool OnDoNotCallList, string? CallbackLocal, string Conversations)
    {
        public override string ToString() =>
            $"outcome {Outcome} (calls: {CallOutcomes}); meeting {Meeting ?? "none"}; do-not-call {OnDoNotCallList}; callback {CallbackLocal ?? "none"}\n  {Conversations}";
    }

    /// <summary>
    /// The model's side of one persona's calls, as a model would play it: it opens in the lead's language, reads the
    /// calendar through <c>get_available_slots</c> before offering or booking, books, records callbacks and opt-outs
    /// with their tools and ends every call with <c>end_call</c>. Times are the lead's local ones, relative to
    /// <see cref="Monday"/>. The persona's own replies are triggered by words these lines contain ("AI assistant",
    /// "welcher Termin", "הזמנה"...).
    /// </summary>
    private sealed record Script(string Name, Func<string, ScriptedReply[]> Replies)
    {
        private static ScriptedReply Slots(string? preferred, int count) =>
            ScriptedReply.Calls(ToolCall.Of("get_available_slots", new { preferred_local_time = preferred, not_before_local_time = (string?)null, count }));

        private static ScriptedReply Book(string slot, string email) => ScriptedReply.Calls(ToolCall.Of("book_meeting", new { slot, email }));

        private static ScriptedReply End(string outcome, string closingLine) =>
            ScriptedReply.Calls(ToolCall.Of("end_call", new { outcome, closing_line = closingLine }));

        private static ScriptedReply CallBackAt(string localTime, string closingLine) =>
            ScriptedReply.Calls(
                ToolCall.Of("schedule_callback", new { local_time = localTime }),
                ToolCall.Of("end_call", new { outcome = "callback-requested", closing_line = closingLine }));

        public static Script For(string persona) => persona switch
        {
            "dana-books-tuesday-at-ten" => new("Dana Levi", email =>
            [
                ScriptedReply.Says("שלום דנה, כאן אלכס, עוזר בינה מלאכותית מטעם Northwind. השיחה מוקלטת. אשמח לקבוע פגישה קצרה עם הצוות שלנו, זה מתאים לך?"),
                Slots(null, 3),
                ScriptedReply.Says("יש לי מקום ביום שני וביום שלישי. איזה מועד נוח לך?"),
                Slots("2026-03-03T10:00", 1),
                Book("2026-03-03T10:00", email),
                ScriptedReply.Says($"קבעתי לך פגישה ביום שלישי בעשר. ההזמנה תישלח אל {email}, נכון?"),
                End("booked", "מצוין, תודה רבה ולהתראות!"),
            ]),
            "lena-proposes-wednesday-at-two" => new("Lena Schmidt", email =>
            [
                ScriptedReply.Says("Guten Tag Frau Schmidt, hier ist Alex, ein KI-Assistent von Northwind. Das Gespräch wird aufgezeichnet. Hätten Sie Interesse an einem kurzen Gespräch mit unserem Team?"),
                Slots(null, 3),
                ScriptedReply.Says("Ich kann Ihnen Montag oder Dienstag anbieten. Welcher Termin passt Ihnen?"),
                Slots("2026-03-04T14:00", 1),
                Book("2026-03-04T14:00", email),
                ScriptedReply.Says($"Gebucht: Mittwoch um 14 Uhr. Die Einladung geht an {email}, richtig?"),
                End("booked", "Vielen Dank, auf Wiederhören!"),
            ]),
            "elliot-not-interested" => new("Elliot Reyes", _ =>
            [
                ScriptedReply.Says("Hello Elliot, this is Alex, an AI assistant calling on behalf of Northwind. This call is recorded. Would you be open to a short meeting with our team?"),
                End("not-interested", "I understand, thank you for your time. Goodbye!"),
            ]),
            "hugo-not-interested" => new("Hugo Moreau", _ =>
            [
                ScriptedReply.Says("Bonjour Hugo, ici Alex, un assistant d'intelligence artificielle de Northwind. Cet appel est enregistré. Seriez-vous ouvert à un court rendez-vous avec notre équipe ?"),
                End("not-interested", "Je comprends, merci pour votre temps. Au revoir !"),
            ]),
            "emma-opts-out" => new("Emma Hoffmann", _ =>
            [
                ScriptedReply.Says("Guten Tag Frau Hoffmann, hier ist Alex, ein KI-Assistent von Northwind. Das Gespräch wird aufgezeichnet. Hätten Sie Interesse an einem kurzen Gespräch?"),
            ]),
            "tamar-opts-out" => new("Tamar Shapiro", _ =>
            [
                ScriptedReply.Says("שלום תמר, כאן אלכס, עוזר בינה מלאכותית מטעם Northwind. השיחה מוקלטת. אשמח לקבוע פגישה קצרה, זה מתאים לך?"),
            ]),
            "chloe-call-back-tomorrow-at-two" => new("Chloé Bernard", _ =>
            [
                ScriptedReply.Says("Bonjour Chloé, ici Alex, un assistant d'intelligence artificielle de Northwind. Cet appel est enregistré. Seriez-vous ouverte à un court rendez-vous ?"),
                CallBackAt("2026-03-03T14:00", "Entendu, je vous rappelle demain à 14 h. Au revoir !"),
            ]),
            "mia-call-back-tomorrow-at-ten" => new("Mia Weber", _ =>
            [
                ScriptedReply.Says("Guten Tag Frau Weber, hier ist Alex, ein KI-Assistent von Northwind. Das Gespräch wird aufgezeichnet. Hätten Sie kurz Zeit?"),
                CallBackAt("2026-03-03T10:00", "Gern, ich rufe Sie morgen um 10 Uhr wieder an. Auf Wiederhören!"),
            ]),
            // A voicemail is called twice (the retry policy allows one voicemail retry): the model speaks each opening;
            // the first-seconds guard hears the mailbox and leaves the message itself, before any brain is asked, as it
            // ends opt-outs itself (so the opt-out personas' scripts hold only their openings).
            "jordan-voicemail" => new("Jordan Brooks", _ =>
            [
                ScriptedReply.Says("Hello Jordan, this is Alex, an AI assistant calling on behalf of Northwind. This call is recorded."),
                ScriptedReply.Says("Hello Jordan, this is Alex, an AI assistant calling on behalf of Northwind. This call is recorded."),
            ]),
            "lucas-voicemail" => new("Lucas Petit", _ =>
            [
                ScriptedReply.Says("Bonjour Lucas, ici Alex, un assistant d'intelligence artificielle de Northwind. Cet appel est enregistré."),
                ScriptedReply.Says("Bonjour Lucas, ici Alex, un assistant d'intelligence artificielle de Northwind. Cet appel est enregistré."),
            ]),
            _ => throw new ArgumentOutOfRangeException(nameof(persona), persona, "no model script for this persona"),
        };
    }
}
