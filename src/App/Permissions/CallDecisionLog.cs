using AiScheduler.Domain.Permissions;
using AiScheduler.Functions.Store;
using Dapper;

namespace AiScheduler.Functions.Permissions;

/// <summary>Where in the dialer a decision was made.</summary>
public static class DecisionStage
{
    /// <summary>The campaign looked for leads to call and asked before handing one to a call attempt.</summary>
    public const string Pick = "pick";

    /// <summary>The call attempt asked right before dialing (every dial and every retry).</summary>
    public const string Dial = "dial";
}

/// <summary>One recorded dial decision, as the audit export shows it.</summary>
public sealed record CallDecision(Guid Id, Guid LeadId, Guid? CampaignId, int? Attempt, string Stage, DateTimeOffset DecidedAt, bool Allowed,
    string Rule, string Reason, DateTimeOffset? NextAllowedAt, string Jurisdiction, string RuleVersions);

/// <summary>The <c>call_decisions</c> table, owned by this folder: append-only, read per lead.</summary>
public sealed class CallDecisionLog(DataStore store)
{
    public const int MaxExport = 10_000;

    public async Task RecordAsync(Guid workspaceId, Guid leadId, Guid? campaignId, int? attempt, string stage, DateTimeOffset decidedAt,
        CallPermission decision, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(decision);
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO call_decisions (id, workspace_id, lead_id, campaign_id, attempt, stage, decided_at, allowed, rule, reason, next_allowed_at, jurisdiction, rule_versions)
            VALUES (@id, @workspaceId, @leadId, @campaignId, @attempt, @stage, @decidedAt, @allowed, @rule, @reason, @next, @jurisdiction, @versions)
            """,
            new
            {
                id = Guid.CreateVersion7(), workspaceId, leadId, campaignId, attempt, stage, decidedAt, allowed = decision.Allowed, rule = decision.Rule,
                reason = decision.Reason, next = decision.NextAllowedAt, jurisdiction = decision.Jurisdiction, versions = decision.RuleVersions,
            }, cancellationToken: cancellationToken));
    }

    /// <summary>The lead's decisions, oldest first (at most <see cref="MaxExport"/>).</summary>
    public async Task<IReadOnlyList<CallDecision>> ListAsync(Guid workspaceId, Guid leadId, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            """
            SELECT id, lead_id, campaign_id, attempt, stage, decided_at, allowed, rule, reason, next_allowed_at, jurisdiction, rule_versions
            FROM call_decisions WHERE workspace_id = @workspaceId AND lead_id = @leadId ORDER BY decided_at, id LIMIT @limit
            """, new { workspaceId, leadId, limit = MaxExport }, cancellationToken: cancellationToken));
        return rows.Select(r => new CallDecision(r.Id, r.LeadId, r.CampaignId, r.Attempt, r.Stage, r.DecidedAt, r.Allowed, r.Rule, r.Reason,
            r.NextAllowedAt, r.Jurisdiction, r.RuleVersions)).ToList();
    }

    private sealed class Row
    {
        public Guid Id { get; set; }
        public Guid LeadId { get; set; }
        public Guid? CampaignId { get; set; }
        public int? Attempt { get; set; }
        public string Stage { get; set; } = "";
        public DateTimeOffset DecidedAt { get; set; }
        public bool Allowed { get; set; }
        public string Rule { get; set; } = "";
        public string Reason { get; set; } = "";
        public DateTimeOffset? NextAllowedAt { get; set; }
        public string Jurisdiction { get; set; } = "";
        public string RuleVersions { get; set; } = "";
    }
}
