using System.Collections.Frozen;
using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using AiScheduler.Domain.Campaigns;
using AiScheduler.Domain.Conversation;
using AiScheduler.Domain.Permissions;
using AiScheduler.Domain.Scheduling;
using AiScheduler.Functions.DoNotCall;
using AiScheduler.Functions.Leads;
using AiScheduler.Functions.Permissions;
using AiScheduler.Functions.Store;
using Dapper;

namespace AiScheduler.Functions.Campaigns;

/// <summary>A lead picked to be called now, with the counters the retry policy needs.</summary>
public sealed record DueLead(Guid LeadId, int Attempt, int PreviousVoicemails, int PreviousCallbacks);

/// <summary>What one pick found: the leads claimed for calling, the progress, and when the next lead becomes due.</summary>
public sealed record PickResult(IReadOnlyList<DueLead> Leads, CampaignProgress Progress, DateTimeOffset? NextDueAt);

/// <summary>What happens to a lead after an attempt, as decided by the retry policy and recorded.</summary>
public sealed record AttemptRecord(string Outcome, string State, DateTimeOffset? NextAt, string? Settlement, Guid? MeetingId);

/// <summary>
/// Campaigns and their leads in the store. Every change that an activity may repeat after a crash is written so that
/// repeating it changes nothing (claims carry the pick's token, outcomes apply once per attempt number).
/// </summary>
public sealed class CampaignStore(DataStore store, TimeProvider clock)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private const string Columns = "id, workspace_id, name, status, settings, selection, last_start_at, created_at, updated_at";

    public async Task<Campaign> CreateAsync(Guid workspaceId, string name, CampaignSettings settings, LeadSelection selection,
        CampaignStatus status, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var campaign = new Campaign(Guid.CreateVersion7(), workspaceId, name, status.ToWireName(), settings, selection, null, now, now);
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            $"""
            INSERT INTO campaigns ({Columns})
            VALUES (@Id, @WorkspaceId, @Name, @Status, {store.Dialect.Json("@Settings")}, {store.Dialect.Json("@Selection")}, NULL, @Now, @Now)
            """,
            new
            {
                campaign.Id, campaign.WorkspaceId, campaign.Name, campaign.Status,
                Settings = JsonSerializer.Serialize(settings, Json), Selection = JsonSerializer.Serialize(selection, Json), Now = now,
            }, cancellationToken: cancellationToken));
        return campaign;
    }

    public async Task<Campaign?> GetAsync(Guid workspaceId, Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM campaigns WHERE workspace_id = @workspaceId AND id = @id", new { workspaceId, id },
            cancellationToken: cancellationToken));
        return row?.ToCampaign();
    }

    public async Task<IReadOnlyList<Campaign>> ListAsync(Guid workspaceId, string? status, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM campaigns WHERE workspace_id = @workspaceId AND (@status IS NULL OR status = @status) ORDER BY created_at",
            new { workspaceId, status }, cancellationToken: cancellationToken));
        return rows.Select(r => r.ToCampaign()).ToList();
    }

    /// <summary>Campaigns the scheduler looks at: those with a start time or a schedule that are not cancelled.</summary>
    public async Task<IReadOnlyList<Campaign>> ListSchedulableAsync(CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM campaigns WHERE status IN ('scheduled', 'completed') ORDER BY created_at",
            cancellationToken: cancellationToken));
        return rows.Select(r => r.ToCampaign()).ToList();
    }

    /// <summary>
    /// Moves the campaign by <paramref name="action"/> when the lifecycle allows it, as a compare-and-swap on the status
    /// it was read with. Returns the transition (rejected with a reason when not allowed or when someone else moved it first).
    /// </summary>
    public async Task<Transition<CampaignStatus>> TransitionAsync(Campaign campaign, CampaignAction action, DateTimeOffset? startedFor,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        var transition = CampaignLifecycle.CanTransition(campaign.ParsedStatus, action);
        if (!transition.IsAllowed)
        {
            return transition;
        }

        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        var changed = await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE campaigns SET status = @to, updated_at = @now, last_start_at = COALESCE(@startedFor, last_start_at)
            WHERE id = @id AND status = @from
            """,
            new { id = campaign.Id, from = campaign.Status, to = transition.To.ToWireName(), now = clock.GetUtcNow(), startedFor },
            cancellationToken: cancellationToken));
        return changed == 1
            ? transition
            : Transition<CampaignStatus>.Rejected(campaign.ParsedStatus,
                $"Campaign {campaign.Id} changed while this request was handled; read it again and retry.");
    }

    /// <summary>Sets the status the orchestration reached (running, paused, completed, cancelled) without a lifecycle check.</summary>
    public async Task SetStatusAsync(Guid id, CampaignStatus status, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE campaigns SET status = @status, updated_at = @now WHERE id = @id AND status <> 'cancelled'",
            new { id, status = status.ToWireName(), now = clock.GetUtcNow() }, cancellationToken: cancellationToken));
    }

    /// <summary>Adds the leads the selection names that are not in the campaign yet (a recurring run picks up new leads).</summary>
    public async Task<int> EnrollAsync(Campaign campaign, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        var selection = campaign.Selection;
        var now = clock.GetUtcNow();
        var filters = new List<string> { "l.workspace_id = @workspaceId", "l.phone IS NOT NULL" };
        var parameters = new DynamicParameters(new { workspaceId = campaign.WorkspaceId, campaignId = campaign.Id, now });
        if (selection.LeadIds is { Count: > 0 } ids)
        {
            filters.Add(store.Dialect.InList("l.id", "@ids"));
            // SQLite keeps ids as canonical lowercase text; PostgreSQL compares against a uuid[].
            parameters.Add("ids", store.Provider == StoreProvider.Postgres ? ids.ToArray() : ids.Select(id => id.ToString("D")).ToArray());
        }

        if (selection.Status is { } status)
        {
            filters.Add("l.status = @status");
            parameters.Add("status", status);
        }

        if (selection.Language is { } language)
        {
            filters.Add("(l.language = @language OR l.language LIKE @languagePrefix)");
            parameters.Add("language", language);
            parameters.Add("languagePrefix", language + "-%");
        }

        if (selection.Region is { } region)
        {
            filters.Add("l.region = @region");
            parameters.Add("region", region);
        }

        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            $"""
            INSERT INTO campaign_leads (campaign_id, lead_id, state, attempts, voicemails, callbacks, next_at, claim, last_outcome, settlement, updated_at)
            SELECT @campaignId, l.id, 'pending', 0, 0, 0, NULL, NULL, NULL, NULL, @now FROM leads l
            WHERE {string.Join(" AND ", filters)}
            ON CONFLICT (campaign_id, lead_id) DO NOTHING
            """, parameters, cancellationToken: cancellationToken));
    }

    /// <summary>
    /// Claims up to <paramref name="limit"/> due leads for calling with <paramref name="claim"/> (a repeated pick with
    /// the same claim returns the same leads). Due: pending, or a retry or callback whose time has passed, and inside the
    /// calling window in the lead's own zone. A lead whose number is on the do-not-call list is settled, never picked.
    /// With <paramref name="permission"/>, each lead about to be claimed is first put to the call-permission decision: a
    /// lead refused for now waits (as a retry) until its next allowed instant, one refused for good is settled with the
    /// reason (do-not-call, no-consent, not-permitted) and counted in the progress by that outcome.
    /// </summary>
    public async Task<PickResult> PickDueAsync(Campaign campaign, string claim, int limit, CancellationToken cancellationToken,
        Func<Guid, int, DateTimeOffset, CancellationToken, Task<CallPermission?>>? permission = null)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        var options = campaign.Settings.ToOptions();
        var now = clock.GetUtcNow();
        var picked = new List<DueLead>();
        DateTimeOffset? nextDue = null;
        await using (var connection = await store.OpenConnectionAsync(cancellationToken))
        {
            var candidates = (await connection.QueryAsync<CandidateRow>(new CommandDefinition(
                """
                SELECT cl.lead_id, cl.state, cl.attempts, cl.voicemails, cl.callbacks, cl.next_at, cl.claim, l.phone, l.time_zone,
                       (SELECT COUNT(*) FROM do_not_call d WHERE d.workspace_id = l.workspace_id AND d.phone = l.phone) AS blocked
                FROM campaign_leads cl JOIN leads l ON l.id = cl.lead_id
                WHERE cl.campaign_id = @campaignId
                  AND ((cl.state IN ('pending', 'retry', 'callback') AND (cl.next_at IS NULL OR cl.next_at <= @now)) OR cl.claim = @claim)
                ORDER BY cl.next_at, cl.lead_id
                LIMIT 2000
                """, new { campaignId = campaign.Id, now, claim }, cancellationToken: cancellationToken))).ToList();
            foreach (var candidate in candidates)
            {
                if (string.Equals(candidate.Claim, claim, StringComparison.Ordinal) && candidate.State == CampaignLeadState.Calling)
                {
                    picked.Add(candidate.ToDueLead());
                    continue;
                }

                if (candidate.Phone is null || candidate.Blocked > 0)
                {
                    await SettleBlockedAsync(campaign, candidate.LeadId, now, cancellationToken);
                    continue;
                }

                var zone = ZoneOf(candidate.TimeZone, options.Zone);
                if (!options.CallingWindow.IsOpen(now, zone))
                {
                    var opens = options.CallingWindow.NextOpening(now, zone);
                    nextDue = nextDue is null || opens < nextDue ? opens : nextDue;
                    continue;
                }

                if (picked.Count >= limit)
                {
                    continue;
                }

                if (permission is not null)
                {
                    var decision = await permission(candidate.LeadId, candidate.Attempts + 1, now, cancellationToken);
                    if (decision is null || !decision.Allowed)
                    {
                        if (decision?.NextAllowedAt is { } allowedAt)
                        {
                            await DeferAsync(campaign, candidate.LeadId, allowedAt.ToUniversalTime(), now, cancellationToken);
                            nextDue = nextDue is null || allowedAt < nextDue ? allowedAt : nextDue;
                        }
                        else
                        {
                            await SettleBlockedAsync(campaign, candidate.LeadId, now, cancellationToken,
                                decision is null ? LeadStatus.NotPermitted : LeadCallPermissions.SettlementFor(decision));
                        }

                        continue;
                    }
                }

                var claimed = await connection.ExecuteAsync(new CommandDefinition(
                    $"""
                    UPDATE campaign_leads SET {Move(LeadCallAction.Dial).Set}, claim = @claim, updated_at = @now
                    WHERE campaign_id = @campaignId AND lead_id = @leadId AND {Move(LeadCallAction.Dial).Guard}
                    """, new { campaignId = campaign.Id, leadId = candidate.LeadId, claim, now }, cancellationToken: cancellationToken));
                if (claimed == 1)
                {
                    await LeadStatusWriter.SetAsync(connection, null, campaign.WorkspaceId, candidate.LeadId, LeadStatus.Calling, now, cancellationToken);
                    picked.Add(candidate.ToDueLead());
                }
            }
        }

        var progress = await ProgressAsync(campaign.Id, picked.Count, cancellationToken);
        if (progress.NextDueAt is { } retryAt && (nextDue is null || retryAt < nextDue))
        {
            nextDue = retryAt;
        }

        return new PickResult(picked, progress with { NextDueAt = nextDue }, nextDue);
    }

    /// <summary>Counts from the store. <paramref name="justPicked"/> leads are reported in flight rather than due.</summary>
    public async Task<CampaignProgress> ProgressAsync(Guid campaignId, int justPicked, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        var rows = (await connection.QueryAsync<CountRow>(new CommandDefinition(
            """
            SELECT state, settlement, CASE WHEN next_at IS NOT NULL AND next_at > @now THEN 1 ELSE 0 END AS future, COUNT(*) AS count
            FROM campaign_leads WHERE campaign_id = @campaignId GROUP BY state, settlement, CASE WHEN next_at IS NOT NULL AND next_at > @now THEN 1 ELSE 0 END
            """, new { campaignId, now }, cancellationToken: cancellationToken))).ToList();
        var nextRetry = await connection.ExecuteScalarAsync<DateTimeOffset?>(new CommandDefinition(
            "SELECT MIN(next_at) FROM campaign_leads WHERE campaign_id = @campaignId AND state = 'retry' AND next_at > @now",
            new { campaignId, now }, cancellationToken: cancellationToken));
        int Sum(Func<CountRow, bool> which) => (int)rows.Where(which).Sum(r => r.Count);
        var byOutcome = rows.Where(r => r.State == CampaignLeadState.Settled && r.Settlement is not null)
            .GroupBy(r => r.Settlement!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (int)g.Sum(r => r.Count), StringComparer.Ordinal);
        return new CampaignProgress(
            Total: Sum(_ => true),
            Due: Sum(r => r.State is CampaignLeadState.Pending or CampaignLeadState.Retry or CampaignLeadState.Callback && r.Future == 0),
            InFlight: Sum(r => r.State == CampaignLeadState.Calling),
            Settled: Sum(r => r.State == CampaignLeadState.Settled),
            Waiting: Sum(r => r.State is CampaignLeadState.Retry or CampaignLeadState.Callback && r.Future == 1),
            ByOutcome: byOutcome,
            NextDueAt: nextRetry);
    }

    /// <summary>Leads of the campaign waiting for a callback, with when.</summary>
    public async Task<bool> HasCallbackDueAsync(Guid campaignId, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM campaign_leads WHERE campaign_id = @campaignId AND state IN ('callback', 'retry') AND next_at <= @now",
            new { campaignId, now = clock.GetUtcNow() }, cancellationToken: cancellationToken)) > 0;
    }

    /// <summary>
    /// Applies the retry policy to attempt <paramref name="attempt"/> of a lead, once: a repeat (same attempt) returns
    /// what was recorded the first time. Updates the campaign lead, the lead's status and, on an opt-out, the
    /// do-not-call list.
    /// </summary>
    public async Task<AttemptRecord> RecordAttemptAsync(Campaign campaign, Guid leadId, int attempt, string? callId, CallOutcome outcome,
        DateTimeOffset? callbackAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        var options = campaign.Settings.ToOptions();
        var now = clock.GetUtcNow();
        return await store.InTransactionAsync(async (connection, transaction) =>
        {
            var current = await connection.QuerySingleAsync<LeadStateRow>(new CommandDefinition(
                """
                SELECT cl.state, cl.attempts, cl.voicemails, cl.callbacks, cl.next_at, cl.last_outcome, cl.settlement, l.phone, l.time_zone
                FROM campaign_leads cl JOIN leads l ON l.id = cl.lead_id WHERE cl.campaign_id = @campaignId AND cl.lead_id = @leadId
                """, new { campaignId = campaign.Id, leadId }, transaction, cancellationToken: cancellationToken));
            var meetingId = outcome == CallOutcome.Booked && callId is not null
                ? await connection.ExecuteScalarAsync<Guid?>(new CommandDefinition(
                    "SELECT id FROM meetings WHERE call_id = @callId ORDER BY created_at LIMIT 1", new { callId }, transaction,
                    cancellationToken: cancellationToken))
                : null;
            if (current.Attempts >= attempt)
            {
                return new AttemptRecord(current.LastOutcome ?? outcome.ToWireName(), current.State, current.NextAt, current.Settlement, meetingId);
            }

            var decision = options.RetryPolicy.Decide(outcome, attempt, now, callbackAt, options.CallingWindow,
                ZoneOf(current.TimeZone, options.Zone), current.Voicemails, current.Callbacks);
            var action = LeadCallLifecycle.ActionFor(decision);
            var transition = LeadCallLifecycle.TryParseState(current.State, out var from)
                ? LeadCallLifecycle.CanTransition(from.Value, action)
                : throw new InvalidOperationException($"Campaign {campaign.Id} holds lead {leadId} in an unknown state '{current.State}'.");
            if (!transition.IsAllowed)
            {
                throw new InvalidTransitionException(
                    $"Attempt {attempt} of lead {leadId} in campaign {campaign.Id} cannot be recorded: {transition.Reason}");
            }

            var state = transition.To.ToWireName();
            var (nextAt, settlement, leadStatus) = decision switch
            {
                AttemptDecision.Retry retry => ((DateTimeOffset?)retry.AtUtc, (LeadStatus?)null, LeadStatus.Queued),
                AttemptDecision.Callback back => (back.AtUtc, null, LeadStatus.Callback),
                AttemptDecision.Done done => (null, LeadStatus.For(done.Settlement), LeadStatus.For(done.Settlement)),
                _ => (null, LeadStatus.DoNotCall, LeadStatus.DoNotCall),
            };
            await connection.ExecuteAsync(new CommandDefinition(
                $"""
                UPDATE campaign_leads SET state = @state, attempts = @attempt, voicemails = voicemails + @voicemail,
                    callbacks = callbacks + @callback, next_at = @nextAt, claim = NULL, last_outcome = @outcome, settlement = @settlement, updated_at = @now
                WHERE campaign_id = @campaignId AND lead_id = @leadId AND {Move(action).Guard}
                """,
                new
                {
                    state, attempt, voicemail = outcome is CallOutcome.Voicemail or CallOutcome.CallScreening ? 1 : 0, callback = decision is AttemptDecision.Callback ? 1 : 0,
                    nextAt, outcome = outcome.ToWireName(), settlement = settlement?.Value, now, campaignId = campaign.Id, leadId,
                }, transaction, cancellationToken: cancellationToken));
            await LeadStatusWriter.SetAsync(connection, transaction, campaign.WorkspaceId, leadId, leadStatus, now, cancellationToken);
            if (decision is AttemptDecision.DoNotCall && current.Phone is { } phone)
            {
                await DoNotCallList.AddInTransactionAsync(connection, transaction, campaign.WorkspaceId, phone, "asked not to be called again",
                    DoNotCallSource.OptedOut, now, cancellationToken);
            }

            return new AttemptRecord(outcome.ToWireName(), state, nextAt, settlement?.Value, meetingId);
        }, cancellationToken);
    }

    /// <summary>
    /// Hands a claimed lead back without a call: settled (as <paramref name="settlement"/>, do-not-call by default) when
    /// it may never be called, otherwise waiting until <paramref name="retryAt"/> (the next allowed instant) with its
    /// attempts unchanged.
    /// </summary>
    public async Task ReleaseAsync(Campaign campaign, Guid leadId, DateTimeOffset? retryAt, CancellationToken cancellationToken,
        string? settlement = null)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        var now = clock.GetUtcNow();
        // Only a lead this attempt holds (calling) is handed back; the lifecycle's guard makes a repeat change nothing.
        if (retryAt is null)
        {
            var status = settlement is null ? LeadStatus.DoNotCall : LeadStatus.Parse(settlement);
            await using var blocked = await store.OpenConnectionAsync(cancellationToken);
            await blocked.ExecuteAsync(new CommandDefinition(
                $"UPDATE campaign_leads SET {Move(LeadCallAction.Settle).Set}, settlement = @settlement, claim = NULL, updated_at = @now " +
                $"WHERE campaign_id = @campaignId AND lead_id = @leadId AND {CallingGuard}",
                new { campaignId = campaign.Id, leadId, now, settlement = status.Value }, cancellationToken: cancellationToken));
            await LeadStatusWriter.SetAsync(blocked, null, campaign.WorkspaceId, leadId, status, now, cancellationToken);
            return;
        }

        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            $"UPDATE campaign_leads SET {Move(LeadCallAction.WaitForRetry).Set}, next_at = @retryAt, claim = NULL, updated_at = @now " +
            $"WHERE campaign_id = @campaignId AND lead_id = @leadId AND {Move(LeadCallAction.WaitForRetry).Guard}",
            new { campaignId = campaign.Id, leadId, retryAt, now }, cancellationToken: cancellationToken));
        await LeadStatusWriter.SetAsync(connection, null, campaign.WorkspaceId, leadId, LeadStatus.Queued, now, cancellationToken);
    }

    private async Task SettleBlockedAsync(Campaign campaign, Guid leadId, DateTimeOffset now, CancellationToken cancellationToken,
        LeadStatus? settlement = null)
    {
        var status = settlement ?? LeadStatus.DoNotCall;
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        var changed = await connection.ExecuteAsync(new CommandDefinition(
            $"""
            UPDATE campaign_leads SET {Move(LeadCallAction.Settle).Set}, settlement = @settlement, claim = NULL, updated_at = @now
            WHERE campaign_id = @campaignId AND lead_id = @leadId AND {WaitingGuard}
            """, new { campaignId = campaign.Id, leadId, now, settlement = status.Value }, cancellationToken: cancellationToken));
        if (changed == 1)
        {
            await LeadStatusWriter.SetAsync(connection, null, campaign.WorkspaceId, leadId, status, now, cancellationToken);
        }
    }

    // A lead the calling rules refuse for now waits until they allow it, its attempts unchanged.
    private async Task DeferAsync(Campaign campaign, Guid leadId, DateTimeOffset allowedAt, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        var changed = await connection.ExecuteAsync(new CommandDefinition(
            $"""
            UPDATE campaign_leads SET {Move(LeadCallAction.Defer).Set}, next_at = @allowedAt, updated_at = @now
            WHERE campaign_id = @campaignId AND lead_id = @leadId AND {Move(LeadCallAction.Defer).Guard}
            """, new { campaignId = campaign.Id, leadId, allowedAt, now }, cancellationToken: cancellationToken));
        if (changed == 1)
        {
            await LeadStatusWriter.SetAsync(connection, null, campaign.WorkspaceId, leadId, LeadStatus.Queued, now, cancellationToken);
        }
    }

    /// <summary>One <see cref="LeadCallLifecycle"/> action as SQL: the <c>state</c> assignment and the guard on the states it applies to.</summary>
    private sealed record StateMove(string Set, string Guard);

    // Every campaign_leads.state change is LeadCallLifecycle's table compiled to SQL: a statement changes a row only from a
    // state the table lets take the action, and only to the state the table names - in the one statement it always was.
    private static readonly FrozenDictionary<LeadCallAction, StateMove> Moves = Enum.GetValues<LeadCallAction>().ToFrozenDictionary(
        action => action,
        action =>
        {
            var moves = LeadCallLifecycle.MovesFor(action);
            var targets = moves.Select(move => move.To).Distinct().ToArray();
            var set = targets.Length == 1
                ? $"state = '{targets[0].ToWireName()}'"
                : $"state = CASE state {string.Join(" ", moves.Select(move => $"WHEN '{move.From.ToWireName()}' THEN '{move.To.ToWireName()}'"))} END";
            return new StateMove(set, InStates(moves.Select(move => move.From)));
        });

    // Settling applies to a lead on a call (released) or to a waiting one (blocked before dialling): each path names its own.
    private static readonly string CallingGuard = InStates([LeadCallState.Calling]);

    private static readonly string WaitingGuard =
        InStates(LeadCallLifecycle.MovesFor(LeadCallAction.Settle).Select(move => move.From).Where(state => state != LeadCallState.Calling));

    private static StateMove Move(LeadCallAction action) => Moves[action];

    private static string InStates(IEnumerable<LeadCallState> states) =>
        $"state IN ({string.Join(", ", states.Select(state => $"'{state.ToWireName()}'"))})";

    /// <summary>Names the question set a campaign's meetings use (null clears it), on the caller's connection and transaction
    /// (the Questions folder checks the set exists in it). Returns the rows changed: 0 when there is no such campaign.</summary>
    public static Task<int> SetQuestionSetAsync(DbConnection connection, DbTransaction transaction, Guid workspaceId, Guid campaignId,
        Guid? setId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return connection.ExecuteAsync(new CommandDefinition(
            "UPDATE campaigns SET question_set_id = @setId WHERE workspace_id = @workspaceId AND id = @campaignId",
            new { workspaceId, campaignId, setId }, transaction, cancellationToken: cancellationToken));
    }

    /// <summary>Lets every campaign that named question set <paramref name="setId"/> fall back to the default (the set is being deleted).</summary>
    public static Task<int> ClearQuestionSetAsync(DbConnection connection, DbTransaction transaction, Guid workspaceId, Guid setId,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return connection.ExecuteAsync(new CommandDefinition(
            "UPDATE campaigns SET question_set_id = NULL WHERE workspace_id = @workspaceId AND question_set_id = @setId",
            new { workspaceId, setId }, transaction, cancellationToken: cancellationToken));
    }

    internal static TimeZoneInfo ZoneOf(string? timeZone, TimeZoneInfo fallback) =>
        timeZone is not null && TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out var zone) ? zone : fallback;

    private sealed class Row
    {
        public Guid Id { get; set; }
        public Guid WorkspaceId { get; set; }
        public string Name { get; set; } = "";
        public string Status { get; set; } = "";
        public string Settings { get; set; } = "";
        public string Selection { get; set; } = "";
        public DateTimeOffset? LastStartAt { get; set; }
        public DateTimeOffset CreatedAt { get; set; }
        public DateTimeOffset UpdatedAt { get; set; }

        public Campaign ToCampaign() => new(Id, WorkspaceId, Name, Status,
            JsonSerializer.Deserialize<CampaignSettings>(Settings, Json)
                ?? throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"Campaign {Id} has no settings.")),
            JsonSerializer.Deserialize<LeadSelection>(Selection, Json) ?? LeadSelection.AllNew,
            LastStartAt, CreatedAt, UpdatedAt);
    }

    private sealed class CandidateRow
    {
        public Guid LeadId { get; set; }
        public string State { get; set; } = "";
        public int Attempts { get; set; }
        public int Voicemails { get; set; }
        public int Callbacks { get; set; }
        public DateTimeOffset? NextAt { get; set; }
        public string? Claim { get; set; }
        public string? Phone { get; set; }
        public string? TimeZone { get; set; }
        public long Blocked { get; set; }

        public DueLead ToDueLead() => new(LeadId, Attempts + 1, Voicemails, Callbacks);
    }

    private sealed class CountRow
    {
        public string State { get; set; } = "";
        public string? Settlement { get; set; }
        public long Future { get; set; }
        public long Count { get; set; }
    }

    private sealed class LeadStateRow
    {
        public string State { get; set; } = "";
        public int Attempts { get; set; }
        public int Voicemails { get; set; }
        public int Callbacks { get; set; }
        public DateTimeOffset? NextAt { get; set; }
        public string? LastOutcome { get; set; }
        public string? Settlement { get; set; }
        public string? Phone { get; set; }
        public string? TimeZone { get; set; }
    }
}
