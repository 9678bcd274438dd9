using System.Security.Cryptography;
using System.Text;
using AiScheduler.Functions.Store;
using Dapper;

namespace AiScheduler.Functions.Calls.Attempts;

/// <summary>Where an attempt's call stands: the row is claimed before dialing, marked dialed after, and ended with its outcome.</summary>
public static class CallAttemptState
{
    public const string Placing = "placing";
    public const string Dialed = "dialed";
    public const string Ended = "ended";
}

/// <summary>One call attempt's row in <c>call_attempts</c>.</summary>
public sealed record CallAttemptRow(string InstanceId, Guid CampaignId, Guid LeadId, int Attempt, string CallId, string State, string? Outcome);

/// <summary>
/// The <c>call_attempts</c> table: one row per CallAttempt instance, inserted before the number is dialed. The call id
/// is derived from the instance id, so the row, the call session and the telephony request of one attempt share a key
/// and a repeated place-call step finds the first one's work instead of dialing again.
/// </summary>
public sealed class CallAttemptStore(DataStore store, TimeProvider clock)
{
    private const string Columns = "instance_id, campaign_id, lead_id, attempt, call_id, state, outcome";

    /// <summary>The call id of an attempt: 32 hex digits from a hash of its instance id.</summary>
    public static string CallIdFor(string instanceId) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(instanceId)).AsSpan(0, 16));

    /// <summary>Inserts the attempt's row; returns null when it is new, or the row an earlier run left.</summary>
    public async Task<CallAttemptRow?> ClaimAsync(string instanceId, Guid campaignId, Guid leadId, int attempt, CancellationToken cancellationToken)
    {
        var callId = CallIdFor(instanceId);
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        var inserted = await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO call_attempts (instance_id, campaign_id, lead_id, attempt, call_id, state, outcome, created_at, ended_at)
            VALUES (@instanceId, @campaignId, @leadId, @attempt, @callId, 'placing', NULL, @now, NULL)
            ON CONFLICT (instance_id) DO NOTHING
            """, new { instanceId, campaignId, leadId, attempt, callId, now = clock.GetUtcNow() }, cancellationToken: cancellationToken));
        return inserted == 1 ? null : await GetAsync(instanceId, cancellationToken);
    }

    public async Task<CallAttemptRow?> GetAsync(string instanceId, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM call_attempts WHERE instance_id = @instanceId", new { instanceId }, cancellationToken: cancellationToken));
        return row?.ToRecord();
    }

    public async Task<CallAttemptRow?> FindByCallAsync(string callId, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM call_attempts WHERE call_id = @callId", new { callId }, cancellationToken: cancellationToken));
        return row?.ToRecord();
    }

    public async Task MarkAsync(string instanceId, string state, string? outcome, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE call_attempts SET state = @state, outcome = COALESCE(@outcome, outcome),
                ended_at = CASE WHEN @state = 'ended' THEN @now ELSE ended_at END
            WHERE instance_id = @instanceId AND state <> 'ended'
            """, new { instanceId, state, outcome, now = clock.GetUtcNow() }, cancellationToken: cancellationToken));
    }

    /// <summary>Every attempt ever made to call <paramref name="leadId"/> (any campaign), oldest first: when, and its outcome once ended.</summary>
    public async Task<IReadOnlyList<(DateTimeOffset At, string? Outcome)>> HistoryAsync(Guid leadId, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(DateTimeOffset At, string? Outcome)>(new CommandDefinition(
            "SELECT created_at, outcome FROM call_attempts WHERE lead_id = @leadId ORDER BY created_at", new { leadId },
            cancellationToken: cancellationToken));
        return rows.ToList();
    }

    private sealed class Row
    {
        public string InstanceId { get; set; } = "";
        public Guid CampaignId { get; set; }
        public Guid LeadId { get; set; }
        public int Attempt { get; set; }
        public string CallId { get; set; } = "";
        public string State { get; set; } = "";
        public string? Outcome { get; set; }

        public CallAttemptRow ToRecord() => new(InstanceId, CampaignId, LeadId, Attempt, CallId, State, Outcome);
    }
}
