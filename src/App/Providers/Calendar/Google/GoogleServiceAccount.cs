using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Google.Apis.Auth.OAuth2;
using Google.Apis.Auth.OAuth2.Responses;
using Google.Apis.Util;

namespace AiScheduler.Functions.Providers.Calendar;

/// <summary>The fields of a service account's JSON key that the JWT bearer grant needs.</summary>
internal sealed record GoogleServiceAccountKey(string ClientEmail, string PrivateKeyPem, string? PrivateKeyId)
{
    /// <summary>Reads the key JSON Google's console downloads; throws <see cref="FormatException"/> naming what is missing.</summary>
    public static GoogleServiceAccountKey Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("the key must be a JSON object");
        }

        var type = Text(root, "type");
        if (!string.Equals(type, "service_account", StringComparison.Ordinal))
        {
            throw new FormatException($"\"type\" is '{type}', expected 'service_account' (create a key under IAM > Service accounts > Keys)");
        }

        var email = Text(root, "client_email");
        if (string.IsNullOrWhiteSpace(email) || !email.Contains('@', StringComparison.Ordinal))
        {
            throw new FormatException("\"client_email\" is missing");
        }

        var pem = Text(root, "private_key");
        if (string.IsNullOrWhiteSpace(pem))
        {
            throw new FormatException("\"private_key\" is missing");
        }

        using (var rsa = RSA.Create())
        {
            try
            {
                rsa.ImportFromPem(pem);
            }
            catch (ArgumentException ex)
            {
                throw new FormatException("\"private_key\" is not an RSA private key in PEM form: " + ex.Message, ex);
            }
            catch (CryptographicException ex)
            {
                throw new FormatException("\"private_key\" is not an RSA private key in PEM form: " + ex.Message, ex);
            }
        }

        return new GoogleServiceAccountKey(email, pem, Text(root, "private_key_id"));
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

/// <summary>
/// Access tokens for the service account by the JWT bearer grant (RFC 7523): Google.Apis.Auth signs the assertion
/// (RS256 with the key, iss = client_email, aud = Google's token URL, scope, sub when impersonating), posts it to the
/// configured token URL, and caches the token until shortly before it expires.
/// </summary>
internal sealed class GoogleAccessTokens
{
    private readonly ServiceAccountCredential credential;

    public GoogleAccessTokens(GoogleServiceAccountKey key, GoogleCalendarOptions options, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(options);
        ClientEmail = key.ClientEmail;
        var initializer = new ServiceAccountCredential.Initializer(key.ClientEmail, options.TokenUrl.AbsoluteUri)
        {
            Scopes = [options.Scope],
            User = string.IsNullOrWhiteSpace(options.ImpersonateUser) ? null : options.ImpersonateUser,
            KeyId = key.PrivateKeyId,
            Clock = new Clock(clock),
            // Our own retry policy decides about retries; the library's would double them.
            DefaultExponentialBackOffPolicy = Google.Apis.Http.ExponentialBackOffPolicy.None,
        }.FromPrivateKey(key.PrivateKeyPem);
        credential = new ServiceAccountCredential(initializer);
    }

    /// <summary>The service account's address, named in error messages ("share the calendar with ...").</summary>
    public string ClientEmail { get; }

    /// <summary>A valid access token, fetched only when none is cached or the cached one is about to expire.</summary>
    public Task<string> GetAsync(CancellationToken cancellationToken) =>
        Translate(() => credential.GetAccessTokenForRequestAsync(authUri: null, cancellationToken));

    /// <summary>Drops the cached token and fetches a new one (after the API said 401 to the cached one).</summary>
    public async Task<string> RefreshAsync(CancellationToken cancellationToken)
    {
        return await Translate(async () =>
        {
            await credential.RequestAccessTokenAsync(cancellationToken);
            return credential.Token.AccessToken;
        });
    }

    private async Task<string> Translate(Func<Task<string>> fetch)
    {
        try
        {
            return await fetch();
        }
        catch (TokenResponseException ex)
        {
            var status = ex.StatusCode is { } code ? (int)code : (int?)null;
            var error = ex.Error?.Error ?? "unknown";
            var hint = error switch
            {
                "invalid_grant" => "the assertion was refused: check that the key is not deleted or disabled in IAM > Service accounts > Keys and that this machine's clock is right",
                "unauthorized_client" => "the service account may not impersonate Calendar:Google:ImpersonateUser: grant it domain-wide delegation for the calendar scope in the Workspace admin console, or clear ImpersonateUser",
                "invalid_scope" => "the scope in Calendar:Google:Scope is not valid",
                _ => "check Calendar:Google:TokenUrl and the service account key",
            };
            var transient = ex.StatusCode is HttpStatusCode.TooManyRequests || status >= 500;
            throw new CalendarProviderException(
                $"Google's token endpoint refused the service account {ClientEmail} ({status?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "no status"} {error}: {ex.Error?.ErrorDescription}); {hint}.",
                status, error, transient, ex);
        }
        catch (HttpRequestException ex)
        {
            throw new CalendarProviderException(
                $"Google's token endpoint could not be reached ({ex.Message}); check Calendar:Google:TokenUrl and the network.", null, null, true, ex);
        }
    }

    /// <summary>
    /// The clock the library stamps the assertion's iat/exp by and judges the cached token's expiry with: the host's
    /// signing clock (real time, which Google checks against), a test's own clock when it moves time.
    /// </summary>
    private sealed class Clock(TimeProvider time) : IClock
    {
        public DateTime Now => time.GetLocalNow().DateTime;

        public DateTime UtcNow => time.GetUtcNow().UtcDateTime;
    }
}
