using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.Security;

/// <summary>
/// Sign-in (dashboard cookie, workspace API keys, optional Microsoft Entra ID), the authorization that every route gets
/// by default (<see cref="WorkspacePolicy"/> is the fallback policy, so a new route cannot forget it) and antiforgery
/// for cookie-authenticated writes.
/// </summary>
public static class SecurityServiceCollectionExtensions
{
    /// <summary>The scheme requests authenticate with: a Bearer key when the request carries one, else the cookie.</summary>
    public const string DefaultScheme = "AiScheduler";
    public const string CookieScheme = CookieAuthenticationDefaults.AuthenticationScheme;
    public const string EntraScheme = "Entra";
    public const string CookieName = "AiScheduler.Auth";
    public const string AntiforgeryCookieName = "AiScheduler.Antiforgery";
    public const string AntiforgeryHeader = "X-XSRF-TOKEN";

    /// <summary>Signed-in caller with the permission the route and method need (<see cref="PermissionMetadata"/>).</summary>
    public const string WorkspacePolicy = "Workspace";

    public static IServiceCollection AddSecurity(this IServiceCollection services)
    {
        services.AddOptions<SecurityOptions>().BindConfiguration(SecurityOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SecurityOptions>, SecurityOptionsValidation>());
        services.TryAddSingleton<WorkspaceStore>();
        services.TryAddSingleton<UserStore>();
        services.TryAddSingleton<ApiKeyStore>();
        services.TryAddSingleton<Passwords>();
        services.TryAddSingleton<PasswordSignIn>();
        services.TryAddSingleton<SessionCookieEvents>();
        services.AddHttpContextAccessor();

        services.AddAuthentication(options =>
            {
                options.DefaultScheme = DefaultScheme;
                options.DefaultChallengeScheme = DefaultScheme;
                options.DefaultForbidScheme = DefaultScheme;
            })
            .AddPolicyScheme(DefaultScheme, "Cookie or API key", options =>
                options.ForwardDefaultSelector = http => ApiKeyAuthenticationHandler.HasBearer(http.Request)
                    ? ApiKeyAuthenticationHandler.SchemeName
                    : CookieScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, configureOptions: null)
            .AddCookie(CookieScheme, options =>
            {
                options.Cookie.Name = CookieName;
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Strict;
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.SlidingExpiration = true;
                options.EventsType = typeof(SessionCookieEvents);
            });
        services.AddOptions<CookieAuthenticationOptions>(CookieScheme)
            .Configure<IOptions<SecurityOptions>>((cookie, security) => cookie.ExpireTimeSpan = security.Value.SessionLifetime);
        AddEntra(services);

        services.AddAuthorization(options =>
        {
            var workspace = new AuthorizationPolicyBuilder().AddRequirements(new WorkspacePermissionRequirement()).Build();
            options.AddPolicy(WorkspacePolicy, workspace);
            options.FallbackPolicy = workspace;
        });
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAuthorizationHandler, WorkspacePermissionHandler>());

        services.AddAntiforgery(options =>
        {
            options.HeaderName = AntiforgeryHeader;
            options.Cookie.Name = AntiforgeryCookieName;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.HttpOnly = true;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            // Framing is the security headers' business (Content-Security-Policy frame-ancestors).
            options.SuppressXFrameOptionsHeader = true;
        });
        services.TryAddSingleton<EndpointAccess>();
        services.ConfigureAll<Microsoft.AspNetCore.OpenApi.OpenApiOptions>(options =>
        {
            options.AddDocumentTransformer<SecuritySchemes>();
            options.AddOperationTransformer<SecuritySchemes>();
        });
        return services;
    }

    /// <summary>Authentication, authorization and the antiforgery check, in that order (self-host pipeline).</summary>
    public static IApplicationBuilder UseSecurity(this IApplicationBuilder app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        app.Use(async (http, next) =>
        {
            if (await http.RequestServices.GetRequiredService<EndpointAccess>().CheckAntiforgeryAsync(http))
            {
                await next(http);
            }
        });
        return app;
    }

    /// <summary>The route needs <paramref name="permission"/> whatever its method (instead of read for GET, write for
    /// the others).</summary>
    public static TBuilder RequirePermission<TBuilder>(this TBuilder builder, Permission permission)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new PermissionMetadata(permission));

    /// <summary>State-changing requests from a cookie session need no antiforgery token (sign-in: there is no session
    /// yet). Only for routes a foreign page gains nothing by calling.</summary>
    public static TBuilder WithoutAntiforgeryToken<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(AntiforgeryExemptMetadata.Instance);

    private static void AddEntra(IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<OpenIdConnectOptions>, OpenIdConnectPostConfigureOptions>());
        services.AddOptions<AuthenticationOptions>().Configure<IOptions<SecurityOptions>>((authentication, security) =>
        {
            if (security.Value.Entra.Enabled && !authentication.Schemes.Any(scheme => scheme.Name == EntraScheme))
            {
                authentication.AddScheme<OpenIdConnectHandler>(EntraScheme, "Microsoft Entra ID");
            }
        });
        services.AddOptions<OpenIdConnectOptions>(EntraScheme).Configure<IOptions<SecurityOptions>>((oidc, security) =>
        {
            var entra = security.Value.Entra;
            oidc.Authority = new Uri(entra.Instance, $"{entra.TenantId}/v2.0").AbsoluteUri;
            oidc.ClientId = entra.ClientId;
            oidc.ClientSecret = entra.ClientSecret;
            oidc.CallbackPath = entra.CallbackPath;
            oidc.ResponseType = "code";
            oidc.UsePkce = true;
            oidc.SignInScheme = CookieScheme;
            oidc.MapInboundClaims = false;
            oidc.Scope.Clear();
            oidc.Scope.Add("openid");
            oidc.Scope.Add("profile");
            oidc.Scope.Add("email");
            oidc.Events.OnTokenValidated = EntraSignIn.OnTokenValidatedAsync;
        });
    }
}

/// <summary>Names the permission a route needs whatever the method.</summary>
public sealed record PermissionMetadata(Permission Permission);

/// <summary>Marks a route whose cookie-authenticated writes need no antiforgery token.</summary>
public sealed class AntiforgeryExemptMetadata
{
    public static readonly AntiforgeryExemptMetadata Instance = new();

    private AntiforgeryExemptMetadata()
    {
    }
}

internal sealed class WorkspacePermissionRequirement : IAuthorizationRequirement;

/// <summary>
/// The fallback policy: a caller (user or key) of a workspace, with the permission the route names or, by default,
/// read for safe methods and write for the others. A request that matched no endpoint (static files, 404s) has
/// nothing to protect here.
/// </summary>
internal sealed class WorkspacePermissionHandler : AuthorizationHandler<WorkspacePermissionRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, WorkspacePermissionRequirement requirement)
    {
        var http = context.Resource as HttpContext;
        var endpoint = http?.GetEndpoint();
        if (http is not null && endpoint is null)
        {
            context.Succeed(requirement);
        }
        else if (http is not null && context.User.Has(EndpointAccess.Needed(endpoint, http.Request.Method)))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}

/// <summary>Checks the session cookie on each request: the user must still be an enabled member of the workspace, and
/// a changed role takes effect at once.</summary>
internal sealed class SessionCookieEvents(UserStore users) : CookieAuthenticationEvents
{
    public override async Task ValidatePrincipal(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal;
        if (principal?.UserId() is not { } userId || principal.FindFirst(Caller.WorkspaceClaim) is null)
        {
            context.RejectPrincipal();
            return;
        }

        var role = await users.RoleAsync(principal.WorkspaceId(), userId, context.HttpContext.RequestAborted);
        if (role is null)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(SecurityServiceCollectionExtensions.CookieScheme);
            return;
        }

        if (!string.Equals(role, principal.Role(), StringComparison.Ordinal))
        {
            var identity = (ClaimsIdentity)principal.Identity!;
            identity.TryRemoveClaim(identity.FindFirst(ClaimTypes.Role));
            identity.AddClaim(new Claim(ClaimTypes.Role, role));
            context.ReplacePrincipal(new ClaimsPrincipal(identity));
            context.ShouldRenew = true;
        }
    }

    public override Task RedirectToLogin(RedirectContext<CookieAuthenticationOptions> context) =>
        SecurityProblems.WriteAsync(context.HttpContext, StatusCodes.Status401Unauthorized, "Authentication required",
            "Sign in (POST /api/auth/sign-in) or send 'Authorization: Bearer <API key>'.");

    public override Task RedirectToAccessDenied(RedirectContext<CookieAuthenticationOptions> context) =>
        SecurityProblems.WriteAsync(context.HttpContext, StatusCodes.Status403Forbidden, "Not allowed",
            $"Your role ({context.HttpContext.User.Role() ?? "none"}) does not allow this request; ask a workspace admin.");
}

/// <summary>The sign-in, users and API key routes.</summary>
public static class SecurityEndpoints
{
    public static IEndpointRouteBuilder MapSecurity(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapAuth();
        endpoints.MapUsers();
        endpoints.MapApiKeys();
        return endpoints;
    }
}
