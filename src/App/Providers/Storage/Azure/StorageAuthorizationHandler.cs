using System.Globalization;
using System.Net.Http.Headers;
using Azure.Core;

namespace AiScheduler.Functions.Providers.Storage.Azure;

/// <summary>
/// Stamps every storage request with the service version and date, then authorizes it: Shared Key when the account
/// has a key (Azurite, key-based accounts), otherwise an Entra ID bearer token for <c>https://storage.azure.com</c>.
/// Signing happens here, as the last step before sending, so the signature covers exactly what goes on the wire.
/// </summary>
internal sealed class StorageAuthorizationHandler : DelegatingHandler
{
    /// <summary>The REST version every request asks for (supported by Azure and by Azurite 3.35+).</summary>
    public const string ServiceVersion = "2025-05-05";

    private static readonly string[] Scopes = ["https://storage.azure.com/.default"];

    private readonly StorageAccount _account;
    private readonly TokenCredential? _credential;
    private readonly TimeProvider _clock;
    private readonly SemaphoreSlim _tokenLock = new(1, 1);
    private AccessToken _token;

    public StorageAuthorizationHandler(StorageAccount account, TokenCredential? credential, TimeProvider clock)
    {
        _account = account;
        _credential = credential;
        _clock = clock;
        if (!account.HasSharedKey && credential is null)
        {
            throw new ArgumentException("An account without a Shared Key needs a token credential for Entra ID sign-in.", nameof(credential));
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Remove("x-ms-date");
        request.Headers.Remove("x-ms-version");
        request.Headers.TryAddWithoutValidation("x-ms-date", _clock.GetUtcNow().ToString("R", CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation("x-ms-version", ServiceVersion);
        if (_account.Key is { } key)
        {
            var signature = SharedKeySignature.Sign(SharedKeySignature.StringToSign(request, _account.Name), key);
            request.Headers.Authorization = new AuthenticationHeaderValue("SharedKey", $"{_account.Name}:{signature}");
        }
        else
        {
            var token = await GetTokenAsync(cancellationToken);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await base.SendAsync(request, cancellationToken);
    }

    private async Task<string> GetTokenAsync(CancellationToken cancellationToken)
    {
        // Refresh five minutes early so a request never leaves with a token that expires in flight.
        if (_token.ExpiresOn - _clock.GetUtcNow() > TimeSpan.FromMinutes(5))
        {
            return _token.Token;
        }

        await _tokenLock.WaitAsync(cancellationToken);
        try
        {
            if (_token.ExpiresOn - _clock.GetUtcNow() <= TimeSpan.FromMinutes(5))
            {
                _token = await _credential!.GetTokenAsync(new TokenRequestContext(Scopes), cancellationToken);
            }

            return _token.Token;
        }
        finally
        {
            _tokenLock.Release();
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _tokenLock.Dispose();
        }

        base.Dispose(disposing);
    }
}
