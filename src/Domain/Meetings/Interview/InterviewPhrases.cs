using AiScheduler.Domain.Meetings.Questions;

namespace AiScheduler.Domain.Meetings.Interview;

/// <summary>
/// What the interviewer says around the questions, in the five languages. Acknowledgements come in several wordings
/// taken in turn so the interview does not sound like a form; every method returns whole sentences ready to speak.
/// </summary>
public sealed record InterviewPhrases(
    string Language,
    Func<string?, string, string, string> Greeting,
    string AiDisclosure,
    string RecordingDisclosure,
    Func<int, string> Agenda,
    IReadOnlyList<string> Acknowledgements,
    string FollowUpLead,
    string RepeatLead,
    string DontKnow,
    string OffTopic,
    string Switched,
    string LastQuestion,
    string Closing,
    string EndedEarly,
    string StillThere)
{
    public string Acknowledgement(int turn) => Acknowledgements[Math.Abs(turn) % Acknowledgements.Count];

    public static InterviewPhrases For(string language) => language switch
    {
        InterviewLanguages.Hebrew => Hebrew,
        InterviewLanguages.French => French,
        InterviewLanguages.German => German,
        InterviewLanguages.Spanish => Spanish,
        _ => English,
    };

    public static InterviewPhrases English { get; } = new(
        InterviewLanguages.English,
        (lead, agent, company) => lead is null ? $"Hello, this is {agent} from {company}." : $"Hello {lead}, this is {agent} from {company}.",
        "I am an AI assistant, and I will ask you a few questions so our sales team can prepare the right proposal.",
        "This meeting is recorded to prepare its summary.",
        count => count == 1 ? "I have just one question." : $"I have {count} short questions.",
        ["Thank you.", "Got it.", "That's helpful.", "Understood.", "Great, thanks."],
        "I see.",
        "Of course.",
        "No problem, we can leave that open.",
        "Good question - our sales team will be happy to cover that. Back to my question:",
        "Of course, let's continue in English.",
        "Last question:",
        "That's everything I needed. Thank you for your time - our sales team will follow up with a summary. Goodbye!",
        "No problem, thank you for your time. Our sales team will follow up by email. Goodbye!",
        "Are you still there?");

    public static InterviewPhrases Hebrew { get; } = new(
        InterviewLanguages.Hebrew,
        (lead, agent, company) => lead is null ? $"שלום, כאן {agent} מ{company}." : $"שלום {lead}, כאן {agent} מ{company}.",
        "אני עוזרת מבוססת בינה מלאכותית, ואשאל כמה שאלות כדי שצוות המכירות שלנו יוכל להכין את ההצעה המתאימה.",
        "הפגישה מוקלטת לצורך הכנת הסיכום.",
        count => count == 1 ? "יש לי שאלה אחת בלבד." : $"יש לי {count} שאלות קצרות.",
        ["תודה.", "הבנתי.", "זה עוזר מאוד.", "מצוין, תודה.", "ברור."],
        "אני מבינה.",
        "בוודאי.",
        "אין בעיה, נשאיר את זה פתוח.",
        "שאלה טובה - צוות המכירות ישמח לענות על זה. נחזור לשאלה שלי:",
        "בשמחה, נמשיך בעברית.",
        "שאלה אחרונה:",
        "זה כל מה שהייתי צריכה. תודה על הזמן - צוות המכירות יחזור אליכם עם סיכום. להתראות!",
        "אין בעיה, תודה על הזמן. צוות המכירות יחזור אליכם במייל. להתראות!",
        "אתם עדיין איתי?");

    public static InterviewPhrases French { get; } = new(
        InterviewLanguages.French,
        (lead, agent, company) => lead is null ? $"Bonjour, ici {agent} de {company}." : $"Bonjour {lead}, ici {agent} de {company}.",
        "Je suis une assistante IA, et je vais vous poser quelques questions pour que notre équipe commerciale prépare la bonne proposition.",
        "Cette réunion est enregistrée pour en préparer le compte rendu.",
        count => count == 1 ? "J'ai une seule question." : $"J'ai {count} questions courtes.",
        ["Merci.", "C'est noté.", "C'est très utile.", "Entendu.", "Parfait, merci."],
        "Je vois.",
        "Bien sûr.",
        "Pas de problème, nous pouvons laisser cela ouvert.",
        "Bonne question - notre équipe commerciale y répondra volontiers. Pour revenir à ma question :",
        "Bien sûr, continuons en français.",
        "Dernière question :",
        "C'est tout ce dont j'avais besoin. Merci pour votre temps - notre équipe commerciale vous enverra un résumé. Au revoir !",
        "Pas de problème, merci pour votre temps. Notre équipe commerciale vous écrira. Au revoir !",
        "Vous êtes toujours là ?");

    public static InterviewPhrases German { get; } = new(
        InterviewLanguages.German,
        (lead, agent, company) => lead is null ? $"Hallo, hier ist {agent} von {company}." : $"Hallo {lead}, hier ist {agent} von {company}.",
        "Ich bin eine KI-Assistentin und stelle Ihnen ein paar Fragen, damit unser Vertriebsteam das passende Angebot vorbereiten kann.",
        "Dieses Gespräch wird aufgezeichnet, um die Zusammenfassung zu erstellen.",
        count => count == 1 ? "Ich habe nur eine Frage." : $"Ich habe {count} kurze Fragen.",
        ["Danke.", "Verstanden.", "Das hilft mir sehr.", "Alles klar.", "Prima, danke."],
        "Ich verstehe.",
        "Natürlich.",
        "Kein Problem, das lassen wir offen.",
        "Gute Frage - darauf geht unser Vertriebsteam gern ein. Zurück zu meiner Frage:",
        "Gern, machen wir auf Deutsch weiter.",
        "Letzte Frage:",
        "Das war alles, was ich brauche. Danke für Ihre Zeit - unser Vertriebsteam meldet sich mit einer Zusammenfassung. Auf Wiedersehen!",
        "Kein Problem, danke für Ihre Zeit. Unser Vertriebsteam meldet sich per E-Mail. Auf Wiedersehen!",
        "Sind Sie noch da?");

    public static InterviewPhrases Spanish { get; } = new(
        InterviewLanguages.Spanish,
        (lead, agent, company) => lead is null ? $"Hola, soy {agent} de {company}." : $"Hola {lead}, soy {agent} de {company}.",
        "Soy una asistente de inteligencia artificial y le haré algunas preguntas para que nuestro equipo comercial prepare la propuesta adecuada.",
        "Esta reunión se graba para preparar su resumen.",
        count => count == 1 ? "Tengo solo una pregunta." : $"Tengo {count} preguntas breves.",
        ["Gracias.", "Entendido.", "Eso me ayuda mucho.", "De acuerdo.", "Perfecto, gracias."],
        "Ya veo.",
        "Por supuesto.",
        "No hay problema, lo dejamos abierto.",
        "Buena pregunta: nuestro equipo comercial se la responderá con gusto. Volviendo a mi pregunta:",
        "Claro, sigamos en español.",
        "Última pregunta:",
        "Eso es todo lo que necesitaba. Gracias por su tiempo: nuestro equipo comercial le enviará un resumen. ¡Adiós!",
        "No hay problema, gracias por su tiempo. Nuestro equipo comercial le escribirá por correo. ¡Adiós!",
        "¿Sigue ahí?");
}
