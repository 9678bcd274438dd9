using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AiScheduler.Functions.Providers.Telephony;
using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.Calls.Callbacks;

/// <summary>
/// Validates the JWT ACS attaches to each callback (protocols.md 1.7): RS256, signed by a key from the JWKS named in
/// the configured OpenID metadata, issued by that metadata's issuer, for our ACS resource (audience), not expired.
/// Written on System.Security.Cryptography because no JWT package is in this build's feed.
/// </summary>
public sealed class AcsCallbackJwtValidator(HttpClient http, IOptions<TelephonyOptions> options, TimeProvider time, ILogger<AcsCallbackJwtValidator> logger)
{
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan MetadataLifetime = TimeSpan.FromHours(12);
    private static readonly TimeSpan MinimumRefreshInterval = TimeSpan.FromMinutes(1);
    private readonly SemaphoreSlim refresh = new(1, 1);
    private SigningKeys? keys;

    /// <summary>Null when the token is valid; otherwise why it is not, in words fit for a problem details response.</summary>
    public async Task<string?> ValidateAsync(string? authorization, CancellationToken ct)
    {
        const string scheme = "Bearer ";
        if (authorization is null || !authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return "the Authorization header must carry the ACS-signed bearer token.";
        }

        var parts = authorization[scheme.Length..].Trim().Split('.');
        if (parts.Length != 3)
        {
            return "the bearer token is not a JWT (header.payload.signature).";
        }

        JsonElement header, payload;
        byte[] signature;
        try
        {
            header = JsonDocument.Parse(Base64UrlDecode(parts[0])).RootElement;
            payload = JsonDocument.Parse(Base64UrlDecode(parts[1])).RootElement;
            signature = Base64UrlDecode(parts[2]);
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return "the bearer token is not well-formed: " + e.Message;
        }

        if (!string.Equals(Text(header, "alg"), "RS256", StringComparison.Ordinal))
        {
            return "the token must be signed with RS256.";
        }

        var kid = Text(header, "kid");
        var current = await KeysAsync(kid, ct);
        if (current is null)
        {
            return "the signing keys could not be loaded from the OpenID metadata; try again later.";
        }

        var key = current.Keys.FirstOrDefault(k => kid is null || string.Equals(k.Id, kid, StringComparison.Ordinal));
        if (key is null)
        {
            return "the token's signing key is not in the published key set.";
        }

        using (var rsa = RSA.Create(key.Parameters))
        {
            var signed = Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]);
            if (!rsa.VerifyData(signed, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))
            {
                return "the token's signature is invalid.";
            }
        }

        if (!string.Equals(Text(payload, "iss"), current.Issuer, StringComparison.Ordinal))
        {
            return "the token was not issued by " + current.Issuer + ".";
        }

        var audience = options.Value.CallbackJwt.Audience;
        var audiences = payload.TryGetProperty("aud", out var aud)
            ? aud.ValueKind == JsonValueKind.Array ? aud.EnumerateArray().Select(a => a.GetString()).ToList() : [aud.GetString()]
            : [];
        if (audience is null || !audiences.Contains(audience, StringComparer.Ordinal))
        {
            return "the token is meant for another ACS resource (audience mismatch).";
        }

        var now = time.GetUtcNow();
        if (!payload.TryGetProperty("exp", out var exp) || !exp.TryGetInt64(out var expSeconds) || DateTimeOffset.FromUnixTimeSeconds(expSeconds) + ClockSkew < now)
        {
            return "the token has expired.";
        }

        if (payload.TryGetProperty("nbf", out var nbf) && nbf.TryGetInt64(out var nbfSeconds) && DateTimeOffset.FromUnixTimeSeconds(nbfSeconds) - ClockSkew > now)
        {
            return "the token is not valid yet.";
        }

        return null;
    }

    private async Task<SigningKeys?> KeysAsync(string? kid, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var cached = keys;
        var stale = cached is null || now - cached.LoadedAt > MetadataLifetime;
        // An unknown kid means ACS rotated its keys; reload, but not on every forged token.
        var rotated = cached is not null && kid is not null && cached.Keys.All(k => k.Id != kid) && now - cached.LoadedAt > MinimumRefreshInterval;
        if (!stale && !rotated)
        {
            return cached;
        }

        await refresh.WaitAsync(ct);
        try
        {
            if (!ReferenceEquals(keys, cached))
            {
                return keys;
            }

            var metadataUri = options.Value.CallbackJwt.OpenIdMetadataUri;
            try
            {
                using var metadata = JsonDocument.Parse(await http.GetStringAsync(metadataUri, ct));
                var issuer = Text(metadata.RootElement, "issuer") ?? throw new FormatException("metadata has no issuer");
                var jwksUri = Text(metadata.RootElement, "jwks_uri") ?? throw new FormatException("metadata has no jwks_uri");
                using var jwks = JsonDocument.Parse(await http.GetStringAsync(new Uri(metadataUri, jwksUri), ct));
                var loaded = jwks.RootElement.GetProperty("keys").EnumerateArray()
                    .Where(k => Text(k, "kty") == "RSA" && Text(k, "n") is not null && Text(k, "e") is not null)
                    .Select(k => new SigningKey(Text(k, "kid"), new RSAParameters { Modulus = Base64UrlDecode(Text(k, "n")!), Exponent = Base64UrlDecode(Text(k, "e")!) }))
                    .ToList();
                keys = new SigningKeys(issuer, loaded, now);
            }
            catch (Exception e) when (e is HttpRequestException or JsonException or FormatException or KeyNotFoundException or InvalidOperationException)
            {
                CallbackLog.MetadataUnavailable(logger, metadataUri, e.Message);
            }

            return keys;
        }
        finally
        {
            refresh.Release();
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static byte[] Base64UrlDecode(string text)
    {
        var s = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s.PadRight(s.Length + ((4 - (s.Length % 4)) % 4), '='));
    }

    private sealed record SigningKey(string? Id, RSAParameters Parameters);

    private sealed record SigningKeys(string Issuer, IReadOnlyList<SigningKey> Keys, DateTimeOffset LoadedAt);
}
