using System.Globalization;
using System.Security.Claims;

namespace AiScheduler.Functions.Security;

/// <summary>
/// The claims every authenticated caller carries: <see cref="ClaimTypes.NameIdentifier"/> is <c>user:&lt;id&gt;</c> or
/// <c>key:&lt;id&gt;</c>, <see cref="WorkspaceClaim"/> the workspace the request acts in, <see cref="ClaimTypes.Role"/>
/// the user's role there, and for keys one <see cref="ScopeClaim"/> per scope.
/// </summary>
public static class Caller
{
    public const string WorkspaceClaim = "aisch:workspace";
    public const string ScopeClaim = "aisch:scope";
    public const string UserPrefix = "user:";
    public const string KeyPrefix = "key:";

    /// <summary>The workspace the request acts in. Every route but the documented exemptions requires a caller, so a
    /// handler reaching this without one is a mapping mistake, not a client error.</summary>
    public static Guid WorkspaceId(this ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.FindFirst(WorkspaceClaim)?.Value is { } value && Guid.TryParse(value, CultureInfo.InvariantCulture, out var id)
            ? id
            : throw new InvalidOperationException("The request has no workspace: the endpoint must not allow anonymous callers.");
    }

    /// <summary>The workspace of <paramref name="http"/>'s caller (<see cref="WorkspaceId(ClaimsPrincipal)"/>).</summary>
    public static Guid GetWorkspaceId(this HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        return http.User.WorkspaceId();
    }

    /// <summary>The signed-in user's id, or null for an API key or an anonymous caller.</summary>
    public static Guid? UserId(this ClaimsPrincipal user) => Id(user, UserPrefix);

    /// <summary>The API key's id, or null for a user or an anonymous caller.</summary>
    public static Guid? ApiKeyId(this ClaimsPrincipal user) => Id(user, KeyPrefix);

    public static string? Role(this ClaimsPrincipal user) => user?.FindFirst(ClaimTypes.Role)?.Value;

    /// <summary>Whether the caller has <paramref name="permission"/> in its workspace: a user through its role, a key
    /// through its scopes.</summary>
    public static bool Has(this ClaimsPrincipal user, Permission permission)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.FindFirst(WorkspaceClaim) is null)
        {
            return false;
        }

        if (user.ApiKeyId() is not null)
        {
            return Scopes.Grants(user.FindAll(ScopeClaim).Select(claim => claim.Value), permission);
        }

        return user.UserId() is not null && user.Role() is { } role && Roles.Grants(role, permission);
    }

    private static Guid? Id(ClaimsPrincipal? user, string prefix) =>
        user?.FindFirst(ClaimTypes.NameIdentifier)?.Value is { } value
        && value.StartsWith(prefix, StringComparison.Ordinal)
        && Guid.TryParse(value.AsSpan(prefix.Length), CultureInfo.InvariantCulture, out var id)
            ? id
            : null;

    internal static ClaimsIdentity UserIdentity(string authenticationType, Guid userId, string email, string name, Guid workspaceId, string role) =>
        new(
        [
            new Claim(ClaimTypes.NameIdentifier, UserPrefix + userId.ToString("D")),
            new Claim(ClaimTypes.Email, email),
            new Claim(ClaimTypes.Name, name),
            new Claim(WorkspaceClaim, workspaceId.ToString("D")),
            new Claim(ClaimTypes.Role, role),
        ], authenticationType, ClaimTypes.Name, ClaimTypes.Role);
}
