using System.Net;
using Azure;

namespace AiScheduler.Functions.Providers.Storage.Azure;

/// <summary>The storage service refused a request; carries its status and error code (e.g. <c>AuthenticationFailed</c>).</summary>
public sealed class StorageRequestException(string message, HttpStatusCode status, string? errorCode, Exception? inner = null)
    : Exception(message, inner)
{
    public HttpStatusCode Status { get; } = status;

    public string? ErrorCode { get; } = errorCode;

    /// <summary>The SDK's failure as this adapter's, with a hint naming the setting to check for the common causes.</summary>
    internal static StorageRequestException From(RequestFailedException error, string operation)
    {
        var hint = error.ErrorCode switch
        {
            "AuthenticationFailed" or "AuthorizationFailure" or "AuthorizationPermissionMismatch" =>
                " Check Storage:ConnectionString (account name and key), or the identity's 'Storage Blob/Queue Data Contributor' role.",
            "InvalidHeaderValue" when error.Message.Contains("x-ms-version", StringComparison.OrdinalIgnoreCase) =>
                " The service does not know this API version; start Azurite with --skipApiVersionCheck or update it.",
            _ => string.Empty,
        };
        var firstLine = error.Message.Split('\n', 2)[0].Trim();
        return new StorageRequestException(
            $"{operation} failed with {error.Status} {error.ErrorCode ?? "(no error code)"}.{hint} Response: {firstLine}",
            (HttpStatusCode)error.Status, error.ErrorCode, error);
    }
}
