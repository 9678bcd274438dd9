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
public abstract class DashboardAnalyticsTests(StoreProvider provider, PostgresFixture postgres) : SeededStoreTests(provider, postgres)
{
    // Saturday 10 January 2026 (UTC).
    private const string Range = "from=2026-01-10T00:00:00Z&to=2026-01-11T00:00:00Z";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly Guid CampaignId = Guid.CreateVersion7();

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

    protected override async Task SeedAsync(DataStore store, DbConnection connection)
    {
        var lead = await LeadAsync(connection, "he-IL", "Asia/Jerusalem");
        var other = await LeadAsync(connection, "he-IL", "Asia/Jerusalem");
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

    private static async Task CallAsync(DbConnection connection, DataStore store, string callId, Guid leadId, string startedUtc, string outcome,
        bool campaign)
    {
        var started = At(startedUtc);
        await CallAsync(connection, store, callId, leadId, "+972501234567", started, outcome, started.AddMinutes(2));
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

    private static Task<Guid> MeetingAsync(DbConnection connection, Guid leadId, string? callId, string startUtc, string zone, string status) =>
        MeetingAsync(connection, leadId, callId, At(startUtc), zone, "10:00", status, At("2026-01-10T08:05:00Z"));

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
