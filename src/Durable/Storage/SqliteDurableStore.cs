using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace AiScheduler.Durable;

/// <summary>
/// SQLite backend. The process keeps one connection behind a gate: SQLite admits one writer at a time anyway, and
/// one connection makes in-memory databases work and avoids lock retries inside the process. For a file the gate is the
/// file's <see cref="SqliteWriteGate"/>, shared with the app store's writers on the same file. Write transactions are
/// BEGIN IMMEDIATE, so another process sharing the file (a restarted host, a client) waits for its turn instead of
/// failing on lock upgrade.
/// </summary>
internal sealed class SqliteDurableStore : DurableStore
{
    private readonly SemaphoreSlim _gate;
    private readonly IDisposable? _checkpoints;
    private readonly SqliteConnection _connection;
    private readonly Dictionary<string, PreparedCommand> _prepared = new(StringComparer.Ordinal);
    private bool _opened;

    public SqliteDurableStore(string connectionString)
    {
        SQLitePCL.Batteries_V2.Init();
        _connection = new SqliteConnection(connectionString);
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.Mode == SqliteOpenMode.Memory || string.IsNullOrEmpty(builder.DataSource) || builder.DataSource.StartsWith(':'))
        {
            _gate = new SemaphoreSlim(1, 1);
        }
        else
        {
            _gate = SqliteWriteGate.For(Path.GetFullPath(builder.DataSource));
            _checkpoints = SqliteCheckpoints.Start(Path.GetFullPath(builder.DataSource));
        }
    }

    public override string Backend => "sqlite";

    protected override string Now => "CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER)";

    protected override string SkipLocked => "";

    // A JSON array keeps the statement text the same for any number of ids, so it stays prepared.
    protected override string InstanceIn(string parameter) => $"instance_id IN (SELECT value FROM json_each({parameter}))";

    protected override object InstanceList(IReadOnlyList<string> instanceIds) => System.Text.Json.JsonSerializer.Serialize(instanceIds, DurableJson.Options);

    protected override string IdentityColumn => "INTEGER PRIMARY KEY AUTOINCREMENT";

    // How long a step waits for another connection's write lock (the app store shares the file) before failing.
    private const int BusyTimeoutMilliseconds = 10_000;

    protected override async Task<Session> OpenAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (!_opened)
            {
                await _connection.OpenAsync(cancellationToken);
                SqliteBusyWait.Install(_connection, BusyTimeoutMilliseconds);
                await using var pragmas = _connection.CreateCommand();
                // WAL lets readers in other processes proceed during writes; NORMAL sync is durable across process
                // crashes (the case the runtime guards against), only an OS crash can lose the last commits.
                pragmas.CommandText = "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;" + (_checkpoints is null ? "" : SqliteCheckpoints.Pragma);
                await pragmas.ExecuteNonQueryAsync(cancellationToken);
                _opened = true;
            }
        }
        catch
        {
            _gate.Release();
            throw;
        }

        return new Session(_connection, () =>
        {
            _gate.Release();
            return ValueTask.CompletedTask;
        }, Prepared);
    }

    /// <summary>
    /// Statements are prepared once per process and reused (the gate serializes their use): preparing costs more
    /// than running most of them. Statements with inlined id lists are left out so the cache stays bounded.
    /// </summary>
    private DbCommand Prepared(string sql)
    {
        if (_prepared.TryGetValue(sql, out var command))
        {
            return command;
        }


        if (sql.Contains(" IN (", StringComparison.Ordinal) && !sql.Contains("IN (SELECT", StringComparison.Ordinal))
        {
            var once = _connection.CreateCommand();
            once.CommandText = sql;
            return once;
        }

        return _prepared[sql] = new PreparedCommand(sql, _connection);
    }

    protected override Task<DbTransaction> BeginWriteAsync(Session session, CancellationToken cancellationToken) =>
        Task.FromResult<DbTransaction>(((SqliteConnection)session.Connection).BeginTransaction(deferred: false));

    public override async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync();
        try
        {
            foreach (var command in _prepared.Values)
            {
                command.Release();
            }

            await _connection.DisposeAsync();
        }
        finally
        {
            _checkpoints?.Dispose();
            _gate.Release();
        }
    }

    /// <summary>A command that outlives the callers' <c>using</c> blocks, keeping its prepared statement.</summary>
    private sealed class PreparedCommand(string sql, SqliteConnection connection) : SqliteCommand(sql, connection)
    {
        private bool _released;

        public void Release()
        {
            _released = true;
            Dispose();
        }

        protected override void Dispose(bool disposing)
        {
            if (_released)
            {
                base.Dispose(disposing);
            }
        }
    }
}
