using System.Data.Common;
using System.Text.Json;
using System.Text.Json.Serialization;
using AiScheduler.Domain.Meetings.Interview;
using AiScheduler.Domain.Meetings.Questions;
using AiScheduler.Functions.Store;
using Dapper;

namespace AiScheduler.Functions.Meetings.Interview;

/// <summary>One line of a meeting's transcript; <see cref="Speaker"/> is <c>ai</c>, <c>lead</c> or <c>rep</c>.</summary>
public sealed record TranscriptLine(Guid MeetingId, int Seq, string Speaker, string Text, string Language, DateTimeOffset AtUtc);

/// <summary>The speakers of a meeting transcript.</summary>
public static class TranscriptSpeakers
{
    public const string Ai = "ai";
    public const string Lead = "lead";
    public const string Rep = "rep";

    public static IReadOnlyList<string> All { get; } = [Ai, Lead, Rep];
}

/// <summary>Where a meeting's interview stands: <c>planned</c> (questions prepared), <c>active</c>, <c>ended</c>.</summary>
public static class InterviewStatus
{
    public const string Planned = "planned";
    public const string Active = "active";
    public const string Ended = "ended";
}

/// <summary>A meeting's interview row.</summary>
public sealed record InterviewRecord(
    Guid MeetingId,
    InterviewPlan Plan,
    Guid? QuestionSetId,
    string Status,
    string? Channel,
    InterviewState? State,
    string? LastSay,
    InterviewAction? LastAction,
    string? EndReason,
    int Version,
    DateTimeOffset? StartedAt,
    DateTimeOffset? EndedAt);

/// <summary>The lines to append with a state change (in order).</summary>
public sealed record NewLine(string Speaker, string Text, string Language);

/// <summary>
/// The interview tables (<c>meeting_interviews</c>, <c>meeting_transcript_lines</c>), written only here. A turn is one
/// transaction: the state moves from the version it was read at (zero rows: someone else moved it; the caller re-reads)
/// and its transcript lines take the next sequence numbers.
/// </summary>
public sealed class InterviewStore(DataStore store, TimeProvider clock)
{
    /// <summary>How plans and states are stored: camelCase, enums by name.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    public async Task<InterviewRecord?> GetAsync(Guid workspaceId, Guid meetingId, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            """
            SELECT meeting_id, plan, question_set_id, status, channel, state, last_say, last_action, end_reason, version, started_at, ended_at
            FROM meeting_interviews WHERE workspace_id = @workspaceId AND meeting_id = @meetingId
            """, new { workspaceId, meetingId }, cancellationToken: cancellationToken));
        return row?.ToRecord();
    }

    /// <summary>Stores a prepared plan unless the meeting has one; returns the plan that is stored (first writer wins).</summary>
    public async Task<InterviewRecord> SavePlanAsync(Guid workspaceId, Guid meetingId, InterviewPlan plan, Guid? questionSetId,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var now = clock.GetUtcNow();
        await using (var connection = await store.OpenConnectionAsync(cancellationToken))
        {
            await connection.ExecuteAsync(new CommandDefinition(
                $"""
                INSERT INTO meeting_interviews (meeting_id, workspace_id, plan, plan_source, question_set_id, status, version, created_at, updated_at)
                VALUES (@meetingId, @workspaceId, {store.Dialect.Json("@plan")}, @Source, @questionSetId, @status, 0, @now, @now)
                ON CONFLICT (meeting_id) DO NOTHING
                """,
                new { meetingId, workspaceId, plan = JsonSerializer.Serialize(plan, Json), plan.Source, questionSetId, status = InterviewStatus.Planned, now },
                cancellationToken: cancellationToken));
        }

        return (await GetAsync(workspaceId, meetingId, cancellationToken))!;
    }

    /// <summary>
    /// Moves the interview from <paramref name="expectedVersion"/> to <paramref name="turn"/>'s state and appends
    /// <paramref name="lines"/>; false (nothing written) when another turn moved it first.
    /// </summary>
    public async Task<(bool Advanced, IReadOnlyList<TranscriptLine> Lines)> AdvanceAsync(Guid workspaceId, Guid meetingId, int expectedVersion,
        string? channel, InterviewTurn? turn, IReadOnlyList<NewLine> lines, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var now = clock.GetUtcNow();
        return await store.InTransactionAsync<(bool, IReadOnlyList<TranscriptLine>)>(async (connection, transaction) =>
        {
            var changed = turn is null
                ? await connection.ExecuteAsync(new CommandDefinition(
                    """
                    UPDATE meeting_interviews SET version = version + 1, updated_at = @now
                    WHERE workspace_id = @workspaceId AND meeting_id = @meetingId AND version = @expectedVersion
                    """, new { workspaceId, meetingId, expectedVersion, now }, transaction, cancellationToken: cancellationToken))
                : await connection.ExecuteAsync(new CommandDefinition(
                    $"""
                    UPDATE meeting_interviews SET state = {store.Dialect.Json("@state")}, status = @status, channel = COALESCE(channel, @channel),
                        last_say = @Say, last_action = @action, end_reason = @endReason, version = version + 1, updated_at = @now,
                        started_at = COALESCE(started_at, @now), ended_at = CASE WHEN @ended = 1 THEN COALESCE(ended_at, @now) ELSE ended_at END
                    WHERE workspace_id = @workspaceId AND meeting_id = @meetingId AND version = @expectedVersion
                    """,
                    new
                    {
                        workspaceId, meetingId, expectedVersion, now, channel, turn.Say,
                        state = JsonSerializer.Serialize(turn.State, Json),
                        status = turn.Ended ? InterviewStatus.Ended : InterviewStatus.Active,
                        action = JsonSerializer.Serialize(turn.Action, Json).Trim('"'),
                        endReason = turn.EndReason is { } reason ? JsonSerializer.Serialize(reason, Json).Trim('"') : null,
                        ended = turn.Ended ? 1 : 0,
                    }, transaction, cancellationToken: cancellationToken));
            if (changed == 0)
            {
                return (false, []);
            }

            var seq = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
                "SELECT COALESCE(MAX(seq), 0) FROM meeting_transcript_lines WHERE meeting_id = @meetingId", new { meetingId }, transaction,
                cancellationToken: cancellationToken));
            var written = new List<TranscriptLine>();
            foreach (var line in lines.Where(l => !string.IsNullOrWhiteSpace(l.Text)))
            {
                var next = new TranscriptLine(meetingId, ++seq, line.Speaker, line.Text.Trim(), line.Language, now);
                await connection.ExecuteAsync(new CommandDefinition(
                    """
                    INSERT INTO meeting_transcript_lines (meeting_id, seq, workspace_id, speaker, text, language, at_utc)
                    VALUES (@MeetingId, @Seq, @workspaceId, @Speaker, @Text, @Language, @AtUtc)
                    """, new { next.MeetingId, next.Seq, workspaceId, next.Speaker, next.Text, next.Language, next.AtUtc }, transaction,
                    cancellationToken: cancellationToken));
                written.Add(next);
            }

            return (true, written);
        }, cancellationToken);
    }

    public async Task<IReadOnlyList<TranscriptLine>> TranscriptAsync(Guid workspaceId, Guid meetingId, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<LineRow>(new CommandDefinition(
            """
            SELECT meeting_id, seq, speaker, text, language, at_utc FROM meeting_transcript_lines
            WHERE workspace_id = @workspaceId AND meeting_id = @meetingId ORDER BY seq
            """, new { workspaceId, meetingId }, cancellationToken: cancellationToken));
        return rows.Select(r => new TranscriptLine(r.MeetingId, r.Seq, r.Speaker, r.Text, r.Language, r.AtUtc.ToUniversalTime())).ToList();
    }

    private sealed class Row
    {
        public Guid MeetingId { get; set; }
        public string Plan { get; set; } = "";
        public Guid? QuestionSetId { get; set; }
        public string Status { get; set; } = "";
        public string? Channel { get; set; }
        public string? State { get; set; }
        public string? LastSay { get; set; }
        public string? LastAction { get; set; }
        public string? EndReason { get; set; }
        public int Version { get; set; }
        public DateTimeOffset? StartedAt { get; set; }
        public DateTimeOffset? EndedAt { get; set; }

        public InterviewRecord ToRecord() => new(MeetingId, JsonSerializer.Deserialize<InterviewPlan>(Plan, Json)!, QuestionSetId, Status, Channel,
            State is null ? null : JsonSerializer.Deserialize<InterviewState>(State, Json),
            LastSay, LastAction is null ? null : JsonSerializer.Deserialize<InterviewAction>($"\"{LastAction}\"", Json), EndReason, Version,
            StartedAt, EndedAt);
    }

    private sealed class LineRow
    {
        public Guid MeetingId { get; set; }
        public int Seq { get; set; }
        public string Speaker { get; set; } = "";
        public string Text { get; set; } = "";
        public string Language { get; set; } = "";
        public DateTimeOffset AtUtc { get; set; }
    }
}
