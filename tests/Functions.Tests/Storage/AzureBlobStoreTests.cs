using System.Net;
using System.Text;
using AiScheduler.Functions.Providers.Storage;
using AiScheduler.Functions.Providers.Storage.Azure;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;

namespace AiScheduler.Functions.Tests.Storage;

/// <summary>The blob adapter (Azure.Storage.Blobs) against a real Azurite, cross-checked with the official JavaScript SDK.</summary>
public sealed class AzureBlobStoreTests(AzuriteFixture azurite)
{
    private const int BlockSize = 64 * 1024;
    private readonly AzureStorageClients _clients = new(StorageAccount.Parse(azurite.ConnectionString), null);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private AzureBlobStore NewStore(string? container = null) =>
        new(_clients.Blobs, container ?? azurite.UniqueName("blobs"), BlockSize, TimeProvider.System);

    [Fact]
    public async Task A_small_blob_is_created_with_its_container_and_read_back_with_exists_list_and_delete()
    {
        var store = NewStore();
        var name = new BlobName("imports/2026/leads list.csv");

        await store.PutAsync(name, new MemoryStream(Encoding.UTF8.GetBytes("phone\n+14155550100\n")), "text/csv", Ct);

        Assert.True(await store.ExistsAsync(name, Ct));
        await using (var read = await store.OpenReadAsync(name, Ct))
        {
            using var reader = new StreamReader(read!);
            Assert.Equal("phone\n+14155550100\n", await reader.ReadToEndAsync(Ct));
        }

        var listed = Assert.Single(await store.ListAsync("imports/", Ct).ToListAsync(Ct));
        Assert.Equal(name, listed.Name);
        Assert.Equal("text/csv", listed.ContentType);
        Assert.Equal(19, listed.Length);
        Assert.True(await store.DeleteAsync(name, Ct));
        Assert.False(await store.ExistsAsync(name, Ct));
        Assert.False(await store.DeleteAsync(name, Ct));
        Assert.Null(await store.OpenReadAsync(name, Ct));
    }

    [Fact]
    public async Task A_stream_larger_than_one_block_is_uploaded_as_blocks_and_the_JavaScript_SDK_reads_it_whole()
    {
        var store = NewStore();
        var name = new BlobName("recordings/call-7/audio.wav");
        const long length = 20 * BlockSize + 12_345;

        var stored = await store.PutAsync(name, new PatternStream(length, 3), "audio/wav", Ct);
        var sdk = await StorageCompatScript.RunAsync(azurite.ConnectionString, Ct, "read-blob", store.Container, name.Value);
        var committedBlocks = await CommittedBlockCountAsync(store.Container, name);

        Assert.Equal(length, stored.Length);
        Assert.Equal(length, sdk.GetProperty("length").GetInt64());
        Assert.Equal(PatternStream.Sha256(length, 3), sdk.GetProperty("sha256").GetString());
        Assert.Equal("audio/wav", sdk.GetProperty("contentType").GetString());
        Assert.Equal(21, committedBlocks);
    }

    [Fact]
    public async Task A_blob_the_JavaScript_SDK_uploaded_in_blocks_streams_back_through_our_adapter()
    {
        var store = NewStore();
        const int length = 1_000_003;

        var written = await StorageCompatScript.RunAsync(azurite.ConnectionString, Ct,
            "write-blob", store.Container, "uploads/from-sdk.bin", length.ToString(System.Globalization.CultureInfo.InvariantCulture), "11",
            "application/octet-stream");
        await using var read = await store.OpenReadAsync(new BlobName("uploads/from-sdk.bin"), Ct);

        Assert.Equal((length, written.GetProperty("sha256").GetString()!), await PatternStream.HashAsync(read!));
        Assert.Equal(["uploads/from-sdk.bin"], await store.ListAsync("uploads/", Ct).Select(b => b.Name.Value).ToListAsync(Ct));
    }

    [Fact]
    public async Task The_JavaScript_SDK_lists_what_we_wrote_by_prefix()
    {
        var store = NewStore();
        foreach (var name in new[] { "transcripts/b.txt", "transcripts/a.txt", "recordings/a.wav" })
        {
            await store.PutAsync(new BlobName(name), new MemoryStream([1, 2]), "text/plain", Ct);
        }

        var sdk = await StorageCompatScript.RunAsync(azurite.ConnectionString, Ct, "list-blobs", store.Container, "transcripts/");

        Assert.Equal(["transcripts/a.txt", "transcripts/b.txt"], sdk.GetProperty("names").EnumerateArray().Select(n => n.GetString()));
    }

    [Fact]
    public async Task A_read_link_downloads_over_plain_HTTP_without_credentials_and_grants_nothing_else()
    {
        var store = NewStore();
        var name = new BlobName("recordings/call 12.wav");
        await store.PutAsync(name, new PatternStream(150_000, 5), "audio/wav", Ct);

        var link = await store.GetReadLinkAsync(name, TimeSpan.FromMinutes(10), Ct);
        using var anonymous = new HttpClient();
        using var download = await anonymous.GetAsync(link, Ct);
        var sdk = await StorageCompatScript.RunAsync(string.Empty, Ct, "read-url", link!.AbsoluteUri);
        using var overwrite = new HttpRequestMessage(HttpMethod.Put, link) { Content = new ByteArrayContent([1]) };
        overwrite.Headers.Add("x-ms-blob-type", "BlockBlob");
        using var write = await anonymous.SendAsync(overwrite, Ct);
        var otherBlob = new Uri(link.AbsoluteUri.Replace("call%2012.wav", "other.wav", StringComparison.Ordinal));
        using var other = await anonymous.GetAsync(otherBlob, Ct);

        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal((150_000L, PatternStream.Sha256(150_000, 5)), await PatternStream.HashAsync(await download.Content.ReadAsStreamAsync(Ct)));
        Assert.Equal(PatternStream.Sha256(150_000, 5), sdk.GetProperty("sha256").GetString());
        Assert.Contains("sp=r", link.Query, StringComparison.Ordinal);
        Assert.Contains("sr=b", link.Query, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
    }

    [Fact]
    public async Task An_expired_read_link_is_refused()
    {
        var store = NewStore();
        var name = new BlobName("recordings/old.wav");
        await store.PutAsync(name, new MemoryStream([1, 2, 3]), "audio/wav", Ct);
        var past = new ManualClock(DateTimeOffset.UtcNow.AddHours(-2));
        var pastStore = new AzureBlobStore(_clients.Blobs, store.Container, BlockSize, past);

        var link = await pastStore.GetReadLinkAsync(name, TimeSpan.FromMinutes(15), Ct);
        using var anonymous = new HttpClient();
        using var response = await anonymous.GetAsync(link, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task A_wrong_account_key_fails_with_a_message_that_points_at_the_connection_string()
    {
        var wrong = StorageAccount.Parse(azurite.ConnectionString) with { Key = new byte[64] };
        var clients = new AzureStorageClients(wrong, null);
        var store = new AzureBlobStore(clients.Blobs, azurite.UniqueName("denied"), BlockSize, TimeProvider.System);

        var error = await Assert.ThrowsAsync<StorageRequestException>(() =>
            store.PutAsync(new BlobName("x.txt"), new MemoryStream([1]), "text/plain", Ct));

        Assert.Equal(HttpStatusCode.Forbidden, error.Status);
        Assert.Contains("Storage:ConnectionString", error.Message, StringComparison.Ordinal);
    }

    private async Task<int> CommittedBlockCountAsync(string container, BlobName name)
    {
        var blob = _clients.Blobs.GetBlobContainerClient(container).GetBlockBlobClient(name.Value);
        var list = await blob.GetBlockListAsync(BlockListTypes.Committed, cancellationToken: Ct);
        return list.Value.CommittedBlocks.Count();
    }
}
