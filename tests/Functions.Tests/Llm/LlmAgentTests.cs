using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using AiScheduler.Domain.Conversation;
using AiScheduler.Functions.Providers.Llm;
using AiScheduler.Functions.Tests.Http;
using AiScheduler.Functions.Tests.Infrastructure;
using Azure.Core;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.Tests.Llm;

public sealed class LlmAgentTests : IAsyncLifetime
{
    // Monday 2 March 2026, 09:00 in Berlin (UTC+1 until the end of March).
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);
    private static readonly SlotOffer TuesdayTen = new(new(2026, 3, 3, 9, 0, 0, TimeSpan.Zero), new(2026, 3, 3, 9, 30, 0, TimeSpan.Zero));
    private static readonly SlotOffer TuesdayEleven = new(new(2026, 3, 3, 10, 0, 0, TimeSpan.Zero), new(2026, 3, 3, 10, 30, 0, TimeSpan.Zero));
    private static readonly SlotOffer TuesdayTwo = new(new(2026, 3, 3, 13, 0, 0, TimeSpan.Zero), new(2026, 3, 3, 13, 30, 0, TimeSpan.Zero));
    private static readonly SlotOffer WednesdayTen = new(new(2026, 3, 4, 9, 0, 0, TimeSpan.Zero), new(2026, 3, 4, 9, 30, 0, TimeSpan.Zero));

    private FakeChatCompletionsServer model = null!;
    private readonly InMemoryConversationTools tools = new([TuesdayTen, TuesdayEleven, TuesdayTwo, WednesdayTen]);

    public async ValueTask InitializeAsync() => model = await FakeChatCompletionsServer.StartAsync(TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync() => await model.DisposeAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private LlmAgent Agent(Action<LlmOptions>? configure = null)
    {
        var options = new LlmOptions
        {
            Provider = LlmOptions.OpenAiProvider,
            BaseUrl = new Uri(model.BaseAddress, "v1/"),
            ApiKey = "sk-test-key",
            Model = "gpt-4.1-mini",
            TimeoutSeconds = 5,
        };
        configure?.Invoke(options);
        Assert.True(new LlmOptionsValidator().Validate(null, options).Succeeded);
        return new LlmAgent(LlmServiceCollectionExtensions.CreateChatClient(options), Options.Create(options), TestClocks.StartingAt(Now), NullLogger<LlmAgent>.Instance);
    }

    private static ConversationState Begin(string language = "de-DE", bool recording = true, string? email = "dana@example.com") =>
        ConversationState.Begin(
            new CallContext("Dana Weber", email, "Weber GmbH", "Mia", "Contoso Solar", "to book a short demo of our solar planning tool",
                language, "Europe/Berlin", Now, recording),
            Now);

    private static CallerInput.Speech Said(string text, string? language = null) => new(text, 0.92, language);

    private static ConversationState Offered(ConversationState state, params SlotOffer[] slots) => state with { OfferedSlots = slots };

    [Fact]
    public async Task The_opening_prompt_discloses_the_AI_the_company_and_the_recording_and_the_reply_is_spoken()
    {
        model.Reply(ScriptedReply.Says("Guten Tag Frau Weber, hier ist Mia, eine KI-Assistentin von Contoso Solar."));

        var turn = await Agent().StartAsync(Begin(), tools, Ct);

        Assert.Equal("Guten Tag Frau Weber, hier ist Mia, eine KI-Assistentin von Contoso Solar.", turn.Say);
        Assert.Equal("de-DE", turn.Language);
        Assert.False(turn.EndCall);
        Assert.Null(turn.Outcome);
        var agentTurn = Assert.Single(turn.State.Turns);
        Assert.Equal((ConversationTurn.Agent, "de-DE", Now), (agentTurn.Speaker, agentTurn.Language, agentTurn.AtUtc));

        var request = Assert.Single(model.Received);
        Assert.Equal("/v1/chat/completions", request.Path);
        Assert.Equal("Bearer sk-test-key", request.Authorization);
        Assert.Equal("gpt-4.1-mini", request.Body["model"]!.GetValue<string>());
        Assert.Contains("Contoso Solar", request.SystemPrompt);
        Assert.Contains("AI assistant", request.SystemPrompt);
        Assert.Contains("the call is recorded", request.SystemPrompt);
        Assert.Contains("German (de-DE)", request.SystemPrompt);
        Assert.Contains("Monday 2026-03-02T09:00", request.SystemPrompt);
        var toolNames = request.Body["tools"]!.AsArray().Select(t => t!["function"]!["name"]!.GetValue<string>()).ToArray();
        Assert.Equal(["get_available_slots", "book_meeting", "schedule_callback", "opt_out", "end_call"], toolNames);
        Assert.All(request.Body["tools"]!.AsArray(), t => Assert.Equal("object", t!["function"]!["parameters"]!["type"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Without_recording_the_prompt_does_not_announce_a_recording()
    {
        model.Reply(ScriptedReply.Says("Hello Dana, this is Mia, an AI assistant from Contoso Solar."));

        await Agent().StartAsync(Begin("en-US", recording: false), tools, Ct);

        Assert.DoesNotContain("recorded", Assert.Single(model.Received).SystemPrompt);
    }

    [Fact]
    public async Task Slots_come_from_the_tool_and_the_tool_result_round_trips_to_the_model()
    {
        model.Reply(
            ScriptedReply.Calls(ToolCall.Of("get_available_slots", new { preferred_local_time = (string?)null, not_before_local_time = "2026-03-03T08:00", count = 2 })),
            ScriptedReply.Says("Ich kann Ihnen Dienstag um 10 oder um 11 Uhr anbieten."));

        var turn = await Agent().RespondAsync(Begin(), Said("Ja, gerne, am Dienstag"), tools, Ct);

        Assert.Equal("Ich kann Ihnen Dienstag um 10 oder um 11 Uhr anbieten.", turn.Say);
        Assert.Equal([TuesdayTen, TuesdayEleven], turn.State.OfferedSlots);
        Assert.Equal(new DateTimeOffset(2026, 3, 3, 7, 0, 0, TimeSpan.Zero), Assert.Single(tools.Queries).NotBeforeUtc);
        Assert.Equal([ConversationTurn.Lead, ConversationTurn.Agent], turn.State.Turns.Select(t => t.Speaker));

        var followUp = model.Received[1];
        var assistant = followUp.Messages.Single(m => m!["role"]!.GetValue<string>() == "assistant" && m["tool_calls"] is not null);
        var callId = assistant!["tool_calls"]![0]!["id"]!.GetValue<string>();
        var result = JsonNode.Parse(followUp.ToolResults[callId])!;
        Assert.True(result["ok"]!.GetValue<bool>());
        Assert.Equal(["2026-03-03T10:00", "2026-03-03T11:00"], result["slots"]!.AsArray().Select(s => s!["slot"]!.GetValue<string>()));
        Assert.Equal("Tuesday", result["slots"]![0]!["weekday"]!.GetValue<string>());
        Assert.Equal("Ja, gerne, am Dienstag", RecordedRequest.TextOf(followUp.Messages[^3]!["content"]));
    }

    [Fact]
    public async Task Booking_an_offered_slot_and_ending_in_one_reply_books_the_meeting_and_ends_the_call()
    {
        model.Reply(ScriptedReply.Calls(
            ToolCall.Of("book_meeting", new { slot = "2026-03-03T11:00", email = "dana@example.com" }),
            ToolCall.Of("end_call", new { outcome = "booked", closing_line = "Wunderbar, Dienstag um 11 Uhr ist gebucht. Auf Wiederhören!" })));

        var turn = await Agent().RespondAsync(Offered(Begin(), TuesdayTen, TuesdayEleven), Said("Um elf, bitte"), tools, Ct);

        Assert.True(turn.EndCall);
        Assert.Equal(CallOutcome.Booked, turn.Outcome);
        Assert.Equal("Wunderbar, Dienstag um 11 Uhr ist gebucht. Auf Wiederhören!", turn.Say);
        Assert.Equal([(TuesdayEleven, "dana@example.com")], tools.Bookings);
        Assert.Equal("meeting-1", turn.State.MeetingId);
        Assert.Equal(TuesdayEleven, turn.State.ChosenSlot);
        Assert.Equal(DialogueStage.Ended, turn.State.Stage);
        Assert.Single(model.Received);
    }

    [Fact]
    public async Task A_slot_that_was_never_offered_is_refused_and_nothing_is_booked()
    {
        model.Reply(
            ScriptedReply.Calls(ToolCall.Of("book_meeting", new { slot = "2026-03-03T14:00", email = "dana@example.com" })),
            ScriptedReply.Says("Dieser Termin ist leider nicht frei. Passt Dienstag um 10 Uhr?"));

        var turn = await Agent().RespondAsync(Offered(Begin(), TuesdayTen), Said("Lieber um 14 Uhr"), tools, Ct);

        Assert.Empty(tools.Bookings);
        Assert.False(turn.EndCall);
        Assert.Null(turn.State.MeetingId);
        var error = JsonNode.Parse(Assert.Single(model.Received[1].ToolResults).Value)!;
        Assert.False(error["ok"]!.GetValue<bool>());
        Assert.Contains("was not offered", error["error"]!.GetValue<string>());
        Assert.Contains("2026-03-03T10:00", error["error"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("dana at example dot com")]
    [InlineData("dana@example")]
    [InlineData("Dana <dana@example.com>")]
    [InlineData("dana@@example.com")]
    public async Task An_email_that_does_not_parse_goes_back_to_the_model_as_an_error(string email)
    {
        model.Reply(
            ScriptedReply.Calls(ToolCall.Of("book_meeting", new { slot = "2026-03-03T10:00", email })),
            ScriptedReply.Says("Könnten Sie die E-Mail-Adresse bitte buchstabieren?"));

        var turn = await Agent().RespondAsync(Offered(Begin(email: null), TuesdayTen), Said("Zehn Uhr passt"), tools, Ct);

        Assert.Empty(tools.Bookings);
        Assert.Equal("Könnten Sie die E-Mail-Adresse bitte buchstabieren?", turn.Say);
        Assert.Contains("is not a valid email address", Assert.Single(model.Received[1].ToolResults).Value);
    }

    [Theory]
    [InlineData("{\"slot\": \"2026-03-03T10:00\", ")]
    [InlineData("[1, 2, 3]")]
    [InlineData("{\"slot\": 42, \"email\": \"dana@example.com\"}")]
    [InlineData("{\"slot\": \"Tuesday at ten\", \"email\": \"dana@example.com\"}")]
    [InlineData("{\"email\": \"dana@example.com\"}")]
    public async Task Malformed_tool_arguments_are_answered_with_an_error_result_not_an_exception(string arguments)
    {
        model.Reply(
            ScriptedReply.Calls(new ToolCall("book_meeting", arguments)),
            ScriptedReply.Says("Entschuldigung, welcher Termin war es?"));

        var turn = await Agent().RespondAsync(Offered(Begin(), TuesdayTen), Said("Zehn Uhr"), tools, Ct);

        Assert.Empty(tools.Bookings);
        Assert.False(turn.EndCall);
        var result = JsonNode.Parse(Assert.Single(model.Received[1].ToolResults).Value)!;
        Assert.False(result["ok"]!.GetValue<bool>());
        Assert.False(string.IsNullOrWhiteSpace(result["error"]!.GetValue<string>()));
    }

    [Fact]
    public async Task An_unknown_tool_gets_an_error_result_naming_the_real_tools()
    {
        model.Reply(
            ScriptedReply.Calls(ToolCall.Of("transfer_to_human", new { reason = "lead insists" })),
            ScriptedReply.Says("Ich kann Sie leider nicht verbinden, aber ich kann einen Termin vereinbaren."));

        await Agent().RespondAsync(Begin(), Said("Verbinden Sie mich mit einem Menschen"), tools, Ct);

        var error = Assert.Single(model.Received[1].ToolResults).Value;
        Assert.Contains("there is no tool named 'transfer_to_human'", error);
        Assert.Contains("get_available_slots", error);
    }

    [Fact]
    public async Task A_callback_in_the_past_is_refused_and_a_future_one_is_scheduled()
    {
        model.Reply(
            ScriptedReply.Calls(ToolCall.Of("schedule_callback", new { local_time = "2026-03-02T08:30" })),
            ScriptedReply.Calls(ToolCall.Of("schedule_callback", new { local_time = "2026-03-02T16:00" })),
            ScriptedReply.Calls(ToolCall.Of("end_call", new { outcome = "callback-requested", closing_line = "Ich rufe Sie heute um 16 Uhr zurück. Auf Wiederhören!" })));

        var turn = await Agent().RespondAsync(Begin(), Said("Rufen Sie mich um vier wieder an"), tools, Ct);

        Assert.Equal([new DateTimeOffset(2026, 3, 2, 15, 0, 0, TimeSpan.Zero)], tools.Callbacks);
        Assert.Equal(CallOutcome.CallbackRequested, turn.Outcome);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 15, 0, 0, TimeSpan.Zero), turn.State.CallbackAtUtc);
        Assert.True(turn.EndCall);
        Assert.Contains("is not in the future", Assert.Single(model.Received[1].ToolResults).Value);
    }

    [Fact]
    public async Task A_slot_taken_meanwhile_offers_the_alternatives_which_then_become_bookable()
    {
        tools.TakenByOthers.Add(TuesdayTen);
        model.Reply(
            ScriptedReply.Calls(ToolCall.Of("book_meeting", new { slot = "2026-03-03T10:00", email = "dana@example.com" })),
            ScriptedReply.Calls(ToolCall.Of("book_meeting", new { slot = "2026-03-03T14:00", email = "dana@example.com" })),
            ScriptedReply.Calls(ToolCall.Of("end_call", new { outcome = "booked", closing_line = "Dienstag um 14 Uhr ist gebucht." })));

        var turn = await Agent().RespondAsync(Offered(Begin(), TuesdayTen), Said("Zehn Uhr"), tools, Ct);

        var takenResult = JsonNode.Parse(Assert.Single(model.Received[1].ToolResults).Value)!;
        Assert.Contains("just taken", takenResult["error"]!.GetValue<string>());
        Assert.Equal(["2026-03-03T11:00", "2026-03-03T14:00"], takenResult["alternatives"]!.AsArray().Select(s => s!["slot"]!.GetValue<string>()));
        Assert.Equal([(TuesdayTwo, "dana@example.com")], tools.Bookings);
        Assert.Equal(CallOutcome.Booked, turn.Outcome);
    }

    [Fact]
    public async Task Ending_as_booked_when_nothing_was_booked_is_refused()
    {
        model.Reply(
            ScriptedReply.Calls(ToolCall.Of("end_call", new { outcome = "booked", closing_line = "Bis Dienstag!" })),
            ScriptedReply.Says("Welcher Termin passt Ihnen?"));

        var turn = await Agent().RespondAsync(Begin(), Said("Ja"), tools, Ct);

        Assert.False(turn.EndCall);
        Assert.Contains("nothing is booked yet", Assert.Single(model.Received[1].ToolResults).Value);
    }

    [Fact]
    public async Task Ending_as_opted_out_puts_the_lead_on_the_do_not_call_list_even_if_the_model_skipped_the_tool()
    {
        model.Reply(ScriptedReply.Calls(ToolCall.Of("end_call", new { outcome = "opted-out", closing_line = "Verstanden, wir rufen nicht wieder an." })));

        var turn = await Agent().RespondAsync(Begin(), Said("Rufen Sie mich nie wieder an!"), tools, Ct);

        Assert.Equal(1, tools.OptOuts);
        Assert.Equal(CallOutcome.OptedOut, turn.Outcome);
    }

    [Fact]
    public async Task An_outcome_only_telephony_can_decide_is_refused()
    {
        model.Reply(
            ScriptedReply.Calls(ToolCall.Of("end_call", new { outcome = "busy", closing_line = "Tschüss" })),
            ScriptedReply.Calls(ToolCall.Of("end_call", new { outcome = "not-interested", closing_line = "Danke für Ihre Zeit, auf Wiederhören." })));

        var turn = await Agent().RespondAsync(Begin(), Said("Kein Interesse"), tools, Ct);

        Assert.Contains("outcome 'busy' is not allowed", Assert.Single(model.Received[1].ToolResults).Value);
        Assert.Equal(CallOutcome.NotInterested, turn.Outcome);
    }

    [Fact]
    public async Task A_failing_model_gets_a_holding_phrase_and_failing_again_ends_the_call_as_callback_requested()
    {
        model.Reply(ScriptedReply.Fails(500), ScriptedReply.Fails(503));
        var agent = Agent();

        var holding = await agent.RespondAsync(Begin("he-IL"), Said("כן, מי מדבר?"), tools, Ct);
        Assert.Equal("רק רגע בבקשה.", holding.Say);
        Assert.False(holding.EndCall);

        var end = await agent.RespondAsync(holding.State with { NowUtc = Now.AddSeconds(5) }, new CallerInput.Silence(), tools, Ct);
        Assert.True(end.EndCall);
        Assert.Equal(CallOutcome.CallbackRequested, end.Outcome);
        Assert.Equal("he-IL", end.Language);
        Assert.Equal([null], tools.Callbacks);
        Assert.Equal(2, model.Received.Length);
    }

    [Fact]
    public async Task A_slow_model_gets_a_holding_phrase_and_the_retry_continues_the_conversation()
    {
        model.Reply(
            ScriptedReply.Says("too late").After(TimeSpan.FromSeconds(10)),
            ScriptedReply.Says("Entschuldigung für die Wartezeit. Wann passt es Ihnen?"));
        var agent = Agent(o => o.TimeoutSeconds = 0.5);

        var holding = await agent.RespondAsync(Begin(), Said("Ja, erzählen Sie"), tools, Ct);
        Assert.Equal("Einen Moment bitte.", holding.Say);

        var next = await agent.RespondAsync(holding.State, Said("Okay"), tools, Ct);
        Assert.Equal("Entschuldigung für die Wartezeit. Wann passt es Ihnen?", next.Say);
        Assert.False(next.EndCall);
        var retried = model.Received[1].Messages.Select(m => RecordedRequest.TextOf(m!["content"])).ToList();
        Assert.Contains("Einen Moment bitte.", retried);
        Assert.Equal("Okay", retried[^1]);
    }

    [Fact]
    public async Task A_booked_call_whose_model_then_fails_twice_still_ends_as_booked()
    {
        model.Reply(
            ScriptedReply.Calls(ToolCall.Of("book_meeting", new { slot = "2026-03-03T10:00", email = "dana@example.com" })),
            ScriptedReply.Fails(500),
            ScriptedReply.Fails(500));
        var agent = Agent();

        var holding = await agent.RespondAsync(Offered(Begin("en-US"), TuesdayTen), Said("Ten works"), tools, Ct);
        Assert.Equal("One moment please.", holding.Say);
        Assert.Equal("meeting-1", holding.State.MeetingId);

        var end = await agent.RespondAsync(holding.State, Said("Hello?"), tools, Ct);
        Assert.Equal(CallOutcome.Booked, end.Outcome);
        Assert.Empty(tools.Callbacks);
    }

    [Fact]
    public async Task A_model_that_never_stops_calling_tools_is_cut_off_after_the_round_limit()
    {
        var query = ToolCall.Of("get_available_slots", new { preferred_local_time = (string?)null, not_before_local_time = (string?)null, count = 3 });
        model.Reply(ScriptedReply.Calls(query), ScriptedReply.Calls(query));

        var turn = await Agent(o => o.MaxToolRounds = 2).RespondAsync(Begin("fr-FR"), Said("Oui"), tools, Ct);

        Assert.Equal("Un instant, s'il vous plaît.", turn.Say);
        Assert.Equal(2, model.Received.Length);
    }

    [Fact]
    public async Task Three_silences_in_a_row_from_a_line_where_nobody_spoke_end_the_call_as_failed_without_a_third_model_request()
    {
        model.Reply(ScriptedReply.Says("Hallo, sind Sie noch da?"), ScriptedReply.Says("Hören Sie mich?"));
        var agent = Agent();

        var first = await agent.RespondAsync(Begin(), new CallerInput.Silence(), tools, Ct);
        var second = await agent.RespondAsync(first.State, new CallerInput.Unintelligible(), tools, Ct);
        var third = await agent.RespondAsync(second.State, new CallerInput.Silence(), tools, Ct);

        Assert.Equal((false, false, true), (first.EndCall, second.EndCall, third.EndCall));
        Assert.Equal(CallOutcome.Failed, third.Outcome);
        Assert.Empty(tools.Callbacks);
        Assert.Equal(2, model.Received.Length);
        Assert.Contains("(The caller said nothing.)", model.Received[0].Messages.Select(m => RecordedRequest.TextOf(m!["content"])));
    }

    [Fact]
    public async Task A_lead_who_spoke_and_then_cannot_be_heard_is_called_back()
    {
        model.Reply(ScriptedReply.Says("Wann passt es Ihnen?"), ScriptedReply.Says("Sind Sie noch da?"), ScriptedReply.Says("Hallo?"));
        var agent = Agent();

        var spoke = await agent.RespondAsync(Begin(), Said("Ja, worum geht es?"), tools, Ct);
        var state = spoke.State;
        AgentTurn last = spoke;
        foreach (var _ in Enumerable.Range(0, 3))
        {
            last = await agent.RespondAsync(state, new CallerInput.Silence(), tools, Ct);
            state = last.State;
        }

        Assert.True(last.EndCall);
        Assert.Equal(CallOutcome.CallbackRequested, last.Outcome);
        Assert.Equal([null], tools.Callbacks);
    }

    [Fact]
    public async Task A_caller_answering_in_another_supported_language_switches_the_turn_language()
    {
        model.Reply(ScriptedReply.Says("Bien sûr, je continue en français."));

        var turn = await Agent().RespondAsync(Begin(), Said("Pardon, je parle français", "fr-FR"), tools, Ct);

        Assert.Equal("fr-FR", turn.Language);
        Assert.Equal("fr-FR", turn.State.Language);
        Assert.All(turn.State.Turns, t => Assert.Equal("fr-FR", t.Language));
        Assert.Contains("French (fr-FR)", Assert.Single(model.Received).SystemPrompt);
    }

    [Theory]
    [InlineData("")]
    [InlineData("openai/v1/")]
    public async Task Azure_OpenAI_v1_gets_the_key_in_the_api_key_header_and_the_deployment_as_the_model(string basePath)
    {
        model.Reply(ScriptedReply.Says("Hola Dana, soy Mia, una asistente de IA de Contoso Solar."));
        using var outbound = new OutboundClients();
        var options = AzureOptions(basePath, "azure-key");

        var agent = new LlmAgent(LlmServiceCollectionExtensions.CreateChatClient(options, outbound.Create(LlmServiceCollectionExtensions.HttpClientName)),
            Options.Create(options), TestClocks.StartingAt(Now), NullLogger<LlmAgent>.Instance);
        var turn = await agent.StartAsync(Begin("es-ES"), tools, Ct);

        Assert.Equal("Hola Dana, soy Mia, una asistente de IA de Contoso Solar.", turn.Say);
        var request = Assert.Single(model.Received);
        Assert.Equal("/openai/v1/chat/completions", request.Path);
        Assert.Equal("azure-key", request.ApiKey);
        Assert.Equal("", request.Authorization);
        Assert.Equal("scheduler-gpt41mini", request.Body["model"]!.GetValue<string>());
    }

    [Fact]
    public async Task Azure_OpenAI_without_a_key_signs_in_with_an_Entra_ID_token_for_cognitive_services()
    {
        // Bearer tokens only travel over TLS, so this model answers on https with a certificate made for the test.
        using var certificate = SelfSignedLoopbackCertificate();
        await using var azure = await FakeChatCompletionsServer.StartAsync(Ct, certificate);
        azure.Reply(ScriptedReply.Says("Hola Dana."));
        using var outbound = new OutboundClients(configure: s => s.AddHttpClient(LlmServiceCollectionExtensions.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new HttpClientHandler
            {
                ServerCertificateCustomValidationCallback = (_, presented, _, _) => presented?.Thumbprint == certificate.Thumbprint,
            }));
        var options = AzureOptions("", apiKey: null);
        options.BaseUrl = azure.BaseAddress;
        Assert.True(new LlmOptionsValidator().Validate(null, options).Succeeded);
        var credential = new StaticTokenCredential("entra-token");

        var agent = new LlmAgent(LlmServiceCollectionExtensions.CreateChatClient(options, outbound.Create(LlmServiceCollectionExtensions.HttpClientName), credential),
            Options.Create(options), TestClocks.StartingAt(Now), NullLogger<LlmAgent>.Instance);
        var turn = await agent.StartAsync(Begin("es-ES"), tools, Ct);

        Assert.Equal("Hola Dana.", turn.Say);
        var request = Assert.Single(azure.Received);
        Assert.Equal("/openai/v1/chat/completions", request.Path);
        Assert.Equal("Bearer entra-token", request.Authorization);
        Assert.Equal("", request.ApiKey);
        Assert.Equal(["https://cognitiveservices.azure.com/.default"], credential.Scopes.First());
    }

    private static X509Certificate2 SelfSignedLoopbackCertificate()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        // Real time: a certificate's validity is judged by the machine's clock.
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
    }

    private LlmOptions AzureOptions(string basePath, string? apiKey) => new()
    {
        Provider = LlmOptions.AzureOpenAiProvider,
        BaseUrl = new Uri(model.BaseAddress, basePath),
        ApiKey = apiKey,
        Model = "scheduler-gpt41mini",
        TimeoutSeconds = 5,
    };

    /// <summary>A credential that hands out one token and records the scopes asked for, as Entra ID would be asked.</summary>
    private sealed class StaticTokenCredential(string token) : TokenCredential
    {
        public ConcurrentQueue<string[]> Scopes { get; } = new();

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            Scopes.Enqueue(requestContext.Scopes);
            // Real time: Azure.Core decides when to refresh a token by the machine's clock.
            return new AccessToken(token, DateTimeOffset.UtcNow.AddHours(1));
        }

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }
}
