using System.Globalization;
using AiScheduler.Domain.Meetings.Analysis;
using AiScheduler.Functions.Emails;
using AiScheduler.Functions.Leads;
using AiScheduler.Functions.Meetings.Interview;
using AiScheduler.Functions.Providers.Email;
using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.Meetings.Analysis;

/// <summary>
/// Completing one held meeting. <paramref name="RepEmail"/> is the meeting's sales rep, who gets a copy of the summary.
/// <paramref name="Transcript"/> is the interview when the caller has it; without it (the orchestration's case) the
/// completion reads the meeting's transcript from <see cref="MeetingInterviews"/>.
/// </summary>
public sealed record MeetingCompletionRequest(Guid WorkspaceId, Guid MeetingId, string? RepEmail = null, IReadOnlyList<SpokenLine>? Transcript = null);

/// <summary>What a completion concluded (also what the demo's <c>qualifications</c> report).</summary>
public sealed record MeetingCompletionResult(
    Guid MeetingId,
    Guid? LeadId,
    string Status,
    int Score,
    int Budget,
    int Authority,
    int Need,
    int Timeline,
    IReadOnlyList<string> PainPoints,
    IReadOnlyList<string> NextSteps,
    string Language,
    string Source,
    bool LeadUpdated,
    IReadOnlyList<string> EmailStatuses);

/// <summary>A missed meeting: who to tell. <paramref name="RepEmail"/> gets a copy of the sales team's notice.</summary>
public sealed record MeetingNoShowRequest(Guid WorkspaceId, Guid MeetingId, string? RepEmail = null);

/// <summary>The statuses of the no-show emails: the sales team's notice(s) and the lead's reschedule email (<c>skipped</c> without a usable address).</summary>
public sealed record MeetingNoShowResult(Guid MeetingId, IReadOnlyList<string> TeamEmailStatuses, string LeadEmailStatus, string Language);

/// <summary>
/// Everything after the interview: analyse the transcript (LLM with rule-based fallback, or rules), store the analysis,
/// update the lead (status qualified / nurture / disqualified, score, insights, last meeting) and email the HTML + text
/// summary to <c>Meetings:SalesTeamEmail</c> and the meeting's rep, each email tracked and sent once per key. The caller
/// (the Meeting orchestration's activity) marks the meeting completed. Safe to run again: a stored analysis is reused
/// (a retried activity never asks the model twice) and the emails are keyed per meeting and recipient.
/// </summary>
public sealed class MeetingCompletion(
    MeetingStore meetings,
    LeadStore leads,
    MeetingAnalysisStore analyses,
    MeetingAnalyzer analyzer,
    MeetingInterviews interviews,
    EmailDispatcher emails,
    IOptions<MeetingCompletionOptions> options,
    IOptions<MeetingOptions> meetingOptions,
    ILogger<MeetingCompletion> logger)
{
    public Task<MeetingCompletionResult> CompleteAsync(Guid workspaceId, Guid meetingId, CancellationToken cancellationToken) =>
        CompleteAsync(new MeetingCompletionRequest(workspaceId, meetingId), cancellationToken);

    public async Task<MeetingCompletionResult> CompleteAsync(MeetingCompletionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (meeting, lead) = await LoadAsync(request.WorkspaceId, request.MeetingId, "; only a booked meeting can be completed", cancellationToken);
        var language = lead?.Language ?? "en";

        var view = await analyses.GetAsync(request.WorkspaceId, meeting.Id, cancellationToken);
        if (view is null)
        {
            var transcript = request.Transcript ?? (await interviews.TranscriptAsync(request.WorkspaceId, meeting.Id, cancellationToken))
                .Select(line => new SpokenLine(line.Speaker, line.Text, line.AtUtc))
                .ToList();
            var outcome = await analyzer.AnalyzeAsync(transcript, language, cancellationToken);
            view = await analyses.SaveAiAsync(request.WorkspaceId, meeting.Id, meeting.LeadId, outcome.Source, outcome.FallbackReason,
                outcome.Analysis, cancellationToken);
            Log.Analysed(logger, meeting.Id, outcome.Source, view.Value.Status, view.Value.Overall);
        }

        var value = view.Value;
        var leadUpdated = lead is not null && await leads.RecordQualificationAsync(request.WorkspaceId, lead.Id, value.Status, value.Overall,
            value.KeyInsights, meeting.Id, meeting.StartUtc, cancellationToken);

        var summary = MeetingSummaryEmail.Build(meeting, lead, view, meetingOptions.Value);
        var statuses = await SendToTeamAsync(request.WorkspaceId, meeting, request.RepEmail, $"summary:{meeting.Id:D}", EmailKind.Summary, summary,
            cancellationToken);

        return new MeetingCompletionResult(meeting.Id, meeting.LeadId, value.Status, value.Overall, value.Budget.Score, value.Authority.Score,
            value.Need.Score, value.Timeline.Score, value.PainPoints, value.NextSteps, language, view.Source, leadUpdated, statuses);
    }

    /// <summary>
    /// A missed meeting: the sales team (and the rep) are told, and the lead gets an email in their own language asking
    /// for a new time. Keyed per meeting and SEQUENCE, so a retry sends nothing twice and a missed rescheduled meeting is
    /// told again.
    /// </summary>
    public async Task<MeetingNoShowResult> NotifyNoShowAsync(MeetingNoShowRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (meeting, lead) = await LoadAsync(request.WorkspaceId, request.MeetingId, "; only a booked meeting can be missed", cancellationToken);
        var language = lead?.Language ?? "en";
        var sequence = meeting.Sequence.ToString(CultureInfo.InvariantCulture);

        var notice = NoShowEmails.TeamNotice(meeting, lead, meetingOptions.Value);
        var team = await SendToTeamAsync(request.WorkspaceId, meeting, request.RepEmail, $"no-show:{meeting.Id:D}:{sequence}", EmailKind.NoShow, notice,
            cancellationToken);

        EmailAddress attendee;
        try
        {
            attendee = new EmailAddress(meeting.AttendeeEmail, meeting.LeadName);
        }
        catch (ArgumentException)
        {
            Log.RescheduleSkipped(logger, meeting.Id);
            return new MeetingNoShowResult(meeting.Id, team, "skipped", language);
        }

        var invitation = NoShowEmails.RescheduleRequest(meeting, language, meetingOptions.Value);
        var sent = await emails.SendAsync(request.WorkspaceId, new EmailRequest(
            $"reschedule-request:{meeting.Id:D}:{sequence}", EmailKind.RescheduleRequest, attendee, invitation.Subject, invitation.Text,
            invitation.Html, MeetingId: meeting.Id, LeadId: meeting.LeadId), cancellationToken);
        ThrowIfFailed(sent, meeting.Id);
        return new MeetingNoShowResult(meeting.Id, team, sent.Status, language);
    }

    /// <summary>
    /// The lead asked, on the AI's meeting call, not to be called again: the sales team (and the rep) are told, keyed per
    /// meeting so a retry sends nothing twice. The lead gets no email (<c>LeadEmailStatus</c> <c>skipped</c>).
    /// </summary>
    public async Task<MeetingNoShowResult> NotifyOptedOutAsync(MeetingNoShowRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (meeting, lead) = await LoadAsync(request.WorkspaceId, request.MeetingId, "", cancellationToken);
        var transcript = await interviews.TranscriptAsync(request.WorkspaceId, meeting.Id, cancellationToken);
        var notice = NoShowEmails.OptedOutNotice(meeting, lead, transcript, meetingOptions.Value);
        var team = await SendToTeamAsync(request.WorkspaceId, meeting, request.RepEmail, $"opted-out:{meeting.Id:D}", EmailKind.OptedOut, notice,
            cancellationToken);

        return new MeetingNoShowResult(meeting.Id, team, "skipped", lead?.Language ?? "en");
    }

    /// <summary>The meeting and its lead (none when the lead was erased); a missing meeting fails with <paramref name="why"/> appended.</summary>
    private async Task<(MeetingDetails Meeting, Lead? Lead)> LoadAsync(Guid workspaceId, Guid meetingId, string why, CancellationToken ct)
    {
        var meeting = await meetings.GetAsync(workspaceId, meetingId, ct)
            ?? throw new InvalidOperationException($"Meeting {meetingId} does not exist{why}.");
        var lead = meeting.LeadId is { } leadId ? await leads.GetAsync(workspaceId, leadId, ct) : null;
        return (meeting, lead);
    }

    /// <summary>
    /// Sends <paramref name="content"/> to the sales team and the rep (<see cref="Recipients"/>), one email per recipient
    /// keyed <paramref name="keyPrefix"/><c>:</c>recipient; a failed email throws so the activity is retried.
    /// </summary>
    private async Task<List<string>> SendToTeamAsync(Guid workspaceId, MeetingDetails meeting, string? repEmail, string keyPrefix, string kind,
        EmailContent content, CancellationToken ct)
    {
        var statuses = new List<string>();
        foreach (var (to, suffix) in Recipients(repEmail))
        {
            var record = await emails.SendAsync(workspaceId, new EmailRequest(
                $"{keyPrefix}:{suffix}", kind, to, content.Subject, content.Text, content.Html, MeetingId: meeting.Id, LeadId: meeting.LeadId), ct);
            ThrowIfFailed(record, meeting.Id);
            statuses.Add(record.Status);
        }

        return statuses;
    }

    /// <summary>The sales team, and the rep when set and different; a rep address that is not usable is logged and skipped.</summary>
    private IEnumerable<(EmailAddress To, string KeySuffix)> Recipients(string? repEmail)
    {
        var team = new EmailAddress(options.Value.SalesTeamEmail, options.Value.SalesTeamName);
        yield return (team, "team");
        if (string.IsNullOrWhiteSpace(repEmail) || string.Equals(repEmail.Trim(), team.Address, StringComparison.OrdinalIgnoreCase))
        {
            yield break;
        }

        EmailAddress? rep = null;
        try
        {
            rep = new EmailAddress(repEmail.Trim());
        }
        catch (ArgumentException)
        {
            Log.RepAddressUnusable(logger);
        }

        if (rep is not null)
        {
            yield return (rep, "rep:" + rep.Address.ToLowerInvariant());
        }
    }

    private static void ThrowIfFailed(EmailRecord record, Guid meetingId)
    {
        if (record.Status == EmailStatus.Failed)
        {
            // Failing lets the orchestration's retry policy try again later; the key keeps it one email.
            throw new InvalidOperationException($"The {record.Kind} email of meeting {meetingId} failed: {record.LastError}");
        }
    }
}
