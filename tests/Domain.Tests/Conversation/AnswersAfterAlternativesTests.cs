using AiScheduler.Domain.Conversation;

namespace AiScheduler.Domain.Tests.Conversation;

/// <summary>
/// "That time is not free, I can offer A, B or C" and what callers answer to it, in every language. The call is on
/// Monday 2 March 2026 at 13:00 UTC; Thursday 5 March is taken from 10:00 to 16:00 local, so asking for Thursday at
/// 10 is answered with the nearest free times: Wednesday 15:00, Wednesday 16:00 and Thursday 9:00.
/// </summary>
public sealed class AnswersAfterAlternativesTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 13, 0, 0, TimeSpan.Zero);

    private static readonly (string Language, string Zone, string Interested, string Thursday)[] Languages =
    [
        ("en-US", "America/New_York", "Yes, sounds good", "Thursday at 10"),
        ("he-IL", "Asia/Jerusalem", "כן, זה נשמע מעניין", "יום חמישי בעשר בבוקר"),
        ("fr-FR", "Europe/Paris", "Oui, volontiers", "Jeudi à 10 h"),
        ("de-DE", "Europe/Berlin", "Ja, gerne", "Donnerstag um 10 Uhr"),
        ("es-ES", "Europe/Madrid", "Sí, claro", "El jueves a las diez"),
    ];

    private static readonly Dictionary<string, string[]> Answers = new(StringComparer.Ordinal)
    {
        // yes, first, second, "OK, Thursday then", the later one, the earlier one
        ["en-US"] = ["Yes", "The first one", "The second one", "OK, Thursday then", "The later one, please", "The earlier one"],
        ["he-IL"] = ["כן", "הראשון", "השני", "אוקיי, אז ביום חמישי", "המאוחר יותר", "המוקדם יותר"],
        ["fr-FR"] = ["Oui", "Le premier", "Le deuxième", "D'accord, jeudi alors", "Le plus tard, s'il vous plaît", "Le plus tôt"],
        ["de-DE"] = ["Ja", "Den ersten", "Den zweiten", "Okay, dann Donnerstag", "Den späteren, bitte", "Den früheren"],
        ["es-ES"] = ["Sí", "La primera", "La segunda", "Vale, el jueves entonces", "El más tarde, por favor", "El más temprano"],
    };

    private static readonly string[] Expected = ["Wed 15:00", "Wed 15:00", "Wed 16:00", "Thu 09:00", "Thu 09:00", "Wed 15:00"];

    private static readonly string[] Kinds = ["yes", "the first", "the second", "OK, Thursday then", "the later one", "the earlier one"];

    public static TheoryData<string, string, string> Cases()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var (language, _, _, _) in Languages)
        {
            for (var i = 0; i < Kinds.Length; i++)
            {
                data.Add(language, Kinds[i], Expected[i]);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task An_answer_to_the_alternatives_chooses_the_time_it_means(string language, string kind, string expected)
    {
        var (turn, calendar, zone) = await AlternativesOfferedAsync(language);
        var alternatives = turn.Say;

        turn = await SayAsync(turn, calendar, Answers[language][Array.IndexOf(Kinds, kind)]);

        Assert.Equal(DialogueStage.ConfirmingEmail, turn.State.Stage);
        Assert.NotEqual(alternatives, turn.Say);
        var chosen = Assert.IsType<SlotOffer>(turn.State.ChosenSlot);
        Assert.Equal(expected, TimeZoneInfo.ConvertTime(chosen.StartUtc, zone).ToString("ddd HH:mm", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("en-US")]
    [InlineData("he-IL")]
    [InlineData("fr-FR")]
    [InlineData("de-DE")]
    [InlineData("es-ES")]
    public async Task A_plain_yes_to_the_alternatives_ends_in_a_booking_without_asking_the_same_question_again(string language)
    {
        var (turn, calendar, _) = await AlternativesOfferedAsync(language);
        var yes = Answers[language][0];
        var questions = new List<string> { turn.Say };

        turn = await SayAsync(turn, calendar, yes);
        questions.Add(turn.Say);
        turn = await SayAsync(turn, calendar, yes);

        Assert.Equal(CallOutcome.Booked, turn.Outcome);
        Assert.Equal(questions.Count, questions.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(turn.State.OfferedSlots[0], calendar.Bookings[^1].Slot);
    }

    [Theory]
    [InlineData("en-US", "Brilliant")]
    [InlineData("en-US", "Alright, cool")]
    [InlineData("de-DE", "Wunderbar")]
    [InlineData("fr-FR", "Impeccable")]
    [InlineData("es-ES", "Estupendo")]
    public async Task An_everyday_yes_word_to_the_alternatives_takes_the_first_instead_of_asking_again(string language, string yes)
    {
        var (turn, calendar, zone) = await AlternativesOfferedAsync(language);

        turn = await SayAsync(turn, calendar, yes);

        Assert.Equal(DialogueStage.ConfirmingEmail, turn.State.Stage);
        var chosen = Assert.IsType<SlotOffer>(turn.State.ChosenSlot);
        Assert.Equal("Wed 15:00", TimeZoneInfo.ConvertTime(chosen.StartUtc, zone).ToString("ddd HH:mm", System.Globalization.CultureInfo.InvariantCulture));
    }

    private static async Task<(AgentTurn Turn, InMemoryCalendar Calendar, TimeZoneInfo Zone)> AlternativesOfferedAsync(string language)
    {
        var (_, zoneId, interested, thursday) = Languages.Single(l => l.Language == language);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        var calendar = new InMemoryCalendar(zone, Now);
        for (var hour = 10; hour <= 16; hour++)
        {
            var start = TimeMention.LocalToUtc(new DateTime(2026, 3, 5, hour, 0, 0, DateTimeKind.Unspecified), zone);
            await calendar.BookMeetingAsync(new SlotOffer(start, start.AddMinutes(30)), "someone-else@example.com", CancellationToken.None);
        }

        var agent = new RuleBasedAgent();
        var context = new CallContext("Dana", "dana@example.com", "Negev Cloud", "Alex", "Northwind", "a short demo of our scheduling service",
            language, zoneId, Now, RecordingEnabled: true);
        var turn = await agent.StartAsync(ConversationState.Begin(context, Now), calendar, CancellationToken.None);
        turn = await SayAsync(turn, calendar, interested);
        turn = await SayAsync(turn, calendar, thursday);

        Assert.Equal(DialogueStage.OfferingSlots, turn.State.Stage);
        Assert.Equal(["Wed 15:00", "Wed 16:00", "Thu 09:00"], turn.State.OfferedSlots
            .Select(s => TimeZoneInfo.ConvertTime(s.StartUtc, zone).ToString("ddd HH:mm", System.Globalization.CultureInfo.InvariantCulture)).ToArray());
        return (turn, calendar, zone);
    }

    private static async Task<AgentTurn> SayAsync(AgentTurn previous, InMemoryCalendar calendar, string text) =>
        await new RuleBasedAgent().RespondAsync(previous.State with { NowUtc = previous.State.NowUtc.AddSeconds(5) },
            new CallerInput.Speech(text, 0.9, null), calendar, CancellationToken.None);
}
