using System.Data.Common;

namespace AiScheduler.Functions.Providers.Storage.Azure;

/// <summary>
/// A storage account as a connection string describes it: name, Shared Key (absent for Entra ID sign-in) and the blob
/// and queue endpoints. Endpoints of Azurite are path-style (<c>http://127.0.0.1:10000/devstoreaccount1</c>), Azure's
/// are host-style (<c>https://name.blob.core.windows.net</c>). <see cref="AzureStorageClients"/> turns it into the SDK's
/// service clients with the matching credential.
/// </summary>
internal sealed record StorageAccount(string Name, byte[]? Key, Uri BlobEndpoint, Uri QueueEndpoint)
{
    public const string DevelopmentAccountName = "devstoreaccount1";

    // The well-known key Azurite and the old storage emulator accept; public by design, not a secret.
    public const string DevelopmentAccountKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    public bool HasSharedKey => Key is not null;

    /// <summary>Parses the standard connection-string forms; the message of a <see cref="FormatException"/> says what is missing.</summary>
    public static StorageAccount Parse(string connectionString)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        var builder = new DbConnectionStringBuilder();
        try
        {
            builder.ConnectionString = connectionString;
        }
        catch (ArgumentException ex)
        {
            throw new FormatException($"it is not a 'Key=Value;...' connection string ({ex.Message}).", ex);
        }

        string? Get(string key) => builder.TryGetValue(key, out var value) ? Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) : null;

        if (string.Equals(Get("UseDevelopmentStorage"), "true", StringComparison.OrdinalIgnoreCase))
        {
            var proxy = Get("DevelopmentStorageProxyUri") is { Length: > 0 } proxyText ? new Uri(proxyText) : new Uri("http://127.0.0.1");
            return new StorageAccount(DevelopmentAccountName, Convert.FromBase64String(DevelopmentAccountKey),
                new Uri($"{proxy.Scheme}://{proxy.Host}:10000/{DevelopmentAccountName}"),
                new Uri($"{proxy.Scheme}://{proxy.Host}:10001/{DevelopmentAccountName}"));
        }

        var keyText = Get("AccountKey");
        byte[]? key = null;
        if (!string.IsNullOrEmpty(keyText))
        {
            try
            {
                key = Convert.FromBase64String(keyText);
            }
            catch (FormatException ex)
            {
                throw new FormatException("AccountKey is not base64; copy the key from the storage account's access keys.", ex);
            }
        }

        var protocol = Get("DefaultEndpointsProtocol") ?? "https";
        var suffix = Get("EndpointSuffix") ?? "core.windows.net";
        var name = Get("AccountName");
        var blob = Endpoint(Get("BlobEndpoint"), "BlobEndpoint") ?? (name is null ? null : new Uri($"{protocol}://{name}.blob.{suffix}"));
        var queue = Endpoint(Get("QueueEndpoint"), "QueueEndpoint") ?? (name is null ? null : new Uri($"{protocol}://{name}.queue.{suffix}"));
        if (blob is null || queue is null)
        {
            throw new FormatException(
                "it names neither AccountName nor both BlobEndpoint and QueueEndpoint; use 'UseDevelopmentStorage=true' for Azurite or " +
                "'DefaultEndpointsProtocol=https;AccountName=...;AccountKey=...;EndpointSuffix=core.windows.net'.");
        }

        // Path-style endpoints (Azurite, custom domains in front of it) carry the account as their first path segment.
        name ??= blob.AbsolutePath.Trim('/') is { Length: > 0 } path ? path.Split('/')[0] : blob.Host.Split('.')[0];
        return new StorageAccount(name, key, blob, queue);
    }

    private static Uri? Endpoint(string? text, string setting)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (!Uri.TryCreate(text.TrimEnd('/'), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new FormatException($"{setting} '{text}' is not an absolute http(s) URL.");
        }

        return uri;
    }

    public override string ToString() => $"{Name} ({BlobEndpoint}, {QueueEndpoint}, {(HasSharedKey ? "Shared Key" : "Entra ID")})";
}
