namespace AiScheduler.Functions.Providers.Storage;

/// <summary>
/// Where uploads, recordings and transcripts are kept: a local folder on the embedded default, Azure Blob Storage
/// (Azurite locally) on the scale-out stack. Names are <see cref="BlobName"/>s relative to the configured container.
/// </summary>
public interface IBlobStore
{
    /// <summary>
    /// Stores <paramref name="content"/> under <paramref name="name"/>, replacing any blob of that name. The stream is
    /// read once, front to back, in bounded chunks, so files of any size never sit whole in memory. Readers never see
    /// a half-written blob.
    /// </summary>
    Task<StoredBlob> PutAsync(BlobName name, Stream content, string contentType, CancellationToken cancellationToken);

    /// <summary>Opens the blob for streaming, or returns null when there is no such blob.</summary>
    Task<Stream?> OpenReadAsync(BlobName name, CancellationToken cancellationToken);

    Task<bool> ExistsAsync(BlobName name, CancellationToken cancellationToken);

    /// <summary>Deletes the blob; false when it did not exist.</summary>
    Task<bool> DeleteAsync(BlobName name, CancellationToken cancellationToken);

    /// <summary>Every blob whose name starts with <paramref name="prefix"/> (empty for all), in name order.</summary>
    IAsyncEnumerable<StoredBlob> ListAsync(string prefix, CancellationToken cancellationToken);

    /// <summary>
    /// A link anyone holding it can download the blob from until <paramref name="lifetime"/> (at most 7 days) has passed
    /// (a read-only SAS on Azure), or null when this store cannot hand out direct links (the local folder): stream the
    /// blob with <see cref="OpenReadAsync"/> instead.
    /// </summary>
    Task<Uri?> GetReadLinkAsync(BlobName name, TimeSpan lifetime, CancellationToken cancellationToken);
}

/// <summary>What a store knows about one blob.</summary>
public sealed record StoredBlob(BlobName Name, long Length, string ContentType, DateTimeOffset LastModified);

/// <summary>
/// A blob's name inside the container: '/'-separated segments such as <c>imports/2026/leads.csv</c>. Rejects anything
/// that could step outside the container or folder (<c>..</c>, <c>.</c>, empty segments, a leading '/', backslashes,
/// control characters), so a name taken from a request can never reach another file.
/// </summary>
public readonly record struct BlobName
{
    public const int MaxLength = 1024;

    public BlobName(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length is 0 or > MaxLength)
        {
            throw new ArgumentException($"A blob name has 1 to {MaxLength} characters; got {value.Length}.", nameof(value));
        }

        if (value.Contains('\\', StringComparison.Ordinal) || value.Any(char.IsControl))
        {
            throw new ArgumentException("A blob name may not contain backslashes or control characters; separate folders with '/'.", nameof(value));
        }

        foreach (var segment in value.Split('/'))
        {
            if (segment.Length == 0 || segment is "." or "..")
            {
                throw new ArgumentException(
                    $"Blob name '{value}' has an empty, '.' or '..' segment; use a relative name such as 'imports/leads.csv'.",
                    nameof(value));
            }
        }

        Value = value;
    }

    public string Value { get; }

    public override string ToString() => Value;
}
