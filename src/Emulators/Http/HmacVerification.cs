using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace AiScheduler.Emulators.Http;

/// <summary>
/// Checks ACS HMAC-SHA256 request signatures (protocols.md 1.2) the way the service does: content hash over the exact
/// body bytes, string-to-sign over the verb, the path and query as sent, the date, the host and the hash. The date is
/// checked against <paramref name="signingClock"/> (<see cref="EmulatorOptions.SigningClock"/>: real time, like the
/// service's), not the simulation's clock.
/// </summary>
internal sealed class HmacVerification(byte[] key, bool acceptBearer, TimeProvider signingClock, EmulatorCounters counters, ILogger logger)
{
    private static readonly TimeSpan AllowedSkew = TimeSpan.FromMinutes(15);

    public static bool Protects(PathString path) =>
        path.StartsWithSegments("/calling", StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments("/v1/objects", StringComparison.OrdinalIgnoreCase);

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (!Protects(context.Request.Path))
        {
            await next(context);
            return;
        }

        var failure = await CheckAsync(context);
        if (failure is null)
        {
            await next(context);
            return;
        }

        counters.SignatureRejected();
        Log.SignatureRejected(logger, context.Request.Method, context.Request.Path, failure);
        await AcsErrorException.ToResult(HttpStatusCode.Unauthorized, "Denied", "Denied by the resource provider: " + failure).ExecuteAsync(context);
    }

    private async Task<string?> CheckAsync(HttpContext context)
    {
        var request = context.Request;
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return acceptBearer ? null : "bearer tokens are not accepted by this emulator; sign requests with the access key (HMAC-SHA256).";
        }

        const string scheme = "HMAC-SHA256 ";
        if (!authorization.StartsWith(scheme, StringComparison.Ordinal))
        {
            return "the Authorization header must be 'HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=...'.";
        }

        var parts = authorization[scheme.Length..].Split('&', 2);
        var signedHeaders = parts[0].StartsWith("SignedHeaders=", StringComparison.Ordinal) ? parts[0]["SignedHeaders=".Length..] : null;
        var signature = parts.Length == 2 && parts[1].StartsWith("Signature=", StringComparison.Ordinal) ? parts[1]["Signature=".Length..] : null;
        if (signedHeaders is null || signature is null)
        {
            return "the Authorization header lacks SignedHeaders or Signature.";
        }

        var dateHeader = signedHeaders switch
        {
            "x-ms-date;host;x-ms-content-sha256" => "x-ms-date",
            "date;host;x-ms-content-sha256" => "Date",
            _ => null,
        };
        if (dateHeader is null)
        {
            return "SignedHeaders must be x-ms-date;host;x-ms-content-sha256.";
        }

        var date = request.Headers[dateHeader].ToString();
        if (!DateTimeOffset.TryParseExact(date, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var sent)
            && !DateTimeOffset.TryParse(date, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out sent))
        {
            return $"the {dateHeader} header is missing or not an RFC 1123 date.";
        }

        if ((signingClock.GetUtcNow() - sent).Duration() > AllowedSkew)
        {
            return $"the {dateHeader} header is more than 15 minutes away from the emulator's clock.";
        }

        request.EnableBuffering();
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, context.RequestAborted);
        request.Body.Position = 0;
        var contentHash = Convert.ToBase64String(SHA256.HashData(body.ToArray()));
        if (!string.Equals(request.Headers["x-ms-content-sha256"].ToString(), contentHash, StringComparison.Ordinal))
        {
            return "x-ms-content-sha256 does not match the SHA-256 of the body that arrived.";
        }

        var pathAndQuery = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? request.Path + request.QueryString;
        // Recording downloads are signed with the ACS host and carry it in x-ms-host (the JS and Python SDKs do this).
        var hosts = new[] { request.Host.Value, request.Headers["x-ms-host"].ToString() }.Where(h => !string.IsNullOrEmpty(h)).Distinct(StringComparer.Ordinal);
        foreach (var host in hosts)
        {
            var stringToSign = request.Method.ToUpperInvariant() + "\n" + pathAndQuery + "\n" + date + ";" + host + ";" + contentHash;
            var expected = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign));
            if (TryDecode(signature, out var given) && CryptographicOperations.FixedTimeEquals(expected, given))
            {
                return null;
            }
        }

        return "the HMAC-SHA256 signature does not match; check the access key and sign VERB\\nPATH?QUERY\\nDATE;HOST;CONTENT-HASH.";
    }

    private static bool TryDecode(string base64, out byte[] bytes)
    {
        bytes = new byte[32];
        return Convert.TryFromBase64String(base64, bytes, out var written) && written == 32;
    }
}
