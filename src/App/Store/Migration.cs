using System.Reflection;

namespace AiScheduler.Functions.Store;

/// <summary>
/// One versioned schema change, written for both dialects. To add one, put a sealed class deriving from this in your
/// feature folder with a version from your reserved range; it is discovered by reflection and applied once, in
/// version order, at start-up and by the <c>migrate</c> command. Ranges: store and leads 1-99, telephony 100-199,
/// conversation/calls/booking 200-299, campaigns/meetings 300-399. Never edit a migration that has shipped; add a new one.
/// </summary>
public abstract class Migration
{
    public abstract int Version { get; }

    /// <summary>Short description recorded in <c>schema_migrations</c>.</summary>
    public abstract string Name { get; }

    /// <summary>SQLite script; several statements separated by semicolons are fine.</summary>
    public abstract string Sqlite { get; }

    /// <summary>PostgreSQL script; several statements separated by semicolons are fine.</summary>
    public abstract string Postgres { get; }

    public string ScriptFor(StoreProvider provider) => provider == StoreProvider.Postgres ? Postgres : Sqlite;

    /// <summary>All migrations defined in <paramref name="assembly"/>, in version order; duplicates are an error.</summary>
    public static IReadOnlyList<Migration> DiscoverIn(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var migrations = assembly.GetTypes()
            .Where(type => type is { IsAbstract: false, IsClass: true } && type.IsSubclassOf(typeof(Migration)))
            .Select(type => (Migration)(Activator.CreateInstance(type, nonPublic: true)
                ?? throw new InvalidOperationException($"Migration {type.FullName} needs a parameterless constructor.")))
            .OrderBy(migration => migration.Version)
            .ToList();

        foreach (var migration in migrations.Where(migration => migration.Version is < 1 or > 9999))
        {
            throw new InvalidOperationException(
                $"Migration {migration.GetType().FullName} has version {migration.Version}; versions are 1-9999 within your reserved range.");
        }

        var duplicate = migrations.GroupBy(migration => migration.Version).FirstOrDefault(group => group.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException(
                $"Migrations {string.Join(" and ", duplicate.Select(m => m.GetType().FullName))} share version {duplicate.Key}; " +
                "pick the next free number in your reserved range.");
        }

        return migrations;
    }
}
