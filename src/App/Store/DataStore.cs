using AiScheduler.Durable;
using System.Runtime.CompilerServices;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;

namespace AiScheduler.Functions.Store;

/// <summary>
/// The product's database: opens connections for the configured provider and tells callers which
/// <see cref="SqlDialect"/> to write. Feature folders query it directly with Dapper; there is no repository layer.
/// </summary>
public sealed class DataStore : IAsyncDisposable
{
    private readonly NpgsqlDataSource? _postgres;
    private readonly string? _sqliteConnectionString;
    private readonly int _busyTimeoutMilliseconds;

    // One write gate per database file for the whole process, shared with the durable runtime's connection on the same
    // file: writers queue there (async, in order) instead of meeting SQLite's lock and sleeping in its busy handler.
    private readonly SemaphoreSlim? _writeGate;
    private readonly IDisposable? _checkpoints;

    // Pooled SQLite connections keep their pragmas and busy handler: they are set once per native connection.
    private static readonly ConditionalWeakTable<object, object> Prepared = new();
    private int _walChecked;

    public DataStore(IOptions<StoreOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        StoreTypeHandlers.Register();
        var settings = options.Value;
        Provider = settings.ParsedProvider;
        _busyTimeoutMilliseconds = settings.BusyTimeoutMilliseconds;
        if (Provider == StoreProvider.Postgres)
        {
            var postgres = new NpgsqlConnectionStringBuilder(settings.ConnectionString);
            if (postgres.MaxAutoPrepare == 0)
            {
                // The hot statements (call inbox, sessions, campaign picks) run thousands of times: server-side prepared
                // plans skip their parse and plan each time, as the durable runtime's own connections do.
                postgres.MaxAutoPrepare = 64;
            }

            _postgres = NpgsqlDataSource.Create(postgres.ConnectionString);
            Dialect = SqlDialect.Postgres;
        }
        else
        {
            var builder = new SqliteConnectionStringBuilder(settings.ConnectionString);
            if (builder.Mode is not SqliteOpenMode.Memory && !string.IsNullOrEmpty(builder.DataSource) &&
                !builder.DataSource.StartsWith(':'))
            {
                builder.DataSource = Path.GetFullPath(builder.DataSource);
                var directory = Path.GetDirectoryName(builder.DataSource);
                if (!string.IsNullOrEmpty(directory))
                {
                    Directory.CreateDirectory(directory);
                }
            }

            _sqliteConnectionString = builder.ConnectionString;
            _writeGate = SqliteWriteGate.For(builder.DataSource);
            if (builder.Mode is not SqliteOpenMode.Memory && !string.IsNullOrEmpty(builder.DataSource) && !builder.DataSource.StartsWith(':'))
            {
                // WAL checkpoints run on a background thread, not inside a writer's commit (see SqliteCheckpoints).
                _checkpoints = SqliteCheckpoints.Start(builder.DataSource);
            }
            Dialect = SqlDialect.Sqlite;
        }
    }

    public StoreProvider Provider { get; }

    public SqlDialect Dialect { get; }

    /// <summary>A short description for logs and the demo: provider and file or database, never credentials.</summary>
    public string Describe()
    {
        if (_postgres is not null)
        {
            var builder = new NpgsqlConnectionStringBuilder(_postgres.ConnectionString);
            return $"postgres {builder.Host}:{builder.Port}/{builder.Database}";
        }

        return $"sqlite {new SqliteConnectionStringBuilder(_sqliteConnectionString).DataSource}";
    }

    public async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        if (_postgres is not null)
        {
            return await _postgres.OpenConnectionAsync(cancellationToken);
        }

        var connection = new SqliteConnection(_sqliteConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            if (connection.Handle is { } handle && Prepared.TryGetValue(handle, out _))
            {
                return connection;
            }

            await using var pragmas = connection.CreateCommand();
            // WAL (a property of the file, set once) lets reads run during a write; NORMAL sync (per connection) is
            // durable across process crashes and drops the fsync per commit. Foreign keys are off by default in SQLite.
            pragmas.CommandText = Interlocked.Exchange(ref _walChecked, 1) == 0
                ? "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;"
                : "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;";
            if (_checkpoints is not null)
            {
                pragmas.CommandText += SqliteCheckpoints.Pragma;
            }
            await pragmas.ExecuteNonQueryAsync(cancellationToken);
            // Writers blocked by another connection (the durable runtime's, another process's) retry within milliseconds.
            SqliteBusyWait.Install(connection, _busyTimeoutMilliseconds);
            if (connection.Handle is { } opened)
            {
                Prepared.AddOrUpdate(opened, Prepared);
            }

            return connection;
        }
        catch (Exception)
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> in one transaction and commits it. On SQLite the process's transactions on the file
    /// take turns at an async gate, and each takes the write lock up front (BEGIN IMMEDIATE), so read-then-write work
    /// cannot dead-end in SQLITE_BUSY on lock upgrade.
    /// </summary>
    public async Task<T> InTransactionAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (_writeGate is null)
        {
            await using var connection = await OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var result = await work(connection, transaction);
            await transaction.CommitAsync(cancellationToken);
            return result;
        }

        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            await using var connection = (SqliteConnection)await OpenConnectionAsync(cancellationToken);
            await using var transaction = connection.BeginTransaction(deferred: false);
            var result = await work(connection, transaction);
            await transaction.CommitAsync(cancellationToken);
            return result;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>
    /// Runs a write that needs no transaction of its own (one statement, or statements each valid alone). On SQLite it
    /// takes its turn at the file's write gate like <see cref="InTransactionAsync{T}"/>, so writers of this process
    /// never wait in SQLite's busy handler (which blocks a thread); on PostgreSQL it is a plain autocommit round trip.
    /// </summary>
    public async Task<T> WriteAsync<T>(Func<DbConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (_writeGate is null)
        {
            await using var connection = await OpenConnectionAsync(cancellationToken);
            return await work(connection);
        }

        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await OpenConnectionAsync(cancellationToken);
            return await work(connection);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
        else
        {
            // Pooled SQLite connections keep the file open; a later store on the same path (the demo recreates its
            // directory) must not be handed a connection to the deleted file.
            using var connection = new SqliteConnection(_sqliteConnectionString);
            SqliteConnection.ClearPool(connection);
            _checkpoints?.Dispose();
        }
    }
}
