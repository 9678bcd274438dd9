using AiScheduler.Domain.Leads;
using AiScheduler.Domain.Phones;

namespace AiScheduler.Domain.Tests.Leads;

public class TimeZoneInferenceTests
{
    private const string CampaignZone = "Europe/Lisbon";

    [Theory]
    [InlineData("+972501234567", "Asia/Jerusalem")]
    [InlineData("+33123456789", "Europe/Paris")]
    [InlineData("+4930901820", "Europe/Berlin")]
    [InlineData("+34912345678", "Europe/Madrid")]
    [InlineData("+442079460958", "Europe/London")]
    [InlineData("+441534123456", "Europe/Jersey")]
    [InlineData("+390212345678", "Europe/Rome")]
    [InlineData("+351912345678", "Europe/Lisbon")]
    [InlineData("+31612345678", "Europe/Amsterdam")]
    [InlineData("+3221234567", "Europe/Brussels")]
    [InlineData("+41446681800", "Europe/Zurich")]
    [InlineData("+431234567", "Europe/Vienna")]
    [InlineData("+35312345678", "Europe/Dublin")]
    [InlineData("+48123456789", "Europe/Warsaw")]
    [InlineData("+380441234567", "Europe/Kyiv")]
    [InlineData("+302101234567", "Europe/Athens")]
    [InlineData("+902121234567", "Europe/Istanbul")]
    [InlineData("+201012345678", "Africa/Cairo")]
    [InlineData("+27211234567", "Africa/Johannesburg")]
    [InlineData("+971501234567", "Asia/Dubai")]
    [InlineData("+919812345678", "Asia/Kolkata")]
    [InlineData("+8613812345678", "Asia/Shanghai")]
    [InlineData("+819012345678", "Asia/Tokyo")]
    [InlineData("+6561234567", "Asia/Singapore")]
    [InlineData("+6491234567", "Pacific/Auckland")]
    [InlineData("+541112345678", "America/Argentina/Buenos_Aires")]
    [InlineData("+5712345678", "America/Bogota")]
    [InlineData("+77011234567", "Asia/Almaty")]
    public void Single_zone_countries_give_their_zone(string e164, string zone)
    {
        Assert.Equal(new InferredTimeZone(zone, TimeZoneSource.Country), TimeZoneInference.Infer(PhoneNumber.Parse(e164), null, CampaignZone));
    }

    [Theory]
    [InlineData("+12125550143", "America/New_York")]
    [InlineData("+13105550143", "America/Los_Angeles")]
    [InlineData("+13125550143", "America/Chicago")]
    [InlineData("+13035550143", "America/Denver")]
    [InlineData("+16025550143", "America/Phoenix")]
    [InlineData("+19075550143", "America/Anchorage")]
    [InlineData("+18085550143", "Pacific/Honolulu")]
    [InlineData("+19155550143", "America/Denver")]
    [InlineData("+14165550143", "America/Toronto")]
    [InlineData("+15145550143", "America/Toronto")]
    [InlineData("+16045550143", "America/Vancouver")]
    [InlineData("+17095550143", "America/St_Johns")]
    [InlineData("+13065550143", "America/Regina")]
    [InlineData("+18765550143", "America/Jamaica")]
    [InlineData("+17875550143", "America/Puerto_Rico")]
    public void North_american_numbers_use_their_area_code(string e164, string zone)
    {
        Assert.Equal(new InferredTimeZone(zone, TimeZoneSource.AreaCode), TimeZoneInference.Infer(PhoneNumber.Parse(e164), null, CampaignZone));
    }

    [Theory]
    [InlineData("+79161234567")]
    [InlineData("+73512345678")]
    [InlineData("+61412345678")]
    [InlineData("+6281234567890")]
    [InlineData("+243812345678")]
    [InlineData("+97699123456")]
    [InlineData("+18005550143")]
    [InlineData("+18885550143")]
    [InlineData("+80012345678")]
    public void Multi_zone_countries_without_a_telling_area_and_service_numbers_fall_back_to_the_campaign_zone(string e164)
    {
        Assert.Equal(new InferredTimeZone(CampaignZone, TimeZoneSource.Fallback), TimeZoneInference.Infer(PhoneNumber.Parse(e164), null, CampaignZone));
    }

    [Theory]
    [InlineData("+74951234567", "Europe/Moscow")]
    [InlineData("+78121234567", "Europe/Moscow")]
    [InlineData("+74012123456", "Europe/Kaliningrad")]
    [InlineData("+73831234567", "Asia/Novosibirsk")]
    [InlineData("+74232123456", "Asia/Vladivostok")]
    [InlineData("+61293744000", "Australia/Sydney")]
    [InlineData("+61391234567", "Australia/Melbourne")]
    [InlineData("+61731234567", "Australia/Brisbane")]
    [InlineData("+61881234567", "Australia/Adelaide")]
    [InlineData("+61889123456", "Australia/Darwin")]
    [InlineData("+61891234567", "Australia/Perth")]
    [InlineData("+5511912345678", "America/Sao_Paulo")]
    [InlineData("+552112345678", "America/Sao_Paulo")]
    [InlineData("+5592912345678", "America/Manaus")]
    [InlineData("+5581912345678", "America/Recife")]
    [InlineData("+5568912345678", "America/Rio_Branco")]
    [InlineData("+525512345678", "America/Mexico_City")]
    [InlineData("+528112345678", "America/Monterrey")]
    [InlineData("+526641234567", "America/Tijuana")]
    [InlineData("+529981234567", "America/Cancun")]
    [InlineData("+62211234567", "Asia/Jakarta")]
    [InlineData("+62361123456", "Asia/Makassar")]
    public void Multi_zone_countries_use_area_codes_that_settle_the_zone(string e164, string zone)
    {
        Assert.Equal(new InferredTimeZone(zone, TimeZoneSource.AreaCode), TimeZoneInference.Infer(PhoneNumber.Parse(e164), null, CampaignZone));
    }

    [Fact]
    public void Every_area_code_zone_exists_in_the_time_zone_database()
    {
        Assert.All(AreaCodeZones.Zones, zone => Assert.True(TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _), zone));
    }

    [Theory]
    [InlineData("+972501234567", "America/New_York", "America/New_York")]
    [InlineData("+74951234567", "Asia/Vladivostok", "Asia/Vladivostok")]
    [InlineData("+12125550143", "america/los_angeles", "America/Los_Angeles")]
    [InlineData("+12125550143", " Europe/Paris ", "Europe/Paris")]
    [InlineData("+33123456789", "UTC", "UTC")]
    [InlineData("+33123456789", "Israel Standard Time", "Asia/Jerusalem")]
    [InlineData("+33123456789", "W. Europe Standard Time", "Europe/Berlin")]
    public void A_declared_zone_wins_and_is_normalised_to_its_IANA_id(string e164, string declared, string zone)
    {
        Assert.Equal(new InferredTimeZone(zone, TimeZoneSource.Declared), TimeZoneInference.Infer(PhoneNumber.Parse(e164), declared, CampaignZone));
    }

    [Theory]
    [InlineData("PST", "did you mean America/Los_Angeles?")]
    [InlineData("IST", "did you mean Asia/Jerusalem?")]
    [InlineData("Mars/Olympus_Mons", "is not an IANA id")]
    [InlineData("+02:00", "is not an IANA id")]
    [InlineData("UTC+2", "is not an IANA id")]
    public void An_invalid_declared_zone_is_an_error_with_a_hint(string declared, string reason)
    {
        var number = PhoneNumber.Parse("+972501234567");
        Assert.False(TimeZoneInference.TryInfer(number, declared, CampaignZone, out var result, out var error));
        Assert.Null(result);
        Assert.Contains(reason, error, StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => TimeZoneInference.Infer(number, declared, CampaignZone));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" ")]
    public void A_blank_declared_zone_means_not_declared(string? declared)
    {
        Assert.Equal(TimeZoneSource.Country, TimeZoneInference.Infer(PhoneNumber.Parse("+972501234567"), declared, CampaignZone).Source);
    }

    [Fact]
    public void An_invalid_fallback_zone_is_a_configuration_error()
    {
        var exception = Assert.Throws<ArgumentException>(() => TimeZoneInference.Infer(PhoneNumber.Parse("+74951234567"), null, "Nowhere/Special"));
        Assert.Equal("fallbackTimeZone", exception.ParamName);
    }

    [Theory]
    [InlineData("Asia/Jerusalem", "Asia/Jerusalem")]
    [InlineData("ASIA/JERUSALEM", "Asia/Jerusalem")]
    [InlineData("Etc/UTC", "Etc/UTC")]
    [InlineData("Eastern Standard Time", "America/New_York")]
    public void Typed_zones_normalise(string typed, string zone)
    {
        Assert.True(TimeZoneInference.TryNormalise(typed, out var id, out var error), error);
        Assert.Equal(zone, id);
    }

    [Fact]
    public void Every_single_zone_territory_resolves_to_a_real_zone()
    {
        foreach (var territory in CountryCallingCodes.Territories.Where(t => t.TimeZone is not null && t.CallingCode != 1))
        {
            Assert.True(TimeZoneInference.TryNormalise(territory.TimeZone, out var id, out var error), error);
            Assert.Equal(territory.TimeZone, id);
        }
    }
}
