using System.Net;
using System.Text;
using AiScheduler.Functions.Providers.Storage;
using AiScheduler.Functions.Providers.Storage.Azure;

namespace AiScheduler.Functions.Tests.Storage;

/// <summary>The Entra ID path (no account key) against Azurite over HTTPS with OAuth: bearer tokens and user delegation SAS.</summary>
public sealed class EntraIdStorageTests(AzuriteOAuthFixture azurite) : IClassFixture<AzuriteOAuthFixture>
{
    private readonly AzureStorageClients _clients =
        new(StorageAccount.Parse(azurite.EntraConnectionString), azurite.Credential, azurite.TrustingTransport());

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Blobs_and_queues_work_with_a_bearer_token_for_the_storage_scope_fetched_once_per_service()
    {
        var before = azurite.Credential.Issued;
        var blobs = new AzureBlobStore(_clients.Blobs, azurite.UniqueName("entra"), 64 * 1024, TimeProvider.System);
        var queue = new AzureStorageQueue(_clients.Queues, TimeProvider.System);
        var queueName = new QueueName(azurite.UniqueName("entra-jobs"));

        await blobs.PutAsync(new BlobName("imports/leads.csv"), new MemoryStream(Encoding.UTF8.GetBytes("phone\n")), "text/csv", Ct);
        await using var read = await blobs.OpenReadAsync(new BlobName("imports/leads.csv"), Ct);
        using var reader = new StreamReader(read!);
        await queue.EnqueueAsync(queueName, "import", TimeSpan.Zero, Ct);
        var message = Assert.Single(await queue.ReceiveAsync(queueName, 1, TimeSpan.FromSeconds(30), Ct));

        Assert.Equal("phone\n", await reader.ReadToEndAsync(Ct));
        Assert.Equal("import", message.Text);
        Assert.True(await queue.DeleteAsync(queueName, message, Ct));
        Assert.Equal(["https://storage.azure.com/.default"], azurite.Credential.RequestedScopes);
        // The SDK's bearer token policy caches the token per service client: one for blobs, one for queues, across
        // the seven requests above.
        Assert.True(azurite.Credential.Issued - before <= 2, "The token should be cached across requests.");
    }

    [Fact]
    public async Task Without_an_account_key_a_read_link_is_a_user_delegation_SAS_that_downloads_without_credentials()
    {
        var blobs = new AzureBlobStore(_clients.Blobs, azurite.UniqueName("udk"), 64 * 1024, TimeProvider.System);
        var name = new BlobName("recordings/call-3.wav");
        await blobs.PutAsync(name, new PatternStream(200_000, 4), "audio/wav", Ct);

        var link = await blobs.GetReadLinkAsync(name, TimeSpan.FromMinutes(10), Ct);
        var second = await blobs.GetReadLinkAsync(name, TimeSpan.FromMinutes(5), Ct);
        using var anonymous = new HttpClient(azurite.TrustingTransport());
        using var download = await anonymous.GetAsync(link, Ct);
        using var tampered = await anonymous.GetAsync(new Uri(link!.AbsoluteUri.Replace("sp=r", "sp=rw", StringComparison.Ordinal)), Ct);

        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal((200_000L, PatternStream.Sha256(200_000, 4)), await PatternStream.HashAsync(await download.Content.ReadAsStreamAsync(Ct)));
        Assert.Contains("skoid=" + EmulatorTokenCredential.ObjectId, link.Query, StringComparison.Ordinal);
        Assert.Contains("skoid=", second!.Query, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, tampered.StatusCode);
    }
}
