using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AiScheduler.Functions.Security;

public sealed record NewApiKeyRequest(string? Name, IReadOnlyList<string>? Scopes);

/// <summary>The workspace's API keys under <c>/api/api-keys</c> (admins and owners, signed in: keys never make keys).</summary>
public static class ApiKeysApi
{
    public static IEndpointRouteBuilder MapApiKeys(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/api-keys").WithTags("API keys").RequirePermission(Permission.Admin);
        group.MapGet("/", ListAsync).WithName("ListApiKeys").WithSummary("The workspace's keys (prefix, scopes, last use; never the key)");
        group.MapPost("/", CreateAsync).WithName("CreateApiKey").WithSummary("Create a key: the answer holds the key, shown this once");
        group.MapDelete("/{id:guid}", RevokeAsync).WithName("RevokeApiKey").WithSummary("Revoke a key: it is refused from now on");
        return endpoints;
    }

    private static async Task<Ok<IReadOnlyList<ApiKeyView>>> ListAsync(ClaimsPrincipal caller, ApiKeyStore keys, CancellationToken cancellationToken) =>
        TypedResults.Ok(await keys.ListAsync(caller.WorkspaceId(), cancellationToken));

    private static async Task<Results<Created<CreatedApiKey>, ValidationProblem>> CreateAsync(
        NewApiKeyRequest request, ClaimsPrincipal caller, ApiKeyStore keys, CancellationToken cancellationToken)
    {
        var errors = Validate(request.Name, request.Scopes);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, detail: "Fix the fields listed in 'errors'.");
        }

        var key = await keys.CreateAsync(caller.WorkspaceId(), request.Name!, request.Scopes!, caller.UserId(), cancellationToken);
        return TypedResults.Created($"/api/api-keys/{key.Id}", key);
    }

    /// <summary>The problems with a key's name and scopes (shared with the CLI).</summary>
    public static Dictionary<string, string[]> Validate(string? name, IReadOnlyList<string>? scopes)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > ApiKeyStore.MaxNameLength || name.Any(char.IsControl))
        {
            errors["name"] = [$"is required: 1 to {ApiKeyStore.MaxNameLength} characters without control characters"];
        }

        if (scopes is null || scopes.Count == 0)
        {
            errors["scopes"] = [$"name at least one of {string.Join(", ", Scopes.All)}"];
        }
        else if (scopes.FirstOrDefault(scope => !Scopes.IsKnown(scope)) is { } unknown)
        {
            errors["scopes"] = [$"'{unknown}' is not a scope; use {string.Join(", ", Scopes.All)}"];
        }

        return errors;
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(
        Guid id, ClaimsPrincipal caller, ApiKeyStore keys, CancellationToken cancellationToken) =>
        await keys.RevokeAsync(caller.WorkspaceId(), id, cancellationToken)
            ? TypedResults.NoContent()
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "API key not found", detail: $"No API key {id} in this workspace.");
}
