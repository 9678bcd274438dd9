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
    private DbConnection Open() => backend == "postgres" ? new NpgsqlConnection(connectionString) : new SqliteConnection(connectionString + ";Default Timeout=30");

    public async Task CreateAsync(CancellationToken cancellationToken)
    {
        SQLitePCL.Batteries_V2.Init();
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

    private async Task ExecuteAsync(string sql, (string Instance, int Step)? values, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await connection.OpenAsync(cancellationToken);
        if (connection is SqliteConnection)
        {
            await using var pragma = connection.CreateCommand();
            pragma.CommandText = "PRAGMA busy_timeout = 30000";
            await pragma.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
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
        await transaction.CommitAsync(cancellationToken);
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
