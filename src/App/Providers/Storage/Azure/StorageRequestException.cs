using System.Net;

namespace AiScheduler.Functions.Providers.Storage.Azure;

/// <summary>The storage service refused a request; carries its status and <c>x-ms-error-code</c> (e.g. <c>AuthenticationFailed</c>).</summary>
public sealed class StorageRequestException(string message, HttpStatusCode status, string? errorCode) : Exception(message)
{
    public HttpStatusCode Status { get; } = status;

    public string? ErrorCode { get; } = errorCode;

    internal static async Task<StorageRequestException> FromResponseAsync(HttpResponseMessage response, string operation,
        CancellationToken cancellationToken)
    {
        var code = response.Headers.TryGetValues("x-ms-error-code", out var values) ? values.FirstOrDefault() : null;
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var hint = code switch
        {
            "AuthenticationFailed" or "AuthorizationFailure" =>
                " Check Storage:ConnectionString (account name and key), or the identity's 'Storage Blob/Queue Data Contributor' role.",
            "InvalidHeaderValue" when body.Contains("x-ms-version", StringComparison.OrdinalIgnoreCase) =>
                " The service does not know this API version; start Azurite with --skipApiVersionCheck or update it.",
            _ => string.Empty,
        };
        var detail = body.Length > 500 ? body[..500] : body;
        return new StorageRequestException(
            $"{operation} failed with {(int)response.StatusCode} {code ?? response.ReasonPhrase}.{hint} Response: {detail}",
            response.StatusCode, code);
    }
}
