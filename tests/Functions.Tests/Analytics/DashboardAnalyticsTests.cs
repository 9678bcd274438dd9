using System.Data.Common;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using AiScheduler.Functions.Analytics;
using AiScheduler.Functions.Meetings.Analysis;
using AiScheduler.Functions.Store;
using AiScheduler.Functions.Tests.Infrastructure;
using AiScheduler.Testing;
using Dapper;

namespace AiScheduler.Functions.Tests.Analytics;

public sealed class SqliteDashboardAnalyticsTests(PostgresFixture postgres) : DashboardAnalyticsTests(StoreProvider.Sqlite, postgres);

public sealed class PostgresDashboardAnalyticsTests(PostgresFixture postgres) : DashboardAnalyticsTests(StoreProvider.Postgres, postgres);

/// <summary>
/// The dashboard's figures: the overview's meetings held, qualified leads, average BANT score and opt-outs, each limited to
/// a campaign on request, and bookings by weekday and hour of the lead's zone, over rows written straight into each store.
/// </summary>
public abstract class DashboardAnalyticsTests(StoreProvider provider, PostgresFixture postgres) : IAsyncLifetime
{
    // Saturday 10 January 2026 (UTC).
    private const string Range = "from=2026-01-10T00:00:00Z&to=2026-01-11T00:00:00Z";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly Guid CampaignId = Guid.CreateVersion7();
    private TestApp? _app;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private TestApp App => _app!;

    public async ValueTask InitializeAsync()
    {
        _app = await TestApp.StartAsync(provider, postgres, new Dictionary<string, string?>
        {
            ["Email:Outbox:Directory"] = Path.Combine(Path.GetTempPath(), "aischeduler-dashboard-analytics-tests", "outbox"),
        }, Ct);
        await SeedAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    [Fact]
    public async Task The_overview_counts_meetings_held_qualified_leads_the_average_bant_score_and_opt_outs()
    {
        var overview = (await App.Client.GetFromJsonAsync<AnalyticsApi.OverviewResponse>($"/api/analytics/overview?{Range}", Json, Ct))!;

        Assert.Equal(3, overview.CallsPlaced);
        Assert.Equal(1, overview.OptOuts);
        Assert.Equal(3, overview.MeetingsBooked);
        // Two meetings were held: one analysed as qualified (80), one confirmed by a rep as qualified over the AI's nurture (40).
        Assert.Equal(2, overview.MeetingsHeld);
        Assert.Equal(2, overview.QualifiedLeads);
        Assert.Equal(60, overview.AverageBantScore);
        Assert.Null(overview.CampaignId);
    }

    [Fact]
    public async Task A_campaign_filter_counts_only_its_calls_and_the_meetings_they_booked()
    {
        var overview = (await App.Client.GetFromJsonAsync<AnalyticsApi.OverviewResponse>(
            $"/api/analytics/overview?{Range}&campaignId={CampaignId}", Json, Ct))!;

        Assert.Equal(2, overview.CallsPlaced);
        Assert.Equal(1, overview.Booked);
        Assert.Equal(1, overview.OptOuts);
        Assert.Equal(1, overview.MeetingsBooked);
        Assert.Equal(1, overview.MeetingsHeld);
        Assert.Equal(1, overview.QualifiedLeads);
        Assert.Equal(80, overview.AverageBantScore);
        Assert.Equal(CampaignId, overview.CampaignId);

        var outcomes = (await App.Client.GetFromJsonAsync<AnalyticsApi.OutcomesResponse>(
            $"/api/analytics/call-outcomes?{Range}&campaignId={CampaignId}", Json, Ct))!;
        Assert.Equal(2, outcomes.Completed);
        Assert.Equal(0, outcomes.Outcomes.Single(o => o.Outcome == "no-answer").Count);
    }

    [Fact]
    public async Task Bookings_are_counted_by_weekday_and_hour_of_each_leads_own_zone()
    {
        var times = (await App.Client.GetFromJsonAsync<AnalyticsApi.BookingTimesResponse>($"/api/analytics/booking-times?{Range}", Json, Ct))!;

        Assert.Equal(3, times.Meetings);
        // 10:00Z in Jerusalem is 12:00; 12:00Z in New York is 07:00; 15:00Z in UTC is 15:00; all on the Saturday.
        Assert.Equal(
            [new("saturday", 7, 1), new("saturday", 12, 1), new("saturday", 15, 1)],
            times.Cells);

        var campaign = (await App.Client.GetFromJsonAsync<AnalyticsApi.BookingTimesResponse>(
            $"/api/analytics/booking-times?{Range}&campaignId={CampaignId}", Json, Ct))!;
        Assert.Equal([new AnalyticsApi.BookingTimeItem("saturday", 12, 1)], campaign.Cells);
    }

    private async Task SeedAsync()
    {
        var store = App.Services.GetRequiredService<DataStore>();
        await using var connection = await store.OpenConnectionAsync(Ct);
        var lead = Guid.CreateVersion7();
        var other = Guid.CreateVersion7();
        foreach (var id in new[] { lead, other })
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO leads (id, workspace_id, language, language_source, time_zone, time_zone_source, status, created_at, updated_at)
                VALUES (@id, @workspace, 'he-IL', 'declared', 'Asia/Jerusalem', 'declared', 'new', @now, @now)
                """,
                new { id, workspace = Workspaces.DefaultId, now = At("2026-01-01T00:00:00Z") }, cancellationToken: Ct));
        }

        await connection.ExecuteAsync(new CommandDefinition(
            $"""
            INSERT INTO campaigns (id, workspace_id, name, status, settings, selection, created_at, updated_at)
            VALUES (@id, @workspace, 'January', 'completed', {store.Dialect.Json("@settings")}, {store.Dialect.Json("@selection")}, @now, @now)
            """,
            new { id = CampaignId, workspace = Workspaces.DefaultId, settings = "{}", selection = "{}", now = At("2026-01-09T00:00:00Z") },
            cancellationToken: Ct));

        await CallAsync(connection, store, "d1", lead, "2026-01-10T08:00:00Z", "booked", campaign: true);
        await CallAsync(connection, store, "d2", other, "2026-01-10T08:30:00Z", "opted-out", campaign: true);
        await CallAsync(connection, store, "d3", other, "2026-01-10T09:00:00Z", "no-answer", campaign: false);

        var held = await MeetingAsync(connection, lead, "d1", "2026-01-10T10:00:00Z", "Asia/Jerusalem", "completed");
        var confirmed = await MeetingAsync(connection, other, null, "2026-01-10T12:00:00Z", "America/New_York", "completed");
        await MeetingAsync(connection, lead, null, "2026-01-10T15:00:00Z", "Etc/UTC", "booked");
        await AnalysisAsync(connection, held, lead, 80, "qualified", null);
        await AnalysisAsync(connection, confirmed, other, 40, "nurture", new ConfirmedValues(Status: "qualified"));
    }

    private static DateTimeOffset At(string utc) => DateTimeOffset.Parse(utc, CultureInfo.InvariantCulture);

    private static async Task CallAsync(DbConnection connection, DataStore store, string callId, Guid leadId, string startedUtc, string outcome,
        bool campaign)
    {
        var started = At(startedUtc);
        await connection.ExecuteAsync(new CommandDefinition(
            $"""
            INSERT INTO call_sessions (call_id, workspace_id, lead_id, lead_phone, phase, version, state, outcome, created_at, updated_at, ended_at)
            VALUES (@callId, @workspace, @leadId, '+972501234567', 'ended', 1, {store.Dialect.Json("@state")}, @outcome, @started, @started, @ended)
            """,
            new { callId, workspace = Workspaces.DefaultId, leadId, state = "{}", outcome, started, ended = started.AddMinutes(2) },
            cancellationToken: Ct));
        if (campaign)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO call_attempts (instance_id, campaign_id, lead_id, attempt, call_id, state, outcome, created_at, ended_at)
                VALUES (@instance, @campaignId, @leadId, 1, @callId, 'ended', @outcome, @started, @started)
                """,
                new { instance = "attempt:" + callId, campaignId = CampaignId, leadId, callId, outcome, started }, cancellationToken: Ct));
        }
    }

    private static async Task<Guid> MeetingAsync(DbConnection connection, Guid leadId, string? callId, string startUtc, string zone, string status)
    {
        var id = Guid.CreateVersion7();
        var start = At(startUtc);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO meetings (id, workspace_id, calendar_id, lead_id, call_id, attendee_email, start_utc, end_utc, time_zone, local_start,
                                  join_url, status, created_at, updated_at)
            VALUES (@id, @workspace, 'default', @leadId, @callId, 'dana@example.com', @start, @end, @zone, '10:00', 'https://meet.example/x',
                    @status, @created, @created)
            """,
            new { id, workspace = Workspaces.DefaultId, leadId, callId, start, end = start.AddMinutes(30), zone, status, created = At("2026-01-10T08:05:00Z") },
            cancellationToken: Ct));
        return id;
    }

    private static async Task AnalysisAsync(DbConnection connection, Guid meetingId, Guid leadId, int overall, string status, ConfirmedValues? confirmed)
    {
        // Four equal dimension scores make the overall score the same number whatever the weights.
        var dimension = new DimensionValue(overall, ["\"we have budget\""], "said so");
        var ai = new AnalysisValues(dimension, dimension, dimension, dimension, overall, status, [], [], [], [], []);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO meeting_analyses (meeting_id, workspace_id, lead_id, source, ai, confirmed, analyzed_at, updated_at)
            VALUES (@meetingId, @workspace, @leadId, 'rules', @ai, @confirmed, @at, @at)
            """,
            new
            {
                meetingId, workspace = Workspaces.DefaultId, leadId,
                ai = JsonSerializer.Serialize(ai, Json),
                confirmed = confirmed is null ? null : JsonSerializer.Serialize(confirmed, Json),
                at = At("2026-01-10T13:00:00Z"),
            }, cancellationToken: Ct));
    }
}
