using System.Data;
using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;

namespace AiScheduler.Functions.Store;

/// <summary>
/// Dapper type handlers for the two types whose storage differs per dialect. Dapper's handlers are process-wide, so
/// each handler looks at the parameter it fills: on SQLite, ids are canonical lowercase TEXT (ordered like UUIDv7's
/// time prefix) and instants are ISO 8601 UTC TEXT with a fixed width so text order is time order; on PostgreSQL they
/// are native <c>uuid</c> and <c>timestamptz</c>.
/// </summary>
internal static class StoreTypeHandlers
{
    private const string InstantFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";
    private static int _registered;

    public static void Register()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 1)
        {
            return;
        }

        SQLitePCL.Batteries_V2.Init();
        // Columns are snake_case; row classes use PascalCase properties.
        DefaultTypeMap.MatchNamesWithUnderscores = true;
        SqlMapper.RemoveTypeMap(typeof(Guid));
        SqlMapper.RemoveTypeMap(typeof(Guid?));
        SqlMapper.RemoveTypeMap(typeof(DateTimeOffset));
        SqlMapper.RemoveTypeMap(typeof(DateTimeOffset?));
        SqlMapper.AddTypeHandler(new GuidHandler());
        SqlMapper.AddTypeHandler(new InstantHandler());
    }

    /// <summary>The SQLite text form of an instant; use it when building SQL parameters by hand.</summary>
    public static string FormatSqliteInstant(DateTimeOffset value) =>
        value.UtcDateTime.ToString(InstantFormat, CultureInfo.InvariantCulture);

    private sealed class GuidHandler : SqlMapper.TypeHandler<Guid>
    {
        public override void SetValue(IDbDataParameter parameter, Guid value)
        {
            if (parameter is SqliteParameter)
            {
                parameter.DbType = DbType.String;
                parameter.Value = value.ToString("D");
            }
            else
            {
                parameter.DbType = DbType.Guid;
                parameter.Value = value;
            }
        }

        public override Guid Parse(object value) => value switch
        {
            Guid guid => guid,
            string text => Guid.ParseExact(text, "D"),
            byte[] bytes => new Guid(bytes),
            _ => throw new DataException($"Cannot read a {value.GetType().Name} as an id."),
        };
    }

    private sealed class InstantHandler : SqlMapper.TypeHandler<DateTimeOffset>
    {
        public override void SetValue(IDbDataParameter parameter, DateTimeOffset value)
        {
            if (parameter is SqliteParameter)
            {
                parameter.DbType = DbType.String;
                parameter.Value = FormatSqliteInstant(value);
            }
            else
            {
                // Npgsql writes timestamptz only from UTC values.
                parameter.DbType = DbType.DateTimeOffset;
                parameter.Value = value.ToUniversalTime();
            }
        }

        public override DateTimeOffset Parse(object value) => value switch
        {
            DateTimeOffset instant => instant.ToUniversalTime(),
            DateTime dateTime => new DateTimeOffset(DateTime.SpecifyKind(dateTime, DateTimeKind.Utc)),
            string text => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
            _ => throw new DataException($"Cannot read a {value.GetType().Name} as an instant."),
        };
    }
}
