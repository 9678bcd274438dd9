using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AiScheduler.Functions.Security;

public sealed record NewUserRequest(string? Email, string? Name, string? Role, string? Password);

public sealed record UserChangeRequest(string? Role, bool? Disabled);

/// <summary>The workspace's members under <c>/api/users</c> (admins and owners; only owners make or change owners).</summary>
public static class UsersApi
{
    public static IEndpointRouteBuilder MapUsers(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/users").WithTags("Users").RequirePermission(Permission.Admin);
        group.MapGet("/", ListAsync).WithName("ListUsers").WithSummary("The workspace's members and their roles");
        group.MapPost("/", CreateAsync).WithName("CreateUser")
            .WithSummary("Add a member (a new account gets the password; an existing account keeps theirs)");
        group.MapPatch("/{id:guid}", ChangeAsync).WithName("ChangeUser").WithSummary("Change a member's role, or disable the account");
        group.MapDelete("/{id:guid}", RemoveAsync).WithName("RemoveUser").WithSummary("Remove a member from the workspace");
        return endpoints;
    }

    private static async Task<Ok<IReadOnlyList<WorkspaceMember>>> ListAsync(ClaimsPrincipal caller, UserStore users, CancellationToken cancellationToken) =>
        TypedResults.Ok(await users.MembersAsync(caller.WorkspaceId(), cancellationToken));

    private static async Task<Results<Created<WorkspaceMember>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        NewUserRequest request, ClaimsPrincipal caller, UserStore users, Passwords passwords, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var email = request.Email?.Trim();
        if (email is null || email.Length is < 3 or > 320 || !email.Contains('@', StringComparison.Ordinal) || email.Any(char.IsControl))
        {
            errors["email"] = ["is required and must be an email address"];
        }

        var name = string.IsNullOrWhiteSpace(request.Name) ? email : request.Name.Trim();
        if (name is { Length: > 200 } || (name?.Any(char.IsControl) ?? false))
        {
            errors["name"] = ["must be at most 200 characters without control characters"];
        }

        if (!Roles.IsKnown(request.Role))
        {
            errors["role"] = [$"must be one of {string.Join(", ", Roles.All)}"];
        }
        else if (request.Role == Roles.Owner && !caller.Has(Permission.Owner))
        {
            errors["role"] = ["only an owner can add an owner"];
        }

        var existing = email is null ? null : await users.FindByEmailAsync(email, cancellationToken);
        if (existing is null && Passwords.Problem(request.Password) is { } passwordProblem)
        {
            errors["password"] = [passwordProblem];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, detail: "Fix the fields listed in 'errors'.");
        }

        try
        {
            var workspaceId = caller.WorkspaceId();
            var user = await users.AddMemberAsync(workspaceId, email!, name!, request.Role!,
                existing is null ? passwords.Hash(request.Password!) : null, cancellationToken);
            var member = await users.MemberAsync(workspaceId, user.Id, cancellationToken);
            return TypedResults.Created($"/api/users/{user.Id}", member!);
        }
        catch (AlreadyMemberException ex)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Already a member", detail: ex.Message);
        }
    }

    private static async Task<Results<Ok<WorkspaceMember>, ValidationProblem, ProblemHttpResult>> ChangeAsync(
        Guid id, UserChangeRequest request, ClaimsPrincipal caller, UserStore users, CancellationToken cancellationToken)
    {
        var workspaceId = caller.WorkspaceId();
        if (await users.MemberAsync(workspaceId, id, cancellationToken) is not { } member)
        {
            return NotFound(id);
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (request.Role is not null && !Roles.IsKnown(request.Role))
        {
            errors["role"] = [$"must be one of {string.Join(", ", Roles.All)}"];
        }

        if ((member.Role == Roles.Owner || request.Role == Roles.Owner) && !caller.Has(Permission.Owner))
        {
            errors["role"] = ["only an owner can change an owner or make one"];
        }

        if (member.Role == Roles.Owner && (request.Disabled == true || (request.Role is not null && request.Role != Roles.Owner))
            && await users.CountOwnersAsync(workspaceId, cancellationToken) <= 1)
        {
            errors["role"] = ["the workspace must keep an owner; make someone else owner first"];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, detail: "Fix the fields listed in 'errors'.");
        }

        if (request.Role is not null)
        {
            await users.SetRoleAsync(workspaceId, id, request.Role, cancellationToken);
        }

        if (request.Disabled is { } disabled)
        {
            await users.SetDisabledAsync(id, disabled, cancellationToken);
        }

        return TypedResults.Ok((await users.MemberAsync(workspaceId, id, cancellationToken))!);
    }

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> RemoveAsync(
        Guid id, ClaimsPrincipal caller, UserStore users, CancellationToken cancellationToken)
    {
        var workspaceId = caller.WorkspaceId();
        if (await users.MemberAsync(workspaceId, id, cancellationToken) is not { } member)
        {
            return NotFound(id);
        }

        if (member.Role == Roles.Owner && !caller.Has(Permission.Owner))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not allowed", detail: "Only an owner can remove an owner.");
        }

        if (member.Role == Roles.Owner && await users.CountOwnersAsync(workspaceId, cancellationToken) <= 1)
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]>(StringComparer.Ordinal) { ["id"] = ["is the workspace's last owner; make someone else owner first"] });
        }

        await users.RemoveMembershipAsync(workspaceId, id, cancellationToken);
        return TypedResults.NoContent();
    }

    private static ProblemHttpResult NotFound(Guid id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "User not found", detail: $"No member {id} in this workspace.");
}
