using System.Data.Common;
using System.Globalization;
using AiScheduler.Functions.Store;
using AiScheduler.Functions.Tests.Infrastructure;
using AiScheduler.Testing;
using Dapper;

namespace AiScheduler.Functions.Tests.Analytics;

/// <summary>
/// The app over a fresh store with rows written straight into it for the analytics tests (the seed is the test's own):
/// leads, ended calls with their transcript turns, campaign attempts and meetings, in the default workspace.
/// </summary>
public abstract class SeededStoreTests(StoreProvider provider, PostgresFixture postgres) : IAsyncLifetime
{
    private TestApp? _app;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected TestApp App => _app!;

    public async ValueTask InitializeAsync()
    {
        _app = await TestApp.StartAsync(provider, postgres, cancellationToken: Ct);
        var store = App.Services.GetRequiredService<DataStore>();
        await using var connection = await store.OpenConnectionAsync(Ct);
        await SeedAsync(store, connection);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    /// <summary>Writes the test's rows.</summary>
    protected abstract Task SeedAsync(DataStore store, DbConnection connection);

    protected static DateTimeOffset At(string utc) => DateTimeOffset.Parse(utc, CultureInfo.InvariantCulture);

    /// <summary>A new lead created on 1 January 2026 with a declared language and zone.</summary>
    protected static async Task<Guid> LeadAsync(DbConnection connection, string language, string timeZone)
    {
        var id = Guid.CreateVersion7();
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO leads (id, workspace_id, language, language_source, time_zone, time_zone_source, status, created_at, updated_at)
            VALUES (@id, @workspace, @language, 'declared', @timeZone, 'declared', 'new', @now, @now)
            """,
            new { id, workspace = Workspaces.DefaultId, language, timeZone, now = At("2026-01-01T00:00:00Z") }, cancellationToken: Ct));
        return id;
    }

    /// <summary>An ended call session (its state empty) that started at <paramref name="started"/>.</summary>
    protected static async Task CallAsync(DbConnection connection, DataStore store, string callId, Guid? leadId, string phone,
        DateTimeOffset started, string? outcome, DateTimeOffset? ended)
    {
        ArgumentNullException.ThrowIfNull(store);
        await connection.ExecuteAsync(new CommandDefinition(
            $"""
            INSERT INTO call_sessions (call_id, workspace_id, lead_id, lead_phone, phase, version, state, outcome, created_at, updated_at, ended_at)
            VALUES (@callId, @workspace, @leadId, @phone, 'ended', 1, {store.Dialect.Json("@state")}, @outcome, @started, @started, @ended)
            """,
            new { callId, workspace = Workspaces.DefaultId, leadId, phone, state = "{}", outcome, started, ended }, cancellationToken: Ct));
    }

    /// <summary>A meeting of 30 minutes from <paramref name="start"/>, booked at <paramref name="created"/>.</summary>
    protected static async Task<Guid> MeetingAsync(DbConnection connection, Guid? leadId, string? callId, DateTimeOffset start, string zone,
        string localStart, string status, DateTimeOffset created)
    {
        var id = Guid.CreateVersion7();
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO meetings (id, workspace_id, calendar_id, lead_id, call_id, attendee_email, start_utc, end_utc, time_zone, local_start,
                                  join_url, status, created_at, updated_at)
            VALUES (@id, @workspace, 'default', @leadId, @callId, 'dana@example.com', @start, @end, @zone, @localStart, 'https://meet.example/x',
                    @status, @created, @created)
            """,
            new { id, workspace = Workspaces.DefaultId, leadId, callId, start, end = start.AddMinutes(30), zone, localStart, status, created },
            cancellationToken: Ct));
        return id;
    }
}
