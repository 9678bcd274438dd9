using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace AiScheduler.Functions.Security;

/// <summary>
/// The access rules for one request, shared by both hosts: the self-host runs them as middleware
/// (<see cref="SecurityServiceCollectionExtensions.UseSecurity"/>); the Azure Functions app, which invokes endpoints
/// itself, calls <see cref="AuthorizeAsync"/> and <see cref="CheckAntiforgeryAsync"/> before each one.
/// </summary>
public sealed class EndpointAccess(
    IAuthorizationPolicyProvider policies, IPolicyEvaluator evaluator, IAntiforgery antiforgery)
{
    /// <summary>The permission a request needs: the route's own (<see cref="PermissionMetadata"/>), else read for safe
    /// methods and write for the others.</summary>
    public static Permission Needed(Endpoint? endpoint, string method) =>
        endpoint?.Metadata.GetMetadata<PermissionMetadata>()?.Permission
        ?? (HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) ? Permission.Read : Permission.Write);

    /// <summary>Authenticates the request and applies the endpoint's authorization (the fallback policy when it names
    /// none), as the authentication and authorization middleware do; answers 401 or 403 and returns false when refused.</summary>
    public async Task<bool> AuthorizeAsync(HttpContext http, Endpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(endpoint);
        var authenticated = await http.AuthenticateAsync();
        if (authenticated.Succeeded)
        {
            http.User = authenticated.Principal;
        }

        if (endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null)
        {
            return true;
        }

        var policy = await AuthorizationPolicy.CombineAsync(policies, endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>(),
            endpoint.Metadata.GetOrderedMetadata<AuthorizationPolicy>()) ?? await policies.GetFallbackPolicyAsync();
        if (policy is null)
        {
            return true;
        }

        var authentication = await evaluator.AuthenticateAsync(policy, http);
        var result = await evaluator.AuthorizeAsync(policy, authentication, http, http);
        if (result.Succeeded)
        {
            return true;
        }

        if (result.Challenged)
        {
            await http.ChallengeAsync();
        }
        else
        {
            await http.ForbidAsync();
        }

        return false;
    }

    /// <summary>A cookie-authenticated POST, PUT, PATCH or DELETE must carry the antiforgery token in
    /// <c>X-XSRF-TOKEN</c> (from <c>GET /api/auth/antiforgery</c>); API-key requests carry no ambient credential and are
    /// exempt. Answers 400 and returns false when the token is missing or wrong.</summary>
    public async Task<bool> CheckAntiforgeryAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var method = http.Request.Method;
        if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method)
            || http.User.UserId() is null
            || ApiKeyAuthenticationHandler.HasBearer(http.Request)
            || http.GetEndpoint()?.Metadata.GetMetadata<AntiforgeryExemptMetadata>() is not null)
        {
            return true;
        }

        if (await antiforgery.IsRequestValidAsync(http))
        {
            return true;
        }

        await SecurityProblems.WriteAsync(http, StatusCodes.Status400BadRequest, "Antiforgery token missing or invalid",
            $"A signed-in browser must send the token from GET /api/auth/antiforgery in the '{SecurityServiceCollectionExtensions.AntiforgeryHeader}' header on every state-changing request.",
            "antiforgery");
        return false;
    }
}
