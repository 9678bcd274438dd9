using AiScheduler.Domain.Conversation;
using AiScheduler.Domain.Conversation.Languages;

namespace AiScheduler.Domain.Tests.Conversation;

public sealed class VoicemailAndLanguageTests
{
    [Theory]
    [InlineData("en", "Hi, you've reached Dana. Please leave a message after the tone.")]
    [InlineData("en", "The person you are calling is not available. Please record your message.")]
    [InlineData("en", "Hey it's Sam, sorry I can't take your call, I'm not available, I'll get back to you as soon as possible")]
    [InlineData("he", "שלום, הגעתם לתא הקולי של דנה. השאירו הודעה אחרי הצפצוף.")]
    [InlineData("he", "המנוי אינו זמין כעת")]
    [InlineData("fr", "Bonjour, vous êtes bien sur le répondeur de Julien, laissez un message après le bip.")]
    [InlineData("de", "Hallo, hier ist die Mailbox von Lena. Bitte sprechen Sie nach dem Signalton.")]
    [InlineData("es", "Hola, ha llamado a Pablo. Deje su mensaje después de la señal.")]
    [InlineData("en", "Thank you for calling Acme Plumbing. Our office hours are Monday through Friday from eight to five. If you are calling about an existing order, please have your order number ready, and one of our team members will be with you shortly after this short announcement ends.")]
    public void Recognises_a_mailbox_greeting(string language, string greeting) =>
        Assert.True(VoicemailDetector.IsVoicemail(greeting, LanguagePacks.For(language)));

    [Theory]
    [InlineData("en", "He is not available right now.")]
    [InlineData("en", "Hello?")]
    [InlineData("en", "Yes, this is Dana, who's calling?")]
    [InlineData("he", "הוא לא זמין כרגע")]
    [InlineData("fr", "Elle n'est pas disponible pour le moment.")]
    [InlineData("de", "Er ist gerade nicht erreichbar.")]
    [InlineData("es", "No está disponible ahora mismo.")]
    public void Does_not_mistake_a_person_for_a_mailbox(string language, string said) =>
        Assert.False(VoicemailDetector.IsVoicemail(said, LanguagePacks.For(language)));

    [Theory]
    [InlineData("en", "Oui, je parle français, c'est pour quoi ?", "fr")]
    [InlineData("en", "Ja, ich bin da, wer spricht?", "de")]
    [InlineData("en", "Sí, hola, ¿quién habla?", "es")]
    [InlineData("en", "כן, מי זה?", "he")]
    [InlineData("he", "Sorry, I don't speak Hebrew, who is this?", "en")]
    [InlineData("fr", "Sorry, what is this about?", "en")]
    [InlineData("en", "OK", "en")]
    [InlineData("en", "dana@example.com", "en")]
    [InlineData("fr", "Oui, d'accord", "fr")]
    [InlineData("de", "Nein, danke", "de")]
    [InlineData("es", "Vale, el martes a las diez", "es")]
    public void Detects_the_language_the_caller_answers_in(string current, string said, string expected) =>
        Assert.Equal(expected, LanguageDetector.Detect(said, LanguagePacks.For(current)).Tag[..2]);
}
