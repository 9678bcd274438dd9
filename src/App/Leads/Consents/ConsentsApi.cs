using System.Security.Claims;
using AiScheduler.Functions.Security;
using AiScheduler.Functions.Store;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AiScheduler.Functions.Leads.Consents;

/// <summary>A lead's consent records: <c>GET</c> and <c>POST /api/leads/{id}/consents</c>.</summary>
public static class ConsentsApi
{
    public static IEndpointRouteBuilder MapLeadConsents(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/leads/{id:guid}/consents").WithTags("Leads");
        group.MapGet("/", ListAsync).WithName("ListLeadConsents").WithSummary("The lead's consent records (source, at, text shown, proof reference), oldest first");
        group.MapPost("/", AddAsync).WithName("AddLeadConsent")
            .WithSummary("Record a consent: {source, at (ISO 8601 instant), text, proofRef}; the same source and instant again changes nothing");
        return endpoints;
    }

    private static async Task<Results<Ok<IReadOnlyList<LeadConsent>>, ProblemHttpResult>> ListAsync(ClaimsPrincipal caller, Guid id, LeadStore leads, ConsentStore consents,
        CancellationToken cancellationToken) =>
        await leads.GetAsync(caller.WorkspaceId(), id, cancellationToken) is null
            ? NoSuchLead(id)
            : TypedResults.Ok(await consents.ListAsync(caller.WorkspaceId(), id, cancellationToken));

    private static async Task<Results<Created<LeadConsent>, ValidationProblem, ProblemHttpResult>> AddAsync(ClaimsPrincipal caller, Guid id, ConsentRequest request,
        LeadStore leads, ConsentStore consents, TimeProvider clock, CancellationToken cancellationToken)
    {
        var lead = await leads.GetAsync(caller.WorkspaceId(), id, cancellationToken);
        if (lead is null)
        {
            return NoSuchLead(id);
        }

        if (lead.ErasedAt is not null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The lead has been erased",
                detail: $"Lead {id} was erased; no consent can be recorded for it.");
        }

        var (draft, errors) = ConsentValidation.Validate(request, ConsentValidation.ApiFields, clock.GetUtcNow());
        if (draft is null)
        {
            return Invalid(errors, "The consent was not recorded; fix the fields listed in 'errors'.");
        }

        var consent = await consents.AddAsync(caller.WorkspaceId(), id, draft, cancellationToken);
        return TypedResults.Created($"/api/leads/{id}/consents", consent);
    }

    internal static ValidationProblem Invalid(IReadOnlyList<FieldError> errors, string detail) =>
        TypedResults.ValidationProblem(
            errors.GroupBy(error => error.Field, StringComparer.Ordinal)
                .ToDictionary(group => group.Key, group => group.Select(error => error.Reason).ToArray(), StringComparer.Ordinal),
            detail: detail, title: "The consent is not valid");

    private static ProblemHttpResult NoSuchLead(Guid id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such lead",
            detail: $"There is no lead {id} in this workspace; list leads with GET /api/leads.");
}
