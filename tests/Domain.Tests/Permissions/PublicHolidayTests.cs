using System.Globalization;
using AiScheduler.Domain.Permissions;

namespace AiScheduler.Domain.Tests.Permissions;

/// <summary>The shipped holiday table checked against the calendars it comes from: Easter for France and Spain, the Hebrew calendar for Israel.</summary>
public class PublicHolidayTests
{
    [Theory]
    [InlineData(2026)]
    [InlineData(2027)]
    [InlineData(2028)]
    public void French_and_Spanish_moveable_feasts_follow_Easter(int year)
    {
        var easter = Easter(year);
        Assert.Equal("Lundi de Pâques", PublicHolidays.NameOf("FR", easter.AddDays(1)));
        Assert.Equal("Ascension", PublicHolidays.NameOf("FR", easter.AddDays(39)));
        Assert.Equal("Lundi de Pentecôte", PublicHolidays.NameOf("FR", easter.AddDays(50)));
        Assert.Equal("Viernes Santo", PublicHolidays.NameOf("ES", easter.AddDays(-2)));
        Assert.Equal(11, PublicHolidays.Of("FR").Keys.Count(d => d.Year == year));
        Assert.Equal(10, PublicHolidays.Of("ES").Keys.Count(d => d.Year == year));
    }

    [Theory]
    [InlineData(2026)]
    [InlineData(2027)]
    [InlineData(2028)]
    public void Israeli_rest_days_match_the_Hebrew_calendar(int year)
    {
        var hebrew = new HebrewCalendar();
        var spring = hebrew.GetYear(new DateTime(year, 4, 1, 0, 0, 0, DateTimeKind.Unspecified));
        var autumn = spring + 1;
        var leap = hebrew.IsLeapYear(spring);
        int nisan = leap ? 8 : 7, iyar = nisan + 1, sivan = nisan + 2;
        DateOnly On(int hebrewYear, int month, int day) => DateOnly.FromDateTime(hebrew.ToDateTime(hebrewYear, month, day, 0, 0, 0, 0));
        var independence = On(spring, iyar, 5);
        // Independence Day moves off a Friday or Saturday to the Thursday before, and off a Monday to the Tuesday.
        independence = independence.DayOfWeek switch
        {
            DayOfWeek.Friday => independence.AddDays(-1),
            DayOfWeek.Saturday => independence.AddDays(-2),
            DayOfWeek.Monday => independence.AddDays(1),
            _ => independence,
        };
        DateOnly[] expected =
        [
            On(spring, nisan, 15), On(spring, nisan, 21), independence, On(spring, sivan, 6),
            On(autumn, 1, 1), On(autumn, 1, 2), On(autumn, 1, 10), On(autumn, 1, 15), On(autumn, 1, 22),
        ];
        Assert.Equal(expected.Order(), PublicHolidays.Of("IL").Keys.Where(d => d.Year == year).Order());
    }

    // The Gregorian computus (anonymous algorithm, Meeus/Jones/Butcher).
    private static DateOnly Easter(int year)
    {
        int a = year % 19, b = year / 100, c = year % 100, d = b / 4, e = b % 4, f = (b + 8) / 25, g = (b - f + 1) / 3;
        int h = ((19 * a) + b - d - g + 15) % 30, i = c / 4, k = c % 4, l = (32 + (2 * e) + (2 * i) - h - k) % 7;
        int m = (a + (11 * h) + (22 * l)) / 451, month = (h + l - (7 * m) + 114) / 31, day = ((h + l - (7 * m) + 114) % 31) + 1;
        return new DateOnly(year, month, day);
    }

    [Fact]
    public void The_table_covers_2026_to_2028_for_every_country_whose_rules_keep_holidays()
    {
        foreach (var set in CallingRules.All.Select(r => r.Rules).Where(s => s.NoCallsOnPublicHolidays))
        {
            Assert.Contains(set.Country, PublicHolidays.Countries);
            Assert.True(PublicHolidays.IsCovered(set.Country, new DateOnly(2028, 12, 31)));
            Assert.False(PublicHolidays.IsCovered(set.Country, new DateOnly(2029, 1, 1)));
        }

        Assert.All(CallingRules.All, r => Assert.False(string.IsNullOrWhiteSpace(r.Rules.Source)));
    }
}
