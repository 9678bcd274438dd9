using AiScheduler.Domain.Leads;

namespace AiScheduler.Domain.Tests.Leads;

public class DisplayNameTests
{
    [Theory]
    [InlineData("Eve Example\r\nBcc: mallory@evil.test", "Eve Example Bcc: mallory@evil.test")]
    [InlineData("Eve\tExample\u0007\u0000\u2028Ltd", "Eve Example Ltd")]
    [InlineData("  Dana \u200E Levi  ", "Dana Levi")]
    [InlineData("דנה לוי", "דנה לוי")]
    [InlineData("\r\n\t", null)]
    [InlineData(null, null)]
    public void A_name_becomes_one_line_of_printable_text(string? name, string? clean) =>
        Assert.Equal(clean, DisplayName.Clean(name));

    [Fact]
    public void A_long_name_is_cut_to_64_characters_with_an_ellipsis_between_whole_characters()
    {
        var name = string.Concat(Enumerable.Repeat("e\u0301", 100));
        var clean = DisplayName.Clean(name)!;
        Assert.EndsWith("…", clean, StringComparison.Ordinal);
        Assert.Equal(64, new System.Globalization.StringInfo(clean).LengthInTextElements);
        Assert.StartsWith("e\u0301", clean, StringComparison.Ordinal);
    }
}
