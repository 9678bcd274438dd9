using AiScheduler.Domain.Conversation;
using AiScheduler.Domain.Conversation.Languages;

namespace AiScheduler.Domain.Tests.Conversation;

/// <summary>What callers say, per language, and the intent that must win (the first in <see cref="Intent"/> order).</summary>
public sealed class IntentTests
{
    [Theory]
    [InlineData("en", "Please remove me from your list", Intent.OptOut)]
    [InlineData("en", "Don't call me again", Intent.OptOut)]
    [InlineData("en", "Stop calling this number", Intent.OptOut)]
    [InlineData("en", "This is a scam", Intent.Hostile)]
    [InlineData("en", "You've got the wrong number", Intent.WrongNumber)]
    [InlineData("en", "There's no Dana here", Intent.WrongNumber)]
    [InlineData("en", "Sorry, could you say that again?", Intent.Repeat)]
    [InlineData("en", "I'm busy, call me back later", Intent.CallLater)]
    [InlineData("en", "He is not available right now", Intent.CallLater)]
    [InlineData("en", "How did you get my number?", Intent.AskNumberSource)]
    [InlineData("en", "Who is this?", Intent.AskIdentity)]
    [InlineData("en", "Are you a robot?", Intent.AskIdentity)]
    [InlineData("en", "What is this about?", Intent.AskPurpose)]
    [InlineData("en", "Not interested, thanks", Intent.NotInterested)]
    [InlineData("en", "None of those work", Intent.Deny)]
    [InlineData("en", "I'd like to book a meeting", Intent.WantsToSchedule)]
    [InlineData("en", "Yeah, sounds good", Intent.Affirm)]
    [InlineData("he", "תורידו אותי מהרשימה", Intent.OptOut)]
    [InlineData("he", "אל תתקשרו אליי יותר", Intent.OptOut)]
    [InlineData("he", "נוכלים, תעזבו אותי", Intent.Hostile)]
    [InlineData("he", "טעות במספר", Intent.WrongNumber)]
    [InlineData("he", "לא שמעתי, אפשר שוב?", Intent.Repeat)]
    [InlineData("he", "הוא לא נמצא כרגע", Intent.CallLater)]
    [InlineData("he", "תתקשר אליי מחר", Intent.CallLater)]
    [InlineData("he", "מאיפה יש לכם את המספר שלי?", Intent.AskNumberSource)]
    [InlineData("he", "מי מדבר?", Intent.AskIdentity)]
    [InlineData("he", "במה מדובר?", Intent.AskPurpose)]
    [InlineData("he", "לא מעוניינת, תודה", Intent.NotInterested)]
    [InlineData("he", "לא מתאים לי", Intent.Deny)]
    [InlineData("he", "כן, בשמחה", Intent.Affirm)]
    [InlineData("he", "אין בעיה", Intent.Affirm)]
    [InlineData("fr", "Ne m'appelez plus", Intent.OptOut)]
    [InlineData("fr", "C'est une arnaque", Intent.Hostile)]
    [InlineData("fr", "C'est un mauvais numéro", Intent.WrongNumber)]
    [InlineData("fr", "Pardon, vous pouvez répéter ?", Intent.Repeat)]
    [InlineData("fr", "Elle n'est pas là, rappelez plus tard", Intent.CallLater)]
    [InlineData("fr", "Comment avez-vous eu mon numéro ?", Intent.AskNumberSource)]
    [InlineData("fr", "Qui est à l'appareil ?", Intent.AskIdentity)]
    [InlineData("fr", "C'est à quel sujet ?", Intent.AskPurpose)]
    [InlineData("fr", "Non merci, ça ne m'intéresse pas", Intent.NotInterested)]
    [InlineData("fr", "Non", Intent.Deny)]
    [InlineData("fr", "Oui, avec plaisir", Intent.Affirm)]
    [InlineData("de", "Rufen Sie mich nicht mehr an", Intent.OptOut)]
    [InlineData("de", "Das ist Abzocke", Intent.Hostile)]
    [InlineData("de", "Falsch verbunden", Intent.WrongNumber)]
    [InlineData("de", "Wie bitte?", Intent.Repeat)]
    [InlineData("de", "Er ist nicht da, rufen Sie später an", Intent.CallLater)]
    [InlineData("de", "Woher haben Sie meine Nummer?", Intent.AskNumberSource)]
    [InlineData("de", "Mit wem spreche ich?", Intent.AskIdentity)]
    [InlineData("de", "Worum geht es?", Intent.AskPurpose)]
    [InlineData("de", "Nein danke, kein Interesse", Intent.NotInterested)]
    [InlineData("de", "Nein, das passt nicht", Intent.Deny)]
    [InlineData("de", "Ja, gerne", Intent.Affirm)]
    [InlineData("es", "No me vuelva a llamar", Intent.OptOut)]
    [InlineData("es", "Esto es una estafa", Intent.Hostile)]
    [InlineData("es", "Número equivocado", Intent.WrongNumber)]
    [InlineData("es", "Perdón, ¿puede repetir?", Intent.Repeat)]
    [InlineData("es", "Ella no está, llame más tarde", Intent.CallLater)]
    [InlineData("es", "¿Cómo consiguió mi número?", Intent.AskNumberSource)]
    [InlineData("es", "¿Quién habla?", Intent.AskIdentity)]
    [InlineData("es", "¿De qué se trata?", Intent.AskPurpose)]
    [InlineData("es", "No, gracias, no me interesa", Intent.NotInterested)]
    [InlineData("es", "Ninguno me va bien", Intent.Deny)]
    [InlineData("es", "Sí, claro", Intent.Affirm)]
    [InlineData("en", "Maybe, tell me when", Intent.Affirm)]
    [InlineData("fr", "Peut-être", Intent.Affirm)]
    [InlineData("de", "Vielleicht", Intent.Affirm)]
    [InlineData("es", "Quizás", Intent.Affirm)]
    [InlineData("he", "אולי", Intent.Affirm)]
    [InlineData("en", "I'm not the right person, try my colleague", Intent.WrongNumber)]
    [InlineData("en", "Hello?", Intent.Repeat)]
    [InlineData("en", "I'm sorry, who?", Intent.AskIdentity)]
    [InlineData("en", "What's your name again?", Intent.AskIdentity)]
    [InlineData("en", "Who gave you this number?", Intent.AskNumberSource)]
    [InlineData("en", "I don't have time right now", Intent.CallLater)]
    [InlineData("en", "Absolutely not", Intent.Deny)]
    [InlineData("en", "Sure, can we do it later this week, say Thursday?", Intent.Affirm)]
    [InlineData("he", "אני לא האדם הנכון", Intent.WrongNumber)]
    [InlineData("he", "הלו?", Intent.Repeat)]
    [InlineData("he", "לא עכשיו", Intent.CallLater)]
    [InlineData("he", "מי נתן לכם את המספר?", Intent.AskNumberSource)]
    [InlineData("fr", "Allô ?", Intent.Repeat)]
    [InlineData("fr", "Je n'ai pas le temps", Intent.CallLater)]
    [InlineData("de", "Bitte rufen Sie nicht mehr an", Intent.OptOut)]
    [InlineData("de", "Hallo?", Intent.Repeat)]
    [InlineData("de", "Kein Bedarf", Intent.NotInterested)]
    [InlineData("es", "¿Diga?", Intent.Repeat)]
    [InlineData("es", "No tengo tiempo", Intent.CallLater)]
    [InlineData("en", "Go on, I'm listening", Intent.Affirm)]
    [InlineData("en", "I'd rather not", Intent.NotInterested)]
    [InlineData("en", "Who am I speaking with?", Intent.AskIdentity)]
    [InlineData("en", "Leave me alone!", Intent.Hostile)]
    [InlineData("he", "בטח, למה לא", Intent.Affirm)]
    [InlineData("he", "אני לא רוצה, תודה", Intent.NotInterested)]
    [InlineData("fr", "Non, ça ne m'intéresse vraiment pas", Intent.NotInterested)]
    [InlineData("fr", "Vous vous êtes trompé de numéro", Intent.WrongNumber)]
    [InlineData("fr", "Vous pouvez rappeler ce soir ?", Intent.CallLater)]
    [InlineData("de", "Nein, das interessiert mich nicht", Intent.NotInterested)]
    [InlineData("de", "Bitte streichen Sie meine Nummer", Intent.OptOut)]
    [InlineData("de", "Da sind Sie falsch", Intent.WrongNumber)]
    [InlineData("de", "Rufen Sie morgen nochmal an", Intent.CallLater)]
    [InlineData("de", "Noch einmal, bitte", Intent.Repeat)]
    [InlineData("es", "Está equivocado", Intent.WrongNumber)]
    public void The_strongest_intent_wins(string language, string said, Intent expected)
    {
        var pack = LanguagePacks.For(language);
        var heard = pack.IntentsIn(said);
        Assert.Equal(expected, Enum.GetValues<Intent>().First(heard.Contains));
    }

    [Fact]
    public void Every_language_lists_phrases_for_every_intent()
    {
        foreach (var pack in LanguagePacks.All)
        {
            foreach (var intent in Enum.GetValues<Intent>())
            {
                Assert.True(pack.Lexicon.Intents.TryGetValue(intent, out var phrases) && phrases.Length > 0, $"{pack.Tag} has no {intent} phrases");
            }
        }
    }
}
