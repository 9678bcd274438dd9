using System.Security.Claims;
using AiScheduler.Functions.Security;
using AiScheduler.Domain.Phones;
using AiScheduler.Functions.Store;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AiScheduler.Functions.DoNotCall;

/// <summary>The body of <c>POST /api/dnc</c>.</summary>
public sealed record DoNotCallRequest(string? Phone, string? Reason, string? Region);

/// <summary>A page of the list.</summary>
public sealed record DoNotCallPage(IReadOnlyList<DoNotCallEntry> Items, long Total, int Limit, int Offset);

public static class DoNotCallApi
{
    public const int MaxLimit = 500;

    public static IServiceCollection AddDoNotCall(this IServiceCollection services)
    {
        services.AddSingleton<DoNotCallList>();
        return services;
    }

    public static IEndpointRouteBuilder MapDoNotCall(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/dnc").WithTags("Do not call");
        group.MapGet("/", ListAsync).WithName("ListDoNotCall").WithSummary("The do-not-call list, oldest first (limit, offset).");
        group.MapPost("/", AddAsync).WithName("AddDoNotCall").WithSummary("Adds a number (any common format; stored as E.164).");
        group.MapDelete("/{phone}", RemoveAsync).WithName("RemoveDoNotCall").WithSummary("Removes a number (URL-encode the '+').");
        return endpoints;
    }

    private static async Task<Results<Ok<DoNotCallPage>, ProblemHttpResult>> ListAsync(ClaimsPrincipal caller, DoNotCallList list, CancellationToken ct,
        int limit = 100, int offset = 0)
    {
        if (limit is < 1 or > MaxLimit || offset < 0)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid paging",
                detail: $"limit must be 1 to {MaxLimit} and offset 0 or more; got limit={limit}, offset={offset}.");
        }

        var items = await list.ListAsync(caller.WorkspaceId(), limit, offset, ct);
        return TypedResults.Ok(new DoNotCallPage(items, await list.CountAsync(caller.WorkspaceId(), ct), limit, offset));
    }

    private static async Task<Results<Created<DoNotCallEntry>, Ok<DoNotCallEntry>, ProblemHttpResult>> AddAsync(
        ClaimsPrincipal caller, DoNotCallRequest request, DoNotCallList list, TimeProvider clock, CancellationToken ct)
    {
        if (!PhoneNumber.TryParse(request.Phone, request.Region, out var phone, out var error))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Not a phone number",
                detail: $"'phone' is not usable: {error} Give it in international form such as +14155550123, or pass 'region' (e.g. \"US\").");
        }

        var reason = string.IsNullOrWhiteSpace(request.Reason) ? "added by hand" : request.Reason.Trim();
        if (reason.Length > 500)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Reason too long",
                detail: "'reason' is at most 500 characters.");
        }

        var added = await list.AddAsync(caller.WorkspaceId(), phone, reason, DoNotCallSource.Api, ct);
        var entry = new DoNotCallEntry(phone.E164, reason, DoNotCallSource.Api, clock.GetUtcNow());
        return added
            ? TypedResults.Created($"/api/dnc/{Uri.EscapeDataString(phone.E164)}", entry)
            : TypedResults.Ok(entry);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RemoveAsync(ClaimsPrincipal caller, string phone, DoNotCallList list, CancellationToken ct)
    {
        if (!PhoneNumber.TryParse(phone, null, out var number, out var error))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Not a phone number",
                detail: $"'{phone}' is not usable: {error} Use the E.164 form shown by GET /api/dnc, with '+' encoded as %2B.");
        }

        return await list.RemoveAsync(caller.WorkspaceId(), number, ct)
            ? TypedResults.NoContent()
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not on the list",
                detail: $"{number.E164} is not on the do-not-call list; GET /api/dnc lists the numbers that are.");
    }
}
