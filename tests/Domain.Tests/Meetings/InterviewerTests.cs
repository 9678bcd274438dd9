using System.Text.Json;
using System.Text.Json.Serialization;
using AiScheduler.Domain.Meetings.Interview;
using AiScheduler.Domain.Meetings.Questions;

namespace AiScheduler.Domain.Tests.Meetings;

/// <summary>
/// The rule-based interviewer on the default question set, in every language: the opening and its disclosures, the
/// follow-ups each rule triggers (vague answer, missing number, a competitor named), "can you repeat", "I don't know",
/// an off-topic remark, a language switch, the lead ending early, and a whole interview to its close.
/// </summary>
public sealed class InterviewerTests
{
    private static readonly InterviewContext Context = new("Dana", "Maya", "AiScheduler", RecordingOn: true);

    /// <summary>What a lead says, per language.</summary>
    private sealed record Lines(
        string Language,
        string Vague,
        string Competitor,
        string BudgetWithoutNumber,
        string Repeat,
        string DontKnow,
        string OffTopic,
        string SwitchRequest,
        string SwitchTo,
        string HaveToGo,
        string[] WholeInterview);

    private static readonly Lines[] All =
    [
        new("en", "Maybe, it depends", "We use Salesforce today", "Yes, we have a budget for it", "Sorry, can you repeat that?", "I don't know",
            "How is the weather over there?", "Can we continue in French please?", "fr", "Sorry, I have to go now",
            ["I think the problem is that our follow-up is manual", "We use Salesforce today", "The reporting is too slow for us",
             "I decide together with our CFO", "About 20000 dollars a year", "We want it running next quarter", "No, that is all"]),
        new("he", "אולי, זה תלוי", "אנחנו משתמשים ב-Salesforce היום", "כן, יש לנו תקציב לזה", "סליחה, תוכלי לחזור על השאלה?", "אני לא יודע",
            "איך מזג האוויר אצלכם?", "אפשר להמשיך באנגלית?", "en", "סליחה, אני חייב ללכת",
            ["אנחנו מאבדים לידים כי המעקב ידני", "אנחנו משתמשים ב-Salesforce היום", "הדוחות איטיים מדי בשבילנו",
             "אני מחליט יחד עם סמנכ\"ל הכספים", "בערך 20000 דולר בשנה", "אנחנו רוצים שזה יעבוד ברבעון הבא", "לא, זה הכל"]),
        new("fr", "Peut-être, ça dépend", "Nous utilisons Salesforce aujourd'hui", "Oui, nous avons un budget pour cela", "Pardon, vous pouvez répéter ?",
            "Je ne sais pas", "Quel temps fait-il chez vous ?", "On peut continuer en anglais ?", "en", "Désolé, je dois y aller",
            ["Nous perdons des prospects car le suivi est manuel", "Nous utilisons Salesforce aujourd'hui", "Les rapports sont trop lents pour nous",
             "Je décide avec notre directeur financier", "Environ 20000 euros par an", "Nous voulons démarrer le trimestre prochain", "Non, c'est tout"]),
        new("de", "Vielleicht, kommt darauf an", "Wir nutzen heute Salesforce", "Ja, wir haben ein Budget dafür", "Wie bitte? Können Sie das wiederholen?",
            "Das weiß ich nicht", "Wie ist das Wetter bei Ihnen?", "Können wir auf Spanisch weitermachen?", "es", "Entschuldigung, ich muss los",
            ["Wir verlieren Leads, weil die Nachverfolgung manuell ist", "Wir nutzen heute Salesforce", "Die Berichte sind uns zu langsam",
             "Ich entscheide gemeinsam mit unserem Finanzchef", "Etwa 20000 Euro pro Jahr", "Wir wollen im nächsten Quartal starten", "Nein, das ist alles"]),
        new("es", "Quizás, depende", "Usamos Salesforce hoy", "Sí, tenemos un presupuesto para eso", "Perdón, ¿puede repetir?", "No lo sé",
            "¿Qué tal el clima por allí?", "¿Podemos seguir en alemán?", "de", "Perdone, tengo que irme",
            ["Perdemos clientes porque el seguimiento es manual", "Usamos Salesforce hoy", "Los informes son demasiado lentos para nosotros",
             "Yo decido junto con nuestro director financiero", "Unos 20000 euros al año", "Queremos empezar el próximo trimestre", "No, eso es todo"]),
    ];

    public static TheoryData<string> Languages() => new(All.Select(l => l.Language));

    private static Lines For(string language) => All.Single(l => l.Language == language);

    private static InterviewPlan Plan(string language) =>
        InterviewPlanner.Prepare(DefaultQuestionSet.Create(), new LeadProfile("Dana", null, null, null, language, []));

    private static string Question(string key, string language) => DefaultQuestionSet.Questions.Single(q => q.Key == key).TextIn(language);

    private static string FollowUp(string key, FollowUpTrigger when, string language) =>
        DefaultQuestionSet.Questions.Single(q => q.Key == key).FollowUps.Single(f => f.When == when).TextIn(language);

    /// <summary>Starts and answers until the current question is <paramref name="key"/>.</summary>
    private static InterviewTurn At(string language, string key)
    {
        var turn = RuleBasedInterviewer.Instance.Start(Plan(language), Context);
        var whole = For(language).WholeInterview;
        var i = 0;
        while (turn.State.CurrentQuestion()!.Key != key)
        {
            turn = RuleBasedInterviewer.Instance.Next(turn.State, whole[i++]);
            if (turn.Action == InterviewAction.FollowedUp)
            {
                turn = RuleBasedInterviewer.Instance.Next(turn.State, whole[i++]);
            }
        }

        return turn;
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public void The_opening_greets_the_lead_discloses_the_AI_and_the_recording_and_asks_the_first_question(string language)
    {
        var phrases = InterviewPhrases.For(language);

        var turn = RuleBasedInterviewer.Instance.Start(Plan(language), Context);

        Assert.Equal(InterviewAction.Opened, turn.Action);
        Assert.Contains("Dana", turn.Say, StringComparison.Ordinal);
        Assert.Contains(phrases.AiDisclosure, turn.Say, StringComparison.Ordinal);
        Assert.Contains(phrases.RecordingDisclosure, turn.Say, StringComparison.Ordinal);
        Assert.EndsWith(Question("challenge", language), turn.Say, StringComparison.Ordinal);
        Assert.Equal(language, turn.Language);
        Assert.False(turn.Ended);
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public void Without_recording_the_opening_does_not_claim_one(string language)
    {
        var turn = RuleBasedInterviewer.Instance.Start(Plan(language), Context with { RecordingOn = false });

        Assert.Contains(InterviewPhrases.For(language).AiDisclosure, turn.Say, StringComparison.Ordinal);
        Assert.DoesNotContain(InterviewPhrases.For(language).RecordingDisclosure, turn.Say, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public void A_vague_answer_gets_the_questions_vague_follow_up_once(string language)
    {
        var start = RuleBasedInterviewer.Instance.Start(Plan(language), Context);

        var followUp = RuleBasedInterviewer.Instance.Next(start.State, For(language).Vague);
        var after = RuleBasedInterviewer.Instance.Next(followUp.State, For(language).Vague);

        Assert.Equal(InterviewAction.FollowedUp, followUp.Action);
        Assert.EndsWith(FollowUp("challenge", FollowUpTrigger.Vague, language), followUp.Say, StringComparison.Ordinal);
        Assert.Equal(InterviewPhase.FollowingUp, followUp.State.Phase);
        // Never a follow-up to a follow-up: the second vague answer moves on.
        Assert.Equal(InterviewAction.Asked, after.Action);
        Assert.EndsWith(Question("current-solution", language), after.Say, StringComparison.Ordinal);
        Assert.Equal(["challenge", "challenge"], after.State.Answers.Select(a => a.QuestionKey));
        Assert.Equal("vague", after.State.Answers[1].FollowUp);
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public void Naming_a_competitor_gets_the_competitor_follow_up_with_its_name(string language)
    {
        var turn = At(language, "current-solution");

        var followUp = RuleBasedInterviewer.Instance.Next(turn.State, For(language).Competitor);

        Assert.Equal(InterviewAction.FollowedUp, followUp.Action);
        Assert.EndsWith(FollowUp("current-solution", FollowUpTrigger.Competitor, language).Replace("{competitor}", "Salesforce"), followUp.Say,
            StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public void A_budget_answer_without_a_number_asks_for_a_figure_and_one_with_a_number_moves_on(string language)
    {
        var turn = At(language, "budget");

        var withoutNumber = RuleBasedInterviewer.Instance.Next(turn.State, For(language).BudgetWithoutNumber);
        var withNumber = RuleBasedInterviewer.Instance.Next(turn.State, For(language).WholeInterview[4]);

        Assert.Equal(InterviewAction.FollowedUp, withoutNumber.Action);
        Assert.EndsWith(FollowUp("budget", FollowUpTrigger.MissingNumber, language), withoutNumber.Say, StringComparison.Ordinal);
        Assert.Equal(InterviewAction.Asked, withNumber.Action);
        Assert.EndsWith(Question("timeline", language), withNumber.Say, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public void Can_you_repeat_says_the_current_question_again_without_recording_an_answer(string language)
    {
        var start = RuleBasedInterviewer.Instance.Start(Plan(language), Context);

        var repeated = RuleBasedInterviewer.Instance.Next(start.State, For(language).Repeat);

        Assert.Equal(InterviewAction.Repeated, repeated.Action);
        Assert.Equal($"{InterviewPhrases.For(language).RepeatLead} {Question("challenge", language)}", repeated.Say);
        Assert.Empty(repeated.State.Answers);
        Assert.Equal(0, repeated.State.QuestionIndex);
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public void I_dont_know_is_recorded_as_unknown_and_the_interview_moves_on_without_a_follow_up(string language)
    {
        var turn = At(language, "budget");

        var next = RuleBasedInterviewer.Instance.Next(turn.State, For(language).DontKnow);

        Assert.Equal(InterviewAction.Asked, next.Action);
        Assert.StartsWith(InterviewPhrases.For(language).DontKnow, next.Say, StringComparison.Ordinal);
        Assert.EndsWith(Question("timeline", language), next.Say, StringComparison.Ordinal);
        Assert.True(next.State.Answers[^1].Unknown);
        Assert.Equal("budget", next.State.Answers[^1].QuestionKey);
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public void An_off_topic_remark_is_redirected_once_then_let_go(string language)
    {
        var start = RuleBasedInterviewer.Instance.Start(Plan(language), Context);

        var redirected = RuleBasedInterviewer.Instance.Next(start.State, For(language).OffTopic);
        var again = RuleBasedInterviewer.Instance.Next(redirected.State, For(language).OffTopic);

        Assert.Equal(InterviewAction.Redirected, redirected.Action);
        Assert.Equal($"{InterviewPhrases.For(language).OffTopic} {Question("challenge", language)}", redirected.Say);
        Assert.Empty(redirected.State.Answers);
        Assert.Equal(InterviewAction.Asked, again.Action);
        Assert.EndsWith(Question("current-solution", language), again.Say, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public void Asking_for_another_language_continues_the_same_question_in_it(string language)
    {
        var lines = For(language);
        var start = RuleBasedInterviewer.Instance.Start(Plan(language), Context);

        var switched = RuleBasedInterviewer.Instance.Next(start.State, lines.SwitchRequest);
        var answered = RuleBasedInterviewer.Instance.Next(switched.State, For(lines.SwitchTo).WholeInterview[0]);

        Assert.Equal(InterviewAction.SwitchedLanguage, switched.Action);
        Assert.Equal(lines.SwitchTo, switched.Language);
        Assert.Equal($"{InterviewPhrases.For(lines.SwitchTo).Switched} {Question("challenge", lines.SwitchTo)}", switched.Say);
        Assert.Equal(lines.SwitchTo, answered.Language);
        Assert.EndsWith(Question("current-solution", lines.SwitchTo), answered.Say, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public void Answering_in_another_language_switches_to_it_and_the_answer_counts(string language)
    {
        var other = language == "en" ? "de" : "en";
        var start = RuleBasedInterviewer.Instance.Start(Plan(language), Context);

        var next = RuleBasedInterviewer.Instance.Next(start.State, For(other).WholeInterview[0]);

        Assert.Equal(other, next.Language);
        Assert.Equal(InterviewAction.Asked, next.Action);
        Assert.EndsWith(Question("current-solution", other), next.Say, StringComparison.Ordinal);
        Assert.Equal(other, next.State.Answers.Single().Language);
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public void The_lead_ending_early_ends_the_interview_politely(string language)
    {
        var turn = At(language, "decision-makers");

        var ended = RuleBasedInterviewer.Instance.Next(turn.State, For(language).HaveToGo);
        var afterwards = RuleBasedInterviewer.Instance.Next(ended.State, For(language).WholeInterview[3]);

        Assert.Equal(InterviewAction.EndedEarly, ended.Action);
        Assert.Equal(InterviewPhrases.For(language).EndedEarly, ended.Say);
        Assert.True(ended.Ended);
        Assert.Equal(InterviewEndReason.LeadEndedEarly, ended.EndReason);
        Assert.Equal(InterviewAction.AlreadyEnded, afterwards.Action);
        Assert.Equal("", afterwards.Say);
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public void A_whole_interview_asks_every_question_in_order_with_varied_acknowledgements_and_closes(string language)
    {
        var phrases = InterviewPhrases.For(language);
        var turn = RuleBasedInterviewer.Instance.Start(Plan(language), Context);
        var said = new List<InterviewTurn>();
        foreach (var line in For(language).WholeInterview)
        {
            turn = RuleBasedInterviewer.Instance.Next(turn.State, line);
            said.Add(turn);
        }

        Assert.Equal(
            [InterviewAction.Asked, InterviewAction.FollowedUp, InterviewAction.Asked, InterviewAction.Asked, InterviewAction.Asked,
             InterviewAction.Asked, InterviewAction.Closed],
            said.Select(t => t.Action));
        Assert.True(turn.Ended);
        Assert.Equal(InterviewEndReason.Completed, turn.EndReason);
        Assert.EndsWith(phrases.Closing, turn.Say, StringComparison.Ordinal);
        Assert.Contains($"{phrases.LastQuestion} {Question("anything-else", language)}", said[5].Say, StringComparison.Ordinal);
        Assert.Equal(["challenge", "current-solution", "current-solution", "decision-makers", "budget", "timeline", "anything-else"],
            turn.State.Answers.Select(a => a.QuestionKey));
        var acknowledgements = said.Where(t => t.Action == InterviewAction.Asked)
            .Select(t => phrases.Acknowledgements.Single(a => t.Say.StartsWith(a, StringComparison.Ordinal))).ToList();
        Assert.True(acknowledgements.Distinct().Count() > 1, "acknowledgements vary");
        Assert.All(acknowledgements.Zip(acknowledgements.Skip(1)), pair => Assert.NotEqual(pair.First, pair.Second));
    }

    [Fact]
    public void The_state_survives_a_JSON_round_trip_between_turns()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };
        var lines = For("fr").WholeInterview;
        var direct = RuleBasedInterviewer.Instance.Start(Plan("fr"), Context);
        var stored = direct;
        foreach (var line in lines)
        {
            direct = RuleBasedInterviewer.Instance.Next(direct.State, line);
            var state = JsonSerializer.Deserialize<InterviewState>(JsonSerializer.Serialize(stored.State, options), options)!;
            stored = RuleBasedInterviewer.Instance.Next(state, line);
            Assert.Equal(direct.Say, stored.Say);
        }

        Assert.True(stored.Ended);
        Assert.Equal(JsonSerializer.Serialize(direct.State, options), JsonSerializer.Serialize(stored.State, options));
    }

    [Fact]
    public void An_empty_plan_opens_and_closes_at_once()
    {
        var plan = new InterviewPlan("en", [], [], [], []);

        var turn = RuleBasedInterviewer.Instance.Start(plan, Context);

        Assert.Equal(InterviewAction.Closed, turn.Action);
        Assert.True(turn.Ended);
        Assert.Equal(InterviewEndReason.Completed, turn.EndReason);
    }
}
