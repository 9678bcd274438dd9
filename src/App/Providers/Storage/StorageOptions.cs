namespace AiScheduler.Functions.Providers.Storage;

/// <summary>Settings under <c>Storage:</c>: where blobs and queue messages live.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>
    /// <c>local</c> (embedded default: a folder for blobs, a table in the data store for queues) or <c>azure</c>
    /// (Azure Blob Storage and Storage Queues, or Azurite, through <see cref="ConnectionString"/>).
    /// </summary>
    public string Provider { get; set; } = "local";

    /// <summary>
    /// For <c>azure</c>: <c>UseDevelopmentStorage=true</c> (Azurite on its default ports), the account's
    /// <c>DefaultEndpointsProtocol=...;AccountName=...;AccountKey=...</c> string (Shared Key), or one without
    /// <c>AccountKey</c> (e.g. <c>AccountName=...</c> or <c>BlobEndpoint=...;QueueEndpoint=...</c>) to sign in with
    /// Entra ID through Azure.Identity.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>For Entra ID: the client id of a user-assigned managed identity; empty uses DefaultAzureCredential's chain.</summary>
    public string? ManagedIdentityClientId { get; set; }

    public BlobSettings Blobs { get; set; } = new();

    public QueueSettings Queues { get; set; } = new();

    internal StorageProvider ParsedProvider => Provider?.Trim().ToUpperInvariant() switch
    {
        "LOCAL" or "EMBEDDED" => StorageProvider.Local,
        "AZURE" => StorageProvider.Azure,
        _ => throw new InvalidOperationException($"Storage:Provider '{Provider}' is not supported; use 'local' or 'azure'."),
    };

    public sealed class BlobSettings
    {
        /// <summary>Folder of the local blob store (relative paths are under the working directory).</summary>
        public string Directory { get; set; } = ".data/blobs";

        /// <summary>Blob container on Azure (created when missing).</summary>
        public string Container { get; set; } = "aischeduler";

        /// <summary>
        /// Uploads are sent in blocks of this size (Put Block + Put Block List); a stream that fits in one block is sent
        /// with a single Put Blob. Also the most an upload holds in memory at once.
        /// </summary>
        public int BlockSizeBytes { get; set; } = 4 * 1024 * 1024;
    }

    public sealed class QueueSettings
    {
        /// <summary>The queue uploaded lead files are announced on.</summary>
        public string LeadImports { get; set; } = "lead-imports";
    }
}

internal enum StorageProvider
{
    Local,
    Azure,
}
