using System.Data.Common;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AiScheduler.Functions.Analytics;
using AiScheduler.Functions.Store;
using AiScheduler.Functions.Tests.Infrastructure;
using AiScheduler.Testing;
using Dapper;

namespace AiScheduler.Functions.Tests.Analytics;

public sealed class SqliteAnalyticsApiTests(PostgresFixture postgres) : AnalyticsApiTests(StoreProvider.Sqlite, postgres);

public sealed class PostgresAnalyticsApiTests(PostgresFixture postgres) : AnalyticsApiTests(StoreProvider.Postgres, postgres);

/// <summary>The analytics endpoints over calls, transcripts, leads and meetings written straight into each store.</summary>
public abstract class AnalyticsApiTests(StoreProvider provider, PostgresFixture postgres) : SeededStoreTests(provider, postgres)
{
    private const string Range = "from=2026-01-05T00:00:00Z&to=2026-01-06T00:00:00Z";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task The_overview_counts_calls_connections_bookings_duration_and_meetings_in_the_range()
    {
        var overview = await App.Client.GetFromJsonAsync<AnalyticsApi.OverviewResponse>($"/api/analytics/overview?{Range}", Json, Ct);

        Assert.Equal(6, overview!.CallsPlaced);
        Assert.Equal(5, overview.CallsCompleted);
        Assert.Equal(1, overview.CallsInProgress);
        Assert.Equal(3, overview.Connected);
        Assert.Equal(0.6, overview.ConnectedRate);
        Assert.Equal(2, overview.Booked);
        Assert.Equal(0.6667, overview.BookingRate);
        // Connected calls lasted 120, 240 and 60 seconds.
        Assert.Equal(140, overview.AverageDurationSeconds);
        Assert.Equal(2, overview.MeetingsBooked);
        Assert.Equal(1, overview.MeetingsUpcoming);
    }

    [Fact]
    public async Task Call_outcomes_list_every_outcome_with_its_share()
    {
        var outcomes = await App.Client.GetFromJsonAsync<AnalyticsApi.OutcomesResponse>($"/api/analytics/call-outcomes?{Range}", Json, Ct);

        Assert.Equal(5, outcomes!.Completed);
        Assert.Equal(10, outcomes.Outcomes.Count);
        Assert.Equal(new AnalyticsApi.OutcomeItem("booked", 2, 0.4), outcomes.Outcomes.Single(o => o.Outcome == "booked"));
        Assert.Equal(new AnalyticsApi.OutcomeItem("no-answer", 1, 0.2), outcomes.Outcomes.Single(o => o.Outcome == "no-answer"));
        Assert.Equal(0, outcomes.Outcomes.Single(o => o.Outcome == "opted-out").Count);
    }

    [Fact]
    public async Task The_language_is_the_one_the_call_ended_in_else_the_leads()
    {
        var languages = await App.Client.GetFromJsonAsync<AnalyticsApi.LanguagesResponse>($"/api/analytics/language-distribution?{Range}", Json, Ct);

        Assert.Equal(6, languages!.Calls);
        Assert.Equal(
            [
                new AnalyticsApi.LanguageItem("he-IL", 3, 2, 2, 0.5),
                new AnalyticsApi.LanguageItem("en-US", 2, 1, 0, 0.3333),
                new AnalyticsApi.LanguageItem("unknown", 1, 0, 0, 0.1667),
            ],
            languages.Languages);
    }

    [Fact]
    public async Task Calls_over_time_count_per_hour_of_the_requested_zone()
    {
        var hours = await App.Client.GetFromJsonAsync<AnalyticsApi.OverTimeResponse>(
            "/api/analytics/calls-over-time?from=2026-01-05T08:00:00Z&to=2026-01-05T12:00:00Z&bucket=hour&timeZone=Europe/Berlin", Json, Ct);

        Assert.Equal(("hour", "Europe/Berlin"), (hours!.Bucket, hours.TimeZone));
        Assert.Equal([9, 10, 11, 12], hours.Buckets.Select(b => b.StartLocal.Hour));
        Assert.Equal([2, 2, 1, 0], hours.Buckets.Select(b => b.Calls));
        Assert.Equal([2, 0, 0, 0], hours.Buckets.Select(b => b.Booked));

        var days = await App.Client.GetFromJsonAsync<AnalyticsApi.OverTimeResponse>(
            "/api/analytics/calls-over-time?from=2026-01-04T00:00:00Z&to=2026-01-07T00:00:00Z", Json, Ct);
        Assert.Equal(("day", "UTC"), (days!.Bucket, days.TimeZone));
        Assert.Equal([0, 6, 1], days.Buckets.Select(b => b.Calls));
    }

    [Fact]
    public async Task Bad_ranges_buckets_and_zones_are_problem_details_naming_the_parameter()
    {
        var response = await App.Client.GetAsync(
            "/api/analytics/calls-over-time?bucket=week&timeZone=Mars/Base", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using (var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)))
        {
            var errors = problem.RootElement.GetProperty("errors");
            Assert.Contains("'hour' or 'day'", errors.GetProperty("bucket")[0].GetString(), StringComparison.Ordinal);
            Assert.Contains("IANA id", errors.GetProperty("timeZone")[0].GetString(), StringComparison.Ordinal);
        }

        var yearOfHours = await App.Client.GetAsync("/api/analytics/calls-over-time?bucket=hour&from=2025-01-01T00:00:00Z&to=2026-01-01T00:00:00Z", Ct);
        Assert.Equal(HttpStatusCode.OK, yearOfHours.StatusCode);

        foreach (var query in new[]
                 {
                     "/api/analytics/overview?from=2026-01-06T00:00:00Z&to=2026-01-05T00:00:00Z",
                     "/api/analytics/call-outcomes?from=2024-01-01T00:00:00Z&to=2026-01-05T00:00:00Z",
                     "/api/analytics/language-distribution?from=2026-01-05T00:00:00Z&to=2026-01-05T00:00:00Z",
                 })
        {
            var bad = await App.Client.GetAsync(query, Ct);
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Contains("\"errors\"", await bad.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }
    }

    // Six calls on Monday 5 January 2026 (UTC) and one on the 6th, outside the default test range.
    protected override async Task SeedAsync(DataStore store, DbConnection connection)
    {
        var hebrewLead = await LeadAsync(connection, "he-IL", "UTC");
        var englishLead = await LeadAsync(connection, "en-US", "UTC");

        await CallAsync(connection, store, "c1", hebrewLead, "2026-01-05T08:10:00Z", "booked", 120, "he-IL");
        await CallAsync(connection, store, "c2", englishLead, "2026-01-05T08:40:00Z", "booked", 240, "he-IL");
        await CallAsync(connection, store, "c3", englishLead, "2026-01-05T09:05:00Z", "not-interested", 60, "en-US");
        await CallAsync(connection, store, "c4", englishLead, "2026-01-05T09:30:00Z", "no-answer", 30, null);
        await CallAsync(connection, store, "c5", null, "2026-01-05T10:15:00Z", "voicemail", 25, null);
        await CallAsync(connection, store, "c6", hebrewLead, "2026-01-05T23:00:00Z", null, null, null);
        await CallAsync(connection, store, "c7", hebrewLead, "2026-01-06T09:00:00Z", "busy", 5, null);

        await MeetingAsync(connection, "2026-01-07T09:00:00Z", "booked", "2026-01-05T08:12:00Z");
        await MeetingAsync(connection, "2099-01-08T09:00:00Z", "booked", "2026-01-05T08:45:00Z");
        await MeetingAsync(connection, "2099-01-09T09:00:00Z", "cancelled", "2026-01-05T08:50:00Z");
        await MeetingAsync(connection, "2099-01-09T09:00:00Z", "booked", "2026-02-01T08:50:00Z");
    }

    private static async Task CallAsync(DbConnection connection, DataStore store, string callId, Guid? leadId, string startedUtc,
        string? outcome, int? seconds, string? turnLanguage)
    {
        var started = At(startedUtc);
        await CallAsync(connection, store, callId, leadId, "+15555550100", started, outcome, seconds is null ? null : started.AddSeconds(seconds.Value));
        if (turnLanguage is not null)
        {
            // An English greeting, then the call switched to the lead's language: the last turn decides.
            foreach (var (seq, language) in new[] { (1, "en-US"), (2, turnLanguage) })
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    """
                    INSERT INTO call_transcript_turns (call_id, seq, workspace_id, speaker, text, language, at_utc)
                    VALUES (@callId, @seq, @workspace, 'agent', 'hello', @language, @at)
                    """,
                    new { callId, seq, workspace = Workspaces.DefaultId, language, at = started.AddSeconds(seq) }, cancellationToken: Ct));
            }
        }
    }

    private static Task MeetingAsync(DbConnection connection, string startUtc, string status, string createdUtc) =>
        MeetingAsync(connection, null, null, At(startUtc), "UTC", "09:00", status, At(createdUtc));
}
