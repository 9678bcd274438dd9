using AiScheduler.Domain.Leads;

namespace AiScheduler.Domain.Tests.Leads;

public class LanguageTagTests
{
    [Theory]
    [InlineData("he-IL", "he-IL", "he", null, "IL", true)]
    [InlineData("HE-il", "he-IL", "he", null, "IL", true)]
    [InlineData("he_IL", "he-IL", "he", null, "IL", true)]
    [InlineData(" en ", "en", "en", null, null, true)]
    [InlineData("en-US", "en-US", "en", null, "US", true)]
    [InlineData("fr-CA", "fr-CA", "fr", null, "CA", true)]
    [InlineData("de-CH", "de-CH", "de", null, "CH", true)]
    [InlineData("es-419", "es-419", "es", null, "419", true)]
    [InlineData("it-IT", "it-IT", "it", null, "IT", false)]
    [InlineData("pt-BR", "pt-BR", "pt", null, "BR", false)]
    [InlineData("nl", "nl", "nl", null, null, false)]
    [InlineData("ar-EG", "ar-EG", "ar", null, "EG", false)]
    [InlineData("ru-RU", "ru-RU", "ru", null, "RU", false)]
    [InlineData("zh-hant-tw", "zh-Hant-TW", "zh", "Hant", "TW", false)]
    [InlineData("sr-Latn", "sr-Latn", "sr", "Latn", null, false)]
    [InlineData("yue", "yue", "yue", null, null, false)]
    [InlineData("iw_IL", "he-IL", "he", null, "IL", true)]
    [InlineData("iw", "he", "he", null, null, true)]
    [InlineData("in-ID", "id-ID", "id", null, "ID", false)]
    [InlineData("de-DE-1996", "de-DE-1996", "de", null, "DE", true)]
    [InlineData("sl-rozaj-biske", "sl-rozaj-biske", "sl", null, null, false)]
    [InlineData("en-US-x-twain", "en-US-x-twain", "en", null, "US", true)]
    [InlineData("de-CH-u-co-phonebk", "de-CH-u-co-phonebk", "de", null, "CH", true)]
    public void Valid_tags_are_written_in_canonical_case(string text, string canonical, string language, string? script, string? region, bool supported)
    {
        Assert.True(LanguageTag.TryParse(text, out var tag, out var error), error);
        Assert.Equal(canonical, tag.Value);
        Assert.Equal(canonical, tag.ToString());
        Assert.Equal(language, tag.Language);
        Assert.Equal(script, tag.Script);
        Assert.Equal(region, tag.Region);
        Assert.Equal(supported, tag.IsSupported);
        Assert.Equal(tag, new LanguageTag(text));
    }

    [Theory]
    [InlineData(null, "empty")]
    [InlineData("", "empty")]
    [InlineData("  ", "empty")]
    [InlineData("e", "two- or three-letter language code")]
    [InlineData("engl", "two- or three-letter language code")]
    [InlineData("12-IL", "two- or three-letter language code")]
    [InlineData("he IL", "not a BCP-47 language tag")]
    [InlineData("he--IL", "not a BCP-47 language tag")]
    [InlineData("he-", "not a BCP-47 language tag")]
    [InlineData("עברית", "not a BCP-47 language tag")]
    [InlineData("he-ISR", "unexpected part 'ISR'")]
    [InlineData("en-x", "singleton 'x'")]
    [InlineData("en-US-abcdefghi", "not a BCP-47 language tag")]
    public void Malformed_tags_are_rejected_with_a_reason(string? text, string reason)
    {
        Assert.False(LanguageTag.TryParse(text, out var tag, out var error));
        Assert.Null(tag);
        Assert.Contains(reason, error, StringComparison.Ordinal);
        if (text is not null)
        {
            Assert.Throws<FormatException>(() => new LanguageTag(text));
        }
    }

    [Fact]
    public void Supported_languages_are_the_five_the_agent_speaks()
    {
        Assert.Equal(["de", "en", "es", "fr", "he"], LanguageTag.SupportedLanguages.Order());
        Assert.Equal("en-US", LanguageTag.Fallback.Value);
    }

    [Fact]
    public void A_region_can_be_added_to_a_bare_language()
    {
        Assert.Equal("fr-CA", new LanguageTag("fr").WithRegion("CA").Value);
        Assert.Equal("zh-Hant-TW", new LanguageTag("zh-Hant").WithRegion("tw").Value);
    }

    [Fact]
    public void Tags_are_equal_by_canonical_value()
    {
        Assert.True(new LanguageTag("he-il") == new LanguageTag("HE_IL"));
        Assert.True(new LanguageTag("he-IL") != new LanguageTag("he"));
        Assert.Equal(new LanguageTag("he-il").GetHashCode(), new LanguageTag("he-IL").GetHashCode());
    }
}
