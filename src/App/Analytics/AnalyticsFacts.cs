using AiScheduler.Domain.Analytics;
using AiScheduler.Domain.Conversation;
using AiScheduler.Functions.Store;
using System.Text.Json;
using AiScheduler.Functions.Meetings.Analysis;
using Dapper;

namespace AiScheduler.Functions.Analytics;

/// <summary>
/// Reads the facts the KPI maths needs straight from the store: calls (call sessions) placed in a range, with their
/// outcome, talk time and the language they ended in, and meetings booked in the range. The arithmetic lives in
/// <see cref="Kpis"/>; this class only queries.
/// </summary>
public sealed class AnalyticsFacts(DataStore store)
{
    public async Task<IReadOnlyList<CallFact>> CallsAsync(Guid workspaceId, DateTimeOffset fromUtc, DateTimeOffset toUtc,
        CancellationToken cancellationToken, Guid? campaignId = null)
    {
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        // The language a call ended in is the language of its last transcript turn; a call without turns (unanswered)
        // counts in the lead's language.
        var rows = await connection.QueryAsync<CallRow>(new CommandDefinition(
            """
            SELECT c.created_at, c.ended_at, c.outcome,
                   COALESCE((SELECT t.language FROM call_transcript_turns t WHERE t.call_id = c.call_id ORDER BY t.seq DESC LIMIT 1),
                            l.language) AS language
            FROM call_sessions c
            LEFT JOIN leads l ON l.id = c.lead_id AND l.workspace_id = c.workspace_id
            WHERE c.workspace_id = @workspaceId AND c.created_at >= @fromUtc AND c.created_at < @toUtc AND c.meeting_id IS NULL
            """ + (campaignId is null ? "" : " AND c.call_id IN (SELECT a.call_id FROM call_attempts a WHERE a.campaign_id = @campaignId)"),
            new { workspaceId, fromUtc, toUtc, campaignId }, cancellationToken: cancellationToken));
        return rows.Select(row => row.ToFact()).ToList();
    }

    public async Task<IReadOnlyList<MeetingFact>> MeetingsAsync(Guid workspaceId, DateTimeOffset fromUtc, DateTimeOffset toUtc,
        CancellationToken cancellationToken, Guid? campaignId = null)
    {
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<MeetingRow>(new CommandDefinition(
            """
            SELECT start_utc, status FROM meetings
            WHERE workspace_id = @workspaceId AND created_at >= @fromUtc AND created_at < @toUtc
            """ + (campaignId is null ? "" : CampaignMeetings),
            new { workspaceId, fromUtc, toUtc, campaignId }, cancellationToken: cancellationToken));
        return rows.Select(row => new MeetingFact(row.StartUtc, string.Equals(row.Status, "cancelled", StringComparison.Ordinal))).ToList();
    }

    /// <summary>Meetings booked (not cancelled) in [from, to): when each starts and the zone it was booked in (the lead's).</summary>
    public async Task<IReadOnlyList<BookedStart>> BookedStartsAsync(Guid workspaceId, DateTimeOffset fromUtc, DateTimeOffset toUtc,
        CancellationToken cancellationToken, Guid? campaignId = null)
    {
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<BookedRow>(new CommandDefinition(
            """
            SELECT start_utc, time_zone FROM meetings
            WHERE workspace_id = @workspaceId AND created_at >= @fromUtc AND created_at < @toUtc AND status <> 'cancelled'
            """ + (campaignId is null ? "" : CampaignMeetings),
            new { workspaceId, fromUtc, toUtc, campaignId }, cancellationToken: cancellationToken));
        return rows.Select(row => new BookedStart(row.StartUtc, row.TimeZone)).ToList();
    }

    /// <summary>
    /// Meetings held (completed) that started in [from, to), with the overall BANT score and status of each one's
    /// analysis as it stands (a rep's confirmed fields over the AI's), or null scores for a meeting not analysed yet.
    /// </summary>
    public async Task<IReadOnlyList<HeldMeetingFact>> HeldMeetingsAsync(Guid workspaceId, DateTimeOffset fromUtc, DateTimeOffset toUtc,
        CancellationToken cancellationToken, Guid? campaignId = null)
    {
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<HeldRow>(new CommandDefinition(
            """
            SELECT m.lead_id, a.ai, a.confirmed FROM meetings m
            LEFT JOIN meeting_analyses a ON a.meeting_id = m.id AND a.workspace_id = m.workspace_id
            WHERE m.workspace_id = @workspaceId AND m.status = 'completed' AND m.start_utc >= @fromUtc AND m.start_utc < @toUtc
            """ + (campaignId is null ? "" : " AND m.call_id IN (SELECT ca.call_id FROM call_attempts ca WHERE ca.campaign_id = @campaignId)"),
            new { workspaceId, fromUtc, toUtc, campaignId }, cancellationToken: cancellationToken));
        return rows.Select(row => row.ToFact()).ToList();
    }

    // A campaign's meetings are those its calls booked.
    private const string CampaignMeetings = " AND call_id IN (SELECT ca.call_id FROM call_attempts ca WHERE ca.campaign_id = @campaignId)";

    private sealed class BookedRow
    {
        public DateTimeOffset StartUtc { get; set; }
        public string TimeZone { get; set; } = "UTC";
    }

    private sealed class HeldRow
    {
        public Guid? LeadId { get; set; }
        public string? Ai { get; set; }
        public string? Confirmed { get; set; }

        public HeldMeetingFact ToFact()
        {
            if (Ai is null)
            {
                return new HeldMeetingFact(LeadId, null, null);
            }

            var ai = JsonSerializer.Deserialize<AnalysisValues>(Ai, MeetingAnalysisStore.Json)!;
            var value = Confirmed is null ? ai : JsonSerializer.Deserialize<ConfirmedValues>(Confirmed, MeetingAnalysisStore.Json)!.Over(ai);
            return new HeldMeetingFact(LeadId, value.Overall, value.Status);
        }
    }

    private sealed class CallRow
    {
        public DateTimeOffset CreatedAt { get; set; }
        public DateTimeOffset? EndedAt { get; set; }
        public string? Outcome { get; set; }
        public string? Language { get; set; }

        public CallFact ToFact()
        {
            CallOutcome? outcome = CallOutcomeWire.TryParse(Outcome, out var parsed) ? parsed : null;
            // The session opens when the call is placed, so this is ring time plus talk time.
            TimeSpan? duration = outcome is not null && EndedAt is { } ended && ended >= CreatedAt ? ended - CreatedAt : null;
            return new CallFact(CreatedAt, outcome, duration, Language);
        }
    }

    private sealed class MeetingRow
    {
        public DateTimeOffset StartUtc { get; set; }
        public string Status { get; set; } = "";
    }
}

/// <summary>A meeting that was held: its lead, and its analysis's overall BANT score and status (null before analysis).</summary>
public sealed record HeldMeetingFact(Guid? LeadId, int? Overall, string? Status);
