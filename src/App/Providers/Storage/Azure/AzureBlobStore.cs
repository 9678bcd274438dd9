using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Xml.Linq;

namespace AiScheduler.Functions.Providers.Storage.Azure;

/// <summary>
/// <see cref="IBlobStore"/> on the Blob service REST API: Put Blob, or Put Block + Put Block List for streams larger
/// than one block; Get Blob streamed; Delete Blob; List Blobs; Create Container on first use. Read links are SAS URLs:
/// a service SAS with Shared Key, a user delegation SAS with Entra ID.
/// </summary>
internal sealed class AzureBlobStore(HttpClient http, StorageAccount account, string container, int blockSizeBytes, TimeProvider clock)
    : IBlobStore
{
    private int _containerReady;
    private volatile UserDelegationKey? _delegationKey;

    public string Container => container;

    public async Task<StoredBlob> PutAsync(BlobName name, Stream content, string contentType, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentException.ThrowIfNullOrWhiteSpace(contentType);
        await EnsureContainerAsync(cancellationToken);
        var buffer = ArrayPool<byte>.Shared.Rent(blockSizeBytes);
        try
        {
            var filled = await FillAsync(content, buffer, blockSizeBytes, cancellationToken);
            if (filled < blockSizeBytes)
            {
                // Fits in one request: a single Put Blob is atomic on its own.
                using var request = new HttpRequestMessage(HttpMethod.Put, BlobUri(name));
                request.Headers.TryAddWithoutValidation("x-ms-blob-type", "BlockBlob");
                request.Content = Body(buffer, filled, contentType);
                await SendAsync(request, "Put Blob", cancellationToken);
                return new StoredBlob(name, filled, contentType, clock.GetUtcNow());
            }

            // Larger: stage blocks one buffer at a time; the blob only appears (or changes) when the list is committed.
            var blockIds = new List<string>();
            long total = 0;
            while (filled > 0)
            {
                var blockId = Convert.ToBase64String(Encoding.ASCII.GetBytes(blockIds.Count.ToString("D6", CultureInfo.InvariantCulture)));
                using var block = new HttpRequestMessage(HttpMethod.Put,
                    BlobUri(name, "comp=block&blockid=" + Uri.EscapeDataString(blockId)));
                block.Content = Body(buffer, filled, "application/octet-stream");
                await SendAsync(block, "Put Block", cancellationToken);
                blockIds.Add(blockId);
                total += filled;
                filled = await FillAsync(content, buffer, blockSizeBytes, cancellationToken);
            }

            var list = new XElement("BlockList", blockIds.Select(id => new XElement("Latest", id)));
            using var commit = new HttpRequestMessage(HttpMethod.Put, BlobUri(name, "comp=blocklist"));
            commit.Headers.TryAddWithoutValidation("x-ms-blob-content-type", contentType);
            commit.Content = Body(Encoding.UTF8.GetBytes("<?xml version=\"1.0\" encoding=\"utf-8\"?>" + list.ToString(SaveOptions.DisableFormatting)),
                "application/xml");
            await SendAsync(commit, "Put Block List", cancellationToken);
            return new StoredBlob(name, total, contentType, clock.GetUtcNow());
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public async Task<Stream?> OpenReadAsync(BlobName name, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, BlobUri(name));
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            response.Dispose();
            return null;
        }

        if (!response.IsSuccessStatusCode)
        {
            using (response)
            {
                throw await StorageRequestException.FromResponseAsync(response, "Get Blob", cancellationToken);
            }
        }

        return new ResponseStream(response, await response.Content.ReadAsStreamAsync(cancellationToken));
    }

    public async Task<bool> ExistsAsync(BlobName name, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Head, BlobUri(name));
        using var response = await http.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }

        await EnsureSuccessAsync(response, "Get Blob Properties", cancellationToken);
        return true;
    }

    public async Task<bool> DeleteAsync(BlobName name, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, BlobUri(name));
        using var response = await http.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }

        await EnsureSuccessAsync(response, "Delete Blob", cancellationToken);
        return true;
    }

    public async IAsyncEnumerable<StoredBlob> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        string? marker = null;
        do
        {
            var query = "restype=container&comp=list" +
                        (prefix.Length > 0 ? "&prefix=" + Uri.EscapeDataString(prefix) : string.Empty) +
                        (marker is null ? string.Empty : "&marker=" + Uri.EscapeDataString(marker));
            using var request = new HttpRequestMessage(HttpMethod.Get, StorageAccount.Combine(account.BlobEndpoint, container, query));
            using var response = await http.SendAsync(request, cancellationToken);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                yield break; // no container yet, so no blobs
            }

            await EnsureSuccessAsync(response, "List Blobs", cancellationToken);
            var document = XDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            var root = document.Root!;
            foreach (var blob in root.Element("Blobs")?.Elements("Blob") ?? [])
            {
                var properties = blob.Element("Properties");
                yield return new StoredBlob(
                    new BlobName((string)blob.Element("Name")!),
                    long.Parse((string?)properties?.Element("Content-Length") ?? "0", CultureInfo.InvariantCulture),
                    (string?)properties?.Element("Content-Type") ?? "application/octet-stream",
                    DateTimeOffset.Parse((string?)properties?.Element("Last-Modified") ?? "1970-01-01T00:00:00Z", CultureInfo.InvariantCulture,
                        DateTimeStyles.AssumeUniversal));
            }

            marker = (string?)root.Element("NextMarker") is { Length: > 0 } next ? next : null;
        }
        while (marker is not null);
    }

    /// <summary>
    /// A read-only SAS link: a service SAS signed with the account key, or with Entra ID a user delegation SAS signed
    /// with a delegation key fetched from the service (and reused while it covers the link's lifetime).
    /// </summary>
    public async Task<Uri?> GetReadLinkAsync(BlobName name, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        if (lifetime <= TimeSpan.Zero || lifetime > TimeSpan.FromDays(7))
        {
            throw new ArgumentOutOfRangeException(nameof(lifetime), lifetime, "A read link lives between a moment and 7 days.");
        }

        var now = clock.GetUtcNow();
        // Start a few minutes back so a downloader whose clock runs slightly behind the service is not refused.
        var start = now.AddMinutes(-5);
        var expiry = now + lifetime;
        if (account.HasSharedKey)
        {
            return BlobUri(name, SharedAccessSignature.ForBlob(account, container, name, "r", start, expiry));
        }

        var key = await DelegationKeyCoveringAsync(start, expiry, cancellationToken);
        return BlobUri(name, SharedAccessSignature.ForBlobWithDelegationKey(account, container, name, "r", start, expiry, key));
    }

    private async Task<UserDelegationKey> DelegationKeyCoveringAsync(DateTimeOffset start, DateTimeOffset expiry, CancellationToken cancellationToken)
    {
        var cached = _delegationKey;
        if (cached is not null && cached.ExpiresOn >= expiry &&
            DateTimeOffset.Parse(cached.SignedStart, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal) <= start)
        {
            return cached;
        }

        // One key serves many links: ask for a day (or the link's lifetime if longer; the service allows 7 days).
        var keyExpiry = expiry > start.AddDays(1) ? expiry : start.AddDays(1);
        var body = new XElement("KeyInfo",
            new XElement("Start", SharedAccessSignature.Format(start)),
            new XElement("Expiry", SharedAccessSignature.Format(keyExpiry)));
        using var request = new HttpRequestMessage(HttpMethod.Post,
            StorageAccount.Combine(account.BlobEndpoint, string.Empty, "restype=service&comp=userdelegationkey"));
        request.Content = Body(Encoding.UTF8.GetBytes("<?xml version=\"1.0\" encoding=\"utf-8\"?>" + body.ToString(SaveOptions.DisableFormatting)),
            "application/xml");
        using var response = await http.SendAsync(request, cancellationToken);
        await EnsureSuccessAsync(response, "Get User Delegation Key", cancellationToken);
        var root = XDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken)).Root!;
        string Field(string element) => (string?)root.Element(element)
            ?? throw new InvalidDataException($"Get User Delegation Key answered without {element}.");
        var key = new UserDelegationKey(Field("SignedOid"), Field("SignedTid"), Field("SignedStart"), Field("SignedExpiry"),
            Field("SignedService"), Field("SignedVersion"), Field("Value"));
        _delegationKey = key;
        return key;
    }

    private async Task EnsureContainerAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _containerReady) == 1)
        {
            return;
        }

        using var request = new HttpRequestMessage(HttpMethod.Put, StorageAccount.Combine(account.BlobEndpoint, container, "restype=container"));
        using var response = await http.SendAsync(request, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Conflict)
        {
            await EnsureSuccessAsync(response, "Create Container", cancellationToken);
        }

        Volatile.Write(ref _containerReady, 1);
    }

    private Uri BlobUri(BlobName name, string? query = null) =>
        StorageAccount.Combine(account.BlobEndpoint, container + "/" + StorageAccount.EscapeBlobName(name), query);

    private async Task SendAsync(HttpRequestMessage request, string operation, CancellationToken cancellationToken)
    {
        using var response = await http.SendAsync(request, cancellationToken);
        await EnsureSuccessAsync(response, operation, cancellationToken);
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, string operation, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw await StorageRequestException.FromResponseAsync(response, operation, cancellationToken);
        }
    }

    private static ByteArrayContent Body(byte[] buffer, int count, string contentType)
    {
        var content = new ByteArrayContent(buffer, 0, count);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return content;
    }

    private static ByteArrayContent Body(byte[] bytes, string contentType) => Body(bytes, bytes.Length, contentType);

    private static async Task<int> FillAsync(Stream stream, byte[] buffer, int count, CancellationToken cancellationToken)
    {
        var filled = 0;
        while (filled < count)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(filled, count - filled), cancellationToken);
            if (read == 0)
            {
                break;
            }

            filled += read;
        }

        return filled;
    }

    /// <summary>The body of a Get Blob response; disposing it releases the response and its connection.</summary>
    private sealed class ResponseStream(HttpResponseMessage response, Stream inner) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => response.Content.Headers.ContentLength ?? throw new NotSupportedException("The length is unknown.");

        public override long Position
        {
            get => throw new NotSupportedException("A blob download stream cannot seek.");
            set => throw new NotSupportedException("A blob download stream cannot seek.");
        }

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            inner.ReadAsync(buffer, cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            inner.ReadAsync(buffer, offset, count, cancellationToken);

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("A blob download stream cannot seek.");

        public override void SetLength(long value) => throw new NotSupportedException("A blob download stream is read-only.");

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("A blob download stream is read-only.");

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
                response.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
