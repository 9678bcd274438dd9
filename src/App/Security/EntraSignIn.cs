using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;

namespace AiScheduler.Functions.Security;

/// <summary>Maps a Microsoft Entra ID sign-in to a member of a workspace by email: the same cookie as a password
/// sign-in follows. A work account whose email is no member's is refused (nobody joins a workspace by signing in).</summary>
internal static class EntraSignIn
{
    public static async Task OnTokenValidatedAsync(TokenValidatedContext context)
    {
        var email = context.Principal?.FindFirst("email")?.Value ?? context.Principal?.FindFirst("preferred_username")?.Value;
        var users = context.HttpContext.RequestServices.GetRequiredService<UserStore>();
        var user = email is null ? null : await users.FindByEmailAsync(email, context.HttpContext.RequestAborted);
        var memberships = user is null || user.DisabledAt is not null
            ? []
            : await users.MembershipsAsync(user.Id, context.HttpContext.RequestAborted);
        if (user is null || memberships.Count == 0)
        {
            context.Fail("This work account is not a member of any workspace; ask a workspace admin to add its email.");
            return;
        }

        var workspace = memberships[0];
        context.Principal = new ClaimsPrincipal(Caller.UserIdentity(
            SecurityServiceCollectionExtensions.CookieScheme, user.Id, user.Email, user.Name, workspace.WorkspaceId, workspace.Role));
    }
}
