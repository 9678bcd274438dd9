using System.Text;
using AiScheduler.Functions.Providers.Storage;
using AiScheduler.Functions.Providers.Storage.Local;

namespace AiScheduler.Functions.Tests.Storage;

public sealed class LocalFolderBlobStoreTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "aischeduler-blobs-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly LocalFolderBlobStore _store;

    public LocalFolderBlobStoreTests() => _store = new LocalFolderBlobStore(_folder);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task A_stored_blob_reads_back_byte_for_byte_and_is_a_file_under_the_folder()
    {
        var name = new BlobName("imports/2026/leads.csv");

        var stored = await _store.PutAsync(name, new PatternStream(300_000, 7), "text/csv", Ct);
        await using var read = await _store.OpenReadAsync(name, Ct);

        Assert.NotNull(read);
        Assert.Equal((300_000L, PatternStream.Sha256(300_000, 7)), await PatternStream.HashAsync(read));
        Assert.Equal(300_000, stored.Length);
        Assert.Equal("text/csv", stored.ContentType);
        Assert.True(File.Exists(Path.Combine(_folder, "imports", "2026", "leads.csv")));
    }

    [Fact]
    public async Task Exists_delete_and_open_of_a_missing_blob_report_absence_instead_of_throwing()
    {
        var name = new BlobName("recordings/call-1.wav");
        await _store.PutAsync(name, new MemoryStream([1, 2, 3]), "audio/wav", Ct);

        Assert.True(await _store.ExistsAsync(name, Ct));
        Assert.True(await _store.DeleteAsync(name, Ct));
        Assert.False(await _store.ExistsAsync(name, Ct));
        Assert.False(await _store.DeleteAsync(name, Ct));
        Assert.Null(await _store.OpenReadAsync(name, Ct));
    }

    [Fact]
    public async Task Listing_by_prefix_returns_matching_blobs_in_name_order_and_never_uploads_in_progress()
    {
        foreach (var name in new[] { "imports/b.csv", "imports/a.csv", "recordings/x.wav", "imports-old/c.csv" })
        {
            await _store.PutAsync(new BlobName(name), new MemoryStream(Encoding.UTF8.GetBytes(name)), "text/csv", Ct);
        }

        File.WriteAllText(Path.Combine(_folder, ".uploads", "left-over.partial"), "torn");

        var imports = await _store.ListAsync("imports/", Ct).Select(blob => blob.Name.Value).ToListAsync(Ct);
        var all = await _store.ListAsync("", Ct).Select(blob => blob.Name.Value).ToListAsync(Ct);

        Assert.Equal(["imports/a.csv", "imports/b.csv"], imports);
        Assert.Equal(["imports-old/c.csv", "imports/a.csv", "imports/b.csv", "recordings/x.wav"], all);
    }

    [Fact]
    public async Task An_upload_that_fails_midway_leaves_the_previous_content_whole()
    {
        var name = new BlobName("imports/leads.csv");
        await _store.PutAsync(name, new MemoryStream(Encoding.UTF8.GetBytes("phone\n+14155550100\n")), "text/csv", Ct);

        await Assert.ThrowsAsync<IOException>(() => _store.PutAsync(name, new FailingStream(100_000), "text/csv", Ct));

        await using var read = await _store.OpenReadAsync(name, Ct);
        using var reader = new StreamReader(read!);
        Assert.Equal("phone\n+14155550100\n", await reader.ReadToEndAsync(Ct));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_folder, ".uploads")));
    }

    [Fact]
    public async Task A_reader_keeps_its_content_while_the_blob_is_replaced()
    {
        var name = new BlobName("transcripts/call-9.txt");
        await _store.PutAsync(name, new MemoryStream(Encoding.UTF8.GetBytes("first version")), "text/plain", Ct);

        await using var reader = await _store.OpenReadAsync(name, Ct);
        await _store.PutAsync(name, new MemoryStream(Encoding.UTF8.GetBytes("second version, longer")), "text/plain", Ct);

        using var text = new StreamReader(reader!);
        Assert.Equal("first version", await text.ReadToEndAsync(Ct));
    }

    [Fact]
    public async Task The_uploads_folder_cannot_be_addressed_as_a_blob()
    {
        await Assert.ThrowsAsync<ArgumentException>(() =>
            _store.PutAsync(new BlobName(".uploads/x.partial"), new MemoryStream([1]), "application/octet-stream", Ct));
    }

    [Fact]
    public async Task A_folder_hands_out_no_direct_links_so_callers_stream_instead()
    {
        var name = new BlobName("recordings/a.wav");
        await _store.PutAsync(name, new MemoryStream([1]), "audio/wav", Ct);

        Assert.Null(await _store.GetReadLinkAsync(name, TimeSpan.FromMinutes(5), Ct));
    }

    /// <summary>Yields some bytes, then fails like a dropped upload connection.</summary>
    private sealed class FailingStream(int bytesBeforeFailure) : MemoryStream(new byte[bytesBeforeFailure])
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Position >= Length ? throw new IOException("The client disconnected.") : base.ReadAsync(buffer, cancellationToken);
    }
}
