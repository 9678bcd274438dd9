using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.Security;

/// <summary>Sign-in settings (<c>Auth:</c>).</summary>
public sealed class SecurityOptions
{
    public const string Section = "Auth";

    /// <summary>How long a dashboard session lasts without use (sliding); default 8 hours.</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>Failed sign-ins within <see cref="LockoutWindow"/> that lock the account; default 5.</summary>
    public int LockoutThreshold { get; set; } = 5;

    /// <summary>The window failures are counted in, and how long the lockout lasts; default 15 minutes.</summary>
    public TimeSpan LockoutWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>PBKDF2 (HMAC-SHA512) iterations of new password hashes (ASP.NET Core Identity's format v3); default
    /// 210,000 (OWASP 2023 for PBKDF2-HMAC-SHA512). Existing hashes keep theirs and are re-hashed at the next sign-in.</summary>
    public int PasswordIterations { get; set; } = 210_000;

    /// <summary>Optional Microsoft Entra ID sign-in (OpenID Connect); off unless <c>Auth:Entra:ClientId</c> is set.</summary>
    public EntraOptions Entra { get; set; } = new();
}

/// <summary>Microsoft Entra ID single sign-on (<c>Auth:Entra:</c>): users sign in with their work account and must
/// already be members of a workspace (matched by email); nobody is created by signing in.</summary>
public sealed class EntraOptions
{
    /// <summary>The app registration's client id; empty turns Entra sign-in off.</summary>
    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    /// <summary>The tenant id (or <c>organizations</c>); default <c>organizations</c>.</summary>
    public string TenantId { get; set; } = "organizations";

    /// <summary>Default <c>https://login.microsoftonline.com/</c>.</summary>
    public Uri Instance { get; set; } = new("https://login.microsoftonline.com/");

    /// <summary>Where Entra sends the browser back; default <c>/api/auth/entra/callback</c>.</summary>
    public string CallbackPath { get; set; } = "/api/auth/entra/callback";

    public bool Enabled => !string.IsNullOrWhiteSpace(ClientId);
}

internal sealed class SecurityOptionsValidation : IValidateOptions<SecurityOptions>
{
    public ValidateOptionsResult Validate(string? name, SecurityOptions options)
    {
        var failures = new List<string>();
        if (options.SessionLifetime <= TimeSpan.Zero)
        {
            failures.Add("Auth:SessionLifetime must be positive (e.g. 08:00:00).");
        }

        if (options.LockoutThreshold < 1)
        {
            failures.Add("Auth:LockoutThreshold must be at least 1.");
        }

        if (options.LockoutWindow <= TimeSpan.Zero)
        {
            failures.Add("Auth:LockoutWindow must be positive (e.g. 00:15:00).");
        }

        if (options.PasswordIterations < 100_000)
        {
            failures.Add("Auth:PasswordIterations must be at least 100000.");
        }

        if (options.Entra.Enabled && string.IsNullOrWhiteSpace(options.Entra.ClientSecret))
        {
            failures.Add("Auth:Entra:ClientSecret is required when Auth:Entra:ClientId is set.");
        }

        if (options.Entra.Enabled && !options.Entra.CallbackPath.StartsWith('/'))
        {
            failures.Add("Auth:Entra:CallbackPath must start with '/'.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
