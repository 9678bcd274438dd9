using AiScheduler.Domain.Leads;
using AiScheduler.Domain.Phones;

namespace AiScheduler.Domain.Tests.Phones;

public class CountryCallingCodesTests
{
    [Theory]
    [InlineData(1, "US", "United States")]
    [InlineData(7, "RU", "Russia")]
    [InlineData(20, "EG", "Egypt")]
    [InlineData(27, "ZA", "South Africa")]
    [InlineData(30, "GR", "Greece")]
    [InlineData(31, "NL", "Netherlands")]
    [InlineData(32, "BE", "Belgium")]
    [InlineData(33, "FR", "France")]
    [InlineData(34, "ES", "Spain")]
    [InlineData(36, "HU", "Hungary")]
    [InlineData(39, "IT", "Italy")]
    [InlineData(40, "RO", "Romania")]
    [InlineData(41, "CH", "Switzerland")]
    [InlineData(43, "AT", "Austria")]
    [InlineData(44, "GB", "United Kingdom")]
    [InlineData(45, "DK", "Denmark")]
    [InlineData(46, "SE", "Sweden")]
    [InlineData(47, "NO", "Norway")]
    [InlineData(48, "PL", "Poland")]
    [InlineData(49, "DE", "Germany")]
    [InlineData(51, "PE", "Peru")]
    [InlineData(52, "MX", "Mexico")]
    [InlineData(53, "CU", "Cuba")]
    [InlineData(54, "AR", "Argentina")]
    [InlineData(55, "BR", "Brazil")]
    [InlineData(56, "CL", "Chile")]
    [InlineData(57, "CO", "Colombia")]
    [InlineData(58, "VE", "Venezuela")]
    [InlineData(60, "MY", "Malaysia")]
    [InlineData(61, "AU", "Australia")]
    [InlineData(62, "ID", "Indonesia")]
    [InlineData(63, "PH", "Philippines")]
    [InlineData(64, "NZ", "New Zealand")]
    [InlineData(65, "SG", "Singapore")]
    [InlineData(66, "TH", "Thailand")]
    [InlineData(81, "JP", "Japan")]
    [InlineData(82, "KR", "South Korea")]
    [InlineData(84, "VN", "Vietnam")]
    [InlineData(86, "CN", "China")]
    [InlineData(90, "TR", "Turkey")]
    [InlineData(91, "IN", "India")]
    [InlineData(92, "PK", "Pakistan")]
    [InlineData(93, "AF", "Afghanistan")]
    [InlineData(94, "LK", "Sri Lanka")]
    [InlineData(95, "MM", "Myanmar")]
    [InlineData(98, "IR", "Iran")]
    [InlineData(211, "SS", "South Sudan")]
    [InlineData(212, "MA", "Morocco")]
    [InlineData(213, "DZ", "Algeria")]
    [InlineData(216, "TN", "Tunisia")]
    [InlineData(218, "LY", "Libya")]
    [InlineData(234, "NG", "Nigeria")]
    [InlineData(254, "KE", "Kenya")]
    [InlineData(262, "RE", "Réunion")]
    [InlineData(290, "SH", "Saint Helena")]
    [InlineData(299, "GL", "Greenland")]
    [InlineData(350, "GI", "Gibraltar")]
    [InlineData(351, "PT", "Portugal")]
    [InlineData(352, "LU", "Luxembourg")]
    [InlineData(353, "IE", "Ireland")]
    [InlineData(358, "FI", "Finland")]
    [InlineData(372, "EE", "Estonia")]
    [InlineData(380, "UA", "Ukraine")]
    [InlineData(383, "XK", "Kosovo")]
    [InlineData(420, "CZ", "Czech Republic")]
    [InlineData(421, "SK", "Slovakia")]
    [InlineData(423, "LI", "Liechtenstein")]
    [InlineData(500, "FK", "Falkland Islands")]
    [InlineData(509, "HT", "Haiti")]
    [InlineData(590, "GP", "Guadeloupe")]
    [InlineData(599, "CW", "Curaçao")]
    [InlineData(670, "TL", "Timor-Leste")]
    [InlineData(672, "NF", "Norfolk Island")]
    [InlineData(692, "MH", "Marshall Islands")]
    [InlineData(800, "001", "International Freephone Service")]
    [InlineData(808, "001", "International Shared Cost Service")]
    [InlineData(850, "KP", "North Korea")]
    [InlineData(852, "HK", "Hong Kong")]
    [InlineData(870, "001", "Inmarsat")]
    [InlineData(880, "BD", "Bangladesh")]
    [InlineData(881, "001", "Global Mobile Satellite System")]
    [InlineData(882, "001", "International Networks")]
    [InlineData(883, "001", "International Networks")]
    [InlineData(886, "TW", "Taiwan")]
    [InlineData(960, "MV", "Maldives")]
    [InlineData(970, "PS", "Palestine")]
    [InlineData(971, "AE", "United Arab Emirates")]
    [InlineData(972, "IL", "Israel")]
    [InlineData(979, "001", "International Premium Rate Service")]
    [InlineData(992, "TJ", "Tajikistan")]
    [InlineData(998, "UZ", "Uzbekistan")]
    public void Assigned_codes_name_their_principal_territory(int code, string region, string name)
    {
        Assert.True(CountryCallingCodes.TryFind(code, out var callingCode));
        Assert.Equal(region, callingCode.Principal.RegionCode);
        Assert.Equal(name, callingCode.Name);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(42)]
    [InlineData(210)]
    [InlineData(214)]
    [InlineData(259)]
    [InlineData(280)]
    [InlineData(384)]
    [InlineData(422)]
    [InlineData(671)]
    [InlineData(684)]
    [InlineData(693)]
    [InlineData(801)]
    [InlineData(878)]
    [InlineData(969)]
    [InlineData(990)]
    [InlineData(999)]
    public void Spare_and_withdrawn_codes_are_not_assigned(int code)
    {
        Assert.False(CountryCallingCodes.TryFind(code, out _));
    }

    [Fact]
    public void The_table_covers_every_zone_of_the_E164_assignment()
    {
        // ITU-T E.164 has about 215 codes in use; a missing row would silently reject a whole country.
        Assert.InRange(CountryCallingCodes.All.Count, 210, 230);
        Assert.InRange(CountryCallingCodes.Territories.Count(t => t.IsGeographic), 235, 260);
        foreach (var zone in Enumerable.Range(1, 9))
        {
            Assert.Contains(CountryCallingCodes.All, c => c.Code.ToString(System.Globalization.CultureInfo.InvariantCulture)[0] - '0' == zone);
        }
    }

    [Fact]
    public void Codes_are_prefix_free_so_a_number_has_one_reading()
    {
        var codes = CountryCallingCodes.All.Select(c => c.Code.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        foreach (var a in codes)
        {
            foreach (var b in codes)
            {
                Assert.False(a != b && b.StartsWith(a, StringComparison.Ordinal), $"+{a} is a prefix of +{b}");
            }
        }
    }

    [Fact]
    public void Region_codes_are_unique_ISO_alpha2_codes()
    {
        var geographic = CountryCallingCodes.Territories.Where(t => t.IsGeographic).ToList();
        Assert.All(geographic, t => Assert.Matches("^[A-Z]{2}$", t.RegionCode));
        Assert.Equal(geographic.Count, geographic.Select(t => t.RegionCode).Distinct().Count());
        Assert.All(CountryCallingCodes.Territories.Where(t => !t.IsGeographic), t => Assert.Null(t.Language));
    }

    [Fact]
    public void Every_listed_zone_exists_in_the_time_zone_database()
    {
        foreach (var territory in CountryCallingCodes.Territories.Where(t => t.TimeZone is not null))
        {
            Assert.True(TimeZoneInfo.TryFindSystemTimeZoneById(territory.TimeZone!, out _), $"{territory.RegionCode}: {territory.TimeZone}");
        }
    }

    [Fact]
    public void Every_listed_language_is_a_valid_tag_for_its_own_region()
    {
        foreach (var territory in CountryCallingCodes.Territories.Where(t => t.Language is not null && t.RegionCode != "AQ"))
        {
            Assert.True(LanguageTag.TryParse(territory.Language, out var tag, out var error), error);
            Assert.Equal(territory.RegionCode, tag.Region);
        }
    }

    [Fact]
    public void Numbering_plans_fit_inside_fifteen_digits()
    {
        // The generic plan is capped by the 15-digit rule at parse time; tabulated plans must fit on their own.
        foreach (var code in CountryCallingCodes.All.Where(c => c.Plan != NumberingPlan.Generic))
        {
            Assert.InRange(code.Plan.MinLength, 4, code.Plan.MaxLength);
            Assert.True(code.Code.ToString(System.Globalization.CultureInfo.InvariantCulture).Length + code.Plan.MaxLength <= PhoneNumber.MaxDigits,
                $"+{code.Code} allows {code.Plan.MaxLength} national digits");
        }
    }

    [Theory]
    [InlineData(972, 8, 10, "0")]
    [InlineData(1, 10, 10, "1")]
    [InlineData(44, 7, 10, "0")]
    [InlineData(33, 9, 9, "0")]
    [InlineData(49, 5, 13, "0")]
    [InlineData(34, 9, 9, "")]
    [InlineData(39, 6, 11, "")]
    [InlineData(351, 9, 9, "")]
    [InlineData(31, 9, 9, "0")]
    [InlineData(7, 10, 10, "8")]
    [InlineData(54, 10, 11, "0")]
    [InlineData(236, 4, 14, "0")]
    public void Major_countries_have_their_national_plan(int code, int min, int max, string trunk)
    {
        Assert.True(CountryCallingCodes.TryFind(code, out var callingCode));
        Assert.Equal(new NumberingPlan(min, max, trunk), callingCode.Plan);
    }

    [Theory]
    [InlineData("il", "IL", 972)]
    [InlineData(" US ", "US", 1)]
    [InlineData("JM", "JM", 1)]
    [InlineData("KZ", "KZ", 7)]
    [InlineData("GG", "GG", 44)]
    public void Regions_are_found_by_ISO_code(string query, string region, int code)
    {
        Assert.True(CountryCallingCodes.TryFindRegion(query, out var territory));
        Assert.Equal(region, territory.RegionCode);
        Assert.Equal(code, territory.CallingCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("ZZ")]
    [InlineData("001")]
    [InlineData("ISR")]
    public void Unknown_regions_are_not_found(string? query)
    {
        Assert.False(CountryCallingCodes.TryFindRegion(query, out _));
    }

    [Theory]
    [InlineData("972501234567", 972, "501234567")]
    [InlineData("12125550143", 1, "2125550143")]
    [InlineData("74951234567", 7, "4951234567")]
    [InlineData("442079460958", 44, "2079460958")]
    [InlineData("35312345678", 353, "12345678")]
    [InlineData("88212345678", 882, "12345678")]
    public void Digits_split_into_calling_code_and_national_number(string digits, int code, string national)
    {
        Assert.True(CountryCallingCodes.TrySplit(digits, out var callingCode, out var rest));
        Assert.Equal(code, callingCode.Code);
        Assert.Equal(national, rest);
    }

    [Theory]
    [InlineData(0, 5, "0")]
    [InlineData(6, 5, "0")]
    [InlineData(4, 15, "0")]
    [InlineData(4, 10, "O")]
    public void Numbering_plans_validate_their_bounds(int min, int max, string trunk)
    {
        Assert.ThrowsAny<ArgumentException>(() => new NumberingPlan(min, max, trunk));
    }
}
