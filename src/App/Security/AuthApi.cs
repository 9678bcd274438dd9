using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.Security;

public sealed record SignInRequest(string? Email, string? Password);

public sealed record SwitchWorkspaceRequest(Guid? WorkspaceId);

public sealed record MeUser(Guid Id, string Email, string Name);

public sealed record MeWorkspace(Guid Id, string Name);

public sealed record MeMembership(Guid Id, string Name, string Role);

/// <summary>
/// Who is signed in, in which workspace, and the other workspaces they may switch to; <c>Now</c> is the app's clock
/// (its TimeProvider, which <c>Clock:StartAt</c> anchors), so the dashboard reads "now" from the server, not the browser.
/// </summary>
public sealed record Me(MeUser User, string Role, MeWorkspace Workspace, IReadOnlyList<MeMembership> Workspaces, DateTimeOffset Now);

public sealed record AntiforgeryToken(string Token, string HeaderName);

/// <summary>Dashboard sign-in under <c>/api/auth</c>: cookie sessions, the current workspace and the antiforgery token.</summary>
public static class AuthApi
{
    public static IEndpointRouteBuilder MapAuth(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/auth").WithTags("Sign-in");
        group.MapPost("/sign-in", SignInAsync).WithName("SignIn").AllowAnonymous().WithoutAntiforgeryToken()
            .WithSummary("Sign in with email and password: sets the session cookie and returns who you are (401 when wrong, 429 when locked out)");
        group.MapPost("/sign-out", (Delegate)SignOutAsync).WithName("SignOut").RequirePermission(Permission.Read).WithSummary("End the session (clears the cookie)");
        group.MapGet("/me", MeAsync).WithName("GetMe").RequirePermission(Permission.Read)
            .WithSummary("The signed-in user, their role and workspace, and their other workspaces");
        group.MapPost("/workspace", SwitchWorkspaceAsync).WithName("SwitchWorkspace").RequirePermission(Permission.Read)
            .WithSummary("Switch the session to another of your workspaces");
        group.MapGet("/antiforgery", Antiforgery).WithName("GetAntiforgeryToken").AllowAnonymous()
            .WithSummary("The token a signed-in browser sends in X-XSRF-TOKEN on every POST, PUT, PATCH and DELETE");
        group.MapGet("/entra/sign-in", EntraChallengeAsync).WithName("SignInWithEntra").AllowAnonymous()
            .WithSummary("Sign in with Microsoft Entra ID (when Auth:Entra is configured): redirects to Microsoft");
        return endpoints;
    }

    private static async Task<Results<Ok<Me>, ValidationProblem, ProblemHttpResult>> SignInAsync(
        SignInRequest request, HttpContext http, PasswordSignIn signIn, UserStore users, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(request.Email) || request.Email.Length > 320)
        {
            errors["email"] = ["is required (at most 320 characters)"];
        }

        if (string.IsNullOrEmpty(request.Password) || request.Password.Length > Passwords.MaxLength)
        {
            errors["password"] = [$"is required (at most {Passwords.MaxLength} characters)"];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, detail: "Send { \"email\", \"password\" }.");
        }

        switch (await signIn.SignInAsync(request.Email!, request.Password!, cancellationToken))
        {
            case SignInOutcome.Succeeded(var user, var workspace):
                http.User = await IssueCookieAsync(http, user, workspace);
                return TypedResults.Ok(await DescribeAsync(user.Id, user.Email, user.Name, workspace, users, clock, cancellationToken));
            case SignInOutcome.LockedOut(var retryAfter):
                http.Response.Headers.RetryAfter = Math.Ceiling(retryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
                return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Account locked",
                    detail: "Too many failed sign-ins; try again after the time in Retry-After, or ask an admin.");
            case SignInOutcome.NoWorkspace:
                return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "No workspace",
                    detail: "This account is not a member of any workspace; ask a workspace admin to add you.");
            default:
                return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Sign-in failed",
                    detail: "The email or password is wrong.");
        }
    }

    private static async Task<NoContent> SignOutAsync(HttpContext http)
    {
        await http.SignOutAsync(SecurityServiceCollectionExtensions.CookieScheme);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<Me>, ProblemHttpResult>> MeAsync(
        ClaimsPrincipal caller, UserStore users, WorkspaceStore workspaces, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (caller.UserId() is not { } userId || await users.GetAsync(userId, cancellationToken) is not { } user)
        {
            return NotAUser();
        }

        var workspace = await workspaces.GetAsync(caller.WorkspaceId(), cancellationToken);
        return TypedResults.Ok(await DescribeAsync(user.Id, user.Email, user.Name,
            new Membership(caller.WorkspaceId(), workspace?.Name ?? "", caller.Role() ?? Roles.Viewer), users, clock, cancellationToken));
    }

    private static async Task<Results<Ok<Me>, ValidationProblem, ProblemHttpResult>> SwitchWorkspaceAsync(
        SwitchWorkspaceRequest request, HttpContext http, UserStore users, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (http.User.UserId() is not { } userId || await users.GetAsync(userId, cancellationToken) is not { } user)
        {
            return NotAUser();
        }

        var target = (await users.MembershipsAsync(userId, cancellationToken)).FirstOrDefault(m => m.WorkspaceId == request.WorkspaceId);
        if (target is null)
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]>(StringComparer.Ordinal) { ["workspaceId"] = ["is not one of your workspaces"] },
                detail: "Pick a workspace from 'workspaces' in GET /api/auth/me.");
        }

        http.User = await IssueCookieAsync(http, user, target);
        return TypedResults.Ok(await DescribeAsync(user.Id, user.Email, user.Name, target, users, clock, cancellationToken));
    }

    private static Ok<AntiforgeryToken> Antiforgery(HttpContext http, IAntiforgery antiforgery)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        return TypedResults.Ok(new AntiforgeryToken(tokens.RequestToken!, SecurityServiceCollectionExtensions.AntiforgeryHeader));
    }

    private static async Task<IResult> EntraChallengeAsync(HttpContext http, IOptions<SecurityOptions> options)
    {
        if (!options.Value.Entra.Enabled)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Entra ID sign-in is off",
                detail: "Set Auth:Entra:ClientId, Auth:Entra:ClientSecret and Auth:Entra:TenantId to turn it on.");
        }

        await http.ChallengeAsync(SecurityServiceCollectionExtensions.EntraScheme, new AuthenticationProperties { RedirectUri = "/" });
        return TypedResults.Empty;
    }

    private static async Task<ClaimsPrincipal> IssueCookieAsync(HttpContext http, UserAccount user, Membership workspace)
    {
        var principal = new ClaimsPrincipal(Caller.UserIdentity(
            SecurityServiceCollectionExtensions.CookieScheme, user.Id, user.Email, user.Name, workspace.WorkspaceId, workspace.Role));
        await http.SignInAsync(SecurityServiceCollectionExtensions.CookieScheme, principal, new AuthenticationProperties { IsPersistent = false });
        return principal;
    }

    private static async Task<Me> DescribeAsync(
        Guid userId, string email, string name, Membership current, UserStore users, TimeProvider clock, CancellationToken cancellationToken)
    {
        var all = await users.MembershipsAsync(userId, cancellationToken);
        return new Me(new MeUser(userId, email, name), current.Role, new MeWorkspace(current.WorkspaceId, current.WorkspaceName),
            all.Select(m => new MeMembership(m.WorkspaceId, m.WorkspaceName, m.Role)).ToList(), clock.GetUtcNow());
    }

    private static ProblemHttpResult NotAUser() =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not a user session",
            detail: "This route describes a signed-in user; an API key has no user. Sign in with POST /api/auth/sign-in.");
}
