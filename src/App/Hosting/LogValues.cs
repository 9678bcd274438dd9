using System.Globalization;
using System.Text;

namespace AiScheduler.Functions.Hosting;

/// <summary>
/// Makes a value that came from outside (a call id, event id, header, origin) safe to put in a log message: control
/// characters and line or paragraph separators are written as escapes (<c>\r</c>, <c>\n</c>, <c>\u001B</c>), so a value can
/// never start a forged log line or drive a terminal; very long values are cut. Use it at every <c>[LoggerMessage]</c>
/// call site that logs such a value.
/// </summary>
public static class LogValues
{
    /// <summary>Characters kept of one value; the rest is replaced by a note of the full length.</summary>
    public const int MaxLength = 256;

    public static string Clean(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return value ?? "";
        }

        var cut = value.Length > MaxLength;
        var kept = cut ? value.AsSpan(0, MaxLength) : value.AsSpan();
        if (!cut && !NeedsEscaping(kept))
        {
            return value;
        }

        var clean = new StringBuilder(kept.Length + 16);
        foreach (var c in kept)
        {
            switch (c)
            {
                case '\r': clean.Append(@"\r"); break;
                case '\n': clean.Append(@"\n"); break;
                case '\t': clean.Append(@"\t"); break;
                default:
                    if (IsUnsafe(c))
                    {
                        clean.Append(@"\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        clean.Append(c);
                    }

                    break;
            }
        }

        if (cut)
        {
            clean.Append(CultureInfo.InvariantCulture, $"…({value.Length} chars)");
        }

        return clean.ToString();
    }

    private static bool NeedsEscaping(ReadOnlySpan<char> value)
    {
        foreach (var c in value)
        {
            if (IsUnsafe(c))
            {
                return true;
            }
        }

        return false;
    }

    // Control characters (C0, DEL, C1), and the Unicode line and paragraph separators some log viewers break lines on.
    private static bool IsUnsafe(char c) => char.IsControl(c) || c is '\u2028' or '\u2029';
}
