using AiScheduler.Functions.Store;

namespace AiScheduler.Functions.Tests.Store;

/// <summary>The one-script migrations render each dialect's column types and nothing else.</summary>
public sealed class PortableMigrationTests
{
    [Fact]
    public void Placeholders_render_to_each_stores_own_column_type()
    {
        const string schema = "CREATE TABLE t (id {uuid} PRIMARY KEY, at {timestamp} NOT NULL, body {json}, n {bigint}, x {real}, text {text});";

        Assert.Equal(
            "CREATE TABLE t (id TEXT PRIMARY KEY, at TEXT NOT NULL, body TEXT, n INTEGER, x REAL, text TEXT);",
            PortableMigration.Render(schema, StoreProvider.Sqlite));
        Assert.Equal(
            "CREATE TABLE t (id uuid PRIMARY KEY, at timestamptz NOT NULL, body jsonb, n bigint, x double precision, text text);",
            PortableMigration.Render(schema, StoreProvider.Postgres));
    }

    [Fact]
    public void An_unknown_placeholder_is_an_error_naming_it()
    {
        var error = Assert.Throws<InvalidOperationException>(() => PortableMigration.Render("ALTER TABLE t ADD COLUMN c {varchar};", StoreProvider.Postgres));

        Assert.Contains("{varchar}", error.Message, StringComparison.Ordinal);
        Assert.Contains("{timestamp}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_portable_migration_renders_both_scripts_with_no_placeholder_left()
    {
        var portable = SchemaMigrator.All.OfType<PortableMigration>().ToList();

        Assert.NotEmpty(portable);
        foreach (var migration in portable)
        {
            Assert.DoesNotContain("{", migration.Sqlite, StringComparison.Ordinal);
            Assert.DoesNotContain("{", migration.Postgres, StringComparison.Ordinal);
            Assert.NotEqual(migration.Sqlite, migration.Postgres);
        }
    }
}
