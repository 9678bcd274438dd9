using Azure.Core;

namespace AiScheduler.Functions.Providers.Storage.Azure;

/// <summary>
/// The one <see cref="HttpClient"/> the blob and queue adapters share for an account, with the authorization handler
/// in front of a pooled socket handler (connections recycled so DNS changes are picked up).
/// </summary>
internal sealed class AzureStorageConnection : IDisposable
{
    public AzureStorageConnection(StorageAccount account, TokenCredential? credential, TimeProvider clock)
    {
        Account = account;
        Http = new HttpClient(new StorageAuthorizationHandler(account, credential, clock)
        {
            InnerHandler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) },
        })
        {
            Timeout = TimeSpan.FromMinutes(5),
        };
    }

    public StorageAccount Account { get; }

    public HttpClient Http { get; }

    public void Dispose() => Http.Dispose();
}
