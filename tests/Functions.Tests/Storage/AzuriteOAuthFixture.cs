using System.Globalization;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Azure.Core;

namespace AiScheduler.Functions.Tests.Storage;

/// <summary>
/// A second Azurite serving HTTPS with basic OAuth, for the Entra ID path: bearer tokens instead of Shared Key, and
/// user delegation SAS links. Entra itself cannot run here, so <see cref="Credential"/> mints tokens with the claims
/// Azurite checks (audience, issuer, lifetime, object and tenant ids); Azurite does not verify their signature.
/// </summary>
public sealed class AzuriteOAuthFixture : AzuriteFixture
{
    protected override bool OAuth => true;

    /// <summary>No AccountKey: the adapters must sign in with a token credential.</summary>
    public string EntraConnectionString => string.Create(CultureInfo.InvariantCulture,
        $"BlobEndpoint=https://127.0.0.1:{BlobPort}/devstoreaccount1;QueueEndpoint=https://127.0.0.1:{QueuePort}/devstoreaccount1;");

    public EmulatorTokenCredential Credential { get; } = new();

    /// <summary>A transport that trusts exactly this instance's self-signed certificate and nothing else unverified.</summary>
    public HttpMessageHandler TrustingTransport() => new SocketsHttpHandler
    {
        SslOptions = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                errors == SslPolicyErrors.None ||
                (certificate is not null && Certificate is not null &&
                 certificate.GetCertHashString() == Certificate.GetCertHashString()),
        },
    };
}

/// <summary>Stands in for Azure.Identity against the emulator: tokens for <c>https://storage.azure.com</c>, counted.</summary>
public sealed class EmulatorTokenCredential : TokenCredential
{
    public const string ObjectId = "6f1c4b2e-8a8d-4c57-9d0e-2b1c9a7e5f10";
    public const string TenantId = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    private int _issued;

    public int Issued => _issued;

    public IReadOnlyList<string> RequestedScopes { get; private set; } = [];

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _issued);
        RequestedScopes = requestContext.Scopes;
        // Real time: Azurite checks the token's nbf/exp, and Azure.Core its expiry, against the machine's clock.
        var now = DateTimeOffset.UtcNow;
        var header = Base64Url("""{"alg":"RS256","typ":"JWT"}""");
        var payload = Base64Url(JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["aud"] = "https://storage.azure.com",
            ["iss"] = $"https://sts.windows.net/{TenantId}/",
            ["nbf"] = now.AddMinutes(-5).ToUnixTimeSeconds(),
            ["iat"] = now.AddMinutes(-5).ToUnixTimeSeconds(),
            ["exp"] = now.AddHours(1).ToUnixTimeSeconds(),
            ["oid"] = ObjectId,
            ["tid"] = TenantId,
        }));
        return new AccessToken($"{header}.{payload}.{Base64Url("not-verified-by-azurite")}", now.AddHours(1));
    }

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        ValueTask.FromResult(GetToken(requestContext, cancellationToken));

    private static string Base64Url(string text) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
