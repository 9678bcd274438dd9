using System.Net.Mail;

namespace AiScheduler.Functions.Providers.Email;

/// <summary>A mailbox: an ASCII address and an optional display name (any script).</summary>
public sealed record EmailAddress
{
    public EmailAddress(string address, string? displayName = null)
    {
        if (string.IsNullOrWhiteSpace(address) || !address.All(char.IsAscii) || address.Any(char.IsWhiteSpace) ||
            !MailAddress.TryCreate(address, out var parsed) || !string.Equals(parsed.Address, address, StringComparison.Ordinal))
        {
            throw new ArgumentException(
                "the email address must look like name@example.com (ASCII, no spaces, no display name)", nameof(address));
        }

        if (displayName is not null && displayName.Any(char.IsControl))
        {
            throw new ArgumentException("the display name must not contain line breaks or control characters", nameof(displayName));
        }

        Address = address;
        DisplayName = string.IsNullOrWhiteSpace(displayName) ? null : displayName.Trim();
    }

    public string Address { get; }

    public string? DisplayName { get; }

    /// <summary>The part after the @, used to make Message-IDs unique to the sender.</summary>
    public string Domain => Address[(Address.LastIndexOf('@') + 1)..];
}

/// <summary>An iCalendar object sent with an email: the iTIP method (REQUEST, CANCEL, PUBLISH) and the VCALENDAR text.</summary>
public sealed record CalendarInvite
{
    public CalendarInvite(string method, string ics)
    {
        if (method is not ("REQUEST" or "CANCEL" or "PUBLISH" or "REPLY"))
        {
            throw new ArgumentException("the iTIP method must be REQUEST, CANCEL, PUBLISH or REPLY", nameof(method));
        }

        if (string.IsNullOrWhiteSpace(ics) || !ics.StartsWith("BEGIN:VCALENDAR", StringComparison.Ordinal))
        {
            throw new ArgumentException("the invite must be iCalendar text starting with BEGIN:VCALENDAR", nameof(ics));
        }

        if (!ics.Contains("METHOD:" + method, StringComparison.Ordinal))
        {
            // Outlook ignores an invite whose body METHOD differs from the MIME method parameter.
            throw new ArgumentException($"the iCalendar text must carry METHOD:{method} to match the MIME part", nameof(ics));
        }

        Method = method;
        Ics = ics;
    }

    public string Method { get; }

    public string Ics { get; }
}

/// <summary>A file attached to an email.</summary>
public sealed record EmailAttachment
{
    public EmailAttachment(string fileName, string contentType, ReadOnlyMemory<byte> content)
    {
        if (string.IsNullOrWhiteSpace(fileName) || fileName.Any(c => char.IsControl(c) || c is '"' or '\\' or '/'))
        {
            throw new ArgumentException("the attachment needs a plain file name without quotes, slashes or control characters", nameof(fileName));
        }

        if (string.IsNullOrWhiteSpace(contentType) || !contentType.Contains('/', StringComparison.Ordinal) ||
            contentType.Any(c => char.IsControl(c) || char.IsWhiteSpace(c) || c == ';'))
        {
            throw new ArgumentException("the attachment's content type must be a bare media type such as application/pdf", nameof(contentType));
        }

        FileName = fileName;
        ContentType = contentType;
        Content = content;
    }

    public string FileName { get; }

    public string ContentType { get; }

    public ReadOnlyMemory<byte> Content { get; }
}

/// <summary>
/// One email, in our own terms (no provider types). <see cref="Id"/> is the tracking id: providers derive the
/// Message-ID from it, so sending the same message twice (a retried activity) produces the same message.
/// </summary>
public sealed record EmailMessage
{
    public const int MaxSubjectLength = 998;

    public EmailMessage(
        Guid id,
        EmailAddress from,
        IReadOnlyList<EmailAddress> to,
        string subject,
        string text,
        string? html = null,
        CalendarInvite? invite = null,
        IReadOnlyList<EmailAttachment>? attachments = null)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        if (id == Guid.Empty)
        {
            throw new ArgumentException("the message needs its tracking id", nameof(id));
        }

        if (to.Count == 0)
        {
            throw new ArgumentException("the message needs at least one recipient", nameof(to));
        }

        if (string.IsNullOrWhiteSpace(subject) || subject.Any(char.IsControl) || subject.Length > MaxSubjectLength)
        {
            throw new ArgumentException("the subject must be one line of 1 to 998 characters", nameof(subject));
        }

        ArgumentNullException.ThrowIfNull(text);
        Id = id;
        From = from;
        To = [.. to];
        Subject = subject;
        Text = text;
        Html = html;
        Invite = invite;
        Attachments = attachments is null ? [] : [.. attachments];
    }

    public Guid Id { get; }

    public EmailAddress From { get; }

    public IReadOnlyList<EmailAddress> To { get; }

    public string Subject { get; }

    public string Text { get; }

    public string? Html { get; }

    public CalendarInvite? Invite { get; }

    public IReadOnlyList<EmailAttachment> Attachments { get; }
}
