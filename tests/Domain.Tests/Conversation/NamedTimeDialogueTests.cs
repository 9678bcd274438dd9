using AiScheduler.Domain.Conversation;

namespace AiScheduler.Domain.Tests.Conversation;

/// <summary>
/// What the agent does with the times callers name, as people say them: afternoon hours, corrections in the same
/// breath, and "the later one" among offers. The call is on Monday 2 March 2026 at 13:00 UTC; the in-memory calendar
/// has meetings on the hour, 9:00-16:00 local, on weekdays.
/// </summary>
public sealed class NamedTimeDialogueTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 13, 0, 0, TimeSpan.Zero);
    private readonly RuleBasedAgent _agent = new();

    [Fact]
    public async Task Wednesday_at_two_in_the_afternoon_in_Hebrew_is_booked_at_14_00_not_noon()
    {
        var (turn, calendar) = await StartAsync("he-IL", "Asia/Jerusalem");

        turn = await SayAsync(turn, calendar, "כן, יום רביעי בשתיים בצהריים");

        Assert.Equal(DialogueStage.ConfirmingEmail, turn.State.Stage);
        // 14:00 in Jerusalem (UTC+2 in March).
        Assert.Equal(new DateTimeOffset(2026, 3, 4, 12, 0, 0, TimeSpan.Zero), turn.State.ChosenSlot?.StartUtc);
    }

    [Theory]
    [InlineData("en-US", "America/New_York", "Monday, no wait, Tuesday at 10", 15)]
    [InlineData("fr-FR", "Europe/Paris", "Lundi, non pardon, mardi à 10 h", 9)]
    [InlineData("de-DE", "Europe/Berlin", "Montag, nein warte, Dienstag um 10", 9)]
    [InlineData("es-ES", "Europe/Madrid", "El lunes, no, perdón, el martes a las diez", 9)]
    [InlineData("he-IL", "Asia/Jerusalem", "ביום שני, לא רגע, ביום שלישי בעשר", 8)]
    [InlineData("he-IL", "Asia/Jerusalem", "לא ביום שני, ביום שלישי בעשר", 8)]
    [InlineData("en-US", "America/New_York", "No, not Monday, Tuesday at 10", 15)]
    [InlineData("en-US", "America/New_York", "Monday, no, sorry, Tuesday at 10. Monday is packed", 15)]
    [InlineData("de-DE", "Europe/Berlin", "Montag, nein, lieber Dienstag um 10, am Montag bin ich unterwegs", 9)]
    public async Task A_caller_correcting_the_day_at_the_pitch_gets_the_corrected_time_not_a_goodbye(string language, string zone, string said, int utcHour)
    {
        var (turn, calendar) = await StartAsync(language, zone);

        turn = await SayAsync(turn, calendar, said);

        Assert.False(turn.EndCall);
        Assert.Equal(DialogueStage.ConfirmingEmail, turn.State.Stage);
        Assert.Equal(new DateTimeOffset(2026, 3, 3, utcHour, 0, 0, TimeSpan.Zero), turn.State.ChosenSlot?.StartUtc);
    }

    [Fact]
    public async Task A_correction_with_pardon_after_the_offers_is_a_choice_not_a_request_to_repeat()
    {
        var (turn, calendar) = await StartAsync("fr-FR", "Europe/Paris");
        turn = await SayAsync(turn, calendar, "Oui, volontiers");
        Assert.Equal(DialogueStage.OfferingSlots, turn.State.Stage);

        turn = await SayAsync(turn, calendar, "Mardi à 11 h, pardon, à 15 h");

        Assert.Equal(DialogueStage.ConfirmingEmail, turn.State.Stage);
        Assert.Equal(new DateTimeOffset(2026, 3, 3, 14, 0, 0, TimeSpan.Zero), turn.State.ChosenSlot?.StartUtc);
    }

    [Theory]
    [InlineData("en-US", "America/New_York", "Sure", "I'll take the later one", -1)]
    [InlineData("en-US", "America/New_York", "Sure", "the earlier one, please", 0)]
    [InlineData("es-ES", "Europe/Madrid", "Sí, claro", "Mejor la de más tarde", -1)]
    [InlineData("fr-FR", "Europe/Paris", "Oui", "Le plus tard, s'il vous plaît", -1)]
    [InlineData("de-DE", "Europe/Berlin", "Ja, gerne", "Lieber den späteren", -1)]
    [InlineData("he-IL", "Asia/Jerusalem", "כן", "המאוחר יותר", -1)]
    public async Task The_later_or_the_earlier_one_picks_among_the_offers(string language, string zone, string yes, string choice, int index)
    {
        var (turn, calendar) = await StartAsync(language, zone);
        turn = await SayAsync(turn, calendar, yes);
        var offers = turn.State.OfferedSlots;
        Assert.Equal(3, offers.Count);

        turn = await SayAsync(turn, calendar, choice);

        Assert.Equal(DialogueStage.ConfirmingEmail, turn.State.Stage);
        Assert.Equal(index < 0 ? offers[^1] : offers[index], turn.State.ChosenSlot);
    }

    [Theory]
    [InlineData("de-DE", "Europe/Berlin", "Ganz schlecht gerade. Rufen Sie morgen um zehn Uhr wieder an.", "2026-03-03T09:00Z")]
    [InlineData("es-MX", "America/Mexico_City", "Ahorita no puedo, márqueme hoy a las cinco de la tarde", "2026-03-02T23:00Z")]
    [InlineData("he-IL", "Asia/Jerusalem", "לא נוח לי עכשיו, תתקשר מחר בעשר וחצי", "2026-03-03T08:30Z")]
    [InlineData("en-US", "America/New_York", "Could you try me another day? Thursday at 11 is good", "2026-03-05T16:00Z")]
    public async Task A_call_back_request_with_a_time_at_the_pitch_is_scheduled_at_that_time_not_booked_or_refused(string language, string zone, string said, string expectedUtc)
    {
        var (turn, calendar) = await StartAsync(language, zone);

        turn = await SayAsync(turn, calendar, said);

        Assert.True(turn.EndCall);
        Assert.Equal(CallOutcome.CallbackRequested, turn.Outcome);
        Assert.Equal(DateTimeOffset.Parse(expectedUtc, System.Globalization.CultureInfo.InvariantCulture), turn.State.CallbackAtUtc);
        Assert.Null(turn.State.MeetingId);
    }

    [Theory]
    [InlineData("de-DE", "Europe/Berlin", "Montag um 15 Uhr, geht das?", 15, "2026-03-09T14:00Z")]
    [InlineData("en-US", "America/New_York", "Could we do Monday at 11?", 11, "2026-03-09T15:00Z")]
    [InlineData("fr-FR", "Europe/Paris", "Lundi à 16 h, ça irait ?", 16, "2026-03-09T15:00Z")]
    [InlineData("en-US", "America/New_York", "Could we do Monday at 11?", null, "2026-03-02T16:00Z")]
    public async Task Todays_day_name_with_a_time_that_cannot_be_booked_today_is_the_same_time_next_week(string language, string zone, string said, int? takenToday, string expectedUtc)
    {
        var (turn, calendar) = await StartAsync(language, zone);
        if (takenToday is { } hour)
        {
            var start = TimeMention.LocalToUtc(new DateTime(2026, 3, 2, hour, 0, 0, DateTimeKind.Unspecified), TimeZoneInfo.FindSystemTimeZoneById(zone));
            await calendar.BookMeetingAsync(new SlotOffer(start, start.AddMinutes(30)), "someone-else@example.com", CancellationToken.None);
        }

        turn = await SayAsync(turn, calendar, said);

        Assert.Equal(DialogueStage.ConfirmingEmail, turn.State.Stage);
        Assert.Equal(DateTimeOffset.Parse(expectedUtc, System.Globalization.CultureInfo.InvariantCulture), turn.State.ChosenSlot?.StartUtc);
    }

    [Theory]
    [InlineData("es-ES", "Europe/Madrid", "Bueno, ¿por qué no?")]
    [InlineData("es-ES", "Europe/Madrid", "Sí, claro, ¿por qué no?")]
    [InlineData("he-IL", "Asia/Jerusalem", "טוב, למה לא")]
    public async Task Why_not_at_the_pitch_is_a_yes_and_the_agent_offers_times(string language, string zone, string said)
    {
        var (turn, calendar) = await StartAsync(language, zone);

        turn = await SayAsync(turn, calendar, said);

        Assert.False(turn.EndCall);
        Assert.Equal(DialogueStage.OfferingSlots, turn.State.Stage);
        Assert.Equal(3, turn.State.OfferedSlots.Count);
    }

    private async Task<(AgentTurn Turn, InMemoryCalendar Calendar)> StartAsync(string language, string zoneId)
    {
        var context = new CallContext("Dana", "dana@example.com", "Negev Cloud", "Alex", "Northwind", "a short demo of our scheduling service",
            language, zoneId, Now, RecordingEnabled: false);
        var calendar = new InMemoryCalendar(TimeZoneInfo.FindSystemTimeZoneById(zoneId), Now);
        var turn = await _agent.StartAsync(ConversationState.Begin(context, Now), calendar, CancellationToken.None);
        return (turn, calendar);
    }

    private async Task<AgentTurn> SayAsync(AgentTurn previous, InMemoryCalendar calendar, string text) =>
        await _agent.RespondAsync(previous.State with { NowUtc = previous.State.NowUtc.AddSeconds(5) },
            new CallerInput.Speech(text, 0.9, null), calendar, CancellationToken.None);
}
