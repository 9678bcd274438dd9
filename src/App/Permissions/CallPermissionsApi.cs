using System.Security.Claims;
using AiScheduler.Functions.Security;
using System.Globalization;
using System.Text;
using AiScheduler.Functions.Calls.Attempts;
using AiScheduler.Functions.Campaigns;
using AiScheduler.Functions.DoNotCall;
using AiScheduler.Functions.Leads;
using AiScheduler.Functions.Store;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AiScheduler.Functions.Permissions;

/// <summary>What <c>GET /api/leads/{id}/call-permission</c> answers.</summary>
public sealed record CallPermissionView(bool Allowed, string Rule, string Reason, DateTimeOffset? NextAllowedAt, DateTimeOffset At,
    string Jurisdiction, string RuleVersions, Guid? CampaignId);

/// <summary>Per lead: may it be called at an instant, and every dial decision made for it.</summary>
public static class CallPermissionsApi
{
    public static IServiceCollection AddCallPermissions(this IServiceCollection services)
    {
        services.AddOptions<CallingRulesOptions>().BindConfiguration(CallingRulesOptions.Section).ValidateOnStart();
        services.TryAddSingleton<DoNotCallList>();
        services.TryAddSingleton<CallAttemptStore>();
        services.TryAddSingleton<CampaignStore>();
        services.TryAddSingleton<CallDecisionLog>();
        services.TryAddSingleton<LeadCallPermissions>();
        return services;
    }

    public static IEndpointRouteBuilder MapCallPermissions(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/leads/{id:guid}").WithTags("Leads");
        group.MapGet("/call-permission", PermissionAsync).WithName("GetLeadCallPermission")
            .WithSummary("May the lead be called at ?at= (ISO 8601 instant, default now), optionally within ?campaignId=: {allowed, rule, reason, nextAllowedAt}, from the decision the dialer uses");
        group.MapGet("/call-decisions", DecisionsAsync).WithName("ListLeadCallDecisions")
            .WithSummary("The audit trail of every dial decision for the lead (allowed or refused, rule, reason, instant, campaign, attempt); ?format=csv exports it");
        return endpoints;
    }

    private static async Task<Results<Ok<CallPermissionView>, ValidationProblem, ProblemHttpResult>> PermissionAsync(ClaimsPrincipal caller, Guid id,
        LeadCallPermissions permissions, CampaignStore campaigns, TimeProvider clock, CancellationToken cancellationToken, string? at = null,
        Guid? campaignId = null)
    {
        var instant = clock.GetUtcNow();
        if (at is not null && !TryParseInstant(at, out instant))
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]>(StringComparer.Ordinal)
                {
                    ["at"] = [$"'{(at.Length > 40 ? at[..40] + "…" : at)}' is not an ISO 8601 instant with an offset; write it like 2026-03-02T09:00:00Z or 2026-03-02T10:00:00+01:00"],
                },
                detail: "Fix the query parameters listed in 'errors'.", title: "The instant is not valid");
        }

        Campaign? campaign = null;
        if (campaignId is { } cid && (campaign = await campaigns.GetAsync(caller.WorkspaceId(), cid, cancellationToken)) is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such campaign",
                detail: $"There is no campaign {cid} in this workspace; list campaigns with GET /api/campaigns.");
        }

        var decision = await permissions.DecideAsync(caller.WorkspaceId(), id, instant, campaign?.Settings, cancellationToken);
        return decision is null
            ? NoSuchLead(id)
            : TypedResults.Ok(new CallPermissionView(decision.Allowed, decision.Rule, decision.Reason, decision.NextAllowedAt?.ToUniversalTime(),
                instant.ToUniversalTime(), decision.Jurisdiction, decision.RuleVersions, campaign?.Id));
    }

    private static async Task<Results<Ok<IReadOnlyList<CallDecision>>, ContentHttpResult, ValidationProblem, ProblemHttpResult>> DecisionsAsync(
        ClaimsPrincipal caller, Guid id, LeadStore leads, CallDecisionLog log, CancellationToken cancellationToken, string? format = null)
    {
        if (format is not null && !format.Equals("json", StringComparison.OrdinalIgnoreCase) && !format.Equals("csv", StringComparison.OrdinalIgnoreCase))
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]>(StringComparer.Ordinal) { ["format"] = [$"'{format}' is not an export format; use json or csv"] },
                detail: "Fix the query parameters listed in 'errors'.");
        }

        if (await leads.GetAsync(caller.WorkspaceId(), id, cancellationToken) is null)
        {
            return NoSuchLead(id);
        }

        var decisions = await log.ListAsync(caller.WorkspaceId(), id, cancellationToken);
        return string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase)
            ? TypedResults.Text(ToCsv(decisions), "text/csv; charset=utf-8", Encoding.UTF8)
            : TypedResults.Ok(decisions);
    }

    /// <summary>The decisions as CSV; a cell a spreadsheet would run as a formula is neutralised with a leading apostrophe.</summary>
    public static string ToCsv(IEnumerable<CallDecision> decisions)
    {
        ArgumentNullException.ThrowIfNull(decisions);
        var csv = new StringBuilder("decided_at,allowed,rule,reason,next_allowed_at,campaign_id,attempt,stage,jurisdiction,rule_versions\r\n");
        foreach (var d in decisions)
        {
            string?[] cells =
            [
                Instant(d.DecidedAt), d.Allowed ? "true" : "false", d.Rule, d.Reason, d.NextAllowedAt is { } next ? Instant(next) : "",
                d.CampaignId?.ToString("D"), d.Attempt?.ToString(CultureInfo.InvariantCulture), d.Stage, d.Jurisdiction, d.RuleVersions,
            ];
            csv.AppendJoin(',', cells.Select(Cell)).Append("\r\n");
        }

        return csv.ToString();
    }

    /// <summary>One CSV cell: formula-looking text gets a leading apostrophe; quoted when it holds a separator, quote or line break.</summary>
    public static string Cell(string? value)
    {
        var text = value ?? "";
        if (text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            text = "'" + text;
        }

        return text.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
    }

    private static string Instant(DateTimeOffset instant) => instant.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static bool TryParseInstant(string text, out DateTimeOffset instant)
    {
        instant = default;
        var trimmed = text.Trim();
        var hasOffset = trimmed.EndsWith('Z') || trimmed.EndsWith('z') || (trimmed.Length > 6 && trimmed[^6] is '+' or '-' && trimmed[^3] == ':');
        return trimmed.Contains('T', StringComparison.Ordinal) && hasOffset
            && DateTimeOffset.TryParse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.None, out instant);
    }

    private static ProblemHttpResult NoSuchLead(Guid id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such lead",
            detail: $"There is no lead {id} in this workspace; list leads with GET /api/leads.");
}
