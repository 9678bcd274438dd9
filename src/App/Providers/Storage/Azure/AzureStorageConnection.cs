using Azure.Core;

namespace AiScheduler.Functions.Providers.Storage.Azure;

/// <summary>
/// The one <see cref="HttpClient"/> the blob and queue adapters share for an account, with the authorization handler
/// in front of a pooled socket handler (connections recycled so DNS changes are picked up).
/// </summary>
internal sealed class AzureStorageConnection : IDisposable
{
    // transport: what sends the signed requests; null for a pooled SocketsHttpHandler. Tests pass one that trusts their
    // emulator's self-signed certificate.
    public AzureStorageConnection(StorageAccount account, TokenCredential? credential, TimeProvider clock, HttpMessageHandler? transport = null)
    {
        Account = account;
        Http = new HttpClient(new StorageAuthorizationHandler(account, credential, clock)
        {
            InnerHandler = transport ?? new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) },
        })
        {
            Timeout = TimeSpan.FromMinutes(5),
        };
    }

    public StorageAccount Account { get; }

    public HttpClient Http { get; }

    public void Dispose() => Http.Dispose();
}
