using AiScheduler.Functions.Providers.Storage;
using AiScheduler.Functions.Providers.Storage.Azure;
using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.Providers.Telephony;

/// <summary>
/// The hosts a recording may be fetched from, and so the only hosts the telephony client ever sends its signed requests
/// to: the Call Automation endpoint itself (ACS or the emulator, scheme, host and port), the Azure Blob endpoint of the
/// configured storage account, Microsoft's recording storage for a real ACS resource (<c>https://*.asm.skype.com</c>),
/// and any <c>Telephony:Acs:RecordingHosts</c> listed. Everything else, whatever a RecordingFileStatusUpdated event says,
/// is refused.
/// </summary>
public sealed class RecordingSources(AcsConnectionSource connection, IOptions<TelephonyOptions> telephony, IOptions<StorageOptions> storage)
{
    /// <summary>Where ACS keeps recordings before they are downloaded (the contentLocation of a real ACS event).</summary>
    public const string AcsRecordingStorageSuffix = ".asm.skype.com";

    public async ValueTask<bool> AllowsAsync(Uri location, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(location);
        if (!location.IsAbsoluteUri || location.Scheme is not ("http" or "https") || !string.IsNullOrEmpty(location.UserInfo))
        {
            return false;
        }

        var endpoint = (await connection.GetAsync(cancellationToken)).Endpoint;
        if (SameOrigin(location, endpoint))
        {
            return true;
        }

        if (endpoint.Scheme == Uri.UriSchemeHttps && location.Scheme == Uri.UriSchemeHttps && location.IsDefaultPort
            && location.Host.EndsWith(AcsRecordingStorageSuffix, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (StorageBlobEndpoint() is { } blobs && SameOrigin(location, blobs))
        {
            return true;
        }

        return telephony.Value.Acs.RecordingHosts.Any(allowed =>
            Uri.TryCreate(allowed, UriKind.Absolute, out var origin) && SameOrigin(location, origin));
    }

    private Uri? StorageBlobEndpoint()
    {
        var settings = storage.Value;
        if (!string.Equals(settings.Provider, "azure", StringComparison.OrdinalIgnoreCase) || string.IsNullOrWhiteSpace(settings.ConnectionString))
        {
            return null;
        }

        try
        {
            return StorageAccount.Parse(settings.ConnectionString).BlobEndpoint;
        }
        catch (FormatException)
        {
            // A connection string the storage provider cannot read fails its own validation at start-up.
            return null;
        }
    }

    private static bool SameOrigin(Uri location, Uri origin) =>
        string.Equals(location.Scheme, origin.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(location.IdnHost, origin.IdnHost, StringComparison.OrdinalIgnoreCase)
        && location.Port == origin.Port;
}
