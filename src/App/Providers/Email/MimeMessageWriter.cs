using System.Globalization;
using System.Text;

namespace AiScheduler.Functions.Providers.Email;

/// <summary>
/// Writes an <see cref="EmailMessage"/> as an RFC 5322 / MIME message: CRLF line ends, non-ASCII header text as RFC 2047
/// encoded words, <c>multipart/mixed</c> holding a <c>multipart/alternative</c> (text, HTML, and the calendar part with
/// its <c>method</c>) followed by the attachments, with <c>invite.ics</c> first when there is an invite. Text parts are
/// quoted-printable (readable in the file, exact for UTF-8), attachments base64; every body line is at most 76 characters.
/// The output depends only on the message and the date, so writing the same message twice gives the same bytes.
/// </summary>
internal static class MimeMessageWriter
{
    private const int MaxBodyLine = 76;
    private const int MaxHeaderLine = 78;

    // 39 bytes -> 52 base64 characters; with "=?UTF-8?B?" and "?=" an encoded word is 64 characters, which fits
    // within 78 even after the longest header name we write ("Subject: ").
    private const int EncodedWordBytes = 39;
    private const string Crlf = "\r\n";

    public static byte[] Write(EmailMessage message, DateTimeOffset date)
    {
        ArgumentNullException.ThrowIfNull(message);
        var builder = new StringBuilder();
        var id = message.Id.ToString("N", CultureInfo.InvariantCulture);
        var mixed = "=_mixed_" + id;
        var alternative = "=_alt_" + id;

        Header(builder, "From", Mailbox(message.From));
        Header(builder, "To", string.Join(", ", message.To.Select(Mailbox)));
        Header(builder, "Subject", Unstructured(message.Subject));
        Header(builder, "Date", date.ToUniversalTime().ToString("ddd, dd MMM yyyy HH:mm:ss '+0000'", CultureInfo.InvariantCulture));
        Header(builder, "Message-ID", MessageId(message));
        Header(builder, "MIME-Version", "1.0");
        Header(builder, "Content-Type", $"multipart/mixed; boundary=\"{mixed}\"");
        builder.Append(Crlf);
        builder.Append("This is a multi-part message in MIME format.").Append(Crlf);

        builder.Append("--").Append(mixed).Append(Crlf);
        Header(builder, "Content-Type", $"multipart/alternative; boundary=\"{alternative}\"");
        builder.Append(Crlf);
        TextPart(builder, alternative, "text/plain; charset=utf-8", message.Text);
        if (message.Html is not null)
        {
            TextPart(builder, alternative, "text/html; charset=utf-8", message.Html);
        }

        if (message.Invite is { } invite)
        {
            TextPart(builder, alternative, $"text/calendar; method={invite.Method}; charset=UTF-8", invite.Ics);
        }

        builder.Append("--").Append(alternative).Append("--").Append(Crlf);

        if (message.Invite is { } attachedInvite)
        {
            // Plain application/ics for the attachment: some clients reject parameters on an attachment's type.
            AttachmentPart(builder, mixed, "application/ics", "invite.ics", Encoding.UTF8.GetBytes(attachedInvite.Ics));
        }

        foreach (var attachment in message.Attachments)
        {
            AttachmentPart(builder, mixed, attachment.ContentType, attachment.FileName, attachment.Content.Span);
        }

        builder.Append("--").Append(mixed).Append("--").Append(Crlf);
        return Encoding.ASCII.GetBytes(builder.ToString());
    }

    /// <summary>The Message-ID derived from the tracking id, without angle brackets.</summary>
    public static string MessageIdValue(EmailMessage message) =>
        string.Create(CultureInfo.InvariantCulture, $"{message.Id:N}@{message.From.Domain}");

    private static string MessageId(EmailMessage message) => "<" + MessageIdValue(message) + ">";

    private static void TextPart(StringBuilder builder, string boundary, string contentType, string text)
    {
        builder.Append("--").Append(boundary).Append(Crlf);
        Header(builder, "Content-Type", contentType);
        Header(builder, "Content-Transfer-Encoding", "quoted-printable");
        builder.Append(Crlf);
        QuotedPrintable(builder, Encoding.UTF8.GetBytes(NormalizeLineEnds(text)));
        builder.Append(Crlf);
    }

    private static void AttachmentPart(StringBuilder builder, string boundary, string contentType, string fileName, ReadOnlySpan<byte> content)
    {
        var name = fileName.All(c => c is >= ' ' and <= '~') ? fileName : EncodedWords(fileName);
        builder.Append("--").Append(boundary).Append(Crlf);
        Header(builder, "Content-Type", $"{contentType}; name=\"{name}\"");
        Header(builder, "Content-Disposition", $"attachment; filename=\"{name}\"");
        Header(builder, "Content-Transfer-Encoding", "base64");
        builder.Append(Crlf);
        var base64 = Convert.ToBase64String(content);
        for (var i = 0; i < base64.Length; i += MaxBodyLine)
        {
            builder.Append(base64, i, Math.Min(MaxBodyLine, base64.Length - i)).Append(Crlf);
        }
    }

    /// <summary>
    /// Quoted-printable (RFC 2045 §6.7): printable ASCII as is, everything else (and "=") as =XX, spaces and tabs encoded
    /// before a line end, soft breaks ("=" at the end) keeping lines within 76 characters without splitting an =XX.
    /// </summary>
    private static void QuotedPrintable(StringBuilder builder, byte[] bytes)
    {
        var lineLength = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            var b = bytes[i];
            if (b == '\r' && i + 1 < bytes.Length && bytes[i + 1] == '\n')
            {
                builder.Append(Crlf);
                lineLength = 0;
                i++;
                continue;
            }

            var atLineEnd = i + 1 == bytes.Length || (bytes[i + 1] == '\r' && i + 2 < bytes.Length && bytes[i + 2] == '\n');
            var literal = (b is >= 33 and <= 126 && b != '=') || (b is (byte)' ' or (byte)'\t' && !atLineEnd);
            var token = literal ? ((char)b).ToString() : string.Create(CultureInfo.InvariantCulture, $"={b:X2}");

            // Leave room for the soft-break "=" unless this token ends the line.
            var room = atLineEnd ? MaxBodyLine : MaxBodyLine - 1;
            if (lineLength + token.Length > room)
            {
                builder.Append('=').Append(Crlf);
                lineLength = 0;
            }

            builder.Append(token);
            lineLength += token.Length;
        }
    }

    private static string NormalizeLineEnds(string text) =>
        text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Replace("\n", Crlf, StringComparison.Ordinal);

    private static string Mailbox(EmailAddress address)
    {
        if (address.DisplayName is null)
        {
            return address.Address;
        }

        var name = address.DisplayName.All(c => c is >= ' ' and <= '~')
            ? "\"" + address.DisplayName.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\""
            : EncodedWords(address.DisplayName);
        return $"{name} <{address.Address}>";
    }

    private static string Unstructured(string text) => text.All(c => c is >= ' ' and <= '~') ? text : EncodedWords(text);

    /// <summary>RFC 2047 "B" encoded words of UTF-8, split between characters (never inside one), separated by spaces.</summary>
    private static string EncodedWords(string text)
    {
        var words = new List<string>();
        var chunk = new List<byte>();
        Span<byte> buffer = stackalloc byte[4];
        foreach (var rune in text.EnumerateRunes())
        {
            var length = rune.EncodeToUtf8(buffer);
            if (chunk.Count + length > EncodedWordBytes)
            {
                words.Add("=?UTF-8?B?" + Convert.ToBase64String(chunk.ToArray()) + "?=");
                chunk.Clear();
            }

            chunk.AddRange(buffer[..length].ToArray());
        }

        if (chunk.Count > 0)
        {
            words.Add("=?UTF-8?B?" + Convert.ToBase64String(chunk.ToArray()) + "?=");
        }

        return string.Join(' ', words);
    }

    /// <summary>Writes "Name: value", folding at spaces so no line passes 78 characters where a space allows it.</summary>
    private static void Header(StringBuilder builder, string name, string value)
    {
        var line = new StringBuilder(name).Append(": ");
        var first = true;
        foreach (var word in value.Split(' '))
        {
            if (!first && line.Length + 1 + word.Length > MaxHeaderLine)
            {
                builder.Append(line).Append(Crlf);
                line.Clear().Append(' ').Append(word);
                continue;
            }

            if (!first)
            {
                line.Append(' ');
            }

            line.Append(word);
            first = false;
        }

        builder.Append(line).Append(Crlf);
    }
}
