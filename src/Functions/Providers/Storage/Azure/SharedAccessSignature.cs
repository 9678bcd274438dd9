using System.Globalization;
using System.Text;

namespace AiScheduler.Functions.Providers.Storage.Azure;

/// <summary>
/// Shared access signatures signed with the account key, in the 2020-12-06+ string-to-sign layouts: a service SAS for
/// one blob (short-lived download links) and an account SAS (tools and tests that need a scoped token for a while).
/// </summary>
internal static class SharedAccessSignature
{
    public const string Version = StorageAuthorizationHandler.ServiceVersion;

    /// <summary>
    /// Query string (without '?') granting <paramref name="permissions"/> on one blob from <paramref name="start"/> to
    /// <paramref name="expiry"/>. Fields of the string to sign, newline-joined: sp, st, se, canonicalized resource, si,
    /// sip, spr, sv, sr, snapshot time, encryption scope, rscc, rscd, rsce, rscl, rsct.
    /// </summary>
    public static string ForBlob(StorageAccount account, string container, BlobName blob, string permissions,
        DateTimeOffset start, DateTimeOffset expiry)
    {
        var key = account.Key ?? throw new InvalidOperationException("A service SAS needs the account key.");
        var st = Format(start);
        var se = Format(expiry);
        const string protocols = "https,http";
        var stringToSign = string.Join('\n',
            permissions, st, se, $"/blob/{account.Name}/{container}/{blob.Value}", string.Empty, string.Empty, protocols,
            Version, "b", string.Empty, string.Empty, string.Empty, string.Empty, string.Empty, string.Empty, string.Empty);
        var signature = SharedKeySignature.Sign(stringToSign, key);
        return Query(("sv", Version), ("sr", "b"), ("sp", permissions), ("st", st), ("se", se), ("spr", protocols), ("sig", signature));
    }

    /// <summary>
    /// Query string for an account SAS: services <paramref name="services"/> (b, q, t, f), resource types
    /// <paramref name="resourceTypes"/> (s, c, o). String to sign: account, sp, ss, srt, st, se, sip, spr, sv, ses, and a
    /// final newline.
    /// </summary>
    public static string ForAccount(StorageAccount account, string services, string resourceTypes, string permissions,
        DateTimeOffset start, DateTimeOffset expiry)
    {
        var key = account.Key ?? throw new InvalidOperationException("An account SAS needs the account key.");
        var st = Format(start);
        var se = Format(expiry);
        const string protocols = "https,http";
        var stringToSign = string.Join('\n',
            account.Name, permissions, services, resourceTypes, st, se, string.Empty, protocols, Version, string.Empty, string.Empty);
        var signature = SharedKeySignature.Sign(stringToSign, key);
        return Query(("sv", Version), ("ss", services), ("srt", resourceTypes), ("sp", permissions), ("st", st), ("se", se),
            ("spr", protocols), ("sig", signature));
    }

    private static string Format(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Query(params (string Name, string Value)[] parameters)
    {
        var builder = new StringBuilder();
        foreach (var (name, value) in parameters)
        {
            builder.Append(builder.Length == 0 ? string.Empty : "&").Append(name).Append('=').Append(Uri.EscapeDataString(value));
        }

        return builder.ToString();
    }
}
