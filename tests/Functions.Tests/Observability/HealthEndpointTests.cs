using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json;
using AiScheduler.Functions.Store;
using AiScheduler.Functions.Tests.Infrastructure;
using AiScheduler.Testing;
using Npgsql;

namespace AiScheduler.Functions.Tests.Observability;

/// <summary>
/// <c>/alive</c> answers for the process alone; <c>/healthz</c> checks the store, storage, the durable backlog and
/// telephony, and answers 503 naming the failing check - without the secrets of its configuration.
/// </summary>
public sealed class HealthEndpointTests(PostgresFixture postgres)
{
    [Theory]
    [InlineData(StoreProvider.Sqlite)]
    [InlineData(StoreProvider.Postgres)]
    public async Task A_host_with_every_dependency_up_is_alive_and_healthy(StoreProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.StartAsync(provider, postgres, cancellationToken: ct);
        // Probes come without credentials, as a load balancer's or an orchestrator's do.
        using var probe = app.CreateAnonymousClient();

        var (aliveStatus, alive) = await GetAsync(probe, "/alive", ct);
        var (healthStatus, health) = await GetAsync(probe, "/healthz", ct);

        Assert.Equal(HttpStatusCode.OK, aliveStatus);
        Assert.Equal("Healthy", alive.GetProperty("status").GetString());
        Assert.Equal(["self"], Names(alive));
        Assert.Equal(HttpStatusCode.OK, healthStatus);
        Assert.Equal("Healthy", health.GetProperty("status").GetString());
        Assert.Equal(["durable", "self", "storage", "store", "telephony"], Names(health).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task An_unreachable_telephony_endpoint_fails_healthz_by_name_without_its_access_key_while_the_process_stays_alive()
    {
        var ct = TestContext.Current.CancellationToken;
        var accessKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var closedPort = ClosedPort();
        await using var app = await TestApp.StartAsync(StoreProvider.Sqlite, postgres, new Dictionary<string, string?>
        {
            ["Telephony:Provider"] = "acs",
            ["Telephony:Acs:ConnectionString"] = $"endpoint=http://127.0.0.1:{closedPort}/;accesskey={accessKey}",
            ["Telephony:Acs:CallerId"] = "+14255550100",
            ["Telephony:CallbackSecret"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        }, ct);
        // Probes come without credentials, as a load balancer's or an orchestrator's do.
        using var probe = app.CreateAnonymousClient();

        var (aliveStatus, _) = await GetAsync(probe, "/alive", ct);
        using var response = await probe.GetAsync(new Uri("/healthz", UriKind.Relative), ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        var health = JsonDocument.Parse(text).RootElement;

        Assert.Equal(HttpStatusCode.OK, aliveStatus);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("Unhealthy", health.GetProperty("status").GetString());
        var telephony = Check(health, "telephony");
        Assert.Equal("Unhealthy", telephony.GetProperty("status").GetString());
        Assert.Contains($"127.0.0.1:{closedPort}", telephony.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Equal("Healthy", Check(health, "store").GetProperty("status").GetString());
        Assert.DoesNotContain(accessKey, text, StringComparison.Ordinal);
        Assert.DoesNotContain("accesskey", text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_postgresql_database_gone_fails_the_store_and_durable_checks_without_the_connection_password()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.StartAsync(StoreProvider.Postgres, postgres, new Dictionary<string, string?>(), ct);
        // Probes come without credentials, as a load balancer's or an orchestrator's do.
        using var probe = app.CreateAnonymousClient();
        var connectionString = app.Services.GetRequiredService<IConfiguration>()["Store:ConnectionString"]!;
        var database = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(probe, "/healthz", ct)).Status);

        // The database goes away under the running host, as when its server is stopped or the database is dropped.
        NpgsqlConnection.ClearAllPools();
        await using (var admin = new NpgsqlConnection(postgres.Server.AdminConnectionString))
        {
            await admin.OpenAsync(ct);
            await using var drop = new NpgsqlCommand($"DROP DATABASE \"{database}\" WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync(ct);
        }

        var (aliveStatus, _) = await GetAsync(probe, "/alive", ct);
        using var response = await probe.GetAsync(new Uri("/healthz", UriKind.Relative), ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        var health = JsonDocument.Parse(text).RootElement;

        Assert.Equal(HttpStatusCode.OK, aliveStatus);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("Unhealthy", Check(health, "store").GetProperty("status").GetString());
        Assert.Equal("Unhealthy", Check(health, "durable").GetProperty("status").GetString());
        Assert.Contains(database, Check(health, "store").GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("password", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("stack", text, StringComparison.OrdinalIgnoreCase);
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(HttpClient client, string path, CancellationToken ct)
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative), ct);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct)).RootElement.Clone());
    }

    private static List<string> Names(JsonElement report) =>
        report.GetProperty("checks").EnumerateArray().Select(c => c.GetProperty("name").GetString()!).ToList();

    private static JsonElement Check(JsonElement report, string name) =>
        Assert.Single(report.GetProperty("checks").EnumerateArray(), c => c.GetProperty("name").GetString() == name);

    /// <summary>A loopback port nothing listens on: bound, read, released.</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
