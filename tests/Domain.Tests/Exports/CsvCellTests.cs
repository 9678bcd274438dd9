using AiScheduler.Domain.Exports;

namespace AiScheduler.Domain.Tests.Exports;

public class CsvCellTests
{
    [Theory]
    [InlineData("=1+1", "'=1+1")]
    [InlineData("+12125550143", "'+12125550143")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tcmd", "'\tcmd")]
    [InlineData("\r=1", "\"'\r=1\"")]
    [InlineData("=HYPERLINK(\"http://evil.test\",\"x\")", "\"'=HYPERLINK(\"\"http://evil.test\"\",\"\"x\"\")\"")]
    public void A_cell_a_spreadsheet_would_run_as_a_formula_starts_with_a_single_quote(string value, string cell) =>
        Assert.Equal(cell, CsvCell.Format(value));

    [Theory]
    [InlineData("Dana Levi", "Dana Levi")]
    [InlineData("a, b", "\"a, b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("one\ntwo", "\"one\ntwo\"")]
    [InlineData("x=1", "x=1")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void Other_cells_are_kept_and_quoted_only_when_they_hold_a_comma_a_quote_or_a_line_break(string? value, string cell) =>
        Assert.Equal(cell, CsvCell.Format(value));

    [Fact]
    public void A_row_joins_its_cells_with_commas_and_ends_with_CRLF() =>
        Assert.Equal("id,'-5,\"a,b\",\r\n", CsvCell.Row("id", "-5", "a,b", null));
}
