using System.Security.Claims;
using AiScheduler.Functions.Security;
using AiScheduler.Functions.Hosting;
using AiScheduler.Functions.Providers.Email;
using AiScheduler.Functions.Store;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.Emails;

/// <summary>Email sending (<c>Email:</c> settings) and the tracking endpoints under <c>/api/emails</c>.</summary>
public static class EmailsApi
{
    public const int MaxPageSize = 500;

    /// <summary>The configured email provider (behind the <see cref="IEmailSender"/> port), the <c>emails</c> table and the dispatcher.</summary>
    public static IServiceCollection AddEmail(this IServiceCollection services)
    {
        services.AddEmailProviders();
        services.AddOptions<EmailDispatchOptions>().BindConfiguration(EmailOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<EmailDispatchOptions>, EmailDispatchOptionsValidation>();
        services.AddSingleton<EmailStore>();
        services.AddSingleton<EmailDispatcher>();
        return services;
    }

    public static IEndpointRouteBuilder MapEmails(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/emails").WithTags("Emails");
        group.MapGet("/", ListAsync).WithName("ListEmails")
            .WithSummary("Tracked emails, newest first: filters status (queued|sent|failed), kind (invite|reminder|cancel|summary|no-show|reschedule-request), leadId, meetingId");
        group.MapGet("/{id:guid}", GetAsync).WithName("GetEmail").WithSummary("One tracked email");
        return endpoints;
    }

    private static async Task<Results<Ok<EmailPage>, ValidationProblem>> ListAsync(
        ClaimsPrincipal caller, EmailStore emails,
        CancellationToken cancellationToken,
        string? status = null,
        string? kind = null,
        Guid? leadId = null,
        Guid? meetingId = null,
        int? page = null,
        int? pageSize = null)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (status is not null && !EmailStatus.IsKnown(status))
        {
            errors["status"] = [$"'{status}' is not an email status; use one of {string.Join(", ", EmailStatus.All)}"];
        }

        if (kind is not null && !EmailKind.IsKnown(kind))
        {
            errors["kind"] = [$"'{kind}' is not an email kind; use one of {string.Join(", ", EmailKind.All)}"];
        }

        var paging = PageRequest.Read(page, pageSize, MaxPageSize, errors);

        if (paging is null || errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, detail: "Fix the query parameters listed in 'errors'.");
        }

        var query = new EmailQuery(status, kind, leadId, meetingId, paging.Page, paging.PageSize);
        return TypedResults.Ok(await emails.ListAsync(caller.WorkspaceId(), query, cancellationToken));
    }

    private static async Task<Results<Ok<EmailRecord>, ProblemHttpResult>> GetAsync(ClaimsPrincipal caller, Guid id, EmailStore emails, CancellationToken cancellationToken)
    {
        var email = await emails.GetAsync(caller.WorkspaceId(), id, cancellationToken);
        return email is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Email not found",
                detail: $"There is no email {id} in this workspace; list them with GET /api/emails.")
            : TypedResults.Ok(email);
    }
}
