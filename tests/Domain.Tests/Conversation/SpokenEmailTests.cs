using AiScheduler.Domain.Conversation;
using AiScheduler.Domain.Conversation.Languages;

namespace AiScheduler.Domain.Tests.Conversation;

public sealed class SpokenEmailTests
{
    [Theory]
    [InlineData("en", "dana at example dot com", "dana@example.com")]
    [InlineData("en", "It's dana.cohen@example.com.", "dana.cohen@example.com")]
    [InlineData("en", "my email is d a n a at example dot com", "dana@example.com")]
    [InlineData("en", "please use george dot whitaker at example dot co dot uk", "george.whitaker@example.co.uk")]
    [InlineData("en", "j underscore doe at mail dash server dot io", "j_doe@mail-server.io")]
    [InlineData("he", "דנה שטרודל ג'ימייל נקודה קום", "dana@gmail.com")]
    [InlineData("he", "תשלחו ל dana שטרודל example נקודה co נקודה il", "dana@example.co.il")]
    [InlineData("fr", "c'est julien point martin arobase exemple point fr", "julien.martin@exemple.fr")]
    [InlineData("fr", "m a r i e arobase orange point fr", "marie@orange.fr")]
    [InlineData("de", "lukas Punkt richter at beispiel Punkt de", "lukas.richter@beispiel.de")]
    [InlineData("de", "an mia unterstrich weber Klammeraffe web Punkt de", "mia_weber@web.de")]
    [InlineData("es", "carmen punto ruiz arroba correo punto com", "carmen.ruiz@correo.com")]
    [InlineData("es", "es pablo arroba gmail punto es", "pablo@gmail.es")]
    [InlineData("es", "ana guion bajo ruiz arroba correo punto es", "ana_ruiz@correo.es")]
    [InlineData("fr", "jean tiret bas dupont arobase free point fr", "jean_dupont@free.fr")]
    [InlineData("he", "avi קו תחתון cohen שטרודל walla נקודה co נקודה il", "avi_cohen@walla.co.il")]
    [InlineData("en", "sam at sign example dot com", "sam@example.com")]
    public void Reads_written_and_spoken_addresses(string language, string said, string expected) =>
        Assert.Equal(expected, SpokenEmail.Find(said, LanguagePacks.For(language)));

    [Theory]
    [InlineData("en", "Tuesday at ten works for me")]
    [InlineData("en", "yes that's right")]
    [InlineData("he", "כן, נכון")]
    [InlineData("fr", "rendez-vous à dix heures")]
    public void Finds_no_address_where_there_is_none(string language, string said) =>
        Assert.Null(SpokenEmail.Find(said, LanguagePacks.For(language)));

    [Theory]
    [InlineData("en", "dana.levi@example.co.il", "dana dot levi at example dot co dot il")]
    [InlineData("he", "dana@example.com", "dana שטרודל example נקודה com")]
    [InlineData("fr", "a.b@c.fr", "a point b arobase c point fr")]
    [InlineData("de", "a@b.de", "a at b Punkt de")]
    [InlineData("es", "a@b.es", "a arroba b punto es")]
    public void Reads_an_address_back_in_the_callers_language(string language, string email, string expected) =>
        Assert.Equal(expected, LanguagePacks.For(language).SpeakEmail(email));
}
