using System.Text.RegularExpressions;

namespace AiScheduler.Functions.Store;

/// <summary>
/// A migration written once for both dialects: <see cref="Schema"/> is plain SQL with its column types as placeholders
/// that render to each store's own type. Use it where the two scripts would differ only in column types; a change that
/// needs dialect-specific SQL derives from <see cref="Migration"/> and writes both scripts.
/// </summary>
/// <remarks>
/// Placeholders (SQLite / PostgreSQL): <c>{uuid}</c> TEXT / uuid, <c>{text}</c> TEXT / text, <c>{json}</c> TEXT / jsonb,
/// <c>{timestamp}</c> TEXT / timestamptz, <c>{integer}</c> INTEGER / integer, <c>{bigint}</c> INTEGER / bigint,
/// <c>{real}</c> REAL / double precision, <c>{bytes}</c> BLOB / bytea.
/// </remarks>
public abstract partial class PortableMigration : Migration
{
    private static readonly Dictionary<string, (string Sqlite, string Postgres)> Types = new(StringComparer.Ordinal)
    {
        ["uuid"] = ("TEXT", "uuid"),
        ["text"] = ("TEXT", "text"),
        ["json"] = ("TEXT", "jsonb"),
        ["timestamp"] = ("TEXT", "timestamptz"),
        ["integer"] = ("INTEGER", "integer"),
        ["bigint"] = ("INTEGER", "bigint"),
        ["real"] = ("REAL", "double precision"),
        ["bytes"] = ("BLOB", "bytea"),
    };

    /// <summary>The script for both dialects, column types written as placeholders (see the remarks).</summary>
    protected abstract string Schema { get; }

    public sealed override string Sqlite => Render(Schema, StoreProvider.Sqlite);

    public sealed override string Postgres => Render(Schema, StoreProvider.Postgres);

    /// <summary>The script with every placeholder replaced by <paramref name="provider"/>'s type; an unknown placeholder is an error.</summary>
    public static string Render(string schema, StoreProvider provider)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return Placeholder().Replace(schema, match => Types.TryGetValue(match.Groups[1].Value, out var type)
            ? provider == StoreProvider.Postgres ? type.Postgres : type.Sqlite
            : throw new InvalidOperationException(
                $"Unknown column type placeholder '{match.Value}'; use one of {string.Join(", ", Types.Keys.Select(key => "{" + key + "}"))}."));
    }

    [GeneratedRegex(@"\{(\w+)\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();
}
