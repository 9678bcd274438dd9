using System.Data.Common;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace AiScheduler.Durable;

/// <summary>
/// The durable backend: the same schema and statements on SQLite and PostgreSQL (times are epoch milliseconds
/// taken from the database clock), with the dialect differences (locking, clock expression, wake-ups) in subclasses.
/// </summary>
internal abstract class DurableStore : IAsyncDisposable
{
    /// <summary>The schema version this runtime writes; a database with a newer one is refused.</summary>
    public const int SchemaVersion = 2;

    private const string EventColumns = "instance_id, execution_id, event_type, task_id, name, payload, failure, fire_at, event_key, visible_at, created_at";

    private readonly Lazy<Task> _created;

    protected DurableStore() => _created = new Lazy<Task>(() => CreateSchemaAsync(CancellationToken.None));

    /// <summary>Released when new orchestration messages may be visible.</summary>
    public WorkSignal OrchestrationSignal { get; } = new();

    /// <summary>Released when new activity work may be visible.</summary>
    public WorkSignal ActivitySignal { get; } = new();

    /// <summary>The backend's name for logs and metrics.</summary>
    public abstract string Backend { get; }

    /// <summary>SQL for the database clock in epoch milliseconds.</summary>
    protected abstract string Now { get; }

    /// <summary>Row-locking suffix for lease queries.</summary>
    protected abstract string SkipLocked { get; }

    /// <summary>Column definition of an identity primary key.</summary>
    protected abstract string IdentityColumn { get; }

    /// <summary>Opens a connection (on SQLite: takes the process-wide connection).</summary>
    protected abstract Task<Session> OpenAsync(CancellationToken cancellationToken);

    /// <summary>Begins a write transaction that takes the write lock at once.</summary>
    protected abstract Task<DbTransaction> BeginWriteAsync(Session session, CancellationToken cancellationToken);

    /// <summary>Send a transaction's statements as one command (worth it across a network).</summary>
    protected virtual bool CombineStatements => false;

    /// <summary>Activity result batches a process commits at once.</summary>
    public virtual int ResultWriters => 1;

    /// <summary>Rows per multi-row INSERT.</summary>
    protected virtual int RowsPerStatement => 1;

    /// <summary>
    /// Whether the single-statement lease runs in an explicit write transaction: on SQLite an immediate transaction
    /// takes the write lock before reading; PostgreSQL's row locks (SKIP LOCKED) make the statement safe on its own.
    /// </summary>
    protected virtual bool LeaseNeedsTransaction => true;

    /// <summary>Serializes schema creation across processes.</summary>
    protected virtual Task LockSchemaAsync(Session session, DbTransaction transaction, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>A statement that tells other processes, at commit, that work arrived (PostgreSQL NOTIFY); null if none.</summary>
    protected virtual string? NotifySql(bool orchestrations, bool activities) => null;

    /// <summary>After a commit: wakes this process's dispatchers.</summary>
    protected void Wake(bool orchestrations, bool activities)
    {
        if (orchestrations)
        {
            OrchestrationSignal.Set();
        }

        if (activities)
        {
            ActivitySignal.Set();
        }
    }

    /// <summary>Starts background wake-up listening, where the backend has it.</summary>
    public virtual Task StartListeningAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public virtual ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>Creates the tables once per process and checks the schema version.</summary>
    public Task EnsureCreatedAsync(CancellationToken cancellationToken) => _created.Value.WaitAsync(cancellationToken);

    private async Task CreateSchemaAsync(CancellationToken cancellationToken)
    {
        await using var session = await OpenAsync(cancellationToken);
        await using var transaction = await BeginWriteAsync(session, cancellationToken);
        await LockSchemaAsync(session, transaction, cancellationToken);
        await session.ExecuteAsync(transaction, Schema(), cancellationToken);
        var found = await session.ScalarAsync(transaction, "SELECT max(version) FROM dt_schema", cancellationToken);
        if (found is null or DBNull)
        {
            await session.ExecuteAsync(transaction,
                FormattableString.Invariant($"INSERT INTO dt_schema (version) VALUES ({SchemaVersion})"), cancellationToken);
        }
        else if (Convert.ToInt32(found, CultureInfo.InvariantCulture) == 1)
        {
            // Version 2 keeps the W3C trace context of an instance's creator and of each scheduled activity.
            await session.ExecuteAsync(transaction, """
                ALTER TABLE dt_instances ADD COLUMN trace_parent text;
                ALTER TABLE dt_new_tasks ADD COLUMN trace_parent text;
                UPDATE dt_schema SET version = 2;
                """, cancellationToken);
        }
        else if (Convert.ToInt32(found, CultureInfo.InvariantCulture) > SchemaVersion)
        {
            throw new InvalidOperationException(FormattableString.Invariant(
                $"The durable tables (dt_*) have schema version {found}, newer than this runtime's {SchemaVersion}. Upgrade the application, or point it at another database."));
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private string Schema() => $"""
        CREATE TABLE IF NOT EXISTS dt_schema (version integer NOT NULL);
        CREATE TABLE IF NOT EXISTS dt_instances (
            instance_id text PRIMARY KEY, execution_id text NOT NULL, name text NOT NULL, version text,
            status text NOT NULL, input text, output text, custom_status text, failure text,
            parent_instance_id text, parent_execution_id text, parent_task_id integer,
            created_at bigint NOT NULL, updated_at bigint NOT NULL, completed_at bigint,
            lease_owner text, lease_expires_at bigint, dequeue_count integer NOT NULL DEFAULT 0, trace_parent text);
        CREATE INDEX IF NOT EXISTS dt_instances_created ON dt_instances (created_at, instance_id);
        CREATE INDEX IF NOT EXISTS dt_instances_completed ON dt_instances (completed_at);
        CREATE TABLE IF NOT EXISTS dt_history (
            instance_id text NOT NULL, execution_id text NOT NULL, sequence integer NOT NULL,
            event_type text NOT NULL, task_id integer NOT NULL, name text, payload text, failure text,
            fire_at bigint, child_instance_id text, status text, timestamp bigint NOT NULL,
            PRIMARY KEY (instance_id, execution_id, sequence));
        CREATE TABLE IF NOT EXISTS dt_new_events (
            id {IdentityColumn}, instance_id text NOT NULL, execution_id text, event_type text NOT NULL,
            task_id integer NOT NULL, name text, payload text, failure text, fire_at bigint, event_key text,
            visible_at bigint NOT NULL, created_at bigint NOT NULL);
        CREATE INDEX IF NOT EXISTS dt_new_events_instance ON dt_new_events (instance_id, id);
        CREATE INDEX IF NOT EXISTS dt_new_events_visible ON dt_new_events (visible_at);
        CREATE UNIQUE INDEX IF NOT EXISTS dt_new_events_key ON dt_new_events (instance_id, event_key);
        CREATE TABLE IF NOT EXISTS dt_new_tasks (
            id {IdentityColumn}, instance_id text NOT NULL, execution_id text NOT NULL, task_id integer NOT NULL,
            name text NOT NULL, input text, visible_at bigint NOT NULL, created_at bigint NOT NULL,
            lease_owner text, lease_expires_at bigint, dequeue_count integer NOT NULL DEFAULT 0, trace_parent text);
        CREATE INDEX IF NOT EXISTS dt_new_tasks_visible ON dt_new_tasks (visible_at);
        CREATE INDEX IF NOT EXISTS dt_new_tasks_instance ON dt_new_tasks (instance_id);
        CREATE TABLE IF NOT EXISTS dt_raised_event_ids (
            instance_id text NOT NULL, event_id text NOT NULL, created_at bigint NOT NULL,
            PRIMARY KEY (instance_id, event_id));
        """;

    // ---------------------------------------------------------------- orchestration dispatch

    /// <summary>Leases instances with visible messages, least recently updated first so that none starves.</summary>
    public async Task<IReadOnlyList<OrchestrationWorkItem>> LeaseOrchestrationsAsync(string owner, int max, TimeSpan lease,
        CancellationToken cancellationToken)
    {
        var sql = $"""
            UPDATE dt_instances SET lease_owner = @owner, lease_expires_at = {Now} + @lease, dequeue_count = dequeue_count + 1
            WHERE instance_id IN (
                SELECT i.instance_id FROM dt_instances i
                WHERE i.instance_id IN (SELECT e.instance_id FROM dt_new_events e WHERE e.visible_at <= {Now})
                  AND (i.lease_expires_at IS NULL OR i.lease_expires_at < {Now})
                  AND (i.status <> 'Suspended' OR EXISTS (
                        SELECT 1 FROM dt_new_events c WHERE c.instance_id = i.instance_id AND c.visible_at <= {Now}
                        AND c.event_type IN ('ExecutionResumed', 'ExecutionTerminated')))
                ORDER BY i.updated_at
                LIMIT @max{SkipLocked})
            RETURNING {LeasedColumns}
            """;
        await using var session = await OpenAsync(cancellationToken);
        await using var transaction = LeaseNeedsTransaction ? await BeginWriteAsync(session, cancellationToken) : null;
        var items = new List<OrchestrationWorkItem>();
        await using (var command = session.Command(transaction, sql, ("owner", owner), ("lease", (long)lease.TotalMilliseconds), ("max", max)))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            await ReadOrchestrationItemsAsync(reader, items, cancellationToken);
        }

        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
        }

        return items;
    }

    private string LeasedColumns => $"""
        instance_id, execution_id, name, version, status, dequeue_count, parent_instance_id, parent_execution_id,
        parent_task_id, custom_status, {Now}, trace_parent
        """;

    private static async Task ReadOrchestrationItemsAsync(DbDataReader reader, List<OrchestrationWorkItem> items, CancellationToken cancellationToken)
    {
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(ReadOrchestrationItem(reader));
        }
    }

    private static OrchestrationWorkItem ReadOrchestrationItem(DbDataReader reader) =>
        new(reader.GetString(0), reader.GetString(1), reader.GetString(2),
            Text(reader, 3), Enum.Parse<OrchestrationRuntimeStatus>(reader.GetString(4)), (int)Long(reader, 5)!,
            Text(reader, 6), Text(reader, 7), (int?)Long(reader, 8), Text(reader, 9), Long(reader, 10)!.Value)
        {
            TraceParent = Text(reader, 11),
        };

    /// <summary>SQL that is true when <c>instance_id</c> is in the list passed as <paramref name="parameter"/>.</summary>
    protected abstract string InstanceIn(string parameter);

    /// <summary>The value of an <see cref="InstanceIn"/> parameter.</summary>
    protected abstract object InstanceList(IReadOnlyList<string> instanceIds);

    /// <summary>
    /// Leases the listed instances that nobody holds (a process takes the instances whose activity results it just
    /// wrote, saving their dispatch query). Suspended ones are left to the dispatch query, which knows about resumes.
    /// </summary>
    private (string Sql, (string, object?)[] Parameters) LeaseListed(string prefix, string owner, IReadOnlyList<string> instanceIds, int max, TimeSpan lease) => ($"""
        UPDATE dt_instances SET lease_owner = @{prefix}o, lease_expires_at = {Now} + @{prefix}l, dequeue_count = dequeue_count + 1
        WHERE instance_id IN (
            SELECT instance_id FROM dt_instances
            WHERE {InstanceIn("@" + prefix + "i")} AND (lease_expires_at IS NULL OR lease_expires_at < {Now}) AND status <> 'Suspended'
            ORDER BY instance_id LIMIT @{prefix}m{SkipLocked})
        RETURNING {LeasedColumns}
        """, [(prefix + "o", owner), (prefix + "l", (long)lease.TotalMilliseconds), (prefix + "i", InstanceList(instanceIds)), (prefix + "m", max)]);

    /// <summary>
    /// Reads an instance's history and its waiting messages in one round trip. With <paramref name="known"/> (this
    /// process's cached history of the same execution) only rows from the cache's last sequence on are read: the
    /// row at that sequence must match the cache's last event, else the cache is stale and the full history is read;
    /// rows after it are what other processes appended meanwhile.
    /// </summary>
    public async Task<(IReadOnlyList<HistoryEvent> History, IReadOnlyList<PendingEvent> Events)> LoadAsync(
        OrchestrationWorkItem item, int maxEvents, IReadOnlyList<HistoryEvent>? known, CancellationToken cancellationToken)
    {
        await using var session = await OpenAsync(cancellationToken);
        var from = known is { Count: > 0 } ? known.Count - 1 : 0;
        var tail = new List<(long Sequence, HistoryEvent Event)>();
        var events = new List<PendingEvent>();
        // History and waiting messages in one round trip.
        await using (var command = session.Command(null, $"""
            {HistoryFromSelect};
            SELECT id, execution_id, event_type, task_id, name, payload, failure, fire_at, visible_at, created_at
            FROM dt_new_events WHERE instance_id = @id AND visible_at <= @at ORDER BY id LIMIT @max
            """, ("id", item.InstanceId), ("execution", item.ExecutionId), ("from", from), ("at", item.LeasedAtMs), ("max", maxEvents)))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                tail.Add((Long(reader, 9)!.Value, ReadHistoryEvent(reader)));
            }

            await reader.NextResultAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                events.Add(ReadPendingEvent(reader));
            }
        }

        return (Assemble(known, tail) ?? await ReadHistoryAsync(session, item.InstanceId, item.ExecutionId, cancellationToken), events);
    }

    private static PendingEvent ReadPendingEvent(DbDataReader reader)
    {
        var type = Enum.Parse<HistoryEventType>(reader.GetString(2));
        var historyEvent = new HistoryEvent(type, Time(Long(reader, 9)!.Value))
        {
            TaskId = (int)Long(reader, 3)!.Value, Name = Text(reader, 4), Payload = Text(reader, 5),
            Failure = Failure(Text(reader, 6)), FireAt = Long(reader, 7) is { } fire ? Time(fire) : null,
        };
        return new PendingEvent(reader.GetInt64(0), Text(reader, 1), historyEvent, Long(reader, 8)!.Value);
    }

    /// <summary>
    /// The full history from a cached one and the rows read from its last sequence on; null when the row at that
    /// sequence is not the cache's last event (the cache is stale and the history must be read in full).
    /// </summary>
    private static List<HistoryEvent>? Assemble(IReadOnlyList<HistoryEvent>? known, IReadOnlyList<(long Sequence, HistoryEvent Event)> tail)
    {
        if (known is not { Count: > 0 })
        {
            return tail.Select(t => t.Event).ToList();
        }

        if (tail.Count == 0 || tail[0].Sequence != known.Count - 1 || !SameEvent(tail[0].Event, known[^1]))
        {
            return null;
        }

        var history = new List<HistoryEvent>(known.Count + tail.Count - 1);
        history.AddRange(known);
        history.AddRange(tail.Skip(1).Select(t => t.Event));
        return history;
    }

    /// <summary>
    /// What a history event looks like after a round trip through the database (times in whole milliseconds), so a
    /// cached history replays exactly like one read back.
    /// </summary>
    public static HistoryEvent AsStored(HistoryEvent e) => e with
    {
        Timestamp = Time(new DateTimeOffset(DateTime.SpecifyKind(e.Timestamp, DateTimeKind.Utc)).ToUnixTimeMilliseconds()),
        FireAt = e.FireAt is { } fire && fire != default
            ? Time(new DateTimeOffset(DateTime.SpecifyKind(fire, DateTimeKind.Utc)).ToUnixTimeMilliseconds())
            : null,
    };

    private static bool SameEvent(HistoryEvent stored, HistoryEvent cached) =>
        stored.Type == cached.Type && stored.TaskId == cached.TaskId && stored.Timestamp == cached.Timestamp
        && string.Equals(stored.Name, cached.Name, StringComparison.Ordinal)
        && string.Equals(stored.Payload, cached.Payload, StringComparison.Ordinal);

    /// <summary>Writes one orchestration step; false when the lease was lost (another process owns the instance now).</summary>
    public async Task<bool> CheckpointAsync(OrchestrationCheckpoint checkpoint, CancellationToken cancellationToken) =>
        (await CheckpointAsync(checkpoint, 0, default, cancellationToken)).Written;

    /// <summary>
    /// Writes one orchestration step and, where the backend does it in the same round trip (PostgreSQL), leases up to
    /// <paramref name="leaseTasks"/> of the activities it schedules to the step's lease owner.
    /// </summary>
    public async Task<(bool Written, IReadOnlyList<ActivityWorkItem> Tasks)> CheckpointAsync(OrchestrationCheckpoint checkpoint,
        int leaseTasks, TimeSpan lease, CancellationToken cancellationToken)
    {
        var item = checkpoint.WorkItem;
        var terminal = checkpoint.Status.IsTerminal();
        await using var session = await OpenAsync(cancellationToken);

        var next = checkpoint.NextExecution;
        var update = checkpoint.StateUnchanged ? $"""
            UPDATE dt_instances SET lease_owner = NULL, lease_expires_at = NULL, dequeue_count = 0
            WHERE instance_id = @id AND lease_owner = @owner AND lease_expires_at >= {Now}
            """ : $"""
            UPDATE dt_instances SET status = @status, output = @output, failure = @failure, custom_status = @custom,
                updated_at = {Now}, completed_at = {(terminal ? Now : "NULL")}, lease_owner = NULL, lease_expires_at = NULL,
                dequeue_count = 0{(next is null ? "" : ", execution_id = @next, input = @input")}
            WHERE instance_id = @id AND lease_owner = @owner AND lease_expires_at >= {Now}
            """;
        List<(string, object?)> values = checkpoint.StateUnchanged
            ? [("id", item.InstanceId), ("owner", checkpoint.LeaseOwner)]
            : [("status", checkpoint.Status.ToString()), ("output", checkpoint.Output), ("failure", Json(checkpoint.Failure)),
                ("custom", checkpoint.CustomStatus), ("id", item.InstanceId), ("owner", checkpoint.LeaseOwner)];
        if (next is { } continued)
        {
            values.AddRange([("next", continued.ExecutionId), ("input", continued.Input)]);
        }

        if (CombineStatements && checkpoint.Children.Count == 0)
        {
            // One round trip: the statements up to the protocol's Sync run as one implicit transaction, and the lease
            // guard divides by the number of rows it updated, so a lost lease raises an error that rolls all of it back.
            var combined = new Batch(true);
            combined.Add($"WITH guard AS ({update} RETURNING 1) SELECT 1 / count(*) FROM guard", [.. values]);
            var wakesActivities = AppendCheckpointWrites(combined, checkpoint, checkpoint.Events, leaseTasks, lease);
            var tasks = new List<ActivityWorkItem>();
            try
            {
                await combined.ReadAsync(session, async reader =>
                {
                    do
                    {
                        // Only the leasing task inserts return rows of eight columns; the rest of their rows are unleased.
                        while (reader.FieldCount == 8 && await reader.ReadAsync(cancellationToken))
                        {
                            if (Long(reader, 4) == 1)
                            {
                                tasks.Add(new ActivityWorkItem(reader.GetInt64(0), item.InstanceId, item.ExecutionId, (int)Long(reader, 1)!.Value,
                                    reader.GetString(2), Text(reader, 3), 1, Long(reader, 5)!.Value, Long(reader, 6)!.Value) { TraceParent = Text(reader, 7) });
                            }
                        }
                    }
                    while (await reader.NextResultAsync(cancellationToken));
                }, cancellationToken);
            }
            catch (DbException exception) when (exception.SqlState == DivisionByZero)
            {
                return (false, []);
            }

            // Messages that arrived while this step ran were skipped by lease queries (the instance was leased); with
            // the lease released, this process looks again at once instead of at its next poll.
            Wake(true, wakesActivities);
            return (true, tasks);
        }
        else
        {
            await using var transaction = await BeginWriteAsync(session, cancellationToken);
            // The lease guard runs alone: if another process took the instance over, nothing else may be written.
            var updated = await session.ExecuteAsync(transaction, update, cancellationToken, [.. values]);
            if (updated == 0)
            {
                await transaction.RollbackAsync(cancellationToken);
                return (false, []);
            }

            var events = checkpoint.Events.ToList();
            foreach (var child in checkpoint.Children)
            {
                var created = await session.ExecuteAsync(transaction, $"""
                    INSERT INTO dt_instances (instance_id, execution_id, name, version, status, input, parent_instance_id,
                        parent_execution_id, parent_task_id, created_at, updated_at, trace_parent)
                    VALUES (@id, @execution, @name, @version, 'Pending', @input, @parent, @parentExecution, @task, {Now}, {Now}, @trace)
                    ON CONFLICT (instance_id) DO NOTHING
                    """, cancellationToken, ("id", child.InstanceId), ("execution", child.ExecutionId), ("name", child.Name),
                    ("version", child.Version), ("input", child.Input), ("parent", item.InstanceId),
                    ("parentExecution", item.ExecutionId), ("task", child.ParentTaskId), ("trace", DurableTracing.CurrentParent()));
                events.Add(created == 1
                    ? new OutboundEvent(child.InstanceId, child.ExecutionId,
                        new HistoryEvent(HistoryEventType.ExecutionStarted, default) { Name = child.Name, Payload = child.Input })
                    : new OutboundEvent(item.InstanceId, item.ExecutionId, new HistoryEvent(HistoryEventType.SubOrchestrationFailed, default)
                    {
                        TaskId = child.ParentTaskId, Name = child.Name,
                        Failure = new TaskFailureDetails(typeof(InvalidOperationException).FullName!,
                            $"Cannot start sub-orchestration '{child.Name}' as instance '{child.InstanceId}': that instance id is already in use. Give each child call a unique instance id.",
                            null, null, null),
                    }));
            }

            // Everything else goes to the database as one multi-statement command: one round trip on PostgreSQL.
            var batch = new Batch(CombineStatements);
            var wakes = AppendCheckpointWrites(batch, checkpoint, events);
            await batch.ExecuteAsync(session, transaction, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            Wake(true, wakes);
            return (true, []);
        }
    }

    /// <summary>SQLSTATE of the error the single-round-trip guards raise on purpose.</summary>
    private const string DivisionByZero = "22012";

    /// <summary>A checkpoint's writes after the lease guard; returns whether it queued activities.</summary>
    private bool AppendCheckpointWrites(Batch batch, OrchestrationCheckpoint checkpoint, IReadOnlyList<OutboundEvent> events,
        int leaseTasks = 0, TimeSpan lease = default)
    {
        var item = checkpoint.WorkItem;
        if (checkpoint.NextExecution is not null)
        {
            var p = batch.NextPrefix();
            batch.Add($"DELETE FROM dt_history WHERE instance_id = @{p}id", (p + "id", item.InstanceId));
            p = batch.NextPrefix();
            batch.Add($"DELETE FROM dt_new_tasks WHERE instance_id = @{p}id AND execution_id = @{p}x", (p + "id", item.InstanceId), (p + "x", item.ExecutionId));
            p = batch.NextPrefix();
            batch.Add($"DELETE FROM dt_new_events WHERE instance_id = @{p}id AND execution_id = @{p}x", (p + "id", item.InstanceId), (p + "x", item.ExecutionId));
        }
        else
        {
            AppendHistory(batch, item.InstanceId, item.ExecutionId, checkpoint.FirstSequence, checkpoint.NewHistory);
        }

        AppendDeleteByIds(batch, "dt_new_events", checkpoint.ConsumedEventIds);
        if (checkpoint.DropPendingWork)
        {
            var p = batch.NextPrefix();
            batch.Add($"DELETE FROM dt_new_events WHERE instance_id = @{p}id", (p + "id", item.InstanceId));
            p = batch.NextPrefix();
            batch.Add($"DELETE FROM dt_new_tasks WHERE instance_id = @{p}id", (p + "id", item.InstanceId));
        }

        AppendEvents(batch, events);
        AppendTasks(batch, item.InstanceId, item.ExecutionId, checkpoint.NewTasks, leaseTasks > 0 ? checkpoint.LeaseOwner : null, leaseTasks, lease);
        if (checkpoint.CancelledTimerKeys.Count > 0)
        {
            var p = batch.NextPrefix();
            var keys = string.Join(", ", checkpoint.CancelledTimerKeys.Select((_, i) => "@" + p + "k" + i.ToString(CultureInfo.InvariantCulture)));
            batch.Add($"DELETE FROM dt_new_events WHERE instance_id = @{p}id AND event_key IN ({keys})",
                [(p + "id", item.InstanceId), .. checkpoint.CancelledTimerKeys.Select((k, i) => (p + "k" + i.ToString(CultureInfo.InvariantCulture), (object?)k))]);
        }

        var wakesOrchestrations = events.Any(e => e.DelayMs is null or <= 0);
        // Activities this process leased itself need no dispatcher.
        var wakesActivities = checkpoint.NewTasks.Count > leaseTasks;
        AppendNotify(batch, wakesOrchestrations, wakesActivities);
        return wakesActivities;
    }

    private void AppendHistory(Batch batch, string instanceId, string executionId, int firstSequence, IReadOnlyList<HistoryEvent> history)
    {
        for (var start = 0; start < history.Count; start += RowsPerStatement)
        {
            var chunk = history.Skip(start).Take(RowsPerStatement).ToList();
            var b = batch.NextPrefix();
            var sql = new StringBuilder("INSERT INTO dt_history (instance_id, execution_id, sequence, event_type, task_id, name, payload, failure, fire_at, child_instance_id, status, timestamp) VALUES ");
            var parameters = new List<(string, object?)> { (b + "i", instanceId), (b + "x", executionId) };
            for (var row = 0; row < chunk.Count; row++)
            {
                var e = chunk[row];
                var p = b + "r" + row.ToString(CultureInfo.InvariantCulture);
                sql.Append(row == 0 ? "" : ", ").Append(CultureInfo.InvariantCulture,
                    $"(@{b}i, @{b}x, @{p}q, @{p}t, @{p}k, @{p}n, @{p}p, @{p}f, @{p}a, @{p}c, @{p}s, @{p}m)");
                parameters.AddRange([(p + "q", firstSequence + start + row), (p + "t", e.Type.ToString()), (p + "k", e.TaskId), (p + "n", e.Name), (p + "p", e.Payload),
                    (p + "f", Json(e.Failure)), (p + "a", Millis(e.FireAt)), (p + "c", e.ChildInstanceId),
                    (p + "s", e.Status?.ToString()), (p + "m", Millis(e.Timestamp))]);
            }

            batch.Add(sql.ToString(), [.. parameters]);
        }
    }

    private void AppendEvents(Batch batch, IReadOnlyList<OutboundEvent> events)
    {
        for (var start = 0; start < events.Count; start += RowsPerStatement)
        {
            var chunk = events.Skip(start).Take(RowsPerStatement).ToList();
            var b = batch.NextPrefix();
            var sql = new StringBuilder($"INSERT INTO dt_new_events ({EventColumns}) VALUES ");
            var parameters = new List<(string, object?)>();
            for (var row = 0; row < chunk.Count; row++)
            {
                var (instanceId, executionId, e, delay, key) = chunk[row];
                var p = b + "r" + row.ToString(CultureInfo.InvariantCulture);
                sql.Append(row == 0 ? "" : ", ").Append(CultureInfo.InvariantCulture,
                    $"(@{p}i, @{p}x, @{p}t, @{p}k, @{p}n, @{p}p, @{p}f, @{p}a, @{p}e, {(delay is null ? Now : Now + " + @" + p + "v")}, {Now})");
                parameters.AddRange([(p + "i", instanceId), (p + "x", executionId), (p + "t", e.Type.ToString()),
                    (p + "k", e.TaskId), (p + "n", e.Name), (p + "p", e.Payload), (p + "f", Json(e.Failure)),
                    (p + "a", Millis(e.FireAt)), (p + "e", key)]);
                if (delay is not null)
                {
                    parameters.Add((p + "v", Math.Max(0, delay.Value)));
                }
            }

            batch.Add(sql.ToString(), [.. parameters]);
        }
    }

    /// <summary>
    /// Queues activities; the first <paramref name="leaseCount"/> are inserted already leased by
    /// <paramref name="leaseOwner"/> and returned by the statement (rows with dequeue count 1), so the process that
    /// scheduled them runs them without a dispatch query.
    /// </summary>
    private void AppendTasks(Batch batch, string instanceId, string executionId, IReadOnlyList<ScheduledAction> tasks,
        string? leaseOwner = null, int leaseCount = 0, TimeSpan lease = default)
    {
        for (var start = 0; start < tasks.Count; start += RowsPerStatement)
        {
            var chunk = tasks.Skip(start).Take(RowsPerStatement).ToList();
            var b = batch.NextPrefix();
            var leasing = leaseOwner is not null && start < leaseCount;
            var sql = new StringBuilder("INSERT INTO dt_new_tasks (instance_id, execution_id, task_id, name, input, visible_at, created_at, trace_parent")
                .Append(leasing ? ", lease_owner, lease_expires_at, dequeue_count) VALUES " : ") VALUES ");
            // The scheduling step's span parents the activity's (DurableTracing).
            var parameters = new List<(string, object?)> { (b + "i", instanceId), (b + "x", executionId), (b + "t", DurableTracing.CurrentParent()) };
            if (leasing)
            {
                parameters.AddRange([(b + "o", leaseOwner), (b + "l", (long)lease.TotalMilliseconds)]);
            }

            for (var row = 0; row < chunk.Count; row++)
            {
                var p = b + "r" + row.ToString(CultureInfo.InvariantCulture);
                var leaseValues = !leasing ? "" : start + row < leaseCount ? $", @{b}o, {Now} + @{b}l, 1" : ", NULL, NULL, 0";
                sql.Append(row == 0 ? "" : ", ").Append(CultureInfo.InvariantCulture, $"(@{b}i, @{b}x, @{p}k, @{p}n, @{p}p, {Now}, {Now}, @{b}t{leaseValues})");
                parameters.AddRange([(p + "k", chunk[row].TaskId), (p + "n", chunk[row].Name), (p + "p", chunk[row].Payload)]);
            }

            if (leasing)
            {
                sql.Append(CultureInfo.InvariantCulture, $" RETURNING id, task_id, name, input, dequeue_count, visible_at, {Now}, trace_parent");
            }

            batch.Add(sql.ToString(), [.. parameters]);
        }
    }

    private void AppendDeleteByIds(Batch batch, string table, IReadOnlyList<long> ids)
    {
        if (!CombineStatements)
        {
            // One prepared statement, run per id: cheaper in-process than a new statement text per list.
            foreach (var id in ids)
            {
                batch.Add($"DELETE FROM {table} WHERE id = @id", ("id", id));
            }

            return;
        }

        if (ids.Count > 0)
        {
            // One array parameter: the statement text stays the same, so the server keeps it prepared.
            var p = batch.NextPrefix();
            batch.Add($"DELETE FROM {table} WHERE id = ANY(@{p}ids)", (p + "ids", ids.ToArray()));
        }
    }

    private void AppendNotify(Batch batch, bool orchestrations, bool activities)
    {
        if (NotifySql(orchestrations, activities) is { } notify)
        {
            batch.Add(notify);
        }
    }

    /// <summary>
    /// The statements of one transaction. Where the database is across a network (PostgreSQL) they go as one
    /// multi-statement command, with per-statement parameter prefixes so names cannot collide. In-process SQLite has
    /// no round trip to save but binds parameters by name in linear time, so there each statement runs on its own,
    /// and identical statements (one row each) reuse one prepared command.
    /// </summary>
    private sealed class Batch(bool combine)
    {
        private readonly List<(string Sql, (string Name, object? Value)[] Parameters)> _statements = [];
        private int _prefixes;

        public string NextPrefix() => combine ? "b" + (_prefixes++).ToString(CultureInfo.InvariantCulture) + "_" : "";

        public void Add(string sql, params (string Name, object? Value)[] parameters) => _statements.Add((sql, parameters));

        /// <summary>Runs a combined batch outside any explicit transaction (one implicit one) and reads its results.</summary>
        public async Task ReadAsync(Session session, Func<DbDataReader, Task> read, CancellationToken cancellationToken)
        {
            if (!combine)
            {
                throw new InvalidOperationException("Only a combined batch returns its results as one reader.");
            }

            await using var command = session.Command(null, string.Join(";\n", _statements.Select(s => s.Sql)), [.. _statements.SelectMany(s => s.Parameters)]);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await read(reader);
        }

        public async Task ExecuteAsync(Session session, DbTransaction? transaction, CancellationToken cancellationToken)
        {
            if (_statements.Count == 0)
            {
                return;
            }

            if (combine)
            {
                await session.ExecuteAsync(transaction, string.Join(";\n", _statements.Select(s => s.Sql)), cancellationToken,
                    [.. _statements.SelectMany(s => s.Parameters)]);
                return;
            }

            var prepared = new Dictionary<string, DbCommand>(StringComparer.Ordinal);
            try
            {
                foreach (var (sql, parameters) in _statements)
                {
                    if (prepared.TryGetValue(sql, out var command))
                    {
                        for (var i = 0; i < parameters.Length; i++)
                        {
                            Session.SetValue(command.Parameters[i], parameters[i].Value);
                        }
                    }
                    else
                    {
                        prepared[sql] = command = session.Command(transaction, sql, parameters);
                    }

                    await command.ExecuteNonQueryAsync(cancellationToken);
                }
            }
            finally
            {
                foreach (var command in prepared.Values)
                {
                    await command.DisposeAsync();
                }
            }
        }
    }

    // ---------------------------------------------------------------- activity dispatch

    public async Task<IReadOnlyList<ActivityWorkItem>> LeaseActivitiesAsync(string owner, int max, TimeSpan lease,
        CancellationToken cancellationToken)
    {
        var sql = $"""
            UPDATE dt_new_tasks SET lease_owner = @owner, lease_expires_at = {Now} + @lease, dequeue_count = dequeue_count + 1
            WHERE id IN (
                SELECT id FROM dt_new_tasks
                WHERE visible_at <= {Now} AND (lease_expires_at IS NULL OR lease_expires_at < {Now})
                ORDER BY id LIMIT @max{SkipLocked})
            RETURNING id, instance_id, execution_id, task_id, name, input, dequeue_count, visible_at, {Now}, trace_parent
            """;
        await using var session = await OpenAsync(cancellationToken);
        await using var transaction = LeaseNeedsTransaction ? await BeginWriteAsync(session, cancellationToken) : null;
        var items = new List<ActivityWorkItem>();
        await using (var command = session.Command(transaction, sql, ("owner", owner), ("lease", (long)lease.TotalMilliseconds), ("max", max)))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                items.Add(new ActivityWorkItem(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), (int)Long(reader, 3)!.Value,
                    reader.GetString(4), Text(reader, 5), (int)Long(reader, 6)!.Value, Long(reader, 7)!.Value, Long(reader, 8)!.Value)
                {
                    TraceParent = Text(reader, 9),
                });
            }
        }

        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
        }

        return items;
    }

    /// <summary>
    /// Records activity results: each inserts the result event and deletes its task in the same transaction; a task
    /// whose lease this process lost is left alone (its new owner reports it). In the same transaction it leases up
    /// to <paramref name="leaseInstances"/> of the instances the results are for, if nobody holds them, so this process
    /// runs their next step without a dispatch query. Returns the tasks recorded and the instances leased.
    /// </summary>
    /// <remarks>
    /// With <paramref name="cached"/> (this process's history cache) a combined backend also reads, in the same round
    /// trip, what the leased instances' next steps replay: the history from each cached entry's last sequence on
    /// (or in full) and the waiting messages, so those steps start without a read of their own.
    /// </remarks>
    public async Task<(IReadOnlySet<long> Recorded, IReadOnlyList<LeasedStep> Leased)> CompleteActivitiesAsync(string owner,
        IReadOnlyList<(ActivityWorkItem Item, HistoryEvent Result)> results, int leaseInstances, TimeSpan lease,
        Func<string, (string ExecutionId, IReadOnlyList<HistoryEvent> History)?>? cached, int maxEvents, CancellationToken cancellationToken)
    {
        var instances = results.Select(r => r.Item.InstanceId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var leased = new List<OrchestrationWorkItem>();
        // Instances not leased here must be found by a dispatcher: this process's, and others' through NOTIFY.
        var leasesAll = leaseInstances >= instances.Count;
        await using var session = await OpenAsync(cancellationToken);
        if (CombineStatements)
        {
            // The usual case, all leases still held, in one round trip (one implicit transaction): the DELETE's guard
            // fails the whole command unless every task was still this process's, and then the careful path below runs.
            var all = new Batch(true);
            all.Add($"""
                WITH done AS (DELETE FROM dt_new_tasks WHERE id = ANY(@ids) AND lease_owner = @owner RETURNING id)
                SELECT 1 / (CASE WHEN count(*) = @count THEN 1 ELSE 0 END) FROM done
                """, ("ids", results.Select(r => r.Item.Id).Order().ToArray()), ("owner", owner), ("count", (long)results.Count));
            AppendEvents(all, results.Select(r => new OutboundEvent(r.Item.InstanceId, r.Item.ExecutionId, r.Result)).ToList());
            AppendNotify(all, !leasesAll, false);
            var known = instances.ToDictionary(i => i, i => cached?.Invoke(i), StringComparer.Ordinal);
            if (leaseInstances > 0)
            {
                var (sql, parameters) = LeaseListed(all.NextPrefix(), owner, instances, leaseInstances, lease);
                all.Add(sql, parameters);
                if (cached is not null)
                {
                    // Rows of instances this owner held before (steps in flight) come along too and are ignored.
                    var p = all.NextPrefix();
                    all.Add($"""
                        SELECT h.event_type, h.task_id, h.name, h.payload, h.failure, h.fire_at, h.child_instance_id, h.status,
                            h.timestamp, h.sequence, h.instance_id AS history_of
                        FROM unnest(@{p}k, @{p}f) AS k(instance_id, from_sequence)
                        JOIN dt_instances i ON i.instance_id = k.instance_id AND i.lease_owner = @{p}o
                        JOIN dt_history h ON h.instance_id = i.instance_id AND h.execution_id = i.execution_id AND h.sequence >= k.from_sequence
                        ORDER BY h.instance_id, h.sequence
                        """, (p + "k", instances.ToArray()), (p + "f", instances.Select(i => known[i] is { } entry ? Math.Max(0, entry.History.Count - 1) : 0).ToArray()),
                        (p + "o", owner));
                    p = all.NextPrefix();
                    all.Add($"""
                        SELECT id, execution_id, event_type, task_id, name, payload, failure, fire_at, visible_at, created_at, instance_id AS message_for
                        FROM (SELECT e.*, row_number() OVER (PARTITION BY e.instance_id ORDER BY e.id) AS position
                              FROM dt_new_events e JOIN dt_instances i ON i.instance_id = e.instance_id AND i.lease_owner = @{p}o
                              WHERE e.instance_id = ANY(@{p}k) AND e.visible_at <= {Now}) e
                        WHERE position <= @{p}m
                        ORDER BY instance_id, id
                        """, (p + "o", owner), (p + "k", instances.ToArray()), (p + "m", maxEvents));
                }
            }

            var histories = new Dictionary<string, List<(long Sequence, HistoryEvent Event)>>(StringComparer.Ordinal);
            var messages = new Dictionary<string, List<PendingEvent>>(StringComparer.Ordinal);
            try
            {
                await all.ReadAsync(session, async reader =>
                {
                    do
                    {
                        // Result sets are told apart by their last column's name.
                        var last = reader.FieldCount == 0 ? "" : reader.GetName(reader.FieldCount - 1);
                        while (reader.FieldCount > 1 && await reader.ReadAsync(cancellationToken))
                        {
                            if (string.Equals(last, "history_of", StringComparison.Ordinal))
                            {
                                Add(histories, reader.GetString(10), (Long(reader, 9)!.Value, ReadHistoryEvent(reader)));
                            }
                            else if (string.Equals(last, "message_for", StringComparison.Ordinal))
                            {
                                Add(messages, reader.GetString(10), ReadPendingEvent(reader));
                            }
                            else
                            {
                                leased.Add(ReadOrchestrationItem(reader));
                            }
                        }
                    }
                    while (await reader.NextResultAsync(cancellationToken));
                }, cancellationToken);

                Wake(leased.Count < instances.Count, false);
                return (results.Select(r => r.Item.Id).ToHashSet(), leased.Select(item => new LeasedStep(item,
                    cached is null ? null : Preloaded(item, known[item.InstanceId], histories, messages))).ToList());
            }
            catch (DbException exception) when (exception.SqlState == DivisionByZero)
            {
                // Some lease was lost and nothing was written: the path below records the results of the tasks still held.
                leased.Clear();
            }
        }

        await using var transaction = await BeginWriteAsync(session, cancellationToken);
        // One DELETE for the batch; the rows it returns are the tasks this process still owned, and only their
        // results are recorded. (Lease renewal skips locked rows, so it never waits on this statement.)
        var list = string.Join(", ", results.Select(r => r.Item.Id).Order().Select(id => id.ToString(CultureInfo.InvariantCulture)));
        var ids = new HashSet<long>();
        await using (var command = session.Command(transaction,
            $"DELETE FROM dt_new_tasks WHERE id IN ({list}) AND lease_owner = @owner RETURNING id",
            ("owner", owner)))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                ids.Add(reader.GetInt64(0));
            }
        }

        var recorded = results.Where(r => ids.Contains(r.Item.Id)).Select(r => new OutboundEvent(r.Item.InstanceId, r.Item.ExecutionId, r.Result)).ToList();
        var batch = new Batch(CombineStatements);
        AppendEvents(batch, recorded);
        AppendNotify(batch, recorded.Count > 0, false);
        await batch.ExecuteAsync(session, transaction, cancellationToken);
        var written = recorded.Select(r => r.InstanceId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (leaseInstances > 0 && written.Count > 0)
        {
            var (sql, parameters) = LeaseListed(NoPrefix, owner, written, leaseInstances, lease);
            await using var command = session.Command(transaction, sql, parameters);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await ReadOrchestrationItemsAsync(reader, leased, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        Wake(leased.Count < written.Count, false);
        return (ids, leased.Select(item => new LeasedStep(item, null)).ToList());
    }

    private static void Add<T>(Dictionary<string, List<T>> lists, string key, T value)
    {
        if (!lists.TryGetValue(key, out var list))
        {
            lists[key] = list = [];
        }

        list.Add(value);
    }

    /// <summary>A leased instance's step input read with its lease, or null where the cache it relied on was stale.</summary>
    private static StepInput? Preloaded(OrchestrationWorkItem item, (string ExecutionId, IReadOnlyList<HistoryEvent> History)? entry,
        Dictionary<string, List<(long Sequence, HistoryEvent Event)>> histories, Dictionary<string, List<PendingEvent>> messages)
    {
        if (entry is { } cachedEntry && !string.Equals(cachedEntry.ExecutionId, item.ExecutionId, StringComparison.Ordinal))
        {
            // The rows were read from the cached execution's last sequence, which means nothing for this one.
            return null;
        }

        var history = Assemble(entry?.History, histories.TryGetValue(item.InstanceId, out var tail) ? tail : []);
        return history is null ? null : new StepInput(history, messages.TryGetValue(item.InstanceId, out var waiting) ? waiting : []);
    }

    private const string NoPrefix = "";

    public async Task RenewActivityLeasesAsync(string owner, IReadOnlyCollection<long> ids, TimeSpan lease, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return;
        }

        var list = string.Join(", ", ids.Select(id => id.ToString(CultureInfo.InvariantCulture)));
        await using var session = await OpenAsync(cancellationToken);
        await using var transaction = await BeginWriteAsync(session, cancellationToken);
        await session.ExecuteAsync(transaction,
            // Rows being completed right now are skipped rather than waited for (and cannot deadlock with it).
            $"""
            UPDATE dt_new_tasks SET lease_expires_at = {Now} + @lease
            WHERE id IN (SELECT id FROM dt_new_tasks WHERE lease_owner = @owner AND id IN ({list}) ORDER BY id{SkipLocked})
            """,
            cancellationToken, ("lease", (long)lease.TotalMilliseconds), ("owner", owner));
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Extends the leases this owner holds on the listed instances, so a long step is not taken over while it runs.</summary>
    public async Task RenewOrchestrationLeasesAsync(string owner, IReadOnlyList<string> instanceIds, TimeSpan lease, CancellationToken cancellationToken)
    {
        if (instanceIds.Count == 0)
        {
            return;
        }

        await using var session = await OpenAsync(cancellationToken);
        await using var transaction = await BeginWriteAsync(session, cancellationToken);
        await session.ExecuteAsync(transaction,
            // Instances being checkpointed right now are skipped rather than waited for; the checkpoint releases them anyway.
            $"""
            UPDATE dt_instances SET lease_expires_at = {Now} + @lease
            WHERE instance_id IN (SELECT instance_id FROM dt_instances WHERE lease_owner = @owner AND {InstanceIn("@ids")} ORDER BY instance_id{SkipLocked})
            """,
            cancellationToken, ("lease", (long)lease.TotalMilliseconds), ("owner", owner), ("ids", InstanceList(instanceIds)));
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>How long until the earliest message not yet visible (a durable timer, or a scheduled start) becomes visible, in milliseconds on the database clock.</summary>
    public async Task<long?> NextVisibleInAsync(CancellationToken cancellationToken)
    {
        await using var session = await OpenAsync(cancellationToken);
        var next = await session.ScalarAsync(null, $"SELECT MIN(visible_at) - {Now} FROM dt_new_events WHERE visible_at > {Now}", cancellationToken);
        return next is null or DBNull ? null : Convert.ToInt64(next, CultureInfo.InvariantCulture);
    }

    // ---------------------------------------------------------------- client

    /// <summary>
    /// Creates (or, when finished, restarts) an instance. An id that is pending, running or suspended is left alone;
    /// a finished one whose status is in <paramref name="dedupeStatuses"/> is refused. The first message becomes
    /// visible <paramref name="startIn"/> after the write on the database clock (scheduled start), or at once.
    /// </summary>
    public async Task<(bool Created, OrchestrationRuntimeStatus? Existing)> CreateInstanceAsync(string instanceId, string name,
        string? version, string? input, IReadOnlyCollection<string> dedupeStatuses, TimeSpan? startIn, CancellationToken cancellationToken)
    {
        var executionId = Guid.NewGuid().ToString("N");
        await using var session = await OpenAsync(cancellationToken);
        await using var transaction = await BeginWriteAsync(session, cancellationToken);
        var status = await session.ScalarAsync(transaction, "SELECT status FROM dt_instances WHERE instance_id = @id",
            cancellationToken, ("id", instanceId));
        if (status is string existing)
        {
            var existingStatus = Enum.Parse<OrchestrationRuntimeStatus>(existing);
            if (!existingStatus.IsTerminal())
            {
                await transaction.RollbackAsync(cancellationToken);
                return (false, existingStatus);
            }

            if (dedupeStatuses.Contains(existing, StringComparer.OrdinalIgnoreCase))
            {
                await transaction.RollbackAsync(cancellationToken);
                throw new InvalidOperationException(
                    $"Orchestration instance '{instanceId}' already exists and is {existingStatus}, a status the start request listed in DedupeStatuses; " +
                    "schedule it without that status to run it again, or use a new instance id.");
            }

            foreach (var table in new[] { "dt_history", "dt_new_events", "dt_new_tasks", "dt_raised_event_ids" })
            {
                await session.ExecuteAsync(transaction, $"DELETE FROM {table} WHERE instance_id = @id", cancellationToken, ("id", instanceId));
            }

            await session.ExecuteAsync(transaction, $"""
                UPDATE dt_instances SET execution_id = @execution, name = @name, version = @version, status = 'Pending',
                    input = @input, output = NULL, custom_status = NULL, failure = NULL, created_at = {Now}, updated_at = {Now},
                    completed_at = NULL, lease_owner = NULL, lease_expires_at = NULL, dequeue_count = 0, trace_parent = @trace
                WHERE instance_id = @id
                """, cancellationToken, ("execution", executionId), ("name", name), ("version", version), ("input", input), ("id", instanceId),
                ("trace", DurableTracing.CurrentParent()));
        }
        else
        {
            await session.ExecuteAsync(transaction, $"""
                INSERT INTO dt_instances (instance_id, execution_id, name, version, status, input, created_at, updated_at, trace_parent)
                VALUES (@id, @execution, @name, @version, 'Pending', @input, {Now}, {Now}, @trace)
                """, cancellationToken, ("id", instanceId), ("execution", executionId), ("name", name), ("version", version), ("input", input),
                ("trace", DurableTracing.CurrentParent()));
        }

        var batch = new Batch(CombineStatements);
        AppendEvents(batch, [new OutboundEvent(instanceId, executionId, new HistoryEvent(HistoryEventType.ExecutionStarted, default) { Name = name, Payload = input },
            startIn is { } delay ? (long)Math.Ceiling(delay.TotalMilliseconds) : null)]);
        AppendNotify(batch, true, false);
        await batch.ExecuteAsync(session, transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        Wake(true, false);
        return (true, null);
    }

    /// <summary>Queues a message for an instance; false when <paramref name="dedupKey"/> was already used.</summary>
    public async Task<bool> SendAsync(string instanceId, HistoryEvent message, string? dedupKey, CancellationToken cancellationToken)
    {
        await using var session = await OpenAsync(cancellationToken);
        await using var transaction = await BeginWriteAsync(session, cancellationToken);
        var exists = await session.ScalarAsync(transaction, "SELECT 1 FROM dt_instances WHERE instance_id = @id", cancellationToken, ("id", instanceId));
        if (exists is null)
        {
            throw new InvalidOperationException($"No orchestration instance '{instanceId}' exists; schedule it first or check the id.");
        }

        if (dedupKey is not null)
        {
            var inserted = await session.ExecuteAsync(transaction, $"""
                INSERT INTO dt_raised_event_ids (instance_id, event_id, created_at) VALUES (@id, @key, {Now})
                ON CONFLICT (instance_id, event_id) DO NOTHING
                """, cancellationToken, ("id", instanceId), ("key", dedupKey));
            if (inserted == 0)
            {
                await transaction.RollbackAsync(cancellationToken);
                return false;
            }
        }

        var batch = new Batch(CombineStatements);
        AppendEvents(batch, [new OutboundEvent(instanceId, null, message)]);
        AppendNotify(batch, true, false);
        await batch.ExecuteAsync(session, transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        Wake(true, false);
        return true;
    }

    private const string InstanceColumns = "instance_id, name, execution_id, version, status, created_at, updated_at, completed_at, failure, custom_status";

    public async Task<InstanceRecord?> GetInstanceAsync(string instanceId, bool withPayloads, CancellationToken cancellationToken)
    {
        await using var session = await OpenAsync(cancellationToken);
        await using var command = session.Command(null,
            $"SELECT {InstanceColumns}, {(withPayloads ? "input, output" : "NULL, NULL")} FROM dt_instances WHERE instance_id = @id",
            ("id", instanceId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadMetadata(reader, withPayloads) : null;
    }

    /// <summary>One page of instances matching <paramref name="query"/> (its page size overridden by <paramref name="pageSize"/>), oldest first.</summary>
    public async Task<(IReadOnlyList<InstanceRecord> Instances, string? ContinuationToken)> QueryAsync(OrchestrationQuery query,
        int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pageSize, 1000);
        var where = new List<string>();
        var parameters = new List<(string, object?)> { ("limit", pageSize + 1) };
        if (query.Statuses?.ToList() is { Count: > 0 } statuses)
        {
            where.Add("status IN (" + string.Join(", ", statuses.Select(s => "'" + s.ToString() + "'")) + ")");
        }

        if (query.CreatedFrom is { } from)
        {
            where.Add("created_at >= @from");
            parameters.Add(("from", from.ToUnixTimeMilliseconds()));
        }

        if (query.CreatedTo is { } to)
        {
            where.Add("created_at < @to");
            parameters.Add(("to", to.ToUnixTimeMilliseconds()));
        }

        if (query.InstanceIdPrefix is { } prefix)
        {
            where.Add("substr(instance_id, 1, @prefixLength) = @prefix");
            parameters.AddRange([("prefixLength", prefix.Length), ("prefix", prefix)]);
        }

        if (continuationToken is { } token)
        {
            var separator = token.IndexOf('|', StringComparison.Ordinal);
            if (separator < 0 || !long.TryParse(token.AsSpan(0, separator), NumberStyles.None, CultureInfo.InvariantCulture, out var created))
            {
                throw new ArgumentException("The continuation token is not one this runtime returned; pass the previous page's token unchanged.", nameof(query));
            }

            where.Add("(created_at > @afterCreated OR (created_at = @afterCreated AND instance_id > @afterId))");
            parameters.AddRange([("afterCreated", created), ("afterId", token[(separator + 1)..])]);
        }

        var sql = $"SELECT {InstanceColumns}, {(query.FetchInputsAndOutputs ? "input, output" : "NULL, NULL")} FROM dt_instances" +
            (where.Count > 0 ? " WHERE " + string.Join(" AND ", where) : "") + " ORDER BY created_at, instance_id LIMIT @limit";
        await using var session = await OpenAsync(cancellationToken);
        await using var command = session.Command(null, sql, [.. parameters]);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var page = new List<InstanceRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            page.Add(ReadMetadata(reader, query.FetchInputsAndOutputs));
        }

        if (page.Count <= pageSize)
        {
            return (page, null);
        }

        page.RemoveAt(page.Count - 1);
        var last = page[^1];
        return (page, string.Create(CultureInfo.InvariantCulture, $"{last.CreatedAt.ToUnixTimeMilliseconds()}|{last.InstanceId}"));
    }

    private static InstanceRecord ReadMetadata(DbDataReader reader, bool withPayloads) => new(
        reader.GetString(0), reader.GetString(1), reader.GetString(2), Text(reader, 3),
        Enum.Parse<OrchestrationRuntimeStatus>(reader.GetString(4)),
        DateTimeOffset.FromUnixTimeMilliseconds(Long(reader, 5)!.Value),
        DateTimeOffset.FromUnixTimeMilliseconds(Long(reader, 6)!.Value),
        Long(reader, 7) is { } completed ? DateTimeOffset.FromUnixTimeMilliseconds(completed) : null,
        Failure(Text(reader, 8)), Text(reader, 9),
        withPayloads ? Text(reader, 10) : null,
        withPayloads ? Text(reader, 11) : null);

    public async Task<IReadOnlyList<HistoryEvent>> GetHistoryAsync(string instanceId, CancellationToken cancellationToken)
    {
        await using var session = await OpenAsync(cancellationToken);
        var execution = await session.ScalarAsync(null, "SELECT execution_id FROM dt_instances WHERE instance_id = @id",
            cancellationToken, ("id", instanceId));
        return execution is string id ? await ReadHistoryAsync(session, instanceId, id, cancellationToken) : [];
    }

    private const string HistorySelect = """
        SELECT event_type, task_id, name, payload, failure, fire_at, child_instance_id, status, timestamp
        FROM dt_history WHERE instance_id = @id AND execution_id = @execution ORDER BY sequence
        """;

    private const string HistoryFromSelect = """
        SELECT event_type, task_id, name, payload, failure, fire_at, child_instance_id, status, timestamp, sequence
        FROM dt_history WHERE instance_id = @id AND execution_id = @execution AND sequence >= @from ORDER BY sequence
        """;

    private static async Task<IReadOnlyList<HistoryEvent>> ReadHistoryAsync(Session session, string instanceId, string executionId,
        CancellationToken cancellationToken)
    {
        var history = new List<HistoryEvent>();
        await using var command = session.Command(null, HistorySelect, ("id", instanceId), ("execution", executionId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            history.Add(ReadHistoryEvent(reader));
        }

        return history;
    }

    private static HistoryEvent ReadHistoryEvent(DbDataReader reader) =>
        new(Enum.Parse<HistoryEventType>(reader.GetString(0)), Time(Long(reader, 8)!.Value))
        {
            TaskId = (int)Long(reader, 1)!.Value, Name = Text(reader, 2), Payload = Text(reader, 3),
            Failure = Failure(Text(reader, 4)), FireAt = Long(reader, 5) is { } fire ? Time(fire) : null,
            ChildInstanceId = Text(reader, 6),
            Status = Text(reader, 7) is { } status ? Enum.Parse<OrchestrationRuntimeStatus>(status) : null,
        };

    /// <summary>
    /// Deletes finished instances (and everything they own): the one named <paramref name="instanceId"/>, or those
    /// created in [<paramref name="createdFrom"/>, <paramref name="createdTo"/>) whose status is one of <paramref name="statuses"/>
    /// (any finished status when empty). Running instances are never purged.
    /// </summary>
    public async Task<int> PurgeAsync(string? instanceId, DateTimeOffset? createdFrom, DateTimeOffset? createdTo,
        IReadOnlyCollection<OrchestrationRuntimeStatus> statuses, CancellationToken cancellationToken)
    {
        var finished = statuses.Count == 0 ? [OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Failed, OrchestrationRuntimeStatus.Terminated]
            : statuses.Where(s => s.IsTerminal()).ToList();
        if (finished.Count == 0)
        {
            return 0;
        }

        var parameters = new List<(string, object?)>();
        var selection = new StringBuilder("SELECT instance_id FROM dt_instances WHERE status IN (")
            .AppendJoin(", ", finished.Select(f => "'" + f.ToString() + "'")).Append(')');
        if (instanceId is not null)
        {
            selection.Append(" AND instance_id = @id");
            parameters.Add(("id", instanceId));
        }

        if (createdFrom is { } from)
        {
            selection.Append(" AND created_at >= @from");
            parameters.Add(("from", from.ToUnixTimeMilliseconds()));
        }

        if (createdTo is { } to)
        {
            selection.Append(" AND created_at < @to");
            parameters.Add(("to", to.ToUnixTimeMilliseconds()));
        }
        await using var session = await OpenAsync(cancellationToken);
        await using var transaction = await BeginWriteAsync(session, cancellationToken);
        foreach (var table in new[] { "dt_history", "dt_new_events", "dt_new_tasks", "dt_raised_event_ids" })
        {
            await session.ExecuteAsync(transaction, $"DELETE FROM {table} WHERE instance_id IN ({selection})", cancellationToken, [.. parameters]);
        }

        var purged = await session.ExecuteAsync(transaction, $"DELETE FROM dt_instances WHERE instance_id IN ({selection})", cancellationToken, [.. parameters]);
        await transaction.CommitAsync(cancellationToken);
        return purged;
    }

    /// <summary>
    /// Replaces every occurrence of each of <paramref name="values"/> with <paramref name="replacement"/> in what finished
    /// instances keep (input, output, custom status, failure, history payloads and failures, leftover events and tasks).
    /// A finished instance is never replayed again, so rewriting its history cannot break determinism; running instances
    /// are left alone. Returns the number of rows changed.
    /// </summary>
    public async Task<int> RedactFinishedAsync(IReadOnlyCollection<string> values, string replacement, CancellationToken cancellationToken)
    {
        const string Finished = "SELECT instance_id FROM dt_instances WHERE status IN ('Completed', 'Failed', 'Terminated')";
        (string Table, string Column)[] columns =
        [
            ("dt_instances", "input"), ("dt_instances", "output"), ("dt_instances", "custom_status"), ("dt_instances", "failure"),
            ("dt_history", "payload"), ("dt_history", "failure"), ("dt_new_events", "payload"), ("dt_new_events", "failure"),
            ("dt_new_tasks", "input"),
        ];
        var changed = 0;
        await using var session = await OpenAsync(cancellationToken);
        await using var transaction = await BeginWriteAsync(session, cancellationToken);
        foreach (var value in values.Where(v => !string.IsNullOrEmpty(v)))
        {
            var pattern = "%" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal)
                .Replace("_", "\\_", StringComparison.Ordinal) + "%";
            foreach (var (table, column) in columns)
            {
                changed += await session.ExecuteAsync(transaction,
                    $"UPDATE {table} SET {column} = REPLACE({column}, @value, @replacement) WHERE instance_id IN ({Finished}) AND {column} LIKE @pattern ESCAPE '\\'",
                    cancellationToken, ("value", value), ("replacement", replacement), ("pattern", pattern));
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return changed;
    }

    /// <summary>Activities waiting and instances with visible messages, for the backlog gauge.</summary>
    public async Task<(long Activities, long Orchestrations)> GetBacklogAsync(CancellationToken cancellationToken)
    {
        await using var session = await OpenAsync(cancellationToken);
        await using var command = session.Command(null,
            $"SELECT (SELECT count(*) FROM dt_new_tasks), (SELECT count(DISTINCT instance_id) FROM dt_new_events WHERE visible_at <= {Now})");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (Long(reader, 0)!.Value, Long(reader, 1)!.Value);
    }

    // ---------------------------------------------------------------- helpers

    private static string? Text(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static long? Long(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : Convert.ToInt64(reader.GetValue(ordinal), CultureInfo.InvariantCulture);

    private static DateTime Time(long millis) => DateTimeOffset.FromUnixTimeMilliseconds(millis).UtcDateTime;

    /// <summary>Marks a null bigint parameter.</summary>
    private static readonly object NullLong = new();

    private static object Millis(DateTime? time) =>
        time is { } t && t != default ? new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)).ToUnixTimeMilliseconds() : NullLong;

    private static string? Json(TaskFailureDetails? failure) => failure is null ? null : JsonSerializer.Serialize(failure, DurableJson.Options);

    private static TaskFailureDetails? Failure(string? json) => json is null ? null : JsonSerializer.Deserialize<TaskFailureDetails>(json, DurableJson.Options);

    /// <summary>A connection for one unit of work; disposing it releases the connection.</summary>
    /// <param name="connection">The open connection.</param>
    /// <param name="release">Gives the connection back.</param>
    /// <param name="commands">Where the backend keeps prepared commands by SQL text, if it does.</param>
    protected sealed class Session(DbConnection connection, Func<ValueTask> release, Func<string, DbCommand>? commands = null) : IAsyncDisposable
    {
        public DbConnection Connection { get; } = connection;

        public DbCommand Command(DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
        {
            DbCommand command;
            if (commands is not null)
            {
                command = commands(sql);
                command.Parameters.Clear();
            }
            else
            {
                command = Connection.CreateCommand();
                command.CommandText = sql;
            }

            command.Transaction = transaction;
            foreach (var (name, value) in parameters)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                SetValue(parameter, value);
                command.Parameters.Add(parameter);
            }

            return command;
        }

        public static void SetValue(DbParameter parameter, object? value)
        {
            if (value is null)
            {
                // Untyped nulls confuse PostgreSQL's type inference; nullable columns are text unless marked.
                parameter.Value = DBNull.Value;
                parameter.DbType = System.Data.DbType.String;
            }
            else if (ReferenceEquals(value, NullLong))
            {
                parameter.Value = DBNull.Value;
                parameter.DbType = System.Data.DbType.Int64;
            }
            else
            {
                parameter.Value = value;
            }
        }

        public async Task<int> ExecuteAsync(DbTransaction? transaction, string sql, CancellationToken cancellationToken,
            params (string Name, object? Value)[] parameters)
        {
            await using var command = Command(transaction, sql, parameters);
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }

        public async Task<object?> ScalarAsync(DbTransaction? transaction, string sql, CancellationToken cancellationToken,
            params (string Name, object? Value)[] parameters)
        {
            await using var command = Command(transaction, sql, parameters);
            var value = await command.ExecuteScalarAsync(cancellationToken);
            return value is DBNull ? null : value;
        }

        public ValueTask DisposeAsync() => release();
    }
}
