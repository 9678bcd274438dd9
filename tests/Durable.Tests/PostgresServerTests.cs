using AiScheduler.Testing;
using Npgsql;

[assembly: AssemblyFixture(typeof(PostgresFixture))]

namespace AiScheduler.Durable.Tests;

public class PostgresServerTests(PostgresFixture postgres)
{
    [Fact]
    public async Task The_throwaway_server_hands_out_separate_databases()
    {
        var first = await postgres.Server.CreateDatabaseAsync("probe", TestContext.Current.CancellationToken);
        var second = await postgres.Server.CreateDatabaseAsync("probe", TestContext.Current.CancellationToken);
        Assert.NotEqual(first, second);

        await using var connection = new NpgsqlConnection(first);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand("select current_database()", connection);
        var name = (string?)await command.ExecuteScalarAsync(TestContext.Current.CancellationToken);
        Assert.StartsWith("probe_", name, StringComparison.Ordinal);
    }
}
