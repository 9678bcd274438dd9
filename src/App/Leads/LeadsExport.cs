using System.Security.Claims;
using AiScheduler.Functions.Security;
using System.Globalization;
using System.Text;
using AiScheduler.Domain.Exports;
using AiScheduler.Functions.Store;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AiScheduler.Functions.Leads;

/// <summary>
/// <c>GET /api/leads/export</c>: the leads the list endpoint's filters select, as CSV written while the rows are read
/// (no page limit, nothing held whole in memory), every cell through <see cref="CsvCell"/>.
/// </summary>
internal static class LeadsExport
{
    private static readonly string[] Header =
    [
        "id", "name", "phone", "email", "company", "region", "language", "timeZone", "status", "campaignId", "score", "notes",
        "createdAt", "updatedAt", "erasedAt",
    ];

    public static Results<PushStreamHttpResult, ValidationProblem> Export(
        ClaimsPrincipal caller,
        HttpContext context,
        LeadStore leads,
        TimeProvider clock,
        string? status = null,
        string? language = null,
        Guid? campaign = null,
        string? q = null,
        bool includeErased = false)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (status is not null && !LeadStatus.IsKnown(status))
        {
            errors["status"] = [$"'{status}' is not a lead status; use one of {string.Join(", ", LeadStatus.All)}"];
        }

        if (q is { Length: > 200 })
        {
            errors["q"] = ["is longer than 200 characters"];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, detail: "Fix the query parameters listed in 'errors'.");
        }

        var query = new LeadQuery(status, string.IsNullOrWhiteSpace(language) ? null : language.Trim(), campaign, q,
            IncludeErased: includeErased);
        var fileName = string.Create(CultureInfo.InvariantCulture, $"leads-{clock.GetUtcNow():yyyyMMdd-HHmmss}.csv");
        return TypedResults.Stream(async body =>
        {
            var cancellationToken = context.RequestAborted;
            await using var writer = new StreamWriter(body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 16 * 1024, leaveOpen: true);
            await writer.WriteAsync(CsvCell.Row(Header));
            await foreach (var lead in leads.StreamAsync(caller.WorkspaceId(), query, cancellationToken))
            {
                await writer.WriteAsync(CsvCell.Row(
                    lead.Id.ToString("D"), lead.Name, lead.Phone, lead.Email, lead.Company, lead.Region, lead.Language, lead.TimeZone,
                    lead.Status, lead.CampaignId?.ToString("D"), lead.Score?.ToString(CultureInfo.InvariantCulture), lead.Notes,
                    Timestamp(lead.CreatedAt), Timestamp(lead.UpdatedAt), lead.ErasedAt is { } erased ? Timestamp(erased) : null));
            }
        }, "text/csv; charset=utf-8", fileName);
    }

    private static string Timestamp(DateTimeOffset value) => value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
