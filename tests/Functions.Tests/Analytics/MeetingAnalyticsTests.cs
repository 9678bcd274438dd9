using System.Net.Http.Json;
using AiScheduler.Functions.Analytics;
using AiScheduler.Functions.Store;
using AiScheduler.Functions.Tests.Meetings;
using AiScheduler.Testing;

namespace AiScheduler.Functions.Tests.Analytics;

public sealed class SqliteMeetingAnalyticsTests(PostgresFixture postgres) : MeetingAnalyticsTests(StoreProvider.Sqlite, postgres);

public sealed class PostgresMeetingAnalyticsTests(PostgresFixture postgres) : MeetingAnalyticsTests(StoreProvider.Postgres, postgres);

/// <summary>The overview's meeting figures follow what the meetings API does to meetings.</summary>
public abstract class MeetingAnalyticsTests(StoreProvider provider, PostgresFixture postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_meeting_cancelled_through_the_api_leaves_the_booked_and_upcoming_counts()
    {
        await using var host = await MeetingTestHost.StartAsync(provider, postgres, "01:00:00", Ct);
        var dana = await host.AddLeadAsync("Dana Levi", "+972501234567", "dana@example.co.il", Ct);
        var avery = await host.AddLeadAsync("Avery Johnson", "+12125550143", "avery@example.com", Ct);
        var day = host.LondonWorkdayAt(9);
        await host.BookAsync(dana, day, Ct);
        var cancelled = await host.BookAsync(avery, day.AddHours(1), Ct);
        var before = await OverviewAsync(host);

        using (var response = await host.Client.PostAsync($"/api/meetings/{cancelled}/cancel", null, Ct))
        {
            response.EnsureSuccessStatusCode();
        }

        var after = await OverviewAsync(host);
        Assert.Equal((2, 2), (before.MeetingsBooked, before.MeetingsUpcoming));
        Assert.Equal((1, 1), (after.MeetingsBooked, after.MeetingsUpcoming));
        Assert.Equal(0, after.CallsPlaced);
    }

    private static async Task<AnalyticsApi.OverviewResponse> OverviewAsync(MeetingTestHost host) =>
        (await host.Client.GetFromJsonAsync<AnalyticsApi.OverviewResponse>("/api/analytics/overview", MeetingTestHost.Json, Ct))!;
}
