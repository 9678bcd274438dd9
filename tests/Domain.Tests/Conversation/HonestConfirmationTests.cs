using AiScheduler.Domain.Conversation;

namespace AiScheduler.Domain.Tests.Conversation;

/// <summary>
/// The agent says a meeting is booked only once the booking tool has committed it; confirming the invitation address
/// is optional (the address on file is used when the caller does not confirm one); a goodbye after the time is agreed
/// ends the call booked. Every behaviour in every language; the call is on Monday 2 March 2026 at 13:00 UTC.
/// </summary>
public sealed class HonestConfirmationTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 13, 0, 0, TimeSpan.Zero);

    public static TheoryData<string, string, string, string, string, string> Languages() => new()
    {
        // language, zone, interested, pick, goodbye, "booked" as said after the commit
        { "en-US", "America/New_York", "Yes, sounds good", "The first one", "Great, thanks, bye!", "I've booked your meeting for" },
        { "he-IL", "Asia/Jerusalem", "כן, זה נשמע מעניין", "הראשון", "מעולה, תודה, להתראות", "קבעתי את הפגישה" },
        { "fr-FR", "Europe/Paris", "Oui, volontiers", "Le premier", "Parfait, merci, au revoir", "J'ai réservé votre rendez-vous" },
        { "de-DE", "Europe/Berlin", "Ja, gerne", "Den ersten", "Super, danke, tschüss", "Ich habe Ihren Termin gebucht" },
        { "es-ES", "Europe/Madrid", "Sí, claro", "La primera", "Perfecto, gracias, adiós", "He reservado su reunión" },
    };

    /// <summary>Words that claim a booking (or a noted appointment), per language.</summary>
    private static readonly Dictionary<string, string[]> Claims = new(StringComparer.Ordinal)
    {
        ["en-US"] = ["booked", "noted", "you're all set", "scheduled"],
        ["he-IL"] = ["רשמתי", "קבעתי", "קבענו", "נקבע"],
        ["fr-FR"] = ["noté", "réservé", "c'est fait"],
        ["de-DE"] = ["notiert", "gebucht", "eingetragen"],
        ["es-ES"] = ["anotado", "reservad", "apuntado"],
    };

    private static readonly Dictionary<string, string> Yes = new(StringComparer.Ordinal)
    {
        ["en-US"] = "Yes", ["he-IL"] = "כן", ["fr-FR"] = "Oui", ["de-DE"] = "Ja", ["es-ES"] = "Sí",
    };

    [Theory]
    [MemberData(nameof(Languages))]
    public async Task Nothing_is_said_to_be_booked_until_the_booking_is_committed(string language, string zone, string interested, string pick,
        string goodbye, string booked)
    {
        _ = goodbye;
        var (turn, calendar) = await StartAsync(language, zone);
        turn = await SayAsync(turn, calendar, interested);
        turn = await SayAsync(turn, calendar, pick);

        Assert.Equal(DialogueStage.ConfirmingEmail, turn.State.Stage);
        Assert.Empty(calendar.Bookings);
        AssertNoClaim(language, turn.State.Turns);

        turn = await SayAsync(turn, calendar, Yes[language]);

        Assert.Equal(CallOutcome.Booked, turn.Outcome);
        Assert.Single(calendar.Bookings);
        Assert.StartsWith(booked, turn.Say, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public async Task A_time_taken_at_the_moment_of_booking_is_not_claimed_and_alternatives_are_offered(string language, string zone,
        string interested, string pick, string goodbye, string booked)
    {
        _ = goodbye;
        var (turn, calendar) = await StartAsync(language, zone);
        turn = await SayAsync(turn, calendar, interested);
        turn = await SayAsync(turn, calendar, pick);
        calendar.Stolen.Add(turn.State.ChosenSlot!.StartUtc);

        turn = await SayAsync(turn, calendar, Yes[language]);

        Assert.Null(turn.Outcome);
        Assert.Equal(DialogueStage.OfferingSlots, turn.State.Stage);
        Assert.Null(turn.State.MeetingId);
        Assert.Empty(calendar.Bookings);
        Assert.DoesNotContain(booked, turn.Say, StringComparison.Ordinal);
        AssertNoClaim(language, turn.State.Turns);
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public async Task A_goodbye_once_the_time_is_agreed_books_it_with_the_address_on_file_and_ends_booked(string language, string zone,
        string interested, string pick, string goodbye, string booked)
    {
        var (turn, calendar) = await StartAsync(language, zone);
        turn = await SayAsync(turn, calendar, interested);
        turn = await SayAsync(turn, calendar, pick);
        var agreed = turn.State.ChosenSlot;

        turn = await SayAsync(turn, calendar, goodbye);

        Assert.True(turn.EndCall);
        Assert.Equal(CallOutcome.Booked, turn.Outcome);
        var booking = Assert.Single(calendar.Bookings);
        Assert.Equal(agreed, booking.Slot);
        Assert.Equal("dana@example.com", booking.Email);
        Assert.StartsWith(booked, turn.Say, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public async Task Silence_after_the_address_is_read_back_books_with_that_address(string language, string zone, string interested,
        string pick, string goodbye, string booked)
    {
        _ = goodbye;
        var (turn, calendar) = await StartAsync(language, zone);
        turn = await SayAsync(turn, calendar, interested);
        turn = await SayAsync(turn, calendar, pick);

        turn = await new RuleBasedAgent().RespondAsync(turn.State, new CallerInput.Silence(), calendar, CancellationToken.None);

        Assert.Equal(CallOutcome.Booked, turn.Outcome);
        Assert.Equal("dana@example.com", Assert.Single(calendar.Bookings).Email);
        Assert.StartsWith(booked, turn.Say, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public async Task A_goodbye_before_any_time_is_agreed_books_nothing(string language, string zone, string interested, string pick,
        string goodbye, string booked)
    {
        _ = (interested, pick);
        var (turn, calendar) = await StartAsync(language, zone);

        turn = await SayAsync(turn, calendar, goodbye);

        Assert.Empty(calendar.Bookings);
        Assert.NotEqual(CallOutcome.Booked, turn.Outcome);
        Assert.DoesNotContain(booked, turn.Say, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("en-US", "America/New_York", "Yes, sounds good", "The first one", "dana at example dot com", "Yes")]
    [InlineData("he-IL", "Asia/Jerusalem", "כן, זה נשמע מעניין", "הראשון", "dana שטרודל example נקודה com", "כן")]
    [InlineData("fr-FR", "Europe/Paris", "Oui, volontiers", "Le premier", "dana arobase example point com", "Oui")]
    [InlineData("de-DE", "Europe/Berlin", "Ja, gerne", "Den ersten", "dana at example Punkt com", "Ja")]
    [InlineData("es-ES", "Europe/Madrid", "Sí, claro", "La primera", "dana arroba example punto com", "Sí")]
    public async Task A_lead_without_an_address_on_file_spells_one_and_nothing_is_claimed_before_the_commit(string language, string zone,
        string interested, string pick, string spelled, string yes)
    {
        var (turn, calendar) = await StartAsync(language, zone, email: null);
        turn = await SayAsync(turn, calendar, interested);
        turn = await SayAsync(turn, calendar, pick);
        Assert.Equal(DialogueStage.CapturingEmail, turn.State.Stage);
        turn = await SayAsync(turn, calendar, spelled);
        Assert.Equal(DialogueStage.ConfirmingEmail, turn.State.Stage);
        AssertNoClaim(language, turn.State.Turns);
        Assert.Empty(calendar.Bookings);

        turn = await SayAsync(turn, calendar, yes);

        Assert.Equal(CallOutcome.Booked, turn.Outcome);
        Assert.Equal("dana@example.com", Assert.Single(calendar.Bookings).Email);
    }

    [Fact]
    public async Task A_meeting_already_committed_stays_the_outcome_whatever_is_said_next()
    {
        var (turn, calendar) = await StartAsync("en-US", "America/New_York");
        var committed = turn.State with { MeetingId = "meeting-1", Stage = DialogueStage.Pitch };

        turn = await new RuleBasedAgent().RespondAsync(committed, new CallerInput.Speech("Actually, I'm not interested, bye", 0.9, null),
            calendar, CancellationToken.None);

        Assert.True(turn.EndCall);
        Assert.Equal(CallOutcome.Booked, turn.Outcome);
    }

    [Fact]
    public async Task A_caller_who_says_the_address_is_wrong_is_asked_for_another_and_nothing_is_booked_yet()
    {
        var (turn, calendar) = await StartAsync("en-US", "America/New_York");
        turn = await SayAsync(turn, calendar, "Yes, sounds good");
        turn = await SayAsync(turn, calendar, "The first one");

        turn = await SayAsync(turn, calendar, "No, that's wrong");

        Assert.Equal(DialogueStage.CapturingEmail, turn.State.Stage);
        Assert.Empty(calendar.Bookings);
        Assert.Null(turn.Outcome);
    }

    private static void AssertNoClaim(string language, IReadOnlyList<ConversationTurn> turns)
    {
        foreach (var line in turns.Where(t => t.Speaker == ConversationTurn.Agent))
        {
            foreach (var claim in Claims[language])
            {
                Assert.DoesNotContain(claim, line.Text, StringComparison.OrdinalIgnoreCase);
            }
        }
    }

    private static async Task<(AgentTurn Turn, InMemoryCalendar Calendar)> StartAsync(string language, string zoneId,
        string? email = "dana@example.com")
    {
        var context = new CallContext("Dana", email, "Negev Cloud", "Alex", "Northwind", "a short demo of our scheduling service",
            language, zoneId, Now, RecordingEnabled: true);
        var calendar = new InMemoryCalendar(TimeZoneInfo.FindSystemTimeZoneById(zoneId), Now);
        var turn = await new RuleBasedAgent().StartAsync(ConversationState.Begin(context, Now), calendar, CancellationToken.None);
        return (turn, calendar);
    }

    private static async Task<AgentTurn> SayAsync(AgentTurn previous, InMemoryCalendar calendar, string text) =>
        await new RuleBasedAgent().RespondAsync(previous.State with { NowUtc = previous.State.NowUtc.AddSeconds(5) },
            new CallerInput.Speech(text, 0.9, null), calendar, CancellationToken.None);
}
