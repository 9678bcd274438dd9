using System.Text.Json;
using AiScheduler.Domain.Meetings.Analysis;
using AiScheduler.Functions.Store;
using Dapper;

namespace AiScheduler.Functions.Meetings.Analysis;

/// <summary>One BANT dimension on the wire: score 0-100, the lead's quotes, the rationale.</summary>
public sealed record DimensionValue(int Score, IReadOnlyList<string> Quotes, string Rationale)
{
    public static DimensionValue From(DimensionScore score)
    {
        ArgumentNullException.ThrowIfNull(score);
        return new(score.Score, score.Quotes, score.Rationale);
    }

    public DimensionScore ToScore() => new(Score, Quotes, Rationale);
}

/// <summary>
/// A whole analysis on the wire. <see cref="Overall"/> is always computed from the four scores; <see cref="Status"/> is
/// computed too, unless a rep set it (in a <see cref="MeetingAnalysisView.Value"/>).
/// </summary>
public sealed record AnalysisValues(
    DimensionValue Budget,
    DimensionValue Authority,
    DimensionValue Need,
    DimensionValue Timeline,
    int Overall,
    string Status,
    IReadOnlyList<string> PainPoints,
    IReadOnlyList<string> Opportunities,
    IReadOnlyList<string> NextSteps,
    IReadOnlyList<string> FollowUpQuestions,
    IReadOnlyList<string> KeyInsights)
{
    public static AnalysisValues From(BantAnalysis analysis)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        return new(DimensionValue.From(analysis.Budget), DimensionValue.From(analysis.Authority), DimensionValue.From(analysis.Need),
            DimensionValue.From(analysis.Timeline), analysis.Overall, analysis.Status.ToWire(), analysis.PainPoints, analysis.Opportunities,
            analysis.NextSteps, analysis.FollowUpQuestions, analysis.KeyInsights);
    }
}

/// <summary>The fields a rep confirmed or corrected; null means "not set by a rep" (the AI value stands).</summary>
public sealed record ConfirmedValues(
    DimensionValue? Budget = null,
    DimensionValue? Authority = null,
    DimensionValue? Need = null,
    DimensionValue? Timeline = null,
    string? Status = null,
    IReadOnlyList<string>? PainPoints = null,
    IReadOnlyList<string>? Opportunities = null,
    IReadOnlyList<string>? NextSteps = null,
    IReadOnlyList<string>? FollowUpQuestions = null,
    IReadOnlyList<string>? KeyInsights = null)
{
    /// <summary>These values with <paramref name="later"/>'s set fields on top.</summary>
    public ConfirmedValues Merge(ConfirmedValues later)
    {
        ArgumentNullException.ThrowIfNull(later);
        return new(later.Budget ?? Budget, later.Authority ?? Authority, later.Need ?? Need, later.Timeline ?? Timeline,
            later.Status ?? Status, later.PainPoints ?? PainPoints, later.Opportunities ?? Opportunities, later.NextSteps ?? NextSteps,
            later.FollowUpQuestions ?? FollowUpQuestions, later.KeyInsights ?? KeyInsights);
    }

    /// <summary>
    /// The analysis as it stands: each field the rep's value when set, else the AI's; the overall score recomputed from
    /// the resulting four scores; the status the rep's when set, else computed from those scores by the thresholds.
    /// </summary>
    public AnalysisValues Over(AnalysisValues ai)
    {
        ArgumentNullException.ThrowIfNull(ai);
        var budget = Budget ?? ai.Budget;
        var authority = Authority ?? ai.Authority;
        var need = Need ?? ai.Need;
        var timeline = Timeline ?? ai.Timeline;
        return new(budget, authority, need, timeline,
            BantScoring.Overall(budget.Score, authority.Score, need.Score, timeline.Score),
            Status ?? BantScoring.StatusOf(budget.Score, authority.Score, need.Score, timeline.Score).ToWire(),
            PainPoints ?? ai.PainPoints, Opportunities ?? ai.Opportunities, NextSteps ?? ai.NextSteps,
            FollowUpQuestions ?? ai.FollowUpQuestions, KeyInsights ?? ai.KeyInsights);
    }
}

/// <summary>
/// <c>GET /api/meetings/{id}/analysis</c>: the AI's analysis, what a rep confirmed, and the value that results.
/// <see cref="Source"/> is <c>rules</c>, <c>llm</c>, or <c>rules-fallback</c> (the model's answer failed validation;
/// <see cref="FallbackReason"/> says why).
/// </summary>
public sealed record MeetingAnalysisView(
    Guid MeetingId,
    Guid? LeadId,
    string Source,
    string? FallbackReason,
    DateTimeOffset AnalyzedAt,
    AnalysisValues Ai,
    ConfirmedValues Confirmed,
    AnalysisValues Value,
    string? ConfirmedBy,
    DateTimeOffset? ConfirmedAt);

/// <summary>Where an analysis came from.</summary>
public static class AnalysisSource
{
    public const string Rules = "rules";
    public const string Llm = "llm";
    public const string RulesFallback = "rules-fallback";
}

/// <summary>The <c>meeting_analyses</c> table: the AI value of each meeting's analysis and the rep-confirmed fields.</summary>
public sealed class MeetingAnalysisStore(DataStore store, TimeProvider clock)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Stores the AI's analysis of a meeting. A second call for the same meeting replaces the AI value and keeps what a
    /// rep confirmed.
    /// </summary>
    public async Task<MeetingAnalysisView> SaveAiAsync(Guid workspaceId, Guid meetingId, Guid? leadId, string source, string? fallbackReason,
        BantAnalysis analysis, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        var now = clock.GetUtcNow();
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO meeting_analyses (meeting_id, workspace_id, lead_id, source, fallback_reason, ai, analyzed_at, updated_at)
            VALUES (@meetingId, @workspaceId, @leadId, @source, @fallbackReason, @ai, @now, @now)
            ON CONFLICT (meeting_id) DO UPDATE SET source = excluded.source, fallback_reason = excluded.fallback_reason,
                ai = excluded.ai, analyzed_at = excluded.analyzed_at, updated_at = excluded.updated_at
            """,
            new
            {
                meetingId, workspaceId, leadId, source, fallbackReason, now,
                ai = JsonSerializer.Serialize(AnalysisValues.From(analysis), Json),
            }, cancellationToken: cancellationToken));
        return (await GetAsync(workspaceId, meetingId, cancellationToken))!;
    }

    public async Task<MeetingAnalysisView?> GetAsync(Guid workspaceId, Guid meetingId, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            """
            SELECT meeting_id, lead_id, source, fallback_reason, ai, confirmed, confirmed_by, confirmed_at, analyzed_at
            FROM meeting_analyses WHERE workspace_id = @workspaceId AND meeting_id = @meetingId
            """,
            new { workspaceId, meetingId }, cancellationToken: cancellationToken));
        return row?.ToView();
    }

    /// <summary>
    /// Records what a rep confirmed or corrected, merged field by field over what was confirmed before. Null when the
    /// meeting has no analysis yet.
    /// </summary>
    public async Task<MeetingAnalysisView?> ConfirmAsync(Guid workspaceId, Guid meetingId, ConfirmedValues fields, string? confirmedBy,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var now = clock.GetUtcNow();
        return await store.InTransactionAsync(async (connection, transaction) =>
        {
            var confirmed = await connection.QuerySingleOrDefaultAsync<ConfirmedRow>(new CommandDefinition(
                "SELECT confirmed FROM meeting_analyses WHERE workspace_id = @workspaceId AND meeting_id = @meetingId",
                new { workspaceId, meetingId }, transaction, cancellationToken: cancellationToken));
            if (confirmed is null)
            {
                return null;
            }

            var before = confirmed.Confirmed is null ? new ConfirmedValues() : JsonSerializer.Deserialize<ConfirmedValues>(confirmed.Confirmed, Json)!;
            await connection.ExecuteAsync(new CommandDefinition(
                """
                UPDATE meeting_analyses SET confirmed = @merged, confirmed_by = @confirmedBy, confirmed_at = @now, updated_at = @now
                WHERE workspace_id = @workspaceId AND meeting_id = @meetingId
                """,
                new { workspaceId, meetingId, merged = JsonSerializer.Serialize(before.Merge(fields), Json), confirmedBy, now }, transaction,
                cancellationToken: cancellationToken));
            var row = await connection.QuerySingleAsync<Row>(new CommandDefinition(
                """
                SELECT meeting_id, lead_id, source, fallback_reason, ai, confirmed, confirmed_by, confirmed_at, analyzed_at
                FROM meeting_analyses WHERE workspace_id = @workspaceId AND meeting_id = @meetingId
                """,
                new { workspaceId, meetingId }, transaction, cancellationToken: cancellationToken));
            return row.ToView();
        }, cancellationToken);
    }

    private sealed class ConfirmedRow
    {
        public string? Confirmed { get; set; }
    }

    private sealed class Row
    {
        public Guid MeetingId { get; set; }
        public Guid? LeadId { get; set; }
        public string Source { get; set; } = "";
        public string? FallbackReason { get; set; }
        public string Ai { get; set; } = "";
        public string? Confirmed { get; set; }
        public string? ConfirmedBy { get; set; }
        public DateTimeOffset? ConfirmedAt { get; set; }
        public DateTimeOffset AnalyzedAt { get; set; }

        public MeetingAnalysisView ToView()
        {
            var ai = JsonSerializer.Deserialize<AnalysisValues>(Ai, Json)!;
            var confirmed = Confirmed is null ? new ConfirmedValues() : JsonSerializer.Deserialize<ConfirmedValues>(Confirmed, Json)!;
            return new MeetingAnalysisView(MeetingId, LeadId, Source, FallbackReason, AnalyzedAt, ai, confirmed, confirmed.Over(ai),
                ConfirmedBy, ConfirmedAt);
        }
    }
}
