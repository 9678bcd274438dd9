using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace AiScheduler.Durable.Worker;

/// <summary>
/// The external side effect the tests count: every attempt is logged in <c>attempts</c>; the effect itself goes into
/// <c>effects</c> once per (instance, step) key, the way an idempotent activity must behave.
/// </summary>
public sealed class EffectLedger(string backend, string connectionString, string worker)
{
    // SQLite admits one writer per file and its busy handler backs off in sleeps of up to 100 ms, so concurrent
    // activities queue here instead of contending for the file lock.
    private readonly SemaphoreSlim _sqliteWriter = new(1, 1);

    private DbConnection Open() => backend == "postgres" ? new NpgsqlConnection(connectionString) : new SqliteConnection(connectionString + ";Default Timeout=30");

    public async Task CreateAsync(CancellationToken cancellationToken)
    {
        SQLitePCL.Batteries_V2.Init();
        if (backend != "postgres")
        {
            // WAL, so the test's counting reads never block the activities' writes.
            await ExecuteAsync("PRAGMA journal_mode = WAL", null, cancellationToken, transactional: false);
        }

        await ExecuteAsync("""
            CREATE TABLE IF NOT EXISTS effects (instance_id text NOT NULL, step integer NOT NULL, worker text NOT NULL, PRIMARY KEY (instance_id, step));
            CREATE TABLE IF NOT EXISTS attempts (instance_id text NOT NULL, step integer NOT NULL, worker text NOT NULL)
            """, null, cancellationToken);
    }

    public async Task RecordAsync(string instanceId, int step, CancellationToken cancellationToken)
    {
        await ExecuteAsync("""
            INSERT INTO attempts (instance_id, step, worker) VALUES (@i, @s, @w);
            INSERT INTO effects (instance_id, step, worker) VALUES (@i, @s, @w) ON CONFLICT (instance_id, step) DO NOTHING
            """, (instanceId, step), cancellationToken);
        // Some work time, so a kill lands inside activities as well as inside checkpoints.
        await Task.Delay(2, cancellationToken);
    }

    private async Task ExecuteAsync(string sql, (string Instance, int Step)? values, CancellationToken cancellationToken,
        bool transactional = true)
    {
        var serialize = backend != "postgres";
        if (serialize)
        {
            await _sqliteWriter.WaitAsync(cancellationToken);
        }

        try
        {
            await WriteAsync(sql, values, transactional, cancellationToken);
        }
        finally
        {
            if (serialize)
            {
                _sqliteWriter.Release();
            }
        }
    }

    private async Task WriteAsync(string sql, (string Instance, int Step)? values, bool transactional, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await connection.OpenAsync(cancellationToken);
        if (connection is SqliteConnection)
        {
            await using var pragma = connection.CreateCommand();
            pragma.CommandText = "PRAGMA busy_timeout = 30000";
            await pragma.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var transaction = transactional ? await connection.BeginTransactionAsync(cancellationToken) : null;
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        if (values is { } v)
        {
            Add(command, "i", v.Instance);
            Add(command, "s", v.Step);
            Add(command, "w", worker);
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
        }
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
