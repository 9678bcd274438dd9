using AiScheduler.Domain.Meetings.Analysis;

namespace AiScheduler.Domain.Tests.Meetings.Analysis;

public class BantAnalyzerTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    private static BantAnalysis Analyze(params string[] leadLines) =>
        RuleBasedBantAnalyzer.Analyze(leadLines.Select((text, i) => new SpokenLine(SpokenLine.Lead, text, At.AddSeconds(i * 10))).ToList());

    [Theory]
    [InlineData("We have a budget of $50k for this.", 50_000, "USD")]
    [InlineData("We set aside 50,000 dollars.", 50_000, "USD")]
    [InlineData("Roughly half a million dollars.", 500_000, "USD")]
    [InlineData("Wir haben 50.000 € eingeplant.", 50_000, "EUR")]
    [InlineData("Das Budget liegt bei fünfzigtausend Euro.", 50_000, "EUR")]
    [InlineData("Wir haben 1,5 Mio. Euro Budget.", 1_500_000, "EUR")]
    [InlineData("Nous avons un budget de cinquante mille euros.", 50_000, "EUR")]
    [InlineData("Le budget est de 50 000 €.", 50_000, "EUR")]
    [InlineData("Tenemos un presupuesto de cincuenta mil euros.", 50_000, "EUR")]
    [InlineData("El presupuesto es de 30.000 dólares.", 30_000, "USD")]
    [InlineData("יש לנו תקציב של 50 אלף ש\"ח.", 50_000, "ILS")]
    [InlineData("התקציב הוא חמישים אלף שקלים.", 50_000, "ILS")]
    [InlineData("We have a budget of about £20,000.", 20_000, "GBP")]
    public void Amounts_and_currencies_are_read_in_five_languages(string sentence, int amount, string currency)
    {
        var found = MoneyMention.Find(AnalysisText.Normalize(sentence));

        Assert.Contains(new MoneyMention(amount, currency), found);
        var analysis = Analyze(sentence);
        Assert.True(analysis.Budget.Score >= 60, $"{analysis.Budget.Score} for {sentence}");
        Assert.Equal([sentence], analysis.Budget.Quotes);
    }

    [Theory]
    [InlineData("We have 20 people in sales.")]
    [InlineData("Wir sind 35 Mitarbeiter.")]
    [InlineData("On a 12 commerciaux.")]
    public void A_bare_number_is_not_money(string sentence) =>
        Assert.Empty(MoneyMention.Find(AnalysisText.Normalize(sentence)));

    [Theory]
    [InlineData("We have no budget for this.")]
    [InlineData("We don't have any budget this year.")]
    [InlineData("Wir haben kein Budget dafür.")]
    [InlineData("Nous n'avons pas de budget.")]
    [InlineData("No tenemos presupuesto para esto.")]
    [InlineData("אין לנו תקציב לזה.")]
    [InlineData("It's too expensive for us.")]
    public void Saying_there_is_no_budget_scores_budget_near_zero_with_the_quote(string sentence)
    {
        var analysis = Analyze(sentence);

        Assert.Equal(RuleBasedBantAnalyzer.NegativeOnly, analysis.Budget.Score);
        Assert.Equal([sentence], analysis.Budget.Quotes);
    }

    [Theory]
    [InlineData("I'm the CEO, so I make the final decision.", 90)]
    [InlineData("Ich bin der Geschäftsführer und entscheide das allein.", 90)]
    [InlineData("Je suis le PDG de l'entreprise.", 90)]
    [InlineData("Soy el director general, decido yo.", 90)]
    [InlineData("אני המנכ\"ל של החברה.", 90)]
    [InlineData("I'm the CFO.", 80)]
    [InlineData("I'm the director of operations.", 70)]
    [InlineData("Je suis directrice commerciale.", 70)]
    [InlineData("Ich bin Abteilungsleiter im Vertrieb.", 70)]
    [InlineData("Soy directora de ventas.", 70)]
    [InlineData("I'm a sales manager.", 55)]
    [InlineData("אני מנהל המכירות.", 55)]
    public void Roles_and_titles_score_authority(string sentence, int score)
    {
        var analysis = Analyze(sentence);

        Assert.Equal(score, analysis.Authority.Score);
        Assert.Equal([sentence], analysis.Authority.Quotes);
    }

    [Theory]
    [InlineData("I'm the director but I need approval from the board.")]
    [InlineData("I have to check with my boss first.")]
    [InlineData("Das ist nicht meine Entscheidung, das muss mit meinem Chef abgestimmt werden.")]
    [InlineData("Ich entscheide nicht allein.")]
    [InlineData("Ce n'est pas moi qui décide, il faut l'accord de mon patron.")]
    [InlineData("No decido yo, tengo que consultarlo con mi jefe.")]
    [InlineData("אני צריך לבדוק עם הבוס שלי.")]
    [InlineData("לא אני מחליט, זה אצל ההנהלה.")]
    public void Needing_sign_off_caps_authority_below_the_qualified_floor(string sentence)
    {
        var analysis = Analyze(sentence);

        Assert.InRange(analysis.Authority.Score, 40, 45);
        Assert.Equal([sentence], analysis.Authority.Quotes);
        Assert.Contains(analysis.FollowUpQuestions, q => q.Contains("approval", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("We want to start this month.", 95)]
    [InlineData("We'd like to go live this quarter.", 85)]
    [InlineData("We plan to roll it out next quarter.", 70)]
    [InlineData("By the end of the year at the latest.", 70)]
    [InlineData("Probably next year.", 25)]
    [InlineData("Wir wollen in zwei Monaten starten.", 85)]
    [InlineData("Im nächsten Quartal soll es losgehen.", 70)]
    [InlineData("Nous voulons démarrer d'ici la fin de l'année.", 70)]
    [InlineData("Dans trois mois idéalement.", 85)]
    [InlineData("Queremos empezar este trimestre.", 85)]
    [InlineData("El año que viene.", 45)]
    [InlineData("אנחנו רוצים להתחיל בעוד חודשיים.", 85)]
    [InlineData("ברבעון הבא.", 70)]
    public void Time_frames_score_timeline_by_horizon(string sentence, int score)
    {
        var analysis = Analyze(sentence);

        Assert.Equal(score, analysis.Timeline.Score);
        Assert.Equal([sentence], analysis.Timeline.Quotes);
    }

    [Theory]
    [InlineData("No rush, we're just looking around.")]
    [InlineData("Keine Eile, das ist keine Priorität.")]
    [InlineData("Nous ne sommes pas pressés.")]
    [InlineData("No hay prisa.")]
    [InlineData("אין לחץ, זה לא דחוף.")]
    public void No_time_frame_scores_timeline_near_zero(string sentence)
    {
        var analysis = Analyze(sentence);

        Assert.Equal(RuleBasedBantAnalyzer.NegativeOnly, analysis.Timeline.Score);
        Assert.Equal([sentence], analysis.Timeline.Quotes);
    }

    [Theory]
    [InlineData("We're losing leads because follow-up is manual.")]
    [InlineData("Wir verlieren Kunden, weil alles manuell läuft.")]
    [InlineData("Nous perdons des clients, tout est manuel.")]
    [InlineData("Perdemos clientes porque todo es a mano.")]
    [InlineData("אנחנו מאבדים לקוחות כי הכל ידני.")]
    public void Pains_score_need_and_become_pain_points(string sentence)
    {
        var analysis = Analyze(sentence);

        Assert.Equal(70, analysis.Need.Score);
        Assert.Equal([sentence], analysis.Need.Quotes);
        Assert.Equal([sentence], analysis.PainPoints);
    }

    [Theory]
    [InlineData("We don't need anything like this.")]
    [InlineData("Das brauchen wir nicht, wir sind zufrieden mit unserer Lösung.")]
    [InlineData("Nous n'avons pas besoin de ça.")]
    [InlineData("No necesitamos nada de esto.")]
    [InlineData("אנחנו לא צריכים את זה.")]
    public void Saying_there_is_no_need_disqualifies(string sentence)
    {
        var analysis = Analyze(sentence);

        Assert.Equal(RuleBasedBantAnalyzer.NegativeOnly, analysis.Need.Score);
        Assert.Equal(QualificationStatus.Disqualified, analysis.Status);
    }

    [Theory]
    [InlineData("Maybe we have around $20k.", "We have around $20k.")]
    [InlineData("Vielleicht haben wir 20.000 € Budget.", "Wir haben 20.000 € Budget.")]
    [InlineData("Peut-être un budget de 20 000 €.", "Un budget de 20 000 €.")]
    [InlineData("Quizás tenemos un presupuesto de 20.000 €.", "Tenemos un presupuesto de 20.000 €.")]
    [InlineData("אולי יש לנו תקציב של 20 אלף ש\"ח.", "יש לנו תקציב של 20 אלף ש\"ח.")]
    public void A_hedge_weighs_less_than_the_same_words_said_firmly(string hedged, string firm)
    {
        var unsure = Analyze(hedged);
        var sure = Analyze(firm);

        Assert.Equal(sure.Budget.Score - RuleBasedBantAnalyzer.HedgePenalty, unsure.Budget.Score);
        Assert.Contains(unsure.FollowUpQuestions, q => q.Contains(hedged, StringComparison.Ordinal));
    }

    [Fact]
    public void Only_the_leads_lines_are_evidence()
    {
        var transcript = new[]
        {
            new SpokenLine("agent", "Do you have a budget of $100k and are you the CEO?", At),
            new SpokenLine("rep", "We need this urgently next month.", At.AddSeconds(5)),
            new SpokenLine(SpokenLine.Lead, "Hm, let me think.", At.AddSeconds(10)),
        };

        var analysis = RuleBasedBantAnalyzer.Analyze(transcript);

        foreach (var dimension in new[] { analysis.Budget, analysis.Authority, analysis.Need, analysis.Timeline })
        {
            Assert.Equal(RuleBasedBantAnalyzer.NotEstablished, dimension.Score);
            Assert.Empty(dimension.Quotes);
        }

        Assert.Equal(QualificationStatus.Disqualified, analysis.Status);
    }

    [Fact]
    public void A_qualified_lead_in_german_has_every_quote_verbatim_from_its_lines_and_next_steps()
    {
        string[] lines =
        [
            "Ich bin Geschäftsführer, ich entscheide das.",
            "Wir verlieren jede Woche Anfragen, weil alles manuell läuft. Das ist dringend.",
            "Wir haben 40.000 € dafür eingeplant.",
            "Wir wollen in zwei Monaten starten.",
        ];

        var analysis = Analyze(lines);

        Assert.Equal(QualificationStatus.Qualified, analysis.Status);
        Assert.All(new[] { analysis.Budget, analysis.Authority, analysis.Need, analysis.Timeline }, d =>
        {
            Assert.NotEmpty(d.Quotes);
            Assert.All(d.Quotes, quote => Assert.Contains(lines, line => line.Contains(quote, StringComparison.Ordinal)));
        });
        Assert.Equal((95, 90, 95, 85), (analysis.Budget.Score, analysis.Authority.Score, analysis.Need.Score, analysis.Timeline.Score));
        Assert.Contains("Send a tailored proposal within two business days.", analysis.NextSteps);
        Assert.Contains(analysis.KeyInsights, i => i.StartsWith("Budget 95/100: Amount named: 40,000 EUR", StringComparison.Ordinal));
    }

    [Fact]
    public void A_lead_with_a_need_but_no_budget_yet_and_a_later_horizon_is_nurtured()
    {
        var analysis = Analyze(
            "Nous avons besoin d'automatiser les relances, c'est un vrai problème.",
            "Je suis directeur commercial.",
            "Pour le budget, je ne sais pas encore.",
            "L'année prochaine probablement.");

        Assert.Equal(QualificationStatus.Nurture, analysis.Status);
        Assert.Contains(analysis.FollowUpQuestions, q => q.StartsWith("What budget range", StringComparison.Ordinal));
    }
}
