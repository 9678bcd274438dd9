using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using MimeKit;
using MimeKit.Encodings;

namespace AiScheduler.Functions.Providers.Email;

/// <summary>
/// The embedded email provider: each message becomes an RFC 5322 <c>.eml</c> file in the outbox folder, which any mail
/// client opens. The file is named after the message's tracking id (time-ordered), written to a temporary file and
/// renamed into place, so a reader never sees half a message and a retried send replaces the same file.
/// </summary>
/// <remarks>
/// The message is built with MimeKit: <c>multipart/mixed</c> holding a <c>multipart/alternative</c> (text, HTML, and the
/// calendar part with its iTIP <c>method</c>) followed by the attachments, with <c>invite.ics</c> first when there is an
/// invite. It is written 7-bit: CRLF line ends, non-ASCII header text as RFC 2047 encoded words, text parts
/// quoted-printable and attachments base64 (body lines within 76 characters), header lines folded at 78 characters where a
/// space allows it (an encoded word of up to 75 characters is never split). The boundaries, Message-ID and Date come from the
/// message and the send time, so writing the same message twice gives the same bytes.
/// </remarks>
internal sealed class OutboxEmailSender : IEmailSender
{
    private const int QuotedPrintableLineLength = 72;

    private static readonly FormatOptions Format = CreateFormat();

    private readonly TimeProvider _clock;
    private readonly ILogger<OutboxEmailSender> _logger;

    public OutboxEmailSender(IOptions<EmailOptions> options, IHostEnvironment environment, TimeProvider clock, ILogger<OutboxEmailSender> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(environment);
        Directory = Path.GetFullPath(options.Value.Outbox.Directory, environment.ContentRootPath);
        _clock = clock;
        _logger = logger;
    }

    public string Provider => "outbox";

    /// <summary>The absolute outbox folder.</summary>
    public string Directory { get; }

    public static string FileNameFor(Guid messageId) => messageId.ToString("D") + ".eml";

    /// <summary>The Message-ID derived from the tracking id, without angle brackets.</summary>
    public static string MessageIdFor(EmailMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return string.Create(CultureInfo.InvariantCulture, $"{message.Id:N}@{message.From.Domain}");
    }

    /// <summary><paramref name="message"/> as a MIME message sent at <paramref name="date"/>.</summary>
    public static MimeMessage ToMimeMessage(EmailMessage message, DateTimeOffset date)
    {
        ArgumentNullException.ThrowIfNull(message);
        var id = message.Id.ToString("N", CultureInfo.InvariantCulture);
        var mime = new MimeMessage();
        mime.From.Add(Mailbox(message.From));
        mime.To.AddRange(message.To.Select(Mailbox));
        mime.Headers.Replace(HeaderId.Subject, Encoding.UTF8, message.Subject);
        mime.Date = date.ToUniversalTime();
        mime.MessageId = MessageIdFor(message);

        var alternative = new MultipartAlternative { Boundary = "=_alt_" + id };
        alternative.Add(TextPart("plain", message.Text));
        if (message.Html is not null)
        {
            alternative.Add(TextPart("html", message.Html));
        }

        if (message.Invite is { } invite)
        {
            // The part Outlook and Gmail turn into Accept/Decline; its method must match the METHOD line of the text.
            var calendar = TextPart("calendar", invite.Ics);
            calendar.ContentType.Parameters.Insert(0, new Parameter("method", invite.Method));
            calendar.ContentType.Charset = "UTF-8";
            alternative.Add(calendar);
        }

        var mixed = new Multipart("mixed") { Boundary = "=_mixed_" + id, Preamble = "This is a multi-part message in MIME format." };
        mixed.Add(alternative);
        if (message.Invite is { } attachedInvite)
        {
            // Plain application/ics for the attachment: some clients reject parameters on an attachment's type.
            mixed.Add(Attachment("application/ics", "invite.ics", Encoding.UTF8.GetBytes(attachedInvite.Ics)));
        }

        foreach (var attachment in message.Attachments)
        {
            mixed.Add(Attachment(attachment.ContentType, attachment.FileName, attachment.Content.ToArray()));
        }

        mime.Body = mixed;
        return mime;
    }

    /// <summary>The bytes of the <c>.eml</c> file for <paramref name="message"/> sent at <paramref name="date"/>.</summary>
    public static byte[] Write(EmailMessage message, DateTimeOffset date)
    {
        using var buffer = new MemoryStream();
        ToMimeMessage(message, date).WriteTo(Format, buffer);
        return buffer.ToArray();
    }

    public async Task<string> SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var bytes = Write(message, _clock.GetUtcNow());
        var path = Path.Combine(Directory, FileNameFor(message.Id));
        var temporary = Path.Combine(Directory, "." + FileNameFor(message.Id) + "." + Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            System.IO.Directory.CreateDirectory(Directory);
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 16 * 1024,
                             FileOptions.Asynchronous))
            {
                await file.WriteAsync(bytes, cancellationToken);
                // On disk before the rename makes it visible, so a crash cannot leave an empty message behind.
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }

            throw new EmailSendException($"The outbox folder '{Directory}' cannot be written: {ex.Message}", isTransient: true, ex);
        }

        Log.OutboxWritten(_logger, message.Id, bytes.Length);
        return MessageIdFor(message);
    }

    private static FormatOptions CreateFormat()
    {
        var format = FormatOptions.Default.Clone();
        format.NewLineFormat = NewLineFormat.Dos;
        format.International = false;
        // Encoded words in quoted file names, as Outlook reads them (RFC 2231 continuations are not read everywhere).
        format.ParameterEncodingMethod = ParameterEncodingMethod.Rfc2047;
        return format;
    }

    private static MailboxAddress Mailbox(EmailAddress address) => new(Encoding.UTF8, address.DisplayName, address.Address);

    private static TextPart TextPart(string subtype, string text)
    {
        var part = new TextPart(subtype) { ContentTransferEncoding = ContentEncoding.QuotedPrintable };
        part.ContentType.Charset = "utf-8";
        // Encoded here with MimeKit's quoted-printable encoder at 72 characters a line: left to the writer's default (76),
        // a soft break after an =XX at the end of a line can make it 78 characters, past RFC 2045's 76.
        var bytes = Encoding.UTF8.GetBytes(NormalizeLineEnds(text));
        var encoder = new QuotedPrintableEncoder(QuotedPrintableLineLength);
        var encoded = new byte[encoder.EstimateOutputLength(bytes.Length)];
        var length = encoder.Flush(bytes, 0, bytes.Length, encoded);
        part.Content = new MimeContent(new MemoryStream(encoded, 0, length, writable: false), ContentEncoding.QuotedPrintable);
        return part;
    }

    private static MimePart Attachment(string contentType, string fileName, byte[] content)
    {
        var part = new MimePart(ContentType.Parse(contentType))
        {
            Content = new MimeContent(new MemoryStream(content, writable: false)),
            ContentDisposition = new ContentDisposition(ContentDisposition.Attachment),
            ContentTransferEncoding = ContentEncoding.Base64,
            FileName = fileName,
        };
        foreach (var parameter in part.ContentType.Parameters.Concat(part.ContentDisposition.Parameters))
        {
            parameter.AlwaysQuote = true;
            parameter.Encoding = Encoding.UTF8;
            parameter.EncodingMethod = ParameterEncodingMethod.Rfc2047;
        }

        return part;
    }

    private static string NormalizeLineEnds(string text) =>
        text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Replace("\n", "\r\n", StringComparison.Ordinal);
}
