namespace AiScheduler.Domain.Meetings.Questions;

/// <summary>
/// The question set that ships with the product, in all five languages: the need first (what hurts, what is used
/// today), then who decides, the budget and the timeline, and an open question last. Each workspace gets a copy it can
/// edit (the store seeds it), so changing it never changes another workspace's interviews.
/// </summary>
public static class DefaultQuestionSet
{
    public const string Name = "Default BANT interview";

    /// <summary>Competitor names the follow-ups listen for (CRM and sales-engagement tools most leads compare with).</summary>
    public static IReadOnlyList<string> Competitors { get; } =
        ["Salesforce", "HubSpot", "Pipedrive", "Zoho", "Dynamics", "Monday", "Outreach", "Salesloft", "Calendly", "Gong"];

    public static QuestionSet Create() => new(Name, Questions, Competitors);

    public static IReadOnlyList<Question> Questions { get; } =
    [
        new("challenge", BantDimension.Need,
            T("What is the main challenge you are hoping to solve?",
              "מה האתגר המרכזי שאתם מקווים לפתור?",
              "Quel est le principal défi que vous souhaitez résoudre ?",
              "Was ist die größte Herausforderung, die Sie lösen möchten?",
              "¿Cuál es el principal desafío que quiere resolver?"),
            [
                new(FollowUpTrigger.Vague,
                    T("Could you give me a concrete example of where that shows up today?",
                      "תוכלו לתת לי דוגמה מוחשית לאיפה זה מופיע היום?",
                      "Pourriez-vous me donner un exemple concret de là où cela se manifeste aujourd'hui ?",
                      "Können Sie mir ein konkretes Beispiel geben, wo sich das heute zeigt?",
                      "¿Podría darme un ejemplo concreto de dónde aparece hoy?")),
            ]),
        new("current-solution", BantDimension.Need,
            T("What are you using today to handle this?",
              "במה אתם משתמשים היום כדי לטפל בזה?",
              "Qu'utilisez-vous aujourd'hui pour gérer cela ?",
              "Was nutzen Sie heute dafür?",
              "¿Qué utilizan hoy para gestionarlo?"),
            [
                new(FollowUpTrigger.Competitor,
                    T("You mentioned {competitor}. What is missing for you there?",
                      "הזכרתם את {competitor}. מה חסר לכם שם?",
                      "Vous avez mentionné {competitor}. Qu'est-ce qui vous manque ?",
                      "Sie haben {competitor} erwähnt. Was fehlt Ihnen dort?",
                      "Mencionó {competitor}. ¿Qué le falta ahí?")),
            ]),
        new("decision-makers", BantDimension.Authority,
            T("Who besides you is involved in deciding on a solution like this?",
              "מי עוד מלבדך מעורב בהחלטה על פתרון כזה?",
              "Qui, à part vous, participe à la décision pour une solution de ce type ?",
              "Wer außer Ihnen entscheidet über eine solche Lösung mit?",
              "¿Quién más, además de usted, participa en la decisión sobre una solución así?"),
            [
                new(FollowUpTrigger.Vague,
                    T("Who would sign off on the final decision?",
                      "מי יאשר את ההחלטה הסופית?",
                      "Qui validera la décision finale ?",
                      "Wer gibt die endgültige Entscheidung frei?",
                      "¿Quién aprobará la decisión final?")),
            ]),
        new("budget", BantDimension.Budget,
            T("Have you set aside a budget for this, and roughly how much?",
              "האם הוקצה לזה תקציב, ובערך כמה?",
              "Avez-vous prévu un budget pour cela, et à peu près combien ?",
              "Haben Sie dafür ein Budget eingeplant, und ungefähr wie viel?",
              "¿Tienen un presupuesto reservado para esto, y aproximadamente cuánto?"),
            [
                new(FollowUpTrigger.MissingNumber,
                    T("Could you give me a rough figure or a range?",
                      "תוכלו לתת לי סכום משוער או טווח?",
                      "Pourriez-vous me donner un montant approximatif ou une fourchette ?",
                      "Können Sie mir eine ungefähre Zahl oder eine Spanne nennen?",
                      "¿Podría darme una cifra aproximada o un rango?")),
                new(FollowUpTrigger.Vague,
                    T("Is the budget already approved, or still to be decided?",
                      "התקציב כבר מאושר, או שעוד צריך להחליט עליו?",
                      "Le budget est-il déjà validé, ou reste-t-il à décider ?",
                      "Ist das Budget schon freigegeben oder noch offen?",
                      "¿El presupuesto ya está aprobado o aún está por decidir?")),
            ]),
        new("timeline", BantDimension.Timeline,
            T("When would you like to have a solution in place?",
              "מתי הייתם רוצים שיהיה לכם פתרון פועל?",
              "Quand aimeriez-vous avoir une solution en place ?",
              "Bis wann möchten Sie eine Lösung im Einsatz haben?",
              "¿Para cuándo le gustaría tener una solución en marcha?"),
            [
                new(FollowUpTrigger.Vague,
                    T("Do you have a target month or quarter in mind?",
                      "יש לכם חודש או רבעון יעד בראש?",
                      "Avez-vous un mois ou un trimestre cible en tête ?",
                      "Haben Sie einen Zielmonat oder ein Zielquartal im Kopf?",
                      "¿Tiene en mente un mes o un trimestre objetivo?")),
            ]),
        new("anything-else", BantDimension.Other,
            T("Is there anything else our sales team should know before they follow up?",
              "יש עוד משהו שצוות המכירות שלנו צריך לדעת לפני שיחזרו אליכם?",
              "Y a-t-il autre chose que notre équipe commerciale devrait savoir avant de vous recontacter ?",
              "Gibt es noch etwas, das unser Vertriebsteam wissen sollte, bevor es sich meldet?",
              "¿Hay algo más que nuestro equipo comercial deba saber antes de contactarle?"),
            []),
    ];

    private static Dictionary<string, string> T(string en, string he, string fr, string de, string es) => new(StringComparer.Ordinal)
    {
        [InterviewLanguages.English] = en,
        [InterviewLanguages.Hebrew] = he,
        [InterviewLanguages.French] = fr,
        [InterviewLanguages.German] = de,
        [InterviewLanguages.Spanish] = es,
    };
}
