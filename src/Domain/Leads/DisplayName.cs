using System.Globalization;
using System.Text;

namespace AiScheduler.Domain.Leads;

/// <summary>
/// A person's name as it may appear in a MIME header (<c>To</c>, <c>Subject</c>), an iCalendar parameter (<c>CN=</c>)
/// or a greeting: names arrive from uploads and callers as typed, with line breaks, tabs, control or format characters
/// and any length. Cleaning never fails, so an invite always goes out: every control, line or paragraph separator and
/// bidi/format character becomes a space, runs of white space collapse to one, and the result is cut (between
/// user-perceived characters) to <see cref="MaxLength"/> with an ellipsis.
/// </summary>
public static class DisplayName
{
    public const int MaxLength = 64;

    /// <summary>The cleaned name, or null when nothing printable is left.</summary>
    public static string? Clean(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        var builder = new StringBuilder(Math.Min(name.Length, MaxLength * 2));
        var pendingSpace = false;
        foreach (var rune in name.EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            var blank = Rune.IsWhiteSpace(rune) || category is UnicodeCategory.Control or UnicodeCategory.Format
                or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator or UnicodeCategory.Surrogate
                or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned;
            if (blank)
            {
                pendingSpace = builder.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(rune.ToString());
        }

        if (builder.Length == 0)
        {
            return null;
        }

        var clean = builder.ToString();
        var text = new StringInfo(clean);
        return text.LengthInTextElements <= MaxLength ? clean : text.SubstringByTextElements(0, MaxLength - 1).TrimEnd() + "…";
    }
}
