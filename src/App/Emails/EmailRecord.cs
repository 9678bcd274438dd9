using AiScheduler.Functions.Providers.Email;

namespace AiScheduler.Functions.Emails;

/// <summary>Why an email is sent; wire names invite, reminder, cancel, summary, no-show, reschedule-request.</summary>
public static class EmailKind
{
    public const string Invite = "invite";
    public const string Reminder = "reminder";
    public const string Cancel = "cancel";
    public const string Summary = "summary";

    /// <summary>The sales team is told a lead missed the meeting.</summary>
    public const string NoShow = "no-show";

    /// <summary>The lead who missed the meeting is asked for a new time.</summary>
    public const string RescheduleRequest = "reschedule-request";

    /// <summary>The sales team is told a lead asked, on the AI's meeting call, not to be called again.</summary>
    public const string OptedOut = "opted-out";

    public static IReadOnlyList<string> All { get; } = [Invite, Reminder, Cancel, Summary, NoShow, RescheduleRequest, OptedOut];

    public static bool IsKnown(string value) => All.Contains(value, StringComparer.Ordinal);
}

/// <summary>Where an email stands: queued (recorded, not yet taken by the provider), sent, or failed.</summary>
public static class EmailStatus
{
    public const string Queued = "queued";
    public const string Sent = "sent";
    public const string Failed = "failed";

    public static IReadOnlyList<string> All { get; } = [Queued, Sent, Failed];

    public static bool IsKnown(string value) => All.Contains(value, StringComparer.Ordinal);
}

/// <summary>One tracked email, as stored and as listed by <c>GET /api/emails</c>.</summary>
public sealed record EmailRecord(
    Guid Id,
    string Kind,
    string To,
    string Subject,
    string Status,
    int Attempts,
    string? Provider,
    string? ProviderMessageId,
    string? LastError,
    Guid? MeetingId,
    Guid? LeadId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? SentAt);

/// <summary>
/// A request to send one email. <paramref name="Key"/> identifies it across retries and host restarts (for example
/// <c>invite:{meetingId}:{sequence}</c>): asking again with the same key never sends a second copy once one was sent.
/// </summary>
public sealed record EmailRequest(
    string Key,
    string Kind,
    EmailAddress To,
    string Subject,
    string Text,
    string? Html = null,
    CalendarInvite? Invite = null,
    IReadOnlyList<EmailAttachment>? Attachments = null,
    Guid? MeetingId = null,
    Guid? LeadId = null);

/// <summary>Filters and paging for <see cref="EmailStore.ListAsync"/>.</summary>
public sealed record EmailQuery(
    string? Status = null,
    string? Kind = null,
    Guid? LeadId = null,
    Guid? MeetingId = null,
    int Page = 1,
    int PageSize = 50);

/// <summary>One page of emails, newest first.</summary>
public sealed record EmailPage(IReadOnlyList<EmailRecord> Items, long Total, int Page, int PageSize);
