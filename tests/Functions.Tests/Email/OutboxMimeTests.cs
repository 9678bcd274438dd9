using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using AiScheduler.Functions.Providers.Email;
using MimeKit;

namespace AiScheduler.Functions.Tests.Email;

/// <summary>
/// The outbox's .eml files (written with MimeKit), read back both by the tests' strict MIME reader (which checks the
/// wire format: CRLF, line lengths, encodings) and by MimeKit's parser.
/// </summary>
public partial class OutboxMimeTests
{
    private static readonly DateTimeOffset SentAt = new(2026, 3, 10, 9, 5, 7, TimeSpan.Zero);
    private static readonly Guid Id = Guid.Parse("0195e3f1-2a3b-7c4d-8e5f-001122334455");

    internal const string Ics =
        "BEGIN:VCALENDAR\r\nPRODID:-//AiScheduler//Scheduler 1.0//EN\r\nVERSION:2.0\r\nCALSCALE:GREGORIAN\r\nMETHOD:REQUEST\r\n" +
        "BEGIN:VEVENT\r\nUID:meeting-42@aischeduler.local\r\nDTSTAMP:20260310T090000Z\r\nSEQUENCE:0\r\n" +
        "DTSTART:20260317T080000Z\r\nDTEND:20260317T083000Z\r\nSUMMARY:פגישת היכרות עם דנה\r\n" +
        "ORGANIZER;CN=AiScheduler:mailto:scheduling@aischeduler.local\r\n" +
        "ATTENDEE;CN=\"Cohen, Dana\";ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=T\r\n RUE:mailto:dana@example.com\r\n" +
        "STATUS:CONFIRMED\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

    private const string HebrewSubject = "הזמנה: פגישת היכרות ביום שלישי, 17 במרץ בשעה 10:00 — נשמח לראותך!";
    private const string HebrewText = "שלום דנה,\nהפגישה נקבעה ליום שלישי בשעה 10:00.\n\nקישור: https://meet.example.com/abc?x=1&y=2\nתודה!";

    private static EmailMessage Message(string? html = "<p dir=\"rtl\">שלום <b>דנה</b></p>", bool invite = true,
        IReadOnlyList<EmailAttachment>? attachments = null, string subject = HebrewSubject, string text = HebrewText) =>
        new(Id, new EmailAddress("scheduling@aischeduler.local", "AiScheduler"),
            [new EmailAddress("dana@example.com", "דנה כהן")], subject, text, html,
            invite ? new CalendarInvite("REQUEST", Ics) : null, attachments);

    private static string Write(EmailMessage message) => Encoding.ASCII.GetString(OutboxEmailSender.Write(message, SentAt));

    [Fact]
    public void Every_line_ends_in_crlf_and_none_is_longer_than_78_characters_but_an_unbreakable_encoded_word()
    {
        var text = Write(Message(attachments: [new EmailAttachment("brochure.pdf", "application/pdf", new byte[5000])]));
        Assert.EndsWith("\r\n", text, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"[^\r]\n|\r[^\n]", text);
        var lines = text.Split("\r\n");
        var headerEnd = Array.IndexOf(lines, "");
        // A header line may pass RFC 5322's recommended 78 only with one encoded word (at most 75 characters, RFC 2047)
        // that MimeKit does not split, right after the header name; the hard limit is 998.
        Assert.All(lines[..headerEnd], line => Assert.True(line.Length <= 78 || (EncodedWordAfterName().IsMatch(line) && line[(line.IndexOf(' ', StringComparison.Ordinal) + 1)..].Length <= 75),
            $"header line of {line.Length} characters: {line}"));
        Assert.All(lines[headerEnd..], line => Assert.True(line.Length <= 78, $"line of {line.Length} characters: {line}"));
        Assert.All(lines, line => Assert.All(line, c => Assert.True(c < 128, "the message must be 7-bit ASCII")));
    }

    [Fact]
    public void The_headers_carry_sender_recipient_encoded_subject_date_message_id_and_mime_version()
    {
        var mime = MimeEntity.Parse(Write(Message()));

        Assert.Equal("AiScheduler <scheduling@aischeduler.local>", mime.Header("From"));
        Assert.StartsWith("=?UTF-8?B?", mime.Header("To"), StringComparison.OrdinalIgnoreCase);
        Assert.Equal("דנה כהן <dana@example.com>", mime.DecodedHeader("To"));
        Assert.StartsWith("=?UTF-8?B?", mime.Header("Subject"), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HebrewSubject, mime.DecodedHeader("Subject"));
        Assert.Equal("Tue, 10 Mar 2026 09:05:07 +0000", mime.Header("Date"));
        Assert.Equal(SentAt, DateTimeOffset.ParseExact(mime.Header("Date")!, "ddd, dd MMM yyyy HH:mm:ss zzz", CultureInfo.InvariantCulture));
        Assert.Equal("<0195e3f12a3b7c4d8e5f001122334455@aischeduler.local>", mime.Header("Message-ID"));
        Assert.Equal("1.0", mime.Header("MIME-Version"));
    }

    [Fact]
    public void Encoded_words_stay_within_75_characters_and_never_split_a_character()
    {
        var subject = string.Concat(Enumerable.Repeat("שלום 👋🏽 עולם ", 12));
        var mime = MimeEntity.Parse(Write(Message(subject: subject.Trim())));
        var words = mime.Header("Subject")!.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        Assert.True(words.Length > 3);
        Assert.All(words, word =>
        {
            Assert.True(word.Length <= 75, word);
            Assert.StartsWith("=?UTF-8?B?", word, StringComparison.OrdinalIgnoreCase);
            // Each word decodes on its own: no UTF-8 sequence is cut between two words.
            var bytes = Convert.FromBase64String(word["=?UTF-8?B?".Length..^2]);
            Assert.Equal(bytes, Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(bytes)));
        });
        Assert.Equal(subject.Trim(), mime.DecodedHeader("Subject"));
    }

    [Fact]
    public void An_ascii_subject_is_left_readable_and_folded_at_spaces_when_long()
    {
        var subject = "Invitation: introductory meeting with the sales team on Tuesday 17 March at 10:00 (30 minutes)";
        var text = Write(Message(subject: subject));
        Assert.Contains("Subject: Invitation: introductory", text, StringComparison.Ordinal);
        Assert.Equal(subject, MimeEntity.Parse(text).Header("Subject"));
    }

    [Fact]
    public void The_body_is_mixed_holding_an_alternative_of_text_html_and_calendar_then_the_invite_attachment()
    {
        var pdf = Enumerable.Range(0, 3000).Select(i => (byte)(i * 7)).ToArray();
        var mime = MimeEntity.Parse(Write(Message(attachments: [new EmailAttachment("brochure.pdf", "application/pdf", pdf)])));

        Assert.Equal("multipart/mixed", mime.MediaType);
        Assert.Equal(3, mime.Parts.Count);

        var alternative = mime.Parts[0];
        Assert.Equal("multipart/alternative", alternative.MediaType);
        Assert.Equal(["text/plain", "text/html", "text/calendar"], alternative.Parts.Select(p => p.MediaType));

        var plain = alternative.Parts[0];
        Assert.Equal("utf-8", plain.Parameters["charset"]);
        Assert.Equal(HebrewText.Replace("\n", "\r\n", StringComparison.Ordinal), plain.DecodedText());

        Assert.Equal("<p dir=\"rtl\">שלום <b>דנה</b></p>", alternative.Parts[1].DecodedText());

        var calendar = alternative.Parts[2];
        Assert.Equal("REQUEST", calendar.Parameters["method"]);
        Assert.Equal("UTF-8", calendar.Parameters["charset"]);
        Assert.Equal(Ics, calendar.DecodedText());

        var invite = mime.Parts[1];
        Assert.Equal("application/ics", invite.MediaType);
        Assert.Equal("invite.ics", invite.Parameters["name"]);
        Assert.Equal("attachment; filename=\"invite.ics\"", invite.Header("Content-Disposition"));
        Assert.Equal("base64", invite.Header("Content-Transfer-Encoding"));
        Assert.All(invite.Body.Split("\r\n"), line => Assert.True(line.Length <= 76));
        Assert.Equal(Ics, invite.DecodedText());

        var attachment = mime.Parts[2];
        Assert.Equal("application/pdf", attachment.MediaType);
        Assert.Equal("brochure.pdf", attachment.Parameters["name"]);
        Assert.Equal(pdf, attachment.DecodedBytes());
    }

    [Fact]
    public void A_message_without_html_or_invite_has_only_the_text_alternative()
    {
        var mime = MimeEntity.Parse(Write(Message(html: null, invite: false)));
        Assert.Single(mime.Parts);
        Assert.Equal(["text/plain"], mime.Parts[0].Parts.Select(p => p.MediaType));
    }

    [Theory]
    [InlineData("a line that is much longer than seventy-six characters, with no line break anywhere in it at all, really")]
    [InlineData("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")]
    [InlineData("equals = signs == and a trailing space \nand a trailing tab\t\nend")]
    [InlineData("exactly seventy-six characters on this line, then a break....................\nnext")]
    [InlineData("עברית ארוכה מאוד בלי שום שבירת שורה כדי לבדוק שקידוד quoted-printable לא חותך רצף של UTF-8 באמצע")]
    [InlineData("\r\nleading and trailing blank lines\r\n\r\n")]
    [InlineData(".\nFrom the start of a line\n")]
    public void Quoted_printable_bodies_round_trip_exactly_within_76_characters(string text)
    {
        var mime = MimeEntity.Parse(Write(Message(html: null, invite: false, text: text)));
        var plain = mime.Parts[0].Parts[0];
        Assert.Equal("quoted-printable", plain.Header("Content-Transfer-Encoding"));
        Assert.All(plain.Body.Split("\r\n"), line => Assert.True(line.Length <= 76, line));
        Assert.DoesNotMatch(@"[ \t]\r\n", plain.Body + "\r\n");
        var expected = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", "\r\n", StringComparison.Ordinal);
        Assert.Equal(expected, plain.DecodedText());
    }

    [Fact]
    public void MimeKit_reads_back_the_sender_recipient_subject_parts_and_attachments()
    {
        var pdf = Enumerable.Range(0, 3000).Select(i => (byte)(i * 7)).ToArray();
        using var stream = new MemoryStream(OutboxEmailSender.Write(Message(attachments: [new EmailAttachment("סיכום.pdf", "application/pdf", pdf)]), SentAt));
        var parsed = MimeMessage.Load(stream, TestContext.Current.CancellationToken);

        Assert.Equal("scheduling@aischeduler.local", Assert.IsType<MailboxAddress>(Assert.Single(parsed.From)).Address);
        var to = Assert.IsType<MailboxAddress>(Assert.Single(parsed.To));
        Assert.Equal(("דנה כהן", "dana@example.com"), (to.Name, to.Address));
        Assert.Equal(HebrewSubject, parsed.Subject);
        Assert.Equal(SentAt, parsed.Date);
        Assert.Equal("0195e3f12a3b7c4d8e5f001122334455@aischeduler.local", parsed.MessageId);
        // MimeKit hands text back with the platform's line ends; the CRLFs on the wire are checked above.
        Assert.Equal(HebrewText, parsed.TextBody?.ReplaceLineEndings("\n"));
        Assert.Equal("<p dir=\"rtl\">שלום <b>דנה</b></p>", parsed.HtmlBody);

        var calendar = parsed.BodyParts.OfType<TextPart>().Single(part => part.ContentType.IsMimeType("text", "calendar"));
        Assert.Equal("REQUEST", calendar.ContentType.Parameters["method"]);
        Assert.Equal(Ics.ReplaceLineEndings("\n"), calendar.Text.ReplaceLineEndings("\n"));

        var attachments = parsed.Attachments.OfType<MimePart>().ToList();
        Assert.Equal(["invite.ics", "סיכום.pdf"], attachments.Select(a => a.FileName));
        using var content = new MemoryStream();
        var body = attachments[1].Content;
        Assert.NotNull(body);
        body.DecodeTo(content, TestContext.Current.CancellationToken);
        Assert.Equal(pdf, content.ToArray());
    }

    [Fact]
    public void Writing_the_same_message_twice_gives_the_same_bytes()
    {
        var message = Message();
        Assert.Equal(OutboxEmailSender.Write(message, SentAt), OutboxEmailSender.Write(message, SentAt));
    }

    [Fact]
    public void A_display_name_with_quotes_is_escaped_and_a_non_ascii_file_name_is_encoded()
    {
        var message = new EmailMessage(Id, new EmailAddress("sales@example.com", "Sales \"West\" Team"),
            [new EmailAddress("dana@example.com")], "Hi", "Hi", attachments: [new EmailAttachment("סיכום.txt", "text/plain", "x"u8.ToArray())]);
        var mime = MimeEntity.Parse(Write(message));
        Assert.Equal("\"Sales \\\"West\\\" Team\" <sales@example.com>", mime.Header("From"));
        Assert.Equal("dana@example.com", mime.Header("To"));
        Assert.Equal("סיכום.txt", MimeEntity.DecodeWords(mime.Parts[1].Parameters["name"]));
    }

    [Fact]
    public void Header_injection_and_malformed_parts_are_rejected_when_the_message_is_built()
    {
        var from = new EmailAddress("a@example.com");
        Assert.Throws<ArgumentException>(() => new EmailMessage(Id, from, [from], "Hi\r\nBcc: x@example.com", "t"));
        Assert.Throws<ArgumentException>(() => new EmailAddress("a@example.com\r\nBcc: x@example.com"));
        Assert.Throws<ArgumentException>(() => new EmailAddress("Dana <dana@example.com>"));
        Assert.Throws<ArgumentException>(() => new EmailAddress("dana@example.com", "Dana\nCohen"));
        Assert.Throws<ArgumentException>(() => new EmailAddress("דנה@example.com"));
        Assert.Throws<ArgumentException>(() => new EmailMessage(Id, from, [], "Hi", "t"));
        Assert.Throws<ArgumentException>(() => new EmailMessage(Guid.Empty, from, [from], "Hi", "t"));
        Assert.Throws<ArgumentException>(() => new CalendarInvite("REQUEST", Ics.Replace("METHOD:REQUEST", "METHOD:CANCEL", StringComparison.Ordinal)));
        Assert.Throws<ArgumentException>(() => new CalendarInvite("DELETE", Ics));
        Assert.Throws<ArgumentException>(() => new EmailAttachment("a\"b.pdf", "application/pdf", Array.Empty<byte>()));
        Assert.Throws<ArgumentException>(() => new EmailAttachment("a.pdf", "application/pdf; name=x", Array.Empty<byte>()));
    }

    [GeneratedRegex(@"^[A-Za-z-]+: =\?utf-8\?[bq]\?[^ ?]*\?=$", RegexOptions.IgnoreCase)]
    private static partial Regex EncodedWordAfterName();
}
