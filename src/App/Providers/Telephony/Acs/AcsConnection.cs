using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Azure.Core;

namespace AiScheduler.Functions.Providers.Telephony;

/// <summary>
/// Where the ACS resource is and how requests to it are authenticated: HMAC-SHA256 with the access key (protocols.md
/// 1.2), or an Entra ID bearer token for https://communication.azure.com//.default.
/// </summary>
public sealed class AcsConnection
{
    private static readonly string[] Scopes = ["https://communication.azure.com//.default"];
    private readonly byte[]? accessKey;
    private readonly TokenCredential? credential;

    private AcsConnection(Uri endpoint, byte[]? accessKey, TokenCredential? credential)
    {
        Endpoint = endpoint;
        this.accessKey = accessKey;
        this.credential = credential;
    }

    public Uri Endpoint { get; }

    public static AcsConnection FromConnectionString(string connectionString) =>
        TryParse(connectionString, out var connection, out var problem) ? connection : throw new FormatException(problem);

    public static AcsConnection FromCredential(Uri endpoint, TokenCredential credential) => new(WithSlash(endpoint), null, credential);

    public static bool TryParse(string connectionString, [NotNullWhen(true)] out AcsConnection? connection, [NotNullWhen(false)] out string? problem)
    {
        connection = null;
        string? endpoint = null, key = null;
        foreach (var part in connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                continue;
            }

            var name = part[..equals];
            var value = part[(equals + 1)..];
            if (name.Equals("endpoint", StringComparison.OrdinalIgnoreCase))
            {
                endpoint = value;
            }
            else if (name.Equals("accesskey", StringComparison.OrdinalIgnoreCase))
            {
                key = value;
            }
        }

        if (endpoint is null || !Uri.TryCreate(endpoint, UriKind.Absolute, out var uri))
        {
            problem = "it needs endpoint=https://<resource>.communication.azure.com/.";
            return false;
        }

        var bytes = new byte[((key?.Length ?? 0) * 3 / 4) + 3];
        if (key is null || !Convert.TryFromBase64String(key, bytes, out var written))
        {
            problem = "it needs accesskey=<base64 key> (copy it from the resource's Keys blade).";
            return false;
        }

        connection = new AcsConnection(WithSlash(uri), bytes[..written], null);
        problem = null;
        return true;
    }

    /// <summary>Adds the authentication headers to a request whose content is already final.</summary>
    public async ValueTask AuthenticateAsync(HttpRequestMessage request, byte[] body, TimeProvider time, CancellationToken ct)
    {
        if (credential is not null)
        {
            var token = await credential.GetTokenAsync(new TokenRequestContext(Scopes), ct);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Token);
            request.Headers.TryAddWithoutValidation("x-ms-host", Endpoint.Authority);
            return;
        }

        // Recording downloads may live on another host; ACS expects them signed for its own host (sent as x-ms-host).
        var uri = request.RequestUri!;
        var host = Endpoint.Authority;
        if (!string.Equals(uri.Authority, host, StringComparison.OrdinalIgnoreCase))
        {
            request.Headers.TryAddWithoutValidation("x-ms-host", host);
        }

        var date = time.GetUtcNow().ToString("r", CultureInfo.InvariantCulture);
        var contentHash = Convert.ToBase64String(SHA256.HashData(body));
        var stringToSign = request.Method.Method.ToUpperInvariant() + "\n" + uri.PathAndQuery + "\n" + date + ";" + host + ";" + contentHash;
        var signature = Convert.ToBase64String(HMACSHA256.HashData(accessKey!, Encoding.UTF8.GetBytes(stringToSign)));
        request.Headers.TryAddWithoutValidation("x-ms-date", date);
        request.Headers.TryAddWithoutValidation("x-ms-content-sha256", contentHash);
        request.Headers.TryAddWithoutValidation("Authorization", "HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=" + signature);
    }

    private static Uri WithSlash(Uri uri) => uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
}

/// <summary>
/// The connection, available once known: immediately from configuration, or when the in-process emulator is listening.
/// </summary>
public sealed class AcsConnectionSource
{
    private readonly TaskCompletionSource<AcsConnection> connection = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public AcsConnectionSource()
    {
    }

    public AcsConnectionSource(AcsConnection known) => connection.SetResult(known);

    public void Provide(AcsConnection known) => connection.TrySetResult(known);

    public Task<AcsConnection> GetAsync(CancellationToken ct) => connection.Task.WaitAsync(ct);
}
