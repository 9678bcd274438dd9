using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace AiScheduler.Functions.Security;

/// <summary><c>Authorization: Bearer ask_...</c>: a workspace API key (<see cref="ApiKeyStore"/>).</summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyStore keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    private const string BearerPrefix = "Bearer ";

    public static bool HasBearer(HttpRequest request) =>
        request.Headers.Authorization.ToString().StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var grant = await keys.AuthenticateAsync(header[BearerPrefix.Length..].Trim(), Context.RequestAborted);
        if (grant is null)
        {
            return AuthenticateResult.Fail("The API key is malformed, unknown or revoked.");
        }

        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, Caller.KeyPrefix + grant.Id.ToString("D")),
            new(ClaimTypes.Name, grant.Name),
            new(Caller.WorkspaceClaim, grant.WorkspaceId.ToString("D")),
        };
        claims.AddRange(grant.Scopes.Select(scope => new Claim(Caller.ScopeClaim, scope)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName, ClaimTypes.Name, ClaimTypes.Role));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers[HeaderNames.WWWAuthenticate] = "Bearer";
        var failure = (await HandleAuthenticateOnceSafeAsync()).Failure;
        await SecurityProblems.WriteAsync(Context, StatusCodes.Status401Unauthorized, "Authentication required",
            failure?.Message ?? "Send 'Authorization: Bearer <API key>' or sign in.");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        SecurityProblems.WriteAsync(Context, StatusCodes.Status403Forbidden, "Not allowed",
            "The API key's scopes do not allow this request; create a key with the scope it needs (read, write or campaigns).");
}

/// <summary>The problem details the security layer answers with (never a redirect).</summary>
internal static class SecurityProblems
{
    public static async Task WriteAsync(HttpContext http, int status, string title, string detail, string? field = null)
    {
        http.Response.StatusCode = status;
        var problem = new Microsoft.AspNetCore.Mvc.ProblemDetails { Status = status, Title = title, Detail = detail };
        if (field is not null)
        {
            problem.Extensions["errors"] = new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = [detail] };
        }

        var problems = http.RequestServices.GetService<IProblemDetailsService>();
        if (problems is null || !await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem }))
        {
            await http.Response.WriteAsJsonAsync(problem, (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json", http.RequestAborted);
        }
    }
}
