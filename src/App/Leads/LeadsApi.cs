using System.Security.Claims;
using AiScheduler.Functions.Security;
using AiScheduler.Functions.Campaigns;
using AiScheduler.Functions.Hosting;
using AiScheduler.Functions.Leads.Consents;
using AiScheduler.Functions.Leads.Erasure;
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
        services.AddLeadErasure();
        return services;
    }

    public static IEndpointRouteBuilder MapLeads(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/leads").WithTags("Leads");
        group.MapPost("/", CreateAsync).WithName("CreateLead").WithSummary("Add one lead");
        group.MapGet("/", ListAsync).WithName("ListLeads")
            .WithSummary("List leads: page/pageSize or cursor, filters status/language/campaign, search q over name, phone and email");
        group.MapGet("/export", LeadsExport.Export).WithName("ExportLeads")
            .WithSummary("Leads as CSV (streamed), with the list's filters status/language/campaign/q/includeErased; cells that could run as spreadsheet formulas start with a single quote")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv");
        group.MapGet("/{id:guid}", GetAsync).WithName("GetLead").WithSummary("One lead (an erased lead keeps only its anonymised fields)");
        group.MapPut("/{id:guid}", UpdateAsync).WithName("UpdateLead").WithSummary("Replace a lead's editable fields");
        group.MapDelete("/{id:guid}", EraseAsync).WithName("EraseLead")
            .WithSummary("Erase a lead's personal data everywhere it is kept (calls, transcripts, recordings, meetings, emails, uploads, do-not-call list, durable history), keeping an anonymised row for statistics; asking again finishes an interrupted erasure");
        group.MapPost("/upload", LeadImportsApi.UploadAsync).WithName("UploadLeads")
            .WithSummary("Import a CSV (multipart file or text/csv body) through the LeadImport orchestration: 200 with the summary when it finishes within ?wait= seconds (default 30), else 202 with Location /api/imports/{id}")
            .DisableAntiforgery()
            .Accepts<IFormFile>("multipart/form-data", "text/csv", "text/plain", "application/octet-stream");
        endpoints.MapLeadConsents();
        return endpoints;
    }

    private static async Task<Results<Created<Lead>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        ClaimsPrincipal caller, LeadRequest request, [AsParameters] LeadWriteServices services, CancellationToken cancellationToken)
    {
        var (draft, consent, errors) = await ValidateAsync(caller.WorkspaceId(), request, null, services, cancellationToken);
        if (draft is null)
        {
            return Invalid(errors);
        }

        try
        {
            var lead = await services.Leads.InsertAsync(caller.WorkspaceId(), draft, cancellationToken);
            if (consent is not null)
            {
                await services.Consents.AddAsync(caller.WorkspaceId(), lead.Id, consent, cancellationToken);
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
        ClaimsPrincipal caller, Guid id, LeadRequest request, [AsParameters] LeadWriteServices services, CancellationToken cancellationToken)
    {
        var leads = services.Leads;
        var current = await leads.GetAsync(caller.WorkspaceId(), id, cancellationToken);
        // A status left out, or sent back as it is, keeps what the system set (a client echoing a read lead stays valid).
        if (current is not null && (string.IsNullOrWhiteSpace(request.Status) || string.Equals(request.Status.Trim(), current.Status, StringComparison.Ordinal)))
        {
            request = request with { Status = current.Status };
        }

        var (draft, consent, errors) = await ValidateAsync(caller.WorkspaceId(), request, current, services, cancellationToken);
        if (draft is null)
        {
            return Invalid(errors);
        }

        try
        {
            var lead = await leads.UpdateAsync(caller.WorkspaceId(), id, draft, cancellationToken);
            if (lead is not null)
            {
                if (consent is not null)
                {
                    await services.Consents.AddAsync(caller.WorkspaceId(), lead.Id, consent, cancellationToken);
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

    private static async Task<Results<NoContent, ProblemHttpResult>> EraseAsync(ClaimsPrincipal caller, Guid id, LeadErasure erasure, CancellationToken cancellationToken) =>
        await erasure.EraseAsync(caller.WorkspaceId(), id, cancellationToken) switch
        {
            LeadEraseOutcome.NotFound => NotFound(id),
            _ => TypedResults.NoContent(),
        };

    /// <summary>
    /// The request checked as a whole: the lead's fields, its consent, its status and campaign. The draft is null
    /// unless every check passed; the errors name every field that failed.
    /// </summary>
    private static async Task<(LeadDraft? Draft, ConsentDraft? Consent, IReadOnlyList<FieldError> Errors)> ValidateAsync(Guid workspaceId,
        LeadRequest request, Lead? current, LeadWriteServices services, CancellationToken cancellationToken)
    {
        var (draft, errors) = services.Validator.Validate(ToInput(request));
        var (consent, consentErrors) = ValidateConsent(request, services.Clock);
        var referenceErrors = await ValidateStatusAndCampaignAsync(workspaceId, request, current, services.Campaigns, cancellationToken);
        return consentErrors.Count > 0 || referenceErrors.Count > 0
            ? (null, null, [.. errors, .. consentErrors, .. referenceErrors])
            : (draft, consent, errors);
    }

    /// <summary>
    /// What the lead validator cannot know alone: a status must be one a client may set (or the lead's current one, kept),
    /// and a campaign id must name a campaign of the workspace.
    /// </summary>
    private static async Task<IReadOnlyList<FieldError>> ValidateStatusAndCampaignAsync(Guid workspaceId, LeadRequest request, Lead? current,
        CampaignStore campaigns, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        var status = request.Status?.Trim();
        if (!string.IsNullOrEmpty(status) && LeadStatus.IsKnown(status) && !LeadStatus.IsClientSettable(status) &&
            !string.Equals(status, current?.Status, StringComparison.Ordinal))
        {
            errors.Add(new FieldError("status",
                $"'{status}' is set by the system (calls, the do-not-call list, meeting analysis); a client may set {string.Join(", ", LeadStatus.ClientSettable)}"));
        }

        if (request.CampaignId is { } campaignId && await campaigns.GetAsync(workspaceId, campaignId, cancellationToken) is null)
        {
            errors.Add(new FieldError("campaignId", $"there is no campaign {campaignId} in this workspace; list campaigns with GET /api/campaigns"));
        }

        return errors;
    }

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

/// <summary>The services the lead create and update handlers use, bound from the container with <c>[AsParameters]</c>.</summary>
internal readonly record struct LeadWriteServices(
    LeadValidator Validator,
    LeadStore Leads,
    ConsentStore Consents,
    CampaignStore Campaigns,
    TimeProvider Clock);
