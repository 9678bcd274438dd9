namespace AiScheduler.Testing;

/// <summary>
/// One PostgreSQL server per test assembly (register with <c>[assembly: AssemblyFixture(typeof(PostgresFixture))]</c>);
/// each test creates its own database from it, so tests never share data.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private PostgresServer? _server;

    public PostgresServer Server => _server ?? throw new InvalidOperationException("The PostgreSQL fixture has not started.");

    public async ValueTask InitializeAsync() => _server = await PostgresServer.StartAsync();

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
