using AiScheduler.Domain.Phones;

namespace AiScheduler.Domain.Tests.Phones;

public class PhoneNumberTests
{
    [Theory]
    // International forms
    [InlineData("+1 (212) 555-0143", null, "+12125550143", "US")]
    [InlineData("+1.212.555.0143", null, "+12125550143", "US")]
    [InlineData("+12125550143", "IL", "+12125550143", "US")]
    [InlineData("00972-50-123-4567", null, "+972501234567", "IL")]
    [InlineData("00 972 50 123 4567", "US", "+972501234567", "IL")]
    [InlineData("+972 50-123-4567", null, "+972501234567", "IL")]
    [InlineData("+972 (0)50 123 4567", null, "+972501234567", "IL")]
    [InlineData("+972 050 123 4567", null, "+972501234567", "IL")]
    [InlineData("+972-2-625-1111", null, "+97226251111", "IL")]
    [InlineData("+44 20 7946 0958", null, "+442079460958", "GB")]
    [InlineData("+44 (0)20 7946 0958", null, "+442079460958", "GB")]
    [InlineData("0044 (0)20 7946 0958", null, "+442079460958", "GB")]
    [InlineData("+44 020 7946 0958", null, "+442079460958", "GB")]
    [InlineData("+44 7700 900123", null, "+447700900123", "GB")]
    [InlineData("+44 7797 123456", null, "+447797123456", "JE")]
    [InlineData("+44 7624 123456", null, "+447624123456", "IM")]
    [InlineData("+44 1534 123456", null, "+441534123456", "JE")]
    [InlineData("+44 1624 123456", null, "+441624123456", "IM")]
    [InlineData("+44 1481 123456", null, "+441481123456", "GG")]
    [InlineData("+33 1 23 45 67 89", null, "+33123456789", "FR")]
    [InlineData("+33 (0)6 12 34 56 78", null, "+33612345678", "FR")]
    [InlineData("+49 30 901820", null, "+4930901820", "DE")]
    [InlineData("+49 (0)151 23456789", null, "+4915123456789", "DE")]
    [InlineData("+34 912 345 678", null, "+34912345678", "ES")]
    [InlineData("+39 06 6982 1234", null, "+390669821234", "IT")]
    [InlineData("+39 02 1234 5678", null, "+390212345678", "IT")]
    [InlineData("+39 312 345 6789", null, "+393123456789", "IT")]
    [InlineData("+351 912 345 678", null, "+351912345678", "PT")]
    [InlineData("+31 6 12345678", null, "+31612345678", "NL")]
    [InlineData("+7 495 123-45-67", null, "+74951234567", "RU")]
    [InlineData("+7 701 123 4567", null, "+77011234567", "KZ")]
    [InlineData("+54 9 11 1234 5678", null, "+5491112345678", "AR")]
    [InlineData("+54 11 1234 5678", null, "+541112345678", "AR")]
    [InlineData("+61 2 9374 4000", null, "+61293744000", "AU")]
    [InlineData("+41 44 668 18 00", null, "+41446681800", "CH")]
    [InlineData("+43 1 234567", null, "+431234567", "AT")]
    [InlineData("+32 2 123 45 67", null, "+3221234567", "BE")]
    [InlineData("+52 55 1234 5678", null, "+525512345678", "MX")]
    [InlineData("+52 1 55 1234 5678", null, "+525512345678", "MX")]
    [InlineData("+225 07 12 34 56 78", null, "+2250712345678", "CI")]
    [InlineData("+358 18 12345", null, "+3581812345", "AX")]
    [InlineData("+599 9 123 4567", null, "+59991234567", "CW")]
    [InlineData("+599 7 123 456", null, "+5997123456", "BQ")]
    [InlineData("+800 1234 5678", null, "+80012345678", "001")]
    [InlineData("+882 1234 5678", null, "+88212345678", "001")]
    // NANP regions by area code
    [InlineData("+1 416 555 0199", null, "+14165550199", "CA")]
    [InlineData("+1 514 555 0199", null, "+15145550199", "CA")]
    [InlineData("+1 876 555 0199", null, "+18765550199", "JM")]
    [InlineData("+1 787 555 0199", null, "+17875550199", "PR")]
    [InlineData("+1 809 555 0199", null, "+18095550199", "DO")]
    [InlineData("+1 441 555 0199", null, "+14415550199", "BM")]
    [InlineData("+1 671 555 0199", null, "+16715550199", "GU")]
    [InlineData("+1 800 555 0199", null, "+18005550199", "US")]
    // National forms with a default region
    [InlineData("050-123-4567", "IL", "+972501234567", "IL")]
    [InlineData("050-123-4567", "il", "+972501234567", "IL")]
    [InlineData("02-625-1111", "IL", "+97226251111", "IL")]
    [InlineData("(212) 555-0143", "US", "+12125550143", "US")]
    [InlineData("1 (212) 555-0143", "US", "+12125550143", "US")]
    [InlineData("212.555.0143", "CA", "+12125550143", "US")]
    [InlineData("011 44 20 7946 0958", "US", "+442079460958", "GB")]
    [InlineData("011-972-50-123-4567", "CA", "+972501234567", "IL")]
    [InlineData("020 7946 0958", "GB", "+442079460958", "GB")]
    [InlineData("01 23 45 67 89", "FR", "+33123456789", "FR")]
    [InlineData("030 901820", "DE", "+4930901820", "DE")]
    [InlineData("912 345 678", "ES", "+34912345678", "ES")]
    [InlineData("06 6982 1234", "IT", "+390669821234", "IT")]
    [InlineData("02 1234 5678", "IT", "+390212345678", "IT")]
    [InlineData("8 (495) 123-45-67", "RU", "+74951234567", "RU")]
    [InlineData("06 12345678", "NL", "+31612345678", "NL")]
    // Spreadsheets drop the leading +: digits starting with the region's own code are read internationally
    [InlineData("972501234567", "IL", "+972501234567", "IL")]
    [InlineData("447700900123", "GB", "+447700900123", "GB")]
    [InlineData("33612345678", "FR", "+33612345678", "FR")]
    // ... but a valid national reading wins
    [InlineData("0501234567", "IL", "+972501234567", "IL")]
    [InlineData("97226251111", "IL", "+97226251111", "IL")]
    // tel: URIs, other scripts and spacing
    [InlineData("tel:+1-212-555-0143", null, "+12125550143", "US")]
    [InlineData("TEL:+33-1-23-45-67-89", null, "+33123456789", "FR")]
    [InlineData("tel:0501234567;phone-context=+972", "IL", "+972501234567", "IL")]
    [InlineData("  +972 50 123 4567  ", null, "+972501234567", "IL")]
    [InlineData("+972\u00A050\u2011123\u20114567", null, "+972501234567", "IL")]
    [InlineData("\uFF0B972 50 123 4567", null, "+972501234567", "IL")]
    [InlineData("+\u0669\u0667\u0662\u0665\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667", null, "+972501234567", "IL")]
    [InlineData("+972/50/1234567", null, "+972501234567", "IL")]
    public void Typed_numbers_normalise_to_E164(string typed, string? region, string e164, string expectedRegion)
    {
        Assert.True(PhoneNumber.TryParse(typed, region, out var number, out var error), error);
        Assert.Equal(e164, number.E164);
        Assert.Equal(e164, number.ToString());
        Assert.Equal(expectedRegion, number.RegionCode);
        Assert.Equal(e164, $"+{number.CountryCallingCode}{number.NationalSignificantNumber}");
    }

    [Theory]
    [InlineData("", null, "empty")]
    [InlineData("   ", "IL", "empty")]
    [InlineData(null, "IL", "empty")]
    [InlineData("call me", "IL", "letters in the number")]
    [InlineData("9.72501E+11", "IL", "scientific notation")]
    [InlineData("9,72501E+11", "IL", "scientific notation")]
    [InlineData("972501234567", null, "no country code and no default region")]
    [InlineData("+1-800-FLOWERS", null, "letters in the number")]
    [InlineData("050-ABC-4567", "IL", "letters in the number")]
    [InlineData("+972 5", null, "too short for +972 (Israel)")]
    [InlineData("+972 50 123", null, "too short for +972 (Israel)")]
    [InlineData("+972 50 123 4567 890", null, "too long for +972 (Israel)")]
    [InlineData("+999 123 4567", null, "unknown country calling code +999")]
    [InlineData("+422 123 4567", null, "unknown country calling code +422")]
    [InlineData("+0 123 4567", null, "never start with 0")]
    [InlineData("050-123-4567", null, "no country code and no default region")]
    [InlineData("050-123-4567", "", "no country code and no default region")]
    [InlineData("050-123-4567", "ZZ", "unknown default region 'ZZ'")]
    [InlineData("+1 212 555 0143 ext. 12", null, "extension (12)")]
    [InlineData("+1 212 555 0143 x12", null, "extension (12)")]
    [InlineData("+1 212 555 0143 extension 7", null, "extension (7)")]
    [InlineData("+1 212 555 0143#99", null, "extension (99)")]
    [InlineData("tel:+1-212-555-0143;ext=42", null, "extension (42)")]
    [InlineData("+1 212 555 014", null, "too short for +1 (United States)")]
    [InlineData("+1 212 555 01433", null, "too long for +1 (United States)")]
    [InlineData("+1 012 555 0143", null, "area code 012 cannot start with 0")]
    [InlineData("+1 112 555 0143", null, "area code 112 cannot start with 1")]
    [InlineData("+1 911 555 0143", null, "service code")]
    [InlineData("+1 212 055 0143", null, "exchange 055 cannot start with 0")]
    [InlineData("+1 212 155 0143", null, "exchange 155 cannot start with 1")]
    [InlineData("+33 1 23 45 67", null, "too short for +33 (France)")]
    [InlineData("+33 1 23 45 67 89 0", null, "too long for +33 (France)")]
    [InlineData("+49 1234 5678 9012 3456", null, "longer than the 15 allowed by E.164")]
    [InlineData("+123456789012345678901", null, "longer than the 15 allowed by E.164")]
    [InlineData("972+501234567", null, "a + may only appear at the start")]
    [InlineData("+972*50*1234567", null, "unexpected character '*'")]
    [InlineData("+", null, "no digits")]
    [InlineData("00", null, "no digits after the international prefix")]
    [InlineData("()--", "IL", "no digits")]
    public void Garbage_is_rejected_with_a_reason_a_person_can_act_on(string? typed, string? region, string reason)
    {
        Assert.False(PhoneNumber.TryParse(typed, region, out var number, out var error));
        Assert.Null(number);
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_throws_a_format_exception_carrying_the_reason()
    {
        var exception = Assert.Throws<FormatException>(() => PhoneNumber.Parse("+999 123 4567"));
        Assert.Contains("unknown country calling code +999", exception.Message, StringComparison.Ordinal);
        Assert.Equal("+972501234567", PhoneNumber.Parse("050-123-4567", "IL").E164);
    }

    [Theory]
    [InlineData("+972501234567", "+97250*****67")]
    [InlineData("+12125550143", "+121******43")]
    [InlineData("+442079460958", "+4420******58")]
    [InlineData("+431234567", "+4312***67")]
    [InlineData("+358181234", "+358*****4")]
    [InlineData("+80012345678", "+80012****78")]
    public void Masked_form_hides_the_middle_digits_for_logs(string e164, string masked)
    {
        var number = PhoneNumber.Parse(e164);
        Assert.Equal(masked, number.Masked);
        Assert.DoesNotContain(number.NationalSignificantNumber, number.Masked, StringComparison.Ordinal);
    }

    [Fact]
    public void Numbers_are_equal_by_their_E164_form()
    {
        var a = PhoneNumber.Parse("+972 50 123 4567");
        var b = PhoneNumber.Parse("050-1234567", "IL");
        Assert.Equal(a, b);
        Assert.True(a == b);
        Assert.False(a != b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.Equal(0, a.CompareTo(b));
        Assert.NotEqual(a, PhoneNumber.Parse("+972501234568"));
    }

    [Fact]
    public void The_E164_form_parses_back_to_the_same_number()
    {
        foreach (var typed in new[] { "+1 (212) 555-0143", "00972-50-123-4567", "+44 (0)20 7946 0958", "+7 701 123 4567", "+599 7 123 456" })
        {
            var number = PhoneNumber.Parse(typed);
            var again = PhoneNumber.Parse(number.E164);
            Assert.Equal(number, again);
            Assert.Equal(number.RegionCode, again.RegionCode);
        }
    }

    [Fact]
    public void Area_code_is_exposed_for_north_american_numbers_only()
    {
        Assert.Equal(212, PhoneNumber.Parse("+12125550143").AreaCode);
        Assert.Null(PhoneNumber.Parse("+972501234567").AreaCode);
    }

    [Fact]
    public void Every_calling_code_accepts_numbers_of_its_plan_lengths_and_rejects_the_rest()
    {
        foreach (var code in CountryCallingCodes.All)
        {
            var prefix = code.Code == 1 ? "212555" : "";
            var codeLength = code.Code.ToString(System.Globalization.CultureInfo.InvariantCulture).Length;
            var max = Math.Min(code.Plan.MaxLength, PhoneNumber.MaxDigits - codeLength);
            for (var length = code.Plan.MinLength - 1; length <= max + 1; length++)
            {
                var national = (prefix + new string('2', Math.Max(0, length))).Substring(0, Math.Max(0, length));
                var valid = length >= code.Plan.MinLength && length <= max;
                var parsed = PhoneNumber.TryParse($"+{code.Code}{national}", null, out var number, out var error);
                Assert.True(valid == parsed, $"+{code.Code} {national}: {error}");
                if (parsed)
                {
                    Assert.Equal(code.Code, number!.CountryCallingCode);
                    Assert.Equal(national, number.NationalSignificantNumber);
                    Assert.Contains(number.Territory, code.Territories);
                    Assert.Equal(number, PhoneNumber.Parse(number.E164));
                }
            }
        }
    }

    [Fact]
    public void Every_region_parses_its_own_national_form_with_the_trunk_prefix()
    {
        foreach (var territory in CountryCallingCodes.Territories.Where(t => t.IsGeographic))
        {
            Assert.True(CountryCallingCodes.TryFind(territory.CallingCode, out var code));
            var national = territory.CallingCode == 1 ? "2125550143" : new string('2', code.Plan.MinLength);
            var typed = code.Plan.TrunkPrefix + national;
            Assert.True(PhoneNumber.TryParse(typed, territory.RegionCode, out var number, out var error), $"{territory.RegionCode} {typed}: {error}");
            Assert.Equal($"+{territory.CallingCode}{national}", number.E164);
        }
    }
}
