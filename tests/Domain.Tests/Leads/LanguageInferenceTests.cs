using AiScheduler.Domain.Leads;
using AiScheduler.Domain.Phones;

namespace AiScheduler.Domain.Tests.Leads;

public class LanguageInferenceTests
{
    [Theory]
    [InlineData("+972501234567", "he-IL")]
    [InlineData("+33123456789", "fr-FR")]
    [InlineData("+4930901820", "de-DE")]
    [InlineData("+34912345678", "es-ES")]
    [InlineData("+12125550143", "en-US")]
    [InlineData("+14165550199", "en-CA")]
    [InlineData("+18765550199", "en-JM")]
    [InlineData("+18005550199", "en-US")]
    [InlineData("+442079460958", "en-GB")]
    [InlineData("+441534123456", "en-JE")]
    [InlineData("+61293744000", "en-AU")]
    [InlineData("+6491234567", "en-NZ")]
    [InlineData("+35312345678", "en-IE")]
    [InlineData("+27211234567", "en-ZA")]
    [InlineData("+6561234567", "en-SG")]
    [InlineData("+3221234567", "fr-BE")]
    [InlineData("+3241234567", "fr-BE")]
    [InlineData("+32470123456", "fr-BE")]
    [InlineData("+41221234567", "fr-CH")]
    [InlineData("+41211234567", "fr-CH")]
    [InlineData("+41791234567", "de-CH")]
    [InlineData("+41446681800", "de-CH")]
    [InlineData("+431234567", "de-AT")]
    [InlineData("+352123456", "fr-LU")]
    [InlineData("+37791234567", "fr-MC")]
    [InlineData("+221771234567", "fr-SN")]
    [InlineData("+525512345678", "es-MX")]
    [InlineData("+541112345678", "es-AR")]
    [InlineData("+56912345678", "es-CL")]
    [InlineData("+5712345678", "es-CO")]
    [InlineData("+5112345678", "es-PE")]
    [InlineData("+582121234567", "es-VE")]
    [InlineData("+59899123456", "es-UY")]
    [InlineData("+50612345678", "es-CR")]
    [InlineData("+18095550199", "es-DO")]
    [InlineData("+17875550199", "es-PR")]
    public void Supported_country_languages_are_used_directly(string e164, string expected)
    {
        var result = LanguageInference.Infer(PhoneNumber.Parse(e164), null);
        Assert.Equal(new InferredLanguage(new LanguageTag(expected), true, LanguageSource.Country, null), result);
    }

    [Theory]
    [InlineData(418)]
    [InlineData(438)]
    [InlineData(450)]
    [InlineData(514)]
    [InlineData(579)]
    [InlineData(581)]
    [InlineData(819)]
    [InlineData(873)]
    [InlineData(367)]
    [InlineData(354)]
    [InlineData(468)]
    [InlineData(263)]
    public void Quebec_area_codes_are_canadian_french(int areaCode)
    {
        var result = LanguageInference.Infer(PhoneNumber.Parse($"+1{areaCode}5550199"), null);
        Assert.Equal("fr-CA", result.Tag.Value);
        Assert.True(result.IsSupported);
        Assert.Equal(LanguageSource.Country, result.Source);
    }

    [Theory]
    [InlineData("+390212345678", "it-IT")]
    [InlineData("+351912345678", "pt-PT")]
    [InlineData("+5511912345678", "pt-BR")]
    [InlineData("+31612345678", "nl-NL")]
    [InlineData("+201012345678", "ar-EG")]
    [InlineData("+966512345678", "ar-SA")]
    [InlineData("+971501234567", "ar-AE")]
    [InlineData("+74951234567", "ru-RU")]
    [InlineData("+375291234567", "ru-BY")]
    [InlineData("+819012345678", "ja-JP")]
    [InlineData("+8613812345678", "zh-CN")]
    [InlineData("+48123456789", "pl-PL")]
    [InlineData("+41911234567", "it-CH")]
    [InlineData("+3231234567", "nl-BE")]
    [InlineData("+3291234567", "nl-BE")]
    [InlineData("+3216123456", "nl-BE")]
    public void Recognised_but_unsupported_languages_fall_back_to_english(string e164, string recognised)
    {
        var result = LanguageInference.Infer(PhoneNumber.Parse(e164), null);
        Assert.Equal(new InferredLanguage(LanguageTag.Fallback, false, LanguageSource.Country, new LanguageTag(recognised)), result);
    }

    [Theory]
    [InlineData("+80012345678")]
    [InlineData("+88212345678")]
    public void International_service_numbers_say_nothing_about_language(string e164)
    {
        var result = LanguageInference.Infer(PhoneNumber.Parse(e164), null);
        Assert.Equal(new InferredLanguage(LanguageTag.Fallback, false, LanguageSource.Fallback, null), result);
    }

    [Theory]
    [InlineData("+972501234567", "en", "en-IL")]
    [InlineData("+972501234567", "en-GB", "en-GB")]
    [InlineData("+12125550143", "he", "he")]
    [InlineData("+12125550143", "es", "es-US")]
    [InlineData("+15145550199", "fr", "fr-CA")]
    [InlineData("+15145550199", "en", "en-CA")]
    [InlineData("+33123456789", "de-DE", "de-DE")]
    [InlineData("+33123456789", "FR", "fr-FR")]
    [InlineData("+525512345678", "es", "es-MX")]
    [InlineData("+972501234567", "Hebrew", "he-IL")]
    [InlineData("+33123456789", "français", "fr-FR")]
    [InlineData("+4930901820", "Deutsch", "de-DE")]
    [InlineData("+12125550143", "Spanish", "es-US")]
    [InlineData("+972501234567", "עברית", "he-IL")]
    [InlineData("+390212345678", "english", "en")]
    [InlineData("+80012345678", "de", "de")]
    public void A_declared_language_wins_over_the_country(string e164, string declared, string expected)
    {
        var result = LanguageInference.Infer(PhoneNumber.Parse(e164), declared);
        Assert.Equal(new InferredLanguage(new LanguageTag(expected), true, LanguageSource.Declared, null), result);
    }

    [Theory]
    [InlineData("+972501234567", "it", "it")]
    [InlineData("+390212345678", "it", "it-IT")]
    [InlineData("+12125550143", "Russian", "ru")]
    [InlineData("+5511912345678", "pt", "pt-BR")]
    public void A_declared_unsupported_language_is_recognised_and_falls_back(string e164, string declared, string recognised)
    {
        var result = LanguageInference.Infer(PhoneNumber.Parse(e164), declared);
        Assert.Equal(new InferredLanguage(LanguageTag.Fallback, false, LanguageSource.Declared, new LanguageTag(recognised)), result);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void A_blank_declared_language_means_not_declared(string? declared)
    {
        Assert.Equal(LanguageSource.Country, LanguageInference.Infer(PhoneNumber.Parse("+972501234567"), declared).Source);
    }

    [Theory]
    [InlineData("Klingon")]
    [InlineData("he IL")]
    [InlineData("123")]
    public void An_invalid_declared_language_is_an_error_not_ignored(string declared)
    {
        var number = PhoneNumber.Parse("+972501234567");
        Assert.False(LanguageInference.TryInfer(number, declared, out var result, out var error));
        Assert.Null(result);
        Assert.StartsWith("language: ", error, StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => LanguageInference.Infer(number, declared));
    }

    [Fact]
    public void Every_calling_code_territory_yields_a_language_decision()
    {
        foreach (var territory in CountryCallingCodes.Territories.Where(t => t.Language is not null))
        {
            var tag = new LanguageTag(territory.Language!);
            Assert.Equal(territory.Language, tag.Value);
        }
    }
}
