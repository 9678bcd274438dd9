using AiScheduler.Domain.Conversation;

namespace AiScheduler.Domain.Tests.Conversation;

/// <summary>Dialogue policy of the rule-based agent, one behaviour per test. The call is on Monday 2 March 2026 at
/// 13:00 UTC; the in-memory calendar has half-hour slots on the hour, 9:00-16:00 local, on weekdays.</summary>
public sealed class RuleBasedAgentTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 13, 0, 0, TimeSpan.Zero);
    private readonly RuleBasedAgent _agent = new();

    [Fact]
    public async Task Opening_greets_names_the_company_discloses_the_ai_and_the_recording_then_states_the_purpose()
    {
        var (turn, _) = await StartAsync("en-US", "America/New_York", recording: true);

        Assert.Contains("Hello Dana", turn.Say, StringComparison.Ordinal);
        Assert.Contains("Alex, an AI assistant calling on behalf of Northwind", turn.Say, StringComparison.Ordinal);
        Assert.Contains("This call is recorded.", turn.Say, StringComparison.Ordinal);
        Assert.Contains("a short demo", turn.Say, StringComparison.Ordinal);
        Assert.False(turn.EndCall);
        Assert.Equal(DialogueStage.Pitch, turn.State.Stage);
        Assert.Equal(ConversationTurn.Agent, Assert.Single(turn.State.Turns).Speaker);
    }

    [Theory]
    [InlineData("he-IL", "Asia/Jerusalem", "בינה מלאכותית", "השיחה מוקלטת")]
    [InlineData("fr-FR", "Europe/Paris", "intelligence artificielle", "Cet appel est enregistré")]
    [InlineData("de-DE", "Europe/Berlin", "KI-Assistent", "Dieses Gespräch wird aufgezeichnet")]
    [InlineData("es-ES", "Europe/Madrid", "inteligencia artificial", "Esta llamada se está grabando")]
    public async Task Opening_is_in_the_leads_language(string language, string zone, string disclosure, string recordingNotice)
    {
        var (recorded, _) = await StartAsync(language, zone, recording: true);
        var unrecorded = (await StartAsync(language, zone, recording: false)).Turn;

        Assert.Contains(disclosure, recorded.Say, StringComparison.Ordinal);
        Assert.Contains(recordingNotice, recorded.Say, StringComparison.Ordinal);
        Assert.DoesNotContain(recordingNotice, unrecorded.Say, StringComparison.Ordinal);
        Assert.Equal(language, recorded.Language);
    }

    [Fact]
    public async Task Offers_three_slots_read_in_the_leads_local_time()
    {
        var (turn, calendar) = await StartAsync("en-US", "America/New_York");

        turn = await SayAsync(turn, calendar, "Yes, sounds good");

        Assert.Equal(DialogueStage.OfferingSlots, turn.State.Stage);
        Assert.Equal(3, turn.State.OfferedSlots.Count);
        // 13:00 UTC is 08:00 in New York, so the first free hour is 9:00 local (14:00 UTC).
        Assert.Equal("I can offer Monday, March 2 at 9:00 AM, 10:00 AM or 11:00 AM. Which one suits you?", turn.Say);
    }

    [Fact]
    public async Task Picking_an_offer_reads_the_email_back_and_a_yes_books_it()
    {
        var (turn, calendar) = await StartAsync("en-US", "America/New_York");
        turn = await SayAsync(turn, calendar, "Sure");
        turn = await SayAsync(turn, calendar, "the second one");

        Assert.Equal(DialogueStage.ConfirmingEmail, turn.State.Stage);
        Assert.Contains("dana at example dot com", turn.Say, StringComparison.Ordinal);

        turn = await SayAsync(turn, calendar, "yes");

        Assert.True(turn.EndCall);
        Assert.Equal(CallOutcome.Booked, turn.Outcome);
        Assert.Equal("meeting-1", turn.State.MeetingId);
        var (slot, email) = Assert.Single(calendar.Bookings);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 15, 0, 0, TimeSpan.Zero), slot.StartUtc);
        Assert.Equal("dana@example.com", email);
    }

    [Fact]
    public async Task Picking_an_offer_holds_that_exact_time_as_chosen_before_saying_it_is_free()
    {
        var (turn, calendar) = await StartAsync("en-US", "America/New_York");
        turn = await SayAsync(turn, calendar, "Sure");
        var second = turn.State.OfferedSlots[1];
        calendar.Queries.Clear();

        turn = await SayAsync(turn, calendar, "the second one");

        // An offer hold gives way to a call naming that time; the pick asks for it as named, the hold a promise needs.
        var query = Assert.Single(calendar.Queries);
        Assert.Equal(second.StartUtc, query.PreferredStartUtc);
        Assert.Equal(second, turn.State.ChosenSlot);
        Assert.Equal(DialogueStage.ConfirmingEmail, turn.State.Stage);
    }

    [Fact]
    public async Task Booking_a_slot_taken_by_another_call_offers_a_new_one()
    {
        var (turn, calendar) = await StartAsync("en-US", "America/New_York");
        turn = await SayAsync(turn, calendar, "Sure");
        calendar.Stolen.Add(turn.State.OfferedSlots[0].StartUtc);
        turn = await SayAsync(turn, calendar, "the first one");
        turn = await SayAsync(turn, calendar, "yes");

        Assert.False(turn.EndCall);
        Assert.Equal(DialogueStage.OfferingSlots, turn.State.Stage);
        Assert.StartsWith("I'm sorry, that time was just taken.", turn.Say, StringComparison.Ordinal);
        Assert.DoesNotContain(turn.State.OfferedSlots, s => calendar.Stolen.Contains(s.StartUtc));
        Assert.Empty(calendar.Bookings);

        turn = await SayAsync(turn, calendar, "the first one");
        turn = await SayAsync(turn, calendar, "yes");

        Assert.Equal(CallOutcome.Booked, turn.Outcome);
        Assert.DoesNotContain(calendar.Bookings, b => calendar.Stolen.Contains(b.Slot.StartUtc));
    }

    [Fact]
    public async Task A_proposed_time_that_is_free_is_booked_as_said()
    {
        var (turn, calendar) = await StartAsync("de-DE", "Europe/Berlin");
        turn = await SayAsync(turn, calendar, "Ja, gerne");
        turn = await SayAsync(turn, calendar, "Geht auch Donnerstag um drei?");

        Assert.Equal(DialogueStage.ConfirmingEmail, turn.State.Stage);
        Assert.StartsWith("Donnerstag, 5. März um 15:00 Uhr", turn.Say, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_proposed_time_that_is_not_free_offers_the_nearest_free_times()
    {
        var (turn, calendar) = await StartAsync("fr-FR", "Europe/Paris");
        turn = await SayAsync(turn, calendar, "Oui");
        turn = await SayAsync(turn, calendar, "Plutôt samedi à 10 h");

        Assert.Equal(DialogueStage.OfferingSlots, turn.State.Stage);
        Assert.StartsWith("samedi 7 mars à 10 h 00 n'est pas libre, mais je peux vous proposer", turn.Say, StringComparison.Ordinal);
        Assert.Equal(3, turn.State.OfferedSlots.Count);
    }

    [Fact]
    public async Task A_missing_email_is_captured_from_speech_and_read_back_before_booking()
    {
        var (turn, calendar) = await StartAsync("es-ES", "Europe/Madrid", email: null);
        turn = await SayAsync(turn, calendar, "Sí");
        turn = await SayAsync(turn, calendar, "la primera");

        Assert.Equal(DialogueStage.CapturingEmail, turn.State.Stage);
        Assert.Contains("correo electrónico", turn.Say, StringComparison.Ordinal);

        turn = await SayAsync(turn, calendar, "dana punto levi arroba correo punto es");
        Assert.Equal("Tengo dana punto levi arroba correo punto es. ¿Es correcto?", turn.Say);

        turn = await SayAsync(turn, calendar, "sí, correcto");
        Assert.Equal(CallOutcome.Booked, turn.Outcome);
        Assert.Equal("dana.levi@correo.es", Assert.Single(calendar.Bookings).Email);
    }

    [Fact]
    public async Task Saying_the_email_is_wrong_asks_for_another()
    {
        var (turn, calendar) = await StartAsync("en-US", "America/New_York");
        turn = await SayAsync(turn, calendar, "yes");
        turn = await SayAsync(turn, calendar, "the last one");
        turn = await SayAsync(turn, calendar, "no, that's wrong");

        Assert.Equal(DialogueStage.CapturingEmail, turn.State.Stage);
        Assert.Null(turn.State.Email);
        Assert.Empty(calendar.Bookings);
    }

    [Fact]
    public async Task Silence_is_reprompted_twice_then_the_call_ends_as_failed()
    {
        var (turn, calendar) = await StartAsync("en-US", "America/New_York");

        turn = await _agent.RespondAsync(turn.State, new CallerInput.Silence(), calendar, CancellationToken.None);
        Assert.StartsWith("Sorry, I didn't catch that.", turn.Say, StringComparison.Ordinal);
        turn = await _agent.RespondAsync(turn.State, new CallerInput.Unintelligible(), calendar, CancellationToken.None);
        Assert.Equal(2, turn.State.Reprompts);
        Assert.False(turn.EndCall);
        turn = await _agent.RespondAsync(turn.State, new CallerInput.Silence(), calendar, CancellationToken.None);

        Assert.True(turn.EndCall);
        Assert.Equal(CallOutcome.Failed, turn.Outcome);
        Assert.Empty(calendar.Callbacks);
    }

    [Fact]
    public async Task A_caller_who_engaged_and_then_cannot_be_heard_is_called_back()
    {
        var (turn, calendar) = await StartAsync("he-IL", "Asia/Jerusalem");
        turn = await SayAsync(turn, calendar, "כן");
        for (var i = 0; i < 3; i++)
        {
            turn = await _agent.RespondAsync(turn.State, new CallerInput.Unintelligible(), calendar, CancellationToken.None);
        }

        Assert.Equal(CallOutcome.CallbackRequested, turn.Outcome);
        Assert.Null(Assert.Single(calendar.Callbacks));
    }

    [Fact]
    public async Task Understood_speech_resets_the_reprompt_count()
    {
        var (turn, calendar) = await StartAsync("en-US", "America/New_York");
        turn = await _agent.RespondAsync(turn.State, new CallerInput.Silence(), calendar, CancellationToken.None);
        turn = await _agent.RespondAsync(turn.State, new CallerInput.Silence(), calendar, CancellationToken.None);
        turn = await SayAsync(turn, calendar, "who is this?");

        Assert.Equal(0, turn.State.Reprompts);
        Assert.False(turn.EndCall);
    }

    [Fact]
    public async Task A_human_saying_the_lead_is_not_available_is_asked_when_to_call_back()
    {
        var (turn, calendar) = await StartAsync("en-US", "America/New_York");
        turn = await SayAsync(turn, calendar, "He is not available right now.");

        Assert.False(turn.EndCall);
        Assert.Equal(DialogueStage.AskingCallbackTime, turn.State.Stage);

        turn = await SayAsync(turn, calendar, "Try tomorrow morning");

        Assert.Equal(CallOutcome.CallbackRequested, turn.Outcome);
        Assert.Equal(new DateTimeOffset(2026, 3, 3, 14, 0, 0, TimeSpan.Zero), Assert.Single(calendar.Callbacks));
        Assert.Equal("Of course, I'll call you back on Tuesday, March 3 at 9:00 AM. Goodbye!", turn.Say);
    }

    [Fact]
    public async Task A_voicemail_greeting_gets_a_short_message_in_the_leads_language_and_the_call_ends()
    {
        var (turn, calendar) = await StartAsync("de-DE", "Europe/Berlin");
        turn = await SayAsync(turn, calendar, "Hallo, dies ist die Mailbox von Dana. Bitte hinterlassen Sie eine Nachricht nach dem Signalton.");

        Assert.True(turn.EndCall);
        Assert.Equal(CallOutcome.Voicemail, turn.Outcome);
        Assert.StartsWith("Guten Tag Dana", turn.Say, StringComparison.Ordinal);
        Assert.Equal("de-DE", turn.Language);
    }

    [Fact]
    public async Task A_mailbox_phrase_later_in_the_call_is_not_voicemail()
    {
        var (turn, calendar) = await StartAsync("en-US", "America/New_York");
        turn = await SayAsync(turn, calendar, "Who is this?");
        turn = await SayAsync(turn, calendar, "Just leave a message with my assistant, I'm not interested");

        Assert.Equal(CallOutcome.NotInterested, turn.Outcome);
    }

    [Fact]
    public async Task A_caller_answering_in_another_language_is_answered_in_it_from_then_on()
    {
        var (turn, calendar) = await StartAsync("en-US", "America/New_York");
        turn = await SayAsync(turn, calendar, "Je ne parle pas anglais, vous parlez français ?");

        Assert.Equal("fr-FR", turn.Language);
        Assert.Equal("fr-FR", turn.State.Language);
        Assert.StartsWith("D'accord, continuons en français.", turn.Say, StringComparison.Ordinal);
        Assert.Equal(turn.Say, turn.State.Turns[^1].Text);
        Assert.Equal(0, turn.State.Reprompts);

        turn = await SayAsync(turn, calendar, "Oui, d'accord");
        Assert.StartsWith("Je peux vous proposer", turn.Say, StringComparison.Ordinal);
        Assert.Equal("fr-FR", turn.Language);
        Assert.Equal("fr-FR", turn.State.Turns[^2].Language);
    }

    [Fact]
    public async Task A_switch_together_with_an_answer_says_so_and_answers_in_the_new_language()
    {
        var (turn, calendar) = await StartAsync("he-IL", "Asia/Jerusalem");
        turn = await SayAsync(turn, calendar, "Sorry, who is this?");

        Assert.Equal("Sure, let's continue in English. I'm Alex, an AI assistant calling on behalf of Northwind. Would you be open to a short meeting with our team?", turn.Say);
        Assert.Equal(turn.Say, turn.State.Turns[^1].Text);
        Assert.Equal("en-US", turn.State.Turns[^2].Language);
    }

    [Theory]
    [InlineData("Please don't call me again", CallOutcome.OptedOut)]
    [InlineData("Wrong number, sorry", CallOutcome.WrongNumber)]
    [InlineData("Get lost, you scammers", CallOutcome.NotInterested)]
    [InlineData("No thanks", CallOutcome.NotInterested)]
    [InlineData("Call me back in two hours", CallOutcome.CallbackRequested)]
    public async Task Ending_intents_end_the_call_with_their_outcome(string said, CallOutcome outcome)
    {
        var (turn, calendar) = await StartAsync("en-US", "America/New_York");
        turn = await SayAsync(turn, calendar, said);

        Assert.True(turn.EndCall);
        Assert.Equal(outcome, turn.Outcome);
        Assert.Equal(DialogueStage.Ended, turn.State.Stage);
        Assert.Equal(outcome == CallOutcome.OptedOut, calendar.OptedOut);
    }

    [Fact]
    public async Task A_callback_in_two_hours_is_scheduled_two_hours_from_now()
    {
        var (turn, calendar) = await StartAsync("es-ES", "Europe/Madrid");
        turn = await SayAsync(turn, calendar, "Ahora no puedo, llámeme dentro de dos horas");

        var spokenAt = turn.State.NowUtc;
        Assert.Equal(spokenAt.AddHours(2), Assert.Single(calendar.Callbacks));
        Assert.Equal(spokenAt.AddHours(2), turn.State.CallbackAtUtc);
    }

    [Fact]
    public async Task Asking_to_repeat_repeats_the_last_line_without_losing_the_offers()
    {
        var (turn, calendar) = await StartAsync("en-US", "America/New_York");
        turn = await SayAsync(turn, calendar, "yes");
        var offers = turn.Say;
        turn = await SayAsync(turn, calendar, "Sorry, can you repeat that?");

        Assert.Equal(offers, turn.Say);
        Assert.Equal(DialogueStage.OfferingSlots, turn.State.Stage);
    }

    [Fact]
    public async Task Questions_about_the_call_are_answered_and_the_question_is_asked_again()
    {
        var (turn, calendar) = await StartAsync("he-IL", "Asia/Jerusalem");
        turn = await SayAsync(turn, calendar, "מאיפה יש לכם את המספר שלי?");

        Assert.Contains("Northwind", turn.Say, StringComparison.Ordinal);
        Assert.EndsWith("האם תרצו לקבוע פגישה קצרה עם הצוות שלנו?", turn.Say, StringComparison.Ordinal);
        Assert.False(turn.EndCall);
    }

    [Fact]
    public async Task Every_turn_is_recorded_with_speaker_language_and_time()
    {
        var (turn, calendar) = await StartAsync("en-US", "America/New_York");
        turn = await SayAsync(turn, calendar, "No thanks");

        Assert.Collection(turn.State.Turns,
            t => Assert.Equal((ConversationTurn.Agent, "en-US"), (t.Speaker, t.Language)),
            t => Assert.Equal((ConversationTurn.Lead, "No thanks"), (t.Speaker, t.Text)),
            t => Assert.Equal((ConversationTurn.Agent, Now.AddSeconds(5)), (t.Speaker, t.AtUtc)));
    }

    [Fact]
    public async Task An_ended_conversation_stays_ended()
    {
        var (turn, calendar) = await StartAsync("en-US", "America/New_York");
        turn = await SayAsync(turn, calendar, "No thanks");
        var after = await SayAsync(turn, calendar, "wait, yes!");

        Assert.True(after.EndCall);
        Assert.Equal(CallOutcome.NotInterested, after.Outcome);
        Assert.Equal(turn.State.Turns.Count, after.State.Turns.Count);
    }

    [Theory]
    [InlineData("en-US", "America/New_York", "Sure", "The second one, please.", "I only have Monday, March 2 at 9:00 AM; does that work, or would another day suit you better?", "Yes")]
    [InlineData("fr-FR", "Europe/Paris", "Oui, pourquoi pas.", "Le deuxième, s'il vous plaît.", "Je n'ai que lundi 2 mars à 15 h 00 ; est-ce que cela vous convient, ou préférez-vous un autre jour ?", "Oui")]
    [InlineData("de-DE", "Europe/Berlin", "Ja, gerne.", "Den zweiten, bitte.", "Ich habe nur Montag, 2. März um 15:00 Uhr; passt Ihnen das, oder wäre ein anderer Tag besser?", "Ja")]
    [InlineData("es-ES", "Europe/Madrid", "Sí, claro.", "El segundo, por favor.", "Solo tengo lunes, 2 de marzo a las 15:00; ¿le viene bien, o prefiere otro día?", "Sí")]
    [InlineData("he-IL", "Asia/Jerusalem", "כן, זה נשמע מעניין", "השני בבקשה", "יש לי רק את ", "כן")]
    public async Task Picking_an_offer_beyond_those_offered_re_offers_what_there_is_and_a_yes_books_it(
        string language, string zone, string interested, string secondOne, string onlyHave, string yes)
    {
        var (turn, calendar) = await StartAsync(language, zone);
        calendar.MaxOffered = 1;
        turn = await SayAsync(turn, calendar, interested);
        var offered = Assert.Single(turn.State.OfferedSlots);

        turn = await SayAsync(turn, calendar, secondOne);

        Assert.False(turn.EndCall);
        Assert.Null(turn.Outcome);
        Assert.Equal(DialogueStage.OfferingSlots, turn.State.Stage);
        Assert.StartsWith(onlyHave, turn.Say, StringComparison.Ordinal);
        Assert.Equal(offered, Assert.Single(turn.State.OfferedSlots));

        turn = await SayAsync(turn, calendar, yes);
        Assert.Equal(DialogueStage.ConfirmingEmail, turn.State.Stage);
        Assert.Equal(offered, turn.State.ChosenSlot);
        turn = await SayAsync(turn, calendar, yes);

        Assert.Equal(CallOutcome.Booked, turn.Outcome);
        Assert.Equal(offered, Assert.Single(calendar.Bookings).Slot);
    }

    private async Task<(AgentTurn Turn, InMemoryCalendar Calendar)> StartAsync(string language, string zoneId, bool recording = true, string? email = "dana@example.com")
    {
        var context = new CallContext("Dana", email, "Negev Cloud", "Alex", "Northwind", "a short demo of our scheduling service",
            language, zoneId, Now, recording);
        var calendar = new InMemoryCalendar(TimeZoneInfo.FindSystemTimeZoneById(zoneId), Now);
        var turn = await _agent.StartAsync(ConversationState.Begin(context, Now), calendar, CancellationToken.None);
        return (turn, calendar);
    }

    private async Task<AgentTurn> SayAsync(AgentTurn previous, InMemoryCalendar calendar, string text) =>
        await _agent.RespondAsync(previous.State with { NowUtc = previous.State.NowUtc.AddSeconds(5) },
            new CallerInput.Speech(text, 0.9, null), calendar, CancellationToken.None);
}
