using System.Security.Claims;
using AiScheduler.Functions.Security;
using AiScheduler.Domain.Analytics;
using AiScheduler.Domain.Conversation;
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
            .WithSummary("Calls placed, connected rate, booking rate, average duration, meetings booked and upcoming");
        group.MapGet("/call-outcomes", OutcomesAsync).WithName("AnalyticsCallOutcomes")
            .WithSummary("Completed calls per outcome, every outcome listed");
        group.MapGet("/language-distribution", LanguagesAsync).WithName("AnalyticsLanguageDistribution")
            .WithSummary("Calls per language the call ended in, most first");
        group.MapGet("/calls-over-time", OverTimeAsync).WithName("AnalyticsCallsOverTime")
            .WithSummary("Calls per hour or day of a time zone's wall clock, empty buckets included");
        return endpoints;
    }

    private static async Task<Results<Ok<OverviewResponse>, ValidationProblem>> OverviewAsync(
        ClaimsPrincipal caller, AnalyticsFacts facts, TimeProvider clock, CancellationToken cancellationToken, DateTimeOffset? from = null, DateTimeOffset? to = null)
    {
        if (Range(clock, from, to, out var range) is { } problem)
        {
            return problem;
        }

        var calls = await facts.CallsAsync(caller.WorkspaceId(), range.From, range.To, cancellationToken);
        var meetings = await facts.MeetingsAsync(caller.WorkspaceId(), range.From, range.To, cancellationToken);
        var overview = Kpis.Overview(calls, meetings, clock.GetUtcNow());
        return TypedResults.Ok(new OverviewResponse(range.From, range.To, overview.CallsPlaced, overview.CallsCompleted,
            overview.CallsInProgress, overview.Connected, Math.Round(overview.ConnectedRate, 4), overview.Booked,
            Math.Round(overview.BookingRate, 4), Math.Round(overview.AverageDuration.TotalSeconds, 1), overview.MeetingsBooked,
            overview.MeetingsUpcoming));
    }

    private static async Task<Results<Ok<OutcomesResponse>, ValidationProblem>> OutcomesAsync(
        ClaimsPrincipal caller, AnalyticsFacts facts, TimeProvider clock, CancellationToken cancellationToken, DateTimeOffset? from = null, DateTimeOffset? to = null)
    {
        if (Range(clock, from, to, out var range) is { } problem)
        {
            return problem;
        }

        var calls = await facts.CallsAsync(caller.WorkspaceId(), range.From, range.To, cancellationToken);
        var outcomes = Kpis.OutcomeDistribution(calls)
            .Select(o => new OutcomeItem(o.Outcome.ToWireName(), o.Count, Math.Round(o.Share, 4))).ToList();
        return TypedResults.Ok(new OutcomesResponse(range.From, range.To, outcomes.Sum(o => o.Count), outcomes));
    }

    private static async Task<Results<Ok<LanguagesResponse>, ValidationProblem>> LanguagesAsync(
        ClaimsPrincipal caller, AnalyticsFacts facts, TimeProvider clock, CancellationToken cancellationToken, DateTimeOffset? from = null, DateTimeOffset? to = null)
    {
        if (Range(clock, from, to, out var range) is { } problem)
        {
            return problem;
        }

        var calls = await facts.CallsAsync(caller.WorkspaceId(), range.From, range.To, cancellationToken);
        var languages = Kpis.LanguageDistribution(calls)
            .Select(l => new LanguageItem(l.Language, l.Calls, l.Connected, l.Booked, Math.Round(l.Share, 4))).ToList();
        return TypedResults.Ok(new LanguagesResponse(range.From, range.To, calls.Count, languages));
    }

    private static async Task<Results<Ok<OverTimeResponse>, ValidationProblem>> OverTimeAsync(
        ClaimsPrincipal caller, AnalyticsFacts facts,
        TimeProvider clock,
        CancellationToken cancellationToken,
        DateTimeOffset? from = null,
        DateTimeOffset? to = null,
        string? bucket = null,
        string? timeZone = null)
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

        if (Range(clock, from, to, out var range) is { } problem)
        {
            return problem;
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, detail: "Fix the query parameters listed in 'errors'.");
        }

        var calls = await facts.CallsAsync(caller.WorkspaceId(), range.From, range.To, cancellationToken);
        var buckets = Kpis.CallsOverTime(calls, range.From, range.To, size!.Value, zone!)
            .Select(b => new BucketItem(b.StartUtc, b.StartLocal, b.Calls, b.Connected, b.Booked)).ToList();
        return TypedResults.Ok(new OverTimeResponse(range.From, range.To, size.Value == TimeBucket.Hour ? "hour" : "day", zone!.Id, buckets));
    }

    private static ValidationProblem? Range(TimeProvider clock, DateTimeOffset? from, DateTimeOffset? to, out (DateTimeOffset From, DateTimeOffset To) range)
    {
        var end = (to ?? clock.GetUtcNow()).ToUniversalTime();
        var start = (from ?? end - DefaultRange).ToUniversalTime();
        range = (start, end);
        if (end <= start)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["from"] = ["must be before 'to'"] },
                detail: "Fix the query parameters listed in 'errors'.");
        }

        if (end - start > LongestRange)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["from"] = ["the range may span at most 366 days"] },
                detail: "Fix the query parameters listed in 'errors'.");
        }

        return null;
    }

    public sealed record OverviewResponse(DateTimeOffset From, DateTimeOffset To, int CallsPlaced, int CallsCompleted, int CallsInProgress,
        int Connected, double ConnectedRate, int Booked, double BookingRate, double AverageDurationSeconds, int MeetingsBooked,
        int MeetingsUpcoming);

    public sealed record OutcomeItem(string Outcome, int Count, double Share);

    public sealed record OutcomesResponse(DateTimeOffset From, DateTimeOffset To, int Completed, IReadOnlyList<OutcomeItem> Outcomes);

    public sealed record LanguageItem(string Language, int Calls, int Connected, int Booked, double Share);

    public sealed record LanguagesResponse(DateTimeOffset From, DateTimeOffset To, int Calls, IReadOnlyList<LanguageItem> Languages);

    public sealed record BucketItem(DateTimeOffset StartUtc, DateTimeOffset StartLocal, int Calls, int Connected, int Booked);

    public sealed record OverTimeResponse(DateTimeOffset From, DateTimeOffset To, string Bucket, string TimeZone, IReadOnlyList<BucketItem> Buckets);
}
