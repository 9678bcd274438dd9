using AiScheduler.Domain.Meetings.Questions;

namespace AiScheduler.Domain.Tests.Meetings;

/// <summary>
/// Personalising the default set for a lead, in every language: what the record (notes, custom fields) and the
/// qualifying call already told us is skipped, the rest keeps the set's order, and the first question names the company.
/// </summary>
public sealed class InterviewPlannerTests
{
    /// <summary>Per language: notes with an approved budget, what the lead said on the qualifying call (a need), a
    /// role in the notes, a time frame in the notes.</summary>
    private static readonly (string Language, string BudgetNote, string CallNeed, string RoleNote, string TimeFrameNote)[] Cases =
    [
        ("en-US", "Budget approved: 50000 EUR.", "We need a better way to track our leads", "She is the CEO and founder.",
            "They want to go live next quarter."),
        ("he-IL", "תקציב מאושר: 50000 שקלים.", "אנחנו צריכים דרך טובה יותר לעקוב אחרי הלידים", "היא המנכ\"לית והמייסדת.",
            "הם רוצים לעלות לאוויר ברבעון הבא."),
        ("fr-FR", "Budget validé : 50000 euros.", "Nous avons besoin de mieux suivre nos prospects", "Elle est la fondatrice et PDG.",
            "Ils veulent démarrer le trimestre prochain."),
        ("de-DE", "Budget freigegeben: 50000 Euro.", "Wir brauchen einen besseren Überblick über unsere Leads", "Sie ist Geschäftsführerin.",
            "Sie wollen nächstes Quartal starten."),
        ("es-ES", "Presupuesto aprobado: 50000 euros.", "Necesitamos controlar mejor nuestros clientes potenciales", "Ella es la fundadora y directora.",
            "Quieren empezar el próximo trimestre."),
    ];

    public static TheoryData<string> Languages() => new(Cases.Select(c => c.Language));

    private static (string Language, string BudgetNote, string CallNeed, string RoleNote, string TimeFrameNote) For(string language) =>
        Cases.Single(c => c.Language == language);

    [Theory]
    [MemberData(nameof(Languages))]
    public void A_lead_nothing_is_known_about_gets_every_question_in_its_language(string language)
    {
        var plan = InterviewPlanner.Prepare(DefaultQuestionSet.Create(), new LeadProfile("Dana", null, null, null, language, []));

        Assert.Equal(language[..2], plan.Language);
        Assert.Equal(DefaultQuestionSet.Questions.Select(q => q.Key), plan.Questions.Select(q => q.Key));
        Assert.Empty(plan.Known);
        Assert.Empty(plan.Skipped);
        Assert.Equal(InterviewPlan.RulesSource, plan.Source);
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public void What_the_notes_the_custom_fields_and_the_qualifying_call_told_us_is_skipped(string language)
    {
        var (_, budgetNote, callNeed, _, _) = For(language);
        var lead = new LeadProfile("Dana", null, budgetNote, new Dictionary<string, string> { ["Job Title"] = "CTO" }, language, [callNeed]);

        var plan = InterviewPlanner.Prepare(DefaultQuestionSet.Create(), lead);

        Assert.Equal(["challenge", "decision-makers", "budget"], plan.Skipped);
        Assert.Equal(["current-solution", "timeline", "anything-else"], plan.Questions.Select(q => q.Key));
        Assert.Contains(plan.Known, f => f is { Dimension: BantDimension.Budget, Source: "notes" } && f.Value == budgetNote);
        Assert.Contains(plan.Known, f => f is { Dimension: BantDimension.Authority, Source: "custom-field:Job Title", Value: "CTO" });
        Assert.Contains(plan.Known, f => f is { Dimension: BantDimension.Need, Source: "call" } && f.Value == callNeed);
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public void A_role_and_a_time_frame_in_the_notes_skip_the_authority_and_timeline_questions(string language)
    {
        var (_, _, _, roleNote, timeFrameNote) = For(language);
        var lead = new LeadProfile("Dana", null, $"{roleNote} {timeFrameNote}", null, language, []);

        var plan = InterviewPlanner.Prepare(DefaultQuestionSet.Create(), lead);

        Assert.Equal(["decision-makers", "timeline"], plan.Skipped);
        Assert.Equal([BantDimension.Authority, BantDimension.Timeline], plan.Known.Select(f => f.Dimension).Order());
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public void The_first_question_is_bridged_to_the_leads_company_in_every_language(string language)
    {
        var plan = InterviewPlanner.Prepare(DefaultQuestionSet.Create(), new LeadProfile("Dana", "Acme Ltd", null, null, language, []));

        var first = plan.Questions[0];
        Assert.Equal("company", first.PersonalisedBecause);
        Assert.All(InterviewLanguages.All, l => Assert.Contains("Acme Ltd", first.TextIn(l), StringComparison.Ordinal));
        Assert.Null(plan.Questions[1].PersonalisedBecause);
    }

    [Fact]
    public void A_second_question_of_a_known_dimension_stays_to_dig_deeper()
    {
        var lead = new LeadProfile(null, null, null, new Dictionary<string, string> { ["pain"] = "Leads go cold" }, "en", []);

        var plan = InterviewPlanner.Prepare(DefaultQuestionSet.Create(), lead);

        Assert.Equal(["challenge"], plan.Skipped);
        Assert.Equal("current-solution", plan.Questions[0].Key);
    }

    [Theory]
    [InlineData("We talked about pricing in general.")]
    [InlineData("Called twice, no answer.")]
    [InlineData("Interested in the product demo.")]
    public void Notes_without_a_fact_skip_nothing(string notes)
    {
        var plan = InterviewPlanner.Prepare(DefaultQuestionSet.Create(), new LeadProfile(null, null, notes, null, "en", []));

        Assert.Empty(plan.Skipped);
    }

    [Fact]
    public void A_language_outside_the_five_interviews_in_English()
    {
        var plan = InterviewPlanner.Prepare(DefaultQuestionSet.Create(), new LeadProfile(null, null, null, null, "it-IT", []));

        Assert.Equal("en", plan.Language);
    }

    [Fact]
    public void The_default_set_has_every_question_and_follow_up_in_all_five_languages()
    {
        foreach (var question in DefaultQuestionSet.Questions)
        {
            Assert.Equal(InterviewLanguages.All.Order(), question.Text.Keys.Order());
            Assert.All(question.FollowUps, f => Assert.Equal(InterviewLanguages.All.Order(), f.Text.Keys.Order()));
        }

        Assert.Equal([BantDimension.Need, BantDimension.Need, BantDimension.Authority, BantDimension.Budget, BantDimension.Timeline, BantDimension.Other],
            DefaultQuestionSet.Questions.Select(q => q.Dimension));
    }
}
