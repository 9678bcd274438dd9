using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using AiScheduler.Functions.Security;
using AiScheduler.Functions.Store;

namespace AiScheduler.Functions.Tests.Infrastructure;

/// <summary>
/// Signs test clients in the way the dashboard and integrations do: a user created in the store signs in with the
/// real <c>POST /api/auth/sign-in</c> (the cookie lands in the client's cookie container) and sends the antiforgery
/// token from <c>GET /api/auth/antiforgery</c> on every request; or a real API key is sent as a Bearer token.
/// </summary>
public static class TestAuth
{
    /// <summary>Signs <paramref name="client"/> in as a new owner of the default workspace.</summary>
    public static Task AuthorizeAsync(IServiceProvider services, HttpClient client, CancellationToken cancellationToken = default) =>
        AuthorizeAsync(services, client, Workspaces.DefaultId, Roles.Owner, cancellationToken);

    /// <summary>Signs <paramref name="client"/> in as a new user with <paramref name="role"/> in <paramref name="workspaceId"/>.</summary>
    public static async Task AuthorizeAsync(IServiceProvider services, HttpClient client, Guid workspaceId, string role,
        CancellationToken cancellationToken = default)
    {
        var (email, password) = await CreateUserAsync(services, workspaceId, role, cancellationToken);
        await SignInAsync(client, email, password, cancellationToken);
    }

    /// <summary>A new user of <paramref name="workspaceId"/> with a random password.</summary>
    public static async Task<(string Email, string Password)> CreateUserAsync(IServiceProvider services, Guid workspaceId, string role,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        var email = $"{role}-{Guid.NewGuid():N}@example.test";
        var password = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(18));
        var hash = services.GetRequiredService<Passwords>().Hash(password);
        await services.GetRequiredService<UserStore>().AddMemberAsync(workspaceId, email, $"Test {role}", role, hash, cancellationToken);
        return (email, password);
    }

    /// <summary>Signs in and sets the antiforgery header every later request sends.</summary>
    public static async Task SignInAsync(HttpClient client, string email, string password, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        using (var signIn = await client.PostAsJsonAsync("/api/auth/sign-in", new { email, password }, cancellationToken))
        {
            if (!signIn.IsSuccessStatusCode)
            {
                throw new InvalidOperationException(
                    $"Sign-in as {email} failed: {(int)signIn.StatusCode} {await signIn.Content.ReadAsStringAsync(cancellationToken)}");
            }
        }

        var antiforgery = await client.GetFromJsonAsync<JsonElement>("/api/auth/antiforgery", cancellationToken);
        var header = antiforgery.GetProperty("headerName").GetString()!;
        client.DefaultRequestHeaders.Remove(header);
        client.DefaultRequestHeaders.Add(header, antiforgery.GetProperty("token").GetString());
    }

    /// <summary>A new API key of <paramref name="workspaceId"/> with <paramref name="scopes"/> (default: all).</summary>
    public static async Task<string> CreateKeyAsync(IServiceProvider services, Guid workspaceId, IReadOnlyList<string>? scopes = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        var key = await services.GetRequiredService<ApiKeyStore>().CreateAsync(workspaceId, "tests", scopes ?? Scopes.All, null, cancellationToken);
        return key.Key;
    }

    /// <summary>A client at <paramref name="baseAddress"/> sending <paramref name="key"/> as its Bearer token.</summary>
    public static HttpClient KeyClient(Uri baseAddress, string key) =>
        new() { BaseAddress = baseAddress, DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", key) } };

    /// <summary>A client with no credentials (its own cookie container, nothing in it).</summary>
    public static HttpClient Anonymous(Uri baseAddress) => new() { BaseAddress = baseAddress };
}
