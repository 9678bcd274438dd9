using System.Security.Claims;
using AiScheduler.Functions.Security;
using AiScheduler.Functions.Hosting;
using AiScheduler.Functions.Leads.Consents;
using AiScheduler.Functions.Leads.Imports;
using AiScheduler.Functions.Store;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.Leads;

/// <summary>The leads endpoints under <c>/api/leads</c>.</summary>
public static class LeadsApi
{
    public const int MaxPageSize = 500;

    /// <summary>Lead validation, storage and CSV import (<c>Leads:</c> settings).</summary>
    public static IServiceCollection AddLeads(this IServiceCollection services)
    {
        services.AddOptions<LeadsOptions>().BindConfiguration(LeadsOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<LeadsOptions>, LeadsOptionsValidation>();
        services.AddSingleton<LeadValidator>();
        services.AddSingleton<LeadStore>();
        services.AddSingleton<ConsentStore>();
        services.AddSingleton<LeadCsvImporter>();
        return services;
    }

    public static IEndpointRouteBuilder MapLeads(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/leads").WithTags("Leads");
        group.MapPost("/", CreateAsync).WithName("CreateLead").WithSummary("Add one lead");
        group.MapGet("/", ListAsync).WithName("ListLeads")
            .WithSummary("List leads: page/pageSize or cursor, filters status/language/campaign, search q over name, phone and email");
        group.MapGet("/{id:guid}", GetAsync).WithName("GetLead").WithSummary("One lead (an erased lead keeps only its anonymised fields)");
        group.MapPut("/{id:guid}", UpdateAsync).WithName("UpdateLead").WithSummary("Replace a lead's editable fields");
        group.MapDelete("/{id:guid}", EraseAsync).WithName("EraseLead")
            .WithSummary("Erase a lead's personal data, keeping an anonymised row for statistics");
        group.MapPost("/upload", LeadImportsApi.UploadAsync).WithName("UploadLeads")
            .WithSummary("Import a CSV (multipart file or text/csv body) through the LeadImport orchestration: 200 with the summary when it finishes within ?wait= seconds (default 30), else 202 with Location /api/imports/{id}")
            .DisableAntiforgery()
            .Accepts<IFormFile>("multipart/form-data", "text/csv", "text/plain", "application/octet-stream");
        endpoints.MapLeadConsents();
        return endpoints;
    }

    private static async Task<Results<Created<Lead>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        ClaimsPrincipal caller, LeadRequest request, LeadValidator validator, LeadStore leads, ConsentStore consents, TimeProvider clock, CancellationToken cancellationToken)
    {
        var (draft, errors) = validator.Validate(ToInput(request));
        var (consent, consentErrors) = ValidateConsent(request, clock);
        if (draft is null || consentErrors.Count > 0)
        {
            return Invalid([.. errors, .. consentErrors]);
        }

        try
        {
            var lead = await leads.InsertAsync(caller.WorkspaceId(), draft, cancellationToken);
            if (consent is not null)
            {
                await consents.AddAsync(caller.WorkspaceId(), lead.Id, consent, cancellationToken);
            }

            return TypedResults.Created($"/api/leads/{lead.Id}", lead);
        }
        catch (LeadPhoneTakenException ex)
        {
            return PhoneTaken(ex);
        }
    }

    private static async Task<Results<Ok<Lead>, ProblemHttpResult>> GetAsync(ClaimsPrincipal caller, Guid id, LeadStore leads, CancellationToken cancellationToken)
    {
        var lead = await leads.GetAsync(caller.WorkspaceId(), id, cancellationToken);
        return lead is null ? NotFound(id) : TypedResults.Ok(lead);
    }

    private static async Task<Results<Ok<LeadPage>, ValidationProblem>> ListAsync(
        ClaimsPrincipal caller, LeadStore leads,
        CancellationToken cancellationToken,
        string? status = null,
        string? language = null,
        Guid? campaign = null,
        string? q = null,
        int? page = null,
        int? pageSize = null,
        Guid? cursor = null,
        bool includeErased = false)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (status is not null && !LeadStatus.IsKnown(status))
        {
            errors["status"] = [$"'{status}' is not a lead status; use one of {string.Join(", ", LeadStatus.All)}"];
        }

        var paging = PageRequest.Read(page, pageSize, MaxPageSize, errors);

        if (cursor is not null && page is not null)
        {
            errors["cursor"] = ["use either page or cursor, not both"];
        }

        if (q is { Length: > 200 })
        {
            errors["q"] = ["is longer than 200 characters"];
        }

        if (paging is null || errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, detail: "Fix the query parameters listed in 'errors'.");
        }

        var query = new LeadQuery(status, string.IsNullOrWhiteSpace(language) ? null : language.Trim(), campaign, q,
            paging.Page, paging.PageSize, cursor, includeErased);
        return TypedResults.Ok(await leads.ListAsync(caller.WorkspaceId(), query, cancellationToken));
    }

    private static async Task<Results<Ok<Lead>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        ClaimsPrincipal caller, Guid id, LeadRequest request, LeadValidator validator, LeadStore leads, ConsentStore consents, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var (draft, errors) = validator.Validate(ToInput(request));
        var (consent, consentErrors) = ValidateConsent(request, clock);
        if (draft is null || consentErrors.Count > 0)
        {
            return Invalid([.. errors, .. consentErrors]);
        }

        try
        {
            var lead = await leads.UpdateAsync(caller.WorkspaceId(), id, draft, cancellationToken);
            if (lead is not null)
            {
                if (consent is not null)
                {
                    await consents.AddAsync(caller.WorkspaceId(), lead.Id, consent, cancellationToken);
                }

                return TypedResults.Ok(lead);
            }
        }
        catch (LeadPhoneTakenException ex)
        {
            return PhoneTaken(ex);
        }

        var existing = await leads.GetAsync(caller.WorkspaceId(), id, cancellationToken);
        return existing is null
            ? NotFound(id)
            : TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The lead has been erased",
                detail: $"Lead {id} was erased on {existing.ErasedAt:O}; its personal data cannot be restored. Create a new lead instead.");
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> EraseAsync(ClaimsPrincipal caller, Guid id, LeadStore leads, CancellationToken cancellationToken) =>
        await leads.EraseAsync(caller.WorkspaceId(), id, cancellationToken) switch
        {
            LeadEraseOutcome.NotFound => NotFound(id),
            _ => TypedResults.NoContent(),
        };

    private static (ConsentDraft? Consent, IReadOnlyList<FieldError> Errors) ValidateConsent(LeadRequest request, TimeProvider clock) =>
        request.Consent is { } consent ? ConsentValidation.Validate(consent, ConsentValidation.LeadFields, clock.GetUtcNow()) : (null, []);

    private static LeadInput ToInput(LeadRequest request) => new(request.Name, request.Phone, request.Email, request.Company,
        request.Language, request.TimeZone, request.Notes, request.CustomFields, request.Status, request.CampaignId);

    private static ValidationProblem Invalid(IReadOnlyList<FieldError> errors) =>
        TypedResults.ValidationProblem(
            errors.GroupBy(error => error.Field, StringComparer.Ordinal)
                .ToDictionary(group => group.Key, group => group.Select(error => error.Reason).ToArray(), StringComparer.Ordinal),
            detail: "The lead was not saved; fix the fields listed in 'errors'.",
            title: "The lead is not valid");

    private static ProblemHttpResult NotFound(Guid id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such lead",
            detail: $"There is no lead {id} in this workspace; list leads with GET /api/leads.");

    private static ProblemHttpResult PhoneTaken(LeadPhoneTakenException ex) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The phone number belongs to another lead",
            detail: $"Lead {ex.ExistingLeadId} already has this phone number; update that lead (PUT /api/leads/{ex.ExistingLeadId}) instead.",
            extensions: new Dictionary<string, object?>(StringComparer.Ordinal) { ["existingLeadId"] = ex.ExistingLeadId });
}
