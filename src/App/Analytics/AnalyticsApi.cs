using System.Security.Claims;
using AiScheduler.Domain.Analytics;
using AiScheduler.Domain.Conversation;
using AiScheduler.Functions.Security;
using AiScheduler.Functions.Store;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AiScheduler.Functions.Analytics;

/// <summary>Dashboard KPIs under <c>/api/analytics</c>, over calls placed in [from, to) (default: the last 30 days).</summary>
public static class AnalyticsApi
{
    public static readonly TimeSpan DefaultRange = TimeSpan.FromDays(30);
    // 366 days of hours (8,784 plus DST) stays under Kpis.MaxBuckets, so any accepted range can be bucketed by hour.
    public static readonly TimeSpan LongestRange = TimeSpan.FromDays(366);

    public static IServiceCollection AddAnalytics(this IServiceCollection services)
    {
        services.AddSingleton<AnalyticsFacts>();
        return services;
    }

    public static IEndpointRouteBuilder MapAnalytics(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/analytics").WithTags("Analytics");
        group.MapGet("/overview", OverviewAsync).WithName("AnalyticsOverview")
            .WithSummary("Calls placed, connected and booking rates, average duration, meetings booked, upcoming and held, qualified leads, average BANT score, opt-outs; optional campaignId");
        group.MapGet("/call-outcomes", OutcomesAsync).WithName("AnalyticsCallOutcomes")
            .WithSummary("Completed calls per outcome, every outcome listed");
        group.MapGet("/language-distribution", LanguagesAsync).WithName("AnalyticsLanguageDistribution")
            .WithSummary("Calls per language the call ended in, most first");
        group.MapGet("/calls-over-time", OverTimeAsync).WithName("AnalyticsCallsOverTime")
            .WithSummary("Calls per hour or day of a time zone's wall clock, empty buckets included");
        group.MapGet("/booking-times", BookingTimesAsync).WithName("AnalyticsBookingTimes")
            .WithSummary("Meetings booked in the range per weekday and hour of the lead's own time zone (the meeting's zone)");
        return endpoints;
    }

    private static async Task<Results<Ok<OverviewResponse>, ValidationProblem>> OverviewAsync(
        [AsParameters] AnalyticsServices services, DateTimeOffset? from = null, DateTimeOffset? to = null, Guid? campaignId = null)
    {
        if (services.Range(from, to, out var range) is { } problem)
        {
            return problem;
        }

        var (workspaceId, facts, ct) = (services.Caller.WorkspaceId(), services.Facts, services.Cancellation);
        var calls = await facts.CallsAsync(workspaceId, range.From, range.To, ct, campaignId);
        var meetings = await facts.MeetingsAsync(workspaceId, range.From, range.To, ct, campaignId);
        var held = await facts.HeldMeetingsAsync(workspaceId, range.From, range.To, ct, campaignId);
        var overview = Kpis.Overview(calls, meetings, services.Clock.GetUtcNow());
        var scored = held.Where(m => m.Overall is not null).ToList();
        return TypedResults.Ok(new OverviewResponse(range.From, range.To, overview.CallsPlaced, overview.CallsCompleted,
            overview.CallsInProgress, overview.Connected, Math.Round(overview.ConnectedRate, 4), overview.Booked,
            Math.Round(overview.BookingRate, 4), Math.Round(overview.AverageDuration.TotalSeconds, 1), overview.MeetingsBooked,
            overview.MeetingsUpcoming)
        {
            CampaignId = campaignId,
            MeetingsHeld = held.Count,
            QualifiedLeads = held.Where(m => m.Status == "qualified").Select(m => m.LeadId).Distinct().Count(),
            AverageBantScore = scored.Count == 0 ? null : Math.Round(scored.Average(m => m.Overall!.Value), 1),
            OptOuts = calls.Count(c => c.Outcome == CallOutcome.OptedOut),
        });
    }

    private static async Task<Results<Ok<OutcomesResponse>, ValidationProblem>> OutcomesAsync(
        [AsParameters] AnalyticsServices services, DateTimeOffset? from = null, DateTimeOffset? to = null, Guid? campaignId = null)
    {
        if (services.Range(from, to, out var range) is { } problem)
        {
            return problem;
        }

        var calls = await services.CallsAsync(range, campaignId);
        var outcomes = Kpis.OutcomeDistribution(calls)
            .Select(o => new OutcomeItem(o.Outcome.ToWireName(), o.Count, Math.Round(o.Share, 4))).ToList();
        return TypedResults.Ok(new OutcomesResponse(range.From, range.To, outcomes.Sum(o => o.Count), outcomes));
    }

    private static async Task<Results<Ok<LanguagesResponse>, ValidationProblem>> LanguagesAsync(
        [AsParameters] AnalyticsServices services, DateTimeOffset? from = null, DateTimeOffset? to = null, Guid? campaignId = null)
    {
        if (services.Range(from, to, out var range) is { } problem)
        {
            return problem;
        }

        var calls = await services.CallsAsync(range, campaignId);
        var languages = Kpis.LanguageDistribution(calls)
            .Select(l => new LanguageItem(l.Language, l.Calls, l.Connected, l.Booked, Math.Round(l.Share, 4))).ToList();
        return TypedResults.Ok(new LanguagesResponse(range.From, range.To, calls.Count, languages));
    }

    private static async Task<Results<Ok<OverTimeResponse>, ValidationProblem>> OverTimeAsync(
        [AsParameters] AnalyticsServices services,
        DateTimeOffset? from = null,
        DateTimeOffset? to = null,
        string? bucket = null,
        string? timeZone = null,
        Guid? campaignId = null)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var size = (bucket ?? "day").Trim().ToLowerInvariant() switch
        {
            "hour" => TimeBucket.Hour,
            "day" => TimeBucket.Day,
            _ => (TimeBucket?)null,
        };
        if (size is null)
        {
            errors["bucket"] = [$"'{bucket}' is not a bucket size; use 'hour' or 'day'"];
        }

        var zoneId = string.IsNullOrWhiteSpace(timeZone) ? "UTC" : timeZone.Trim();
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(zoneId, out var zone))
        {
            errors["timeZone"] = [$"'{timeZone}' is not a time zone; use an IANA id such as 'Europe/London'"];
        }

        if (services.Range(from, to, out var range) is { } problem)
        {
            return problem;
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, detail: "Fix the query parameters listed in 'errors'.");
        }

        var calls = await services.CallsAsync(range, campaignId);
        var buckets = Kpis.CallsOverTime(calls, range.From, range.To, size!.Value, zone!)
            .Select(b => new BucketItem(b.StartUtc, b.StartLocal, b.Calls, b.Connected, b.Booked)).ToList();
        return TypedResults.Ok(new OverTimeResponse(range.From, range.To, size.Value == TimeBucket.Hour ? "hour" : "day", zone!.Id, buckets));
    }

    private static async Task<Results<Ok<BookingTimesResponse>, ValidationProblem>> BookingTimesAsync(
        [AsParameters] AnalyticsServices services, DateTimeOffset? from = null, DateTimeOffset? to = null, Guid? campaignId = null)
    {
        if (services.Range(from, to, out var range) is { } problem)
        {
            return problem;
        }

        var meetings = await services.Facts.BookedStartsAsync(services.Caller.WorkspaceId(), range.From, range.To, services.Cancellation, campaignId);
        var cells = Kpis.BookingsByWeekdayAndHour(meetings)
            .Select(c => new BookingTimeItem(c.Day.ToString().ToLowerInvariant(), c.Hour, c.Meetings)).ToList();
        return TypedResults.Ok(new BookingTimesResponse(range.From, range.To, cells.Sum(c => c.Meetings), cells));
    }

    public sealed record OverviewResponse(DateTimeOffset From, DateTimeOffset To, int CallsPlaced, int CallsCompleted, int CallsInProgress,
        int Connected, double ConnectedRate, int Booked, double BookingRate, double AverageDurationSeconds, int MeetingsBooked,
        int MeetingsUpcoming)
    {
        /// <summary>The campaign the figures are limited to (its calls and the meetings they booked), or null for all.</summary>
        public Guid? CampaignId { get; init; }

        /// <summary>Meetings completed that started in the range.</summary>
        public int MeetingsHeld { get; init; }

        /// <summary>Leads whose meeting held in the range was analysed (or confirmed by a rep) as qualified.</summary>
        public int QualifiedLeads { get; init; }

        /// <summary>Mean overall BANT score (0-100) of the meetings held in the range that have an analysis; null when none.</summary>
        public double? AverageBantScore { get; init; }

        /// <summary>Calls in the range that ended with the lead opting out.</summary>
        public int OptOuts { get; init; }
    }

    public sealed record BookingTimeItem(string Weekday, int Hour, int Meetings);

    /// <summary>Meetings booked in the range by the weekday and hour they start at in the lead's zone; only non-empty cells.</summary>
    public sealed record BookingTimesResponse(DateTimeOffset From, DateTimeOffset To, int Meetings, IReadOnlyList<BookingTimeItem> Cells);

    public sealed record OutcomeItem(string Outcome, int Count, double Share);

    public sealed record OutcomesResponse(DateTimeOffset From, DateTimeOffset To, int Completed, IReadOnlyList<OutcomeItem> Outcomes);

    public sealed record LanguageItem(string Language, int Calls, int Connected, int Booked, double Share);

    public sealed record LanguagesResponse(DateTimeOffset From, DateTimeOffset To, int Calls, IReadOnlyList<LanguageItem> Languages);

    public sealed record BucketItem(DateTimeOffset StartUtc, DateTimeOffset StartLocal, int Calls, int Connected, int Booked);

    public sealed record OverTimeResponse(DateTimeOffset From, DateTimeOffset To, string Bucket, string TimeZone, IReadOnlyList<BucketItem> Buckets);
}

/// <summary>
/// What every analytics handler takes besides its query (bound with <c>[AsParameters]</c>): the caller, whose workspace
/// the figures are for, the facts, the clock the default range ends at, and the request's cancellation.
/// </summary>
internal readonly record struct AnalyticsServices(ClaimsPrincipal Caller, AnalyticsFacts Facts, TimeProvider Clock, CancellationToken Cancellation)
{
    /// <summary>The calls placed in <paramref name="range"/> in the caller's workspace, optionally one campaign's.</summary>
    public Task<IReadOnlyList<CallFact>> CallsAsync((DateTimeOffset From, DateTimeOffset To) range, Guid? campaignId) =>
        Facts.CallsAsync(Caller.WorkspaceId(), range.From, range.To, Cancellation, campaignId);

    /// <summary>
    /// The [from, to) range asked for (default: the <see cref="AnalyticsApi.DefaultRange"/> up to now), or the validation
    /// problem naming <c>from</c> when it is empty or longer than <see cref="AnalyticsApi.LongestRange"/>.
    /// </summary>
    public ValidationProblem? Range(DateTimeOffset? from, DateTimeOffset? to, out (DateTimeOffset From, DateTimeOffset To) range)
    {
        var end = (to ?? Clock.GetUtcNow()).ToUniversalTime();
        var start = (from ?? end - AnalyticsApi.DefaultRange).ToUniversalTime();
        range = (start, end);
        if (end <= start)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["from"] = ["must be before 'to'"] },
                detail: "Fix the query parameters listed in 'errors'.");
        }

        if (end - start > AnalyticsApi.LongestRange)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["from"] = ["the range may span at most 366 days"] },
                detail: "Fix the query parameters listed in 'errors'.");
        }

        return null;
    }
}
