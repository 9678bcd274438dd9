using System.Text;

namespace AiScheduler.Domain.Calendar;

/// <summary>
/// RFC 5545 content-line rules: TEXT escaping, parameter quoting, and folding at 75 octets without splitting a UTF-8
/// sequence (a Hebrew letter is two octets, an emoji four), plus the inverse operations for reading.
/// </summary>
public static class CalendarText
{
    /// <summary>The longest physical line, in octets, excluding the CRLF (RFC 5545 section 3.1).</summary>
    public const int MaxLineOctets = 75;

    public const string LineBreak = "\r\n";

    /// <summary>Escapes a TEXT value: backslash first, then ';', ',' and line breaks (as \n).</summary>
    public static string EscapeText(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var builder = new StringBuilder(value.Length + 8);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '\\': builder.Append(@"\\"); break;
                case ';': builder.Append(@"\;"); break;
                case ',': builder.Append(@"\,"); break;
                case '\r':
                    builder.Append(@"\n");
                    if (i + 1 < value.Length && value[i + 1] == '\n')
                    {
                        i++;
                    }

                    break;
                case '\n': builder.Append(@"\n"); break;
                default:
                    // Other control characters are not allowed in TEXT; a tab is, the rest are dropped.
                    if (!char.IsControl(c) || c == '\t')
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        return builder.ToString();
    }

    /// <summary>Reverses <see cref="EscapeText"/> (\n and \N become a line feed).</summary>
    public static string UnescapeText(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var builder = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '\\' && i + 1 < value.Length)
            {
                var next = value[++i];
                builder.Append(next is 'n' or 'N' ? '\n' : next);
            }
            else
            {
                builder.Append(value[i]);
            }
        }

        return builder.ToString();
    }

    /// <summary>
    /// A parameter value: quoted when it contains ':', ';' or ','; DQUOTE cannot appear inside one, so it becomes an
    /// apostrophe, and control characters are dropped.
    /// </summary>
    public static string ParameterValue(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var clean = new string(value.Where(c => !char.IsControl(c)).Select(c => c == '"' ? '\'' : c).ToArray());
        return clean.AsSpan().IndexOfAny(":;,") >= 0 ? $"\"{clean}\"" : clean;
    }

    /// <summary>
    /// Folds one logical content line into physical lines of at most 75 octets, each continuation starting with a
    /// space, breaking only between Unicode scalar values so no UTF-8 sequence is split. Ends with CRLF.
    /// </summary>
    public static string Fold(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var builder = new StringBuilder(line.Length + 8);
        var octets = 0;
        foreach (var rune in line.EnumerateRunes())
        {
            var length = rune.Utf8SequenceLength;
            if (octets + length > MaxLineOctets)
            {
                builder.Append(LineBreak).Append(' ');
                octets = 1; // the leading space counts towards the next line's 75
            }

            builder.Append(rune.ToString());
            octets += length;
        }

        return builder.Append(LineBreak).ToString();
    }

    /// <summary>Joins folded lines back: every CRLF followed by a space or tab is removed.</summary>
    public static string Unfold(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Replace("\r\n ", "", StringComparison.Ordinal).Replace("\r\n\t", "", StringComparison.Ordinal);
    }
}
