namespace AiScheduler.Functions.Store;

/// <summary>
/// The few places where SQLite and PostgreSQL SQL differ. Everything else (upsert with ON CONFLICT, RETURNING,
/// LIMIT/OFFSET, partial unique indexes) is written once in plain SQL that both accept.
/// </summary>
public abstract class SqlDialect
{
    public static SqlDialect Sqlite { get; } = new SqliteDialect();

    public static SqlDialect Postgres { get; } = new PostgresDialect();

    public abstract StoreProvider Provider { get; }

    /// <summary>Case-insensitive pattern match operator (SQLite's LIKE already ignores ASCII case).</summary>
    public abstract string CaseInsensitiveLike { get; }

    /// <summary>A parameter holding JSON text, converted to the column's JSON type.</summary>
    public abstract string Json(string parameter);

    /// <summary>Merges two JSON objects, keys of <paramref name="incoming"/> winning.</summary>
    public abstract string JsonMerge(string existing, string incoming);

    /// <summary>"column is one of the values in the list parameter" (Dapper expands lists on SQLite, passes arrays to Npgsql).</summary>
    public abstract string InList(string column, string listParameter);

    /// <summary>True when <paramref name="exception"/> is a unique-constraint violation.</summary>
    public abstract bool IsUniqueViolation(System.Data.Common.DbException exception);

    /// <summary>The escape clause to pair with <see cref="EscapeLike"/> patterns.</summary>
    public string LikeEscape => "ESCAPE '\\'";

    /// <summary>Escapes LIKE wildcards so user text matches literally.</summary>
    public static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("%", "\\%", StringComparison.Ordinal)
            .Replace("_", "\\_", StringComparison.Ordinal);

    private sealed class SqliteDialect : SqlDialect
    {
        public override StoreProvider Provider => StoreProvider.Sqlite;

        public override string CaseInsensitiveLike => "LIKE";

        public override string Json(string parameter) => parameter;

        public override string InList(string column, string listParameter) => $"{column} IN {listParameter}";

        public override string JsonMerge(string existing, string incoming) => $"json_patch({existing}, {incoming})";

        // SQLITE_CONSTRAINT_UNIQUE and SQLITE_CONSTRAINT_PRIMARYKEY.
        public override bool IsUniqueViolation(System.Data.Common.DbException exception) =>
            exception is Microsoft.Data.Sqlite.SqliteException { SqliteExtendedErrorCode: 2067 or 1555 };
    }

    private sealed class PostgresDialect : SqlDialect
    {
        public override StoreProvider Provider => StoreProvider.Postgres;

        public override string CaseInsensitiveLike => "ILIKE";

        public override string Json(string parameter) => $"CAST({parameter} AS jsonb)";

        public override string InList(string column, string listParameter) => $"{column} = ANY({listParameter})";

        public override string JsonMerge(string existing, string incoming) => $"({existing} || {incoming})";

        public override bool IsUniqueViolation(System.Data.Common.DbException exception) =>
            exception is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation };
    }
}
