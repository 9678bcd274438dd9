using AiScheduler.Domain.Phones;

namespace AiScheduler.Domain.Tests.Phones;

public class NorthAmericanNumberingPlanTests
{
    private static readonly string[] States =
    [
        "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS", "KY", "LA", "ME",
        "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI",
        "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY",
    ];

    private static readonly string[] Provinces = ["BC", "AB", "SK", "MB", "ON", "QC", "NB", "NS", "NL", "NT"];

    [Fact]
    public void Every_state_and_the_district_of_columbia_has_area_codes()
    {
        foreach (var state in States)
        {
            Assert.Contains(NorthAmericanNumberingPlan.AreaCodes, a => a.RegionCode == "US" && a.Subdivision == state);
        }
    }

    [Fact]
    public void Every_province_has_area_codes()
    {
        foreach (var province in Provinces)
        {
            Assert.Contains(NorthAmericanNumberingPlan.AreaCodes, a => a.RegionCode == "CA" && a.Subdivision == province);
        }
    }

    [Fact]
    public void Every_caribbean_member_of_the_plan_is_its_own_region()
    {
        Assert.True(CountryCallingCodes.TryFind(1, out var nanp));
        foreach (var member in nanp.Territories.Where(t => t.RegionCode is not "US" and not "CA"))
        {
            var codes = NorthAmericanNumberingPlan.AreaCodes.Where(a => a.RegionCode == member.RegionCode).ToList();
            Assert.NotEmpty(codes);
            Assert.All(codes, a => Assert.Equal(member.TimeZone, a.TimeZone));
        }
    }

    [Fact]
    public void Area_codes_have_the_NXX_shape_and_are_not_service_codes()
    {
        Assert.InRange(NorthAmericanNumberingPlan.AreaCodes.Count, 380, 450);
        foreach (var areaCode in NorthAmericanNumberingPlan.AreaCodes)
        {
            Assert.InRange(areaCode.Code, 200, 999);
            Assert.False(areaCode.Code % 100 == 11, $"{areaCode.Code} is an N11 service code");
            Assert.DoesNotContain(areaCode.Code, NorthAmericanNumberingPlan.NonGeographicAreaCodes);
            Assert.True(TimeZoneInfo.TryFindSystemTimeZoneById(areaCode.TimeZone, out _), $"{areaCode.Code}: {areaCode.TimeZone}");
        }
    }

    [Fact]
    public void Quebec_area_codes_all_belong_to_Quebec()
    {
        Assert.Equal(12, NorthAmericanNumberingPlan.QuebecAreaCodes.Count);
        foreach (var code in NorthAmericanNumberingPlan.QuebecAreaCodes)
        {
            Assert.True(NorthAmericanNumberingPlan.TryFind(code, out var areaCode));
            Assert.Equal("QC", areaCode.Subdivision);
        }

        Assert.Equal(
            NorthAmericanNumberingPlan.QuebecAreaCodes.Order(),
            NorthAmericanNumberingPlan.AreaCodes.Where(a => a.Subdivision == "QC" && a.RegionCode == "CA").Select(a => a.Code));
    }

    [Theory]
    [InlineData(212, "US", "NY", "America/New_York")]
    [InlineData(213, "US", "CA", "America/Los_Angeles")]
    [InlineData(312, "US", "IL", "America/Chicago")]
    [InlineData(303, "US", "CO", "America/Denver")]
    [InlineData(602, "US", "AZ", "America/Phoenix")]
    [InlineData(907, "US", "AK", "America/Anchorage")]
    [InlineData(808, "US", "HI", "Pacific/Honolulu")]
    [InlineData(313, "US", "MI", "America/Detroit")]
    [InlineData(317, "US", "IN", "America/Indiana/Indianapolis")]
    [InlineData(219, "US", "IN", "America/Chicago")]
    [InlineData(915, "US", "TX", "America/Denver")]
    [InlineData(214, "US", "TX", "America/Chicago")]
    [InlineData(208, "US", "ID", "America/Boise")]
    [InlineData(865, "US", "TN", "America/New_York")]
    [InlineData(901, "US", "TN", "America/Chicago")]
    [InlineData(202, "US", "DC", "America/New_York")]
    [InlineData(416, "CA", "ON", "America/Toronto")]
    [InlineData(514, "CA", "QC", "America/Toronto")]
    [InlineData(604, "CA", "BC", "America/Vancouver")]
    [InlineData(403, "CA", "AB", "America/Edmonton")]
    [InlineData(306, "CA", "SK", "America/Regina")]
    [InlineData(204, "CA", "MB", "America/Winnipeg")]
    [InlineData(506, "CA", "NB", "America/Moncton")]
    [InlineData(902, "CA", "NS", "America/Halifax")]
    [InlineData(709, "CA", "NL", "America/St_Johns")]
    [InlineData(876, "JM", "JM", "America/Jamaica")]
    [InlineData(787, "PR", "PR", "America/Puerto_Rico")]
    [InlineData(671, "GU", "GU", "Pacific/Guam")]
    public void Area_codes_resolve_to_region_and_zone(int code, string region, string subdivision, string zone)
    {
        Assert.True(NorthAmericanNumberingPlan.TryFind(code, out var areaCode));
        Assert.Equal(new AreaCode(code, region, subdivision, zone), areaCode);
    }

    [Theory]
    [InlineData(800)]
    [InlineData(888)]
    [InlineData(900)]
    [InlineData(555)]
    public void Service_and_unassigned_codes_have_no_place(int code)
    {
        Assert.False(NorthAmericanNumberingPlan.TryFind(code, out _));
        Assert.Equal("US", NorthAmericanNumberingPlan.RegionOf($"{code}5550100"));
    }

    [Fact]
    public void Every_geographic_area_code_parses_to_its_region()
    {
        foreach (var areaCode in NorthAmericanNumberingPlan.AreaCodes)
        {
            var number = PhoneNumber.Parse($"+1{areaCode.Code}5550100");
            Assert.Equal(areaCode.RegionCode, number.RegionCode);
            Assert.Equal(areaCode.Code, number.AreaCode);
        }
    }
}
