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
    /// A user delegation SAS for one blob, signed with a key obtained through Entra ID (no account key involved). Fields
    /// of the string to sign, newline-joined: sp, st, se, canonicalized resource, skoid, sktid, skt, ske, sks, skv,
    /// saoid, suoid, scid, sip, spr, sv, sr, snapshot time, encryption scope, rscc, rscd, rsce, rscl, rsct.
    /// </summary>
    public static string ForBlobWithDelegationKey(StorageAccount account, string container, BlobName blob, string permissions,
        DateTimeOffset start, DateTimeOffset expiry, UserDelegationKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var st = Format(start);
        var se = Format(expiry);
        const string protocols = "https,http";
        var stringToSign = string.Join('\n',
            permissions, st, se, $"/blob/{account.Name}/{container}/{blob.Value}",
            key.SignedObjectId, key.SignedTenantId, key.SignedStart, key.SignedExpiry, key.SignedService, key.SignedVersion,
            string.Empty, string.Empty, string.Empty, string.Empty, protocols, Version, "b",
            string.Empty, string.Empty, string.Empty, string.Empty, string.Empty, string.Empty, string.Empty);
        var signature = SharedKeySignature.Sign(stringToSign, Convert.FromBase64String(key.Value));
        return Query(("sv", Version), ("sr", "b"), ("sp", permissions), ("st", st), ("se", se), ("spr", protocols),
            ("skoid", key.SignedObjectId), ("sktid", key.SignedTenantId), ("skt", key.SignedStart), ("ske", key.SignedExpiry),
            ("sks", key.SignedService), ("skv", key.SignedVersion), ("sig", signature));
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

    internal static string Format(DateTimeOffset instant) =>
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

/// <summary>A key from Get User Delegation Key: what the service signed for (who, when, which service) and the key itself.</summary>
internal sealed record UserDelegationKey(
    string SignedObjectId,
    string SignedTenantId,
    string SignedStart,
    string SignedExpiry,
    string SignedService,
    string SignedVersion,
    string Value)
{
    public DateTimeOffset ExpiresOn => DateTimeOffset.Parse(SignedExpiry, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    // The key signs links; it must never reach a log through the record's generated ToString.
    public override string ToString() => $"user delegation key for {SignedObjectId} until {SignedExpiry}";
}
