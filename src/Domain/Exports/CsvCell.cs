using System.Text;

namespace AiScheduler.Domain.Exports;

/// <summary>
/// One cell of an exported CSV (RFC 4180), safe to open in a spreadsheet. A value starting with <c>=</c>, <c>+</c>,
/// <c>-</c>, <c>@</c>, a tab or a carriage return is one Excel, LibreOffice and Google Sheets may run as a formula
/// (CSV injection), so it gets a leading single quote, which they show as text; the rule is applied to every text
/// cell, phone numbers in E.164 included (<c>'+12125550143</c>). A cell holding a comma, a quote or a line break is
/// quoted, its quotes doubled.
/// </summary>
public static class CsvCell
{
    public const char Neutraliser = '\'';

    public static bool StartsLikeAFormula(string value) =>
        value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r';

    /// <summary>The value as it is written between the commas of a row (empty for null).</summary>
    public static string Format(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        var text = StartsLikeAFormula(value) ? Neutraliser + value : value;
        return text.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
    }

    /// <summary>One row: the formatted cells joined by commas, ended by CRLF.</summary>
    public static string Row(params ReadOnlySpan<string?> values)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < values.Length; i++)
        {
            if (i > 0)
            {
                builder.Append(',');
            }

            builder.Append(Format(values[i]));
        }

        return builder.Append("\r\n").ToString();
    }
}
