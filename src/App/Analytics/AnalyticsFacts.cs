using AiScheduler.Domain.Analytics;
using AiScheduler.Domain.Conversation;
using AiScheduler.Functions.Store;
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
        CancellationToken cancellationToken)
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
            """,
            new { workspaceId, fromUtc, toUtc }, cancellationToken: cancellationToken));
        return rows.Select(row => row.ToFact()).ToList();
    }

    public async Task<IReadOnlyList<MeetingFact>> MeetingsAsync(Guid workspaceId, DateTimeOffset fromUtc, DateTimeOffset toUtc,
        CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<MeetingRow>(new CommandDefinition(
            """
            SELECT start_utc, status FROM meetings
            WHERE workspace_id = @workspaceId AND created_at >= @fromUtc AND created_at < @toUtc
            """,
            new { workspaceId, fromUtc, toUtc }, cancellationToken: cancellationToken));
        return rows.Select(row => new MeetingFact(row.StartUtc, string.Equals(row.Status, "cancelled", StringComparison.Ordinal))).ToList();
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
