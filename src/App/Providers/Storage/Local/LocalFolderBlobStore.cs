using Microsoft.AspNetCore.StaticFiles;

namespace AiScheduler.Functions.Providers.Storage.Local;

/// <summary>
/// <see cref="IBlobStore"/> on a local folder (embedded default, <c>Storage:Blobs:Directory</c>). A blob is a file at
/// its name's path under the folder. Writes go to a temporary file under <c>.uploads/</c> and are renamed into place,
/// so a reader sees the old content or the new, never a torn file. Content types follow the file extension.
/// </summary>
internal sealed class LocalFolderBlobStore : IBlobStore
{
    private const string UploadsFolder = ".uploads";
    private const int CopyBufferBytes = 81920;
    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    private readonly string _root;

    public LocalFolderBlobStore(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        _root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
        Directory.CreateDirectory(Path.Combine(_root, UploadsFolder));
    }

    public string Root => _root;

    public async Task<StoredBlob> PutAsync(BlobName name, Stream content, string contentType, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var path = PathOf(name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = Path.Combine(_root, UploadsFolder, Guid.NewGuid().ToString("N") + ".partial");
        try
        {
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, CopyBufferBytes,
                             FileOptions.Asynchronous | FileOptions.SequentialScan))
            {
                await content.CopyToAsync(file, CopyBufferBytes, cancellationToken);
                await file.FlushAsync(cancellationToken);
                // Durable before the rename makes it visible: a crash must not publish a blob whose bytes never hit disk.
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception)
        {
            File.Delete(temporary);
            throw;
        }

        return Describe(name, new FileInfo(path));
    }

    public Task<Stream?> OpenReadAsync(BlobName name, CancellationToken cancellationToken)
    {
        try
        {
            // FileShare.Delete: a blob being replaced or deleted does not break a download already under way.
            Stream stream = new FileStream(PathOf(name), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, CopyBufferBytes,
                FileOptions.Asynchronous | FileOptions.SequentialScan);
            return Task.FromResult<Stream?>(stream);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return Task.FromResult<Stream?>(null);
        }
    }

    public Task<bool> ExistsAsync(BlobName name, CancellationToken cancellationToken) => Task.FromResult(File.Exists(PathOf(name)));

    public Task<bool> DeleteAsync(BlobName name, CancellationToken cancellationToken)
    {
        var path = PathOf(name);
        if (!File.Exists(path))
        {
            return Task.FromResult(false);
        }

        File.Delete(path);
        return Task.FromResult(true);
    }

    public IAsyncEnumerable<StoredBlob> ListAsync(string prefix, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        return List(prefix).ToAsyncEnumerable();
    }

    private IEnumerable<StoredBlob> List(string prefix)
    {
        var uploads = Path.Combine(_root, UploadsFolder) + Path.DirectorySeparatorChar;
        var files = Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories)
            .Where(path => !path.StartsWith(uploads, StringComparison.Ordinal))
            .Select(path => (Path: path, Name: Path.GetRelativePath(_root, path).Replace(Path.DirectorySeparatorChar, '/')))
            .Where(file => file.Name.StartsWith(prefix, StringComparison.Ordinal))
            .OrderBy(file => file.Name, StringComparer.Ordinal);
        foreach (var file in files)
        {
            var info = new FileInfo(file.Path);
            // Deleted between the directory walk and now: it is simply no longer listed.
            if (info.Exists)
            {
                yield return Describe(new BlobName(file.Name), info);
            }
        }
    }

    /// <summary>A folder has no URL to hand out; callers stream the blob through the API instead.</summary>
    public Task<Uri?> GetReadLinkAsync(BlobName name, TimeSpan lifetime, CancellationToken cancellationToken) =>
        Task.FromResult<Uri?>(null);

    private string PathOf(BlobName name)
    {
        if (name.Value.StartsWith(UploadsFolder + "/", StringComparison.Ordinal) || name.Value == UploadsFolder)
        {
            throw new ArgumentException($"Blob names may not start with '{UploadsFolder}/'; that folder holds uploads in progress.", nameof(name));
        }

        var path = Path.GetFullPath(Path.Combine(_root, name.Value.Replace('/', Path.DirectorySeparatorChar)));
        // BlobName already rules out '..'; this guards the folder against anything the platform resolves differently.
        if (!path.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Blob name '{name}' resolves outside the blob folder.", nameof(name));
        }

        return path;
    }

    private static StoredBlob Describe(BlobName name, FileInfo info) =>
        new(name, info.Length, ContentTypes.TryGetContentType(info.Name, out var type) ? type : "application/octet-stream",
            new DateTimeOffset(info.LastWriteTimeUtc, TimeSpan.Zero));
}
