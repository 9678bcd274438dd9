using System.Data.Common;
using Dapper;

namespace AiScheduler.Functions.Store;

/// <summary>
/// Applies pending <see cref="Migration"/>s, each in its own transaction together with its
/// <c>schema_migrations</c> row, so a crash leaves the schema at a whole version. Safe to run from several processes
/// at once: PostgreSQL serialises them with an advisory lock, SQLite with its write lock.
/// </summary>
public sealed class SchemaMigrator(DataStore store, TimeProvider clock, ILogger<SchemaMigrator> logger)
{
    // Arbitrary but fixed: the advisory lock key every AiScheduler process uses for migrations.
    private const long AdvisoryLockKey = 0x41_49_53_63_68_4D_69_67;

    /// <summary>Migrations compiled into the host.</summary>
    public static IReadOnlyList<Migration> All { get; } = Migration.DiscoverIn(typeof(SchemaMigrator).Assembly);

    /// <summary>Applies what is missing and returns the versions it applied (empty when the schema was current).</summary>
    public async Task<IReadOnlyList<int>> MigrateAsync(CancellationToken cancellationToken) =>
        await MigrateAsync(All, cancellationToken);

    public async Task<IReadOnlyList<int>> MigrateAsync(IReadOnlyList<Migration> migrations, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(migrations);
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        if (store.Provider == StoreProvider.Postgres)
        {
            await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_lock(@key)", new { key = AdvisoryLockKey },
                cancellationToken: cancellationToken));
        }
        else
        {
            // WAL lets readers proceed while one writer commits; the setting is stored in the database file.
            await connection.ExecuteAsync(new CommandDefinition("PRAGMA journal_mode = WAL", cancellationToken: cancellationToken));
        }

        try
        {
            await connection.ExecuteAsync(new CommandDefinition(
                store.Provider == StoreProvider.Postgres
                    ? "CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL)"
                    : "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)",
                cancellationToken: cancellationToken));

            var applied = new List<int>();
            foreach (var migration in migrations.OrderBy(m => m.Version))
            {
                if (await ApplyAsync(connection, migration, cancellationToken))
                {
                    applied.Add(migration.Version);
                    Log.MigrationApplied(logger, migration.Version, migration.Name);
                }
            }

            return applied;
        }
        finally
        {
            if (store.Provider == StoreProvider.Postgres)
            {
                await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_unlock(@key)", new { key = AdvisoryLockKey },
                    cancellationToken: CancellationToken.None));
            }
        }
    }

    /// <summary>Versions recorded as applied, in order.</summary>
    public async Task<IReadOnlyList<int>> AppliedVersionsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        var versions = await connection.QueryAsync<int>(new CommandDefinition(
            "SELECT version FROM schema_migrations ORDER BY version", cancellationToken: cancellationToken));
        return versions.ToList();
    }

    private async Task<bool> ApplyAsync(DbConnection connection, Migration migration, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // Checked inside the transaction: another SQLite process may have applied it while we waited for the lock.
        var already = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM schema_migrations WHERE version = @Version", new { migration.Version }, transaction,
            cancellationToken: cancellationToken));
        if (already > 0)
        {
            return false;
        }

        await connection.ExecuteAsync(new CommandDefinition(migration.ScriptFor(store.Provider), transaction: transaction,
            cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@Version, @Name, @AppliedAt)",
            new { migration.Version, migration.Name, AppliedAt = clock.GetUtcNow() }, transaction,
            cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return true;
    }
}
