using System.Runtime.CompilerServices;
using Azure;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Sas;

namespace AiScheduler.Functions.Providers.Storage.Azure;

/// <summary>
/// <see cref="IBlobStore"/> on Azure.Storage.Blobs: uploads of one block go up as one Put Blob, larger streams as
/// blocks of <c>Storage:Blobs:BlockSizeBytes</c> committed with one block list (so readers never see a half-written
/// blob); the container is created on first use. Read links are SAS URLs built with <see cref="BlobSasBuilder"/>: a
/// service SAS with Shared Key, a user delegation SAS with Entra ID.
/// </summary>
internal sealed class AzureBlobStore(BlobServiceClient service, string container, int blockSizeBytes, TimeProvider clock) : IBlobStore
{
    private readonly BlobContainerClient _container = service.GetBlobContainerClient(container);
    private int _containerReady;
    private volatile UserDelegationKey? _delegationKey;

    public string Container => container;

    public async Task<StoredBlob> PutAsync(BlobName name, Stream content, string contentType, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentException.ThrowIfNullOrWhiteSpace(contentType);
        await EnsureContainerAsync(cancellationToken);
        var blob = Blob(name);
        var counting = new CountingReadStream(content);
        try
        {
            // One block in flight at a time: an upload never holds more than one block in memory.
            var uploaded = await blob.UploadAsync(counting, new BlobUploadOptions
            {
                HttpHeaders = new BlobHttpHeaders { ContentType = contentType },
                TransferOptions = new StorageTransferOptions
                {
                    InitialTransferSize = blockSizeBytes,
                    MaximumTransferSize = blockSizeBytes,
                    MaximumConcurrency = 1,
                },
            }, cancellationToken);
            return new StoredBlob(name, counting.BytesRead, contentType, uploaded.Value.LastModified);
        }
        catch (RequestFailedException ex)
        {
            throw StorageRequestException.From(ex, "Put Blob");
        }
    }

    public async Task<Stream?> OpenReadAsync(BlobName name, CancellationToken cancellationToken)
    {
        try
        {
            var download = await Blob(name).DownloadStreamingAsync(cancellationToken: cancellationToken);
            return download.Value.Content;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
        catch (RequestFailedException ex)
        {
            throw StorageRequestException.From(ex, "Get Blob");
        }
    }

    public async Task<bool> ExistsAsync(BlobName name, CancellationToken cancellationToken)
    {
        try
        {
            return (await Blob(name).ExistsAsync(cancellationToken)).Value;
        }
        catch (RequestFailedException ex)
        {
            throw StorageRequestException.From(ex, "Get Blob Properties");
        }
    }

    public async Task<bool> DeleteAsync(BlobName name, CancellationToken cancellationToken)
    {
        try
        {
            return (await Blob(name).DeleteIfExistsAsync(cancellationToken: cancellationToken)).Value;
        }
        catch (RequestFailedException ex)
        {
            throw StorageRequestException.From(ex, "Delete Blob");
        }
    }

    public async IAsyncEnumerable<StoredBlob> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var pages = _container.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix.Length > 0 ? prefix : null, cancellationToken)
            .AsPages()
            .GetAsyncEnumerator(cancellationToken);
        await using (pages)
        {
            while (true)
            {
                Page<BlobItem> page;
                try
                {
                    if (!await pages.MoveNextAsync())
                    {
                        yield break;
                    }

                    page = pages.Current;
                }
                catch (RequestFailedException ex) when (ex.ErrorCode == BlobErrorCode.ContainerNotFound)
                {
                    yield break; // no container yet, so no blobs
                }
                catch (RequestFailedException ex)
                {
                    throw StorageRequestException.From(ex, "List Blobs");
                }

                foreach (var item in page.Values)
                {
                    yield return new StoredBlob(new BlobName(item.Name), item.Properties.ContentLength ?? 0,
                        item.Properties.ContentType ?? "application/octet-stream", item.Properties.LastModified ?? DateTimeOffset.UnixEpoch);
                }
            }
        }
    }

    /// <summary>
    /// A read-only SAS link for this one blob: a service SAS signed with the account key, or with Entra ID a user
    /// delegation SAS signed with a delegation key fetched from the service (and reused while it covers the link).
    /// </summary>
    public async Task<Uri?> GetReadLinkAsync(BlobName name, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        if (lifetime <= TimeSpan.Zero || lifetime > TimeSpan.FromDays(7))
        {
            throw new ArgumentOutOfRangeException(nameof(lifetime), lifetime, "A read link lives between a moment and 7 days.");
        }

        var now = clock.GetUtcNow();
        var blob = Blob(name);
        var sas = new BlobSasBuilder
        {
            BlobContainerName = container,
            BlobName = name.Value,
            Resource = "b",
            // Start a few minutes back so a downloader whose clock runs slightly behind the service is not refused.
            StartsOn = now.AddMinutes(-5),
            ExpiresOn = now + lifetime,
        };
        sas.SetPermissions(BlobSasPermissions.Read);
        if (blob.CanGenerateSasUri)
        {
            return blob.GenerateSasUri(sas);
        }

        var key = await DelegationKeyCoveringAsync(sas.StartsOn, sas.ExpiresOn, cancellationToken);
        return new BlobUriBuilder(blob.Uri) { Sas = sas.ToSasQueryParameters(key, blob.AccountName) }.ToUri();
    }

    private async Task<UserDelegationKey> DelegationKeyCoveringAsync(DateTimeOffset start, DateTimeOffset expiry, CancellationToken cancellationToken)
    {
        var cached = _delegationKey;
        if (cached is not null && cached.SignedExpiresOn >= expiry && cached.SignedStartsOn <= start)
        {
            return cached;
        }

        // One key serves many links: ask for a day (or the link's lifetime if longer; the service allows 7 days).
        var keyExpiry = expiry > start.AddDays(1) ? expiry : start.AddDays(1);
        try
        {
            var key = (await service.GetUserDelegationKeyAsync(start, keyExpiry, cancellationToken)).Value;
            _delegationKey = key;
            return key;
        }
        catch (RequestFailedException ex)
        {
            throw StorageRequestException.From(ex, "Get User Delegation Key");
        }
    }

    private async Task EnsureContainerAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _containerReady) == 1)
        {
            return;
        }

        try
        {
            await _container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        }
        catch (RequestFailedException ex)
        {
            throw StorageRequestException.From(ex, "Create Container");
        }

        Volatile.Write(ref _containerReady, 1);
    }

    private BlobClient Blob(BlobName name) => _container.GetBlobClient(name.Value);

    /// <summary>Counts what the upload read, so the stored length is known without another request.</summary>
    private sealed class CountingReadStream(Stream inner) : Stream
    {
        public long BytesRead { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException("The upload stream's length is not known in advance.");

        public override long Position
        {
            get => BytesRead;
            set => throw new NotSupportedException("The upload stream cannot seek.");
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var read = inner.Read(buffer, offset, count);
            BytesRead += read;
            return read;
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await inner.ReadAsync(buffer, cancellationToken);
            BytesRead += read;
            return read;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("The upload stream cannot seek.");

        public override void SetLength(long value) => throw new NotSupportedException("The upload stream is read-only.");

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("The upload stream is read-only.");
    }
}
