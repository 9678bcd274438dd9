using System.Text.Json;
using System.Text.Json.Serialization;
using AiScheduler.Domain.Conversation;
using AiScheduler.Functions.Leads;
using AiScheduler.Functions.Store;
using Dapper;

namespace AiScheduler.Functions.Calls;

/// <summary>What the session is waiting for. Each telephony callback is acted on only in the phase that expects it.</summary>
public enum CallPhase
{
    /// <summary>Placed; waiting for CallConnected.</summary>
    Dialing,

    /// <summary>A host process has claimed a callback and is running the agent.</summary>
    Thinking,

    /// <summary>A recognize with prompt is out; waiting for RecognizeCompleted or RecognizeFailed.</summary>
    Listening,

    /// <summary>The closing line is playing; waiting for PlayCompleted to hang up.</summary>
    Closing,

    /// <summary>Hung up; waiting for CallDisconnected.</summary>
    HangingUp,

    /// <summary>Settled: the outcome is final.</summary>
    Ended,
}

/// <summary>A call about to be placed: who is called and everything the agent needs to know.</summary>
public sealed record NewCallSession(string CallId, Guid WorkspaceId, Guid? LeadId, string LeadPhone, CallContext Context)
{
    /// <summary>Set when the AI calls the lead to run a meeting's interview: the turns go to the interviewer.</summary>
    public Guid? MeetingId { get; init; }
}

/// <summary>One call's persisted session.</summary>
public sealed record CallSessionRecord(string CallId, Guid WorkspaceId, Guid? LeadId, string LeadPhone, string? CallConnectionId,
    CallPhase Phase, int Version, string? AwaitingContext, ConversationState State, CallOutcome? Outcome,
    DateTimeOffset? CallbackAtUtc, DateTimeOffset CreatedAt, DateTimeOffset? EndedAt)
{
    /// <summary>The meeting whose interview this call runs; null for a scheduling call.</summary>
    public Guid? MeetingId { get; init; }
}

/// <summary>One transcript line as stored.</summary>
public sealed record TranscriptTurn(string CallId, int Seq, string Speaker, string Text, string Language, DateTimeOffset AtUtc);

/// <summary>The change a handled callback makes, applied only if nobody else changed the session since it was read.</summary>
public sealed record SessionChange(CallPhase Phase, string? AwaitingContext, ConversationState State, string? CallConnectionId = null,
    CallOutcome? Outcome = null, DateTimeOffset? EndedAt = null);

/// <summary>
/// Call sessions in the store. Every write is a compare-and-swap on <c>version</c>, so of two host processes handling
/// callbacks of one call only one advances it; the other sees it lost and does nothing.
/// </summary>
public sealed class CallSessionStore(DataStore store, TimeProvider clock)
{
    internal static readonly JsonSerializerOptions StateJson = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    private const string Columns =
        "call_id, workspace_id, lead_id, lead_phone, call_connection_id, phase, version, awaiting_context, state, outcome, callback_at, created_at, ended_at, meeting_id";

    public async Task RegisterAsync(NewCallSession session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var now = clock.GetUtcNow();
        var state = ConversationState.Begin(session.Context, now);
        await store.WriteAsync(connection => connection.ExecuteAsync(new CommandDefinition(
            $"""
            INSERT INTO call_sessions (call_id, workspace_id, lead_id, lead_phone, call_connection_id, phase, version, awaiting_context,
                state, outcome, callback_at, created_at, updated_at, ended_at, meeting_id)
            VALUES (@CallId, @WorkspaceId, @LeadId, @LeadPhone, NULL, @Phase, 0, NULL, {store.Dialect.Json("@State")}, NULL, NULL, @Now, @Now, NULL,
                @MeetingId)
            """,
            new
            {
                session.CallId, session.WorkspaceId, session.LeadId, session.LeadPhone, Phase = PhaseName(CallPhase.Dialing),
                State = JsonSerializer.Serialize(state, StateJson), Now = now, session.MeetingId,
            },
            cancellationToken: cancellationToken)), cancellationToken);
    }

    public async Task<CallSessionRecord?> GetAsync(string callId, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<SessionRow>(new CommandDefinition(
            $"SELECT {Columns} FROM call_sessions WHERE call_id = @callId", new { callId }, cancellationToken: cancellationToken));
        return row?.ToRecord();
    }

    public async Task<CallSessionRecord?> FindByConnectionAsync(string callConnectionId, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<SessionRow>(new CommandDefinition(
            $"SELECT {Columns} FROM call_sessions WHERE call_connection_id = @callConnectionId", new { callConnectionId },
            cancellationToken: cancellationToken));
        return row?.ToRecord();
    }

    /// <summary>
    /// Notes the provider's connection id as soon as the call is placed or answered (before its first callback), so the
    /// reconciler can ask the provider about a call whose callbacks were lost. The id a callback brings wins if it came first.
    /// </summary>
    public async Task RecordConnectionAsync(string callId, string callConnectionId, CancellationToken cancellationToken)
    {
        await store.WriteAsync(connection => connection.ExecuteAsync(new CommandDefinition(
            "UPDATE call_sessions SET call_connection_id = @callConnectionId WHERE call_id = @callId AND call_connection_id IS NULL",
            new { callId, callConnectionId }, cancellationToken: cancellationToken)), cancellationToken);
    }

    /// <summary>Records a callback event id; false when it was handled already (a duplicate delivery).</summary>
    public async Task<bool> TryRecordEventAsync(string callId, string eventId, CancellationToken cancellationToken)
    {
        var inserted = await store.WriteAsync(connection => connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO call_session_events (call_id, event_id, received_at) VALUES (@callId, @eventId, @now)
            ON CONFLICT (call_id, event_id) DO NOTHING
            """,
            new { callId, eventId, now = clock.GetUtcNow() }, cancellationToken: cancellationToken)), cancellationToken);
        return inserted == 1;
    }

    /// <summary>
    /// Applies <paramref name="change"/> when the session is still at <paramref name="expectedVersion"/>, appending the
    /// turns the new state has beyond the stored transcript, in one transaction. False when another process got there first.
    /// </summary>
    public Task<bool> TryAdvanceAsync(CallSessionRecord session, int expectedVersion, SessionChange change, CancellationToken cancellationToken) =>
        TryAdvanceAsync(session, expectedVersion, change, recordEventId: null, cancellationToken);

    /// <summary>
    /// As <see cref="TryAdvanceAsync(CallSessionRecord, int, SessionChange, CancellationToken)"/>, first recording the
    /// callback event <paramref name="recordEventId"/> in the same transaction (one commit where there were two): false,
    /// changing nothing, when that event was recorded already (a duplicate delivery); when only the version check fails
    /// the event stays recorded, as <see cref="TryRecordEventAsync"/> then a failed advance would leave it.
    /// </summary>
    public async Task<bool> TryAdvanceAsync(CallSessionRecord session, int expectedVersion, SessionChange change, string? recordEventId,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(change);
        var now = clock.GetUtcNow();
        // The session's own state object back (not a copy): nothing to serialize or write but the phase and version.
        var unchangedState = ReferenceEquals(change.State, session.State);
        return await store.InTransactionAsync(async (connection, transaction) =>
        {
            if (recordEventId is not null && await connection.ExecuteAsync(new CommandDefinition(
                    """
                    INSERT INTO call_session_events (call_id, event_id, received_at) VALUES (@callId, @eventId, @now)
                    ON CONFLICT (call_id, event_id) DO NOTHING
                    """,
                    new { callId = session.CallId, eventId = recordEventId, now }, transaction, cancellationToken: cancellationToken)) != 1)
            {
                return false;
            }

            var updated = await connection.ExecuteAsync(new CommandDefinition(
                $"""
                UPDATE call_sessions
                SET phase = @Phase, version = version + 1, awaiting_context = @AwaitingContext, state = COALESCE({store.Dialect.Json("@State")}, state),
                    call_connection_id = COALESCE(@CallConnectionId, call_connection_id),
                    outcome = CASE WHEN outcome = 'booked' THEN outcome ELSE @Outcome END, callback_at = @CallbackAt,
                    updated_at = @Now, ended_at = COALESCE(@EndedAt, ended_at)
                WHERE call_id = @CallId AND version = @ExpectedVersion
                """,
                new
                {
                    Phase = PhaseName(change.Phase), change.AwaitingContext, State = unchangedState ? null : JsonSerializer.Serialize(change.State, StateJson),
                    change.CallConnectionId, Outcome = change.Outcome?.ToWireName(), CallbackAt = change.State.CallbackAtUtc, Now = now,
                    change.EndedAt, session.CallId, ExpectedVersion = expectedVersion,
                },
                transaction, cancellationToken: cancellationToken));
            if (updated != 1)
            {
                return false;
            }

            if (unchangedState)
            {
                // The state as read (claiming a turn, hanging up): it was stored with its transcript lines, none is new.
                return true;
            }

            var stored = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "SELECT COUNT(*) FROM call_transcript_turns WHERE call_id = @CallId", new { session.CallId }, transaction,
                cancellationToken: cancellationToken));
            for (var seq = (int)stored; seq < change.State.Turns.Count; seq++)
            {
                var turn = change.State.Turns[seq];
                await connection.ExecuteAsync(new CommandDefinition(
                    """
                    INSERT INTO call_transcript_turns (call_id, seq, workspace_id, speaker, text, language, at_utc)
                    VALUES (@CallId, @Seq, @WorkspaceId, @Speaker, @Text, @Language, @AtUtc)
                    """,
                    new { session.CallId, Seq = seq, session.WorkspaceId, turn.Speaker, turn.Text, turn.Language, turn.AtUtc },
                    transaction, cancellationToken: cancellationToken));
            }

            return true;
        }, cancellationToken);
    }

    public async Task<IReadOnlyList<TranscriptTurn>> TranscriptAsync(string callId, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<TranscriptRow>(new CommandDefinition(
            "SELECT call_id, seq, speaker, text, language, at_utc FROM call_transcript_turns WHERE call_id = @callId ORDER BY seq",
            new { callId }, cancellationToken: cancellationToken));
        return rows.Select(r => new TranscriptTurn(r.CallId, r.Seq, r.Speaker, r.Text, r.Language, r.AtUtc)).ToList();
    }

    /// <summary>Puts the lead on the do-not-call list at once: an opt-out must hold even if the call drops next.</summary>
    public async Task MarkDoNotCallAsync(Guid workspaceId, Guid leadId, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        await LeadStatusWriter.SetAsync(connection, null, workspaceId, leadId, LeadStatus.DoNotCall, clock.GetUtcNow(), cancellationToken);
    }

    /// <summary>
    /// Marks the call booked the moment its meeting is committed, outside the turn's compare-and-swap: if the turn then
    /// loses a race (the callee hung up and another process settled the call), the call still ends <c>booked</c>, and
    /// no later change of the session replaces that outcome.
    /// </summary>
    public async Task RecordBookedAsync(string callId, CancellationToken cancellationToken)
    {
        await store.WriteAsync(connection => connection.ExecuteAsync(new CommandDefinition(
            "UPDATE call_sessions SET outcome = 'booked', updated_at = @now WHERE call_id = @callId",
            new { callId, now = clock.GetUtcNow() }, cancellationToken: cancellationToken)), cancellationToken);
    }

    /// <summary>Records the lead's wish to be called again (at <paramref name="atUtc"/> when they named a time).</summary>
    public async Task RecordCallbackAsync(CallSessionRecord session, DateTimeOffset? atUtc, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var now = clock.GetUtcNow();
        await store.InTransactionAsync(async (connection, transaction) =>
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE call_sessions SET callback_at = @atUtc, updated_at = @now WHERE call_id = @callId",
                new { atUtc, now, callId = session.CallId }, transaction, cancellationToken: cancellationToken));
            if (session.LeadId is { } leadId)
            {
                await LeadStatusWriter.SetAsync(connection, transaction, session.WorkspaceId, leadId, LeadStatus.Callback, now, cancellationToken);
            }

            return true;
        }, cancellationToken);
    }

    internal static string PhaseName(CallPhase phase) => JsonNamingPolicy.KebabCaseLower.ConvertName(phase.ToString());

    private static CallPhase ParsePhase(string name) =>
        Enum.GetValues<CallPhase>().First(phase => string.Equals(PhaseName(phase), name, StringComparison.Ordinal));

    private sealed class SessionRow
    {
        public string CallId { get; set; } = "";
        public Guid WorkspaceId { get; set; }
        public Guid? LeadId { get; set; }
        public string LeadPhone { get; set; } = "";
        public string? CallConnectionId { get; set; }
        public string Phase { get; set; } = "";
        public int Version { get; set; }
        public string? AwaitingContext { get; set; }
        public string State { get; set; } = "";
        public string? Outcome { get; set; }
        public DateTimeOffset? CallbackAt { get; set; }
        public DateTimeOffset CreatedAt { get; set; }
        public DateTimeOffset? EndedAt { get; set; }
        public Guid? MeetingId { get; set; }

        public CallSessionRecord ToRecord() => new(CallId, WorkspaceId, LeadId, LeadPhone, CallConnectionId, ParsePhase(Phase), Version,
            AwaitingContext, JsonSerializer.Deserialize<ConversationState>(State, StateJson)!,
            Outcome is null ? null : CallOutcomeWire.Parse(Outcome), CallbackAt, CreatedAt, EndedAt) { MeetingId = MeetingId };
    }

    private sealed class TranscriptRow
    {
        public string CallId { get; set; } = "";
        public int Seq { get; set; }
        public string Speaker { get; set; } = "";
        public string Text { get; set; } = "";
        public string Language { get; set; } = "";
        public DateTimeOffset AtUtc { get; set; }
    }
}
