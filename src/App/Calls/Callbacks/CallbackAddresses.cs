using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using AiScheduler.Functions.Providers.Telephony;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.Calls.Callbacks;

/// <summary>
/// Builds and checks per-call callback URLs: <c>{base}api/callbacks/acs/{callId}?sig=...&amp;exp=...</c> where exp is
/// when the URL stops working (Unix seconds) and sig an HMAC of the call id and exp with the app's callback secret, so
/// any host process can verify it without a store lookup, and a URL that leaks (a log, a replayed request) is useless
/// after <see cref="TelephonyOptions.CallbackLifetime"/>. The base is <see cref="TelephonyOptions.CallbackBaseUri"/>
/// when set, otherwise the address this host listens on.
/// </summary>
public sealed class CallbackAddresses
{
    private const string Purpose = "acs-callback:";
    private readonly byte[] secret;
    private readonly Uri? configuredBase;
    private readonly TimeSpan lifetime;
    private readonly TimeProvider clock;
    private readonly IServer? server;
    private Uri? listeningBase;

    public CallbackAddresses(IOptions<TelephonyOptions> options, TimeProvider? clock = null, IServer? server = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var value = options.Value;
        configuredBase = value.CallbackBaseUri is { } set ? WithSlash(set) : null;
        lifetime = value.CallbackLifetime;
        this.clock = clock ?? TimeProvider.System;
        this.server = server;
        // The emulator needs no stable secret; a random one per process is fine there and never reaches configuration.
        secret = string.IsNullOrEmpty(value.CallbackSecret) ? RandomNumberGenerator.GetBytes(32) : Encoding.UTF8.GetBytes(value.CallbackSecret);
    }

    /// <summary>Where callbacks go: the configured base, or the address this host listens on (known once it has started).</summary>
    public Uri BaseUri => configuredBase ?? (listeningBase ??= FromListeningAddress(server));

    public Uri ForCall(string callId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(callId);
        var expires = clock.GetUtcNow().Add(lifetime).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return new Uri(BaseUri, "api/callbacks/acs/" + Uri.EscapeDataString(callId) + "?sig=" + Signature(callId, expires) + "&exp=" + expires);
    }

    /// <summary>Whether the URL's signature matches the call id and expiry, and the expiry has not passed.</summary>
    public CallbackCheck Check(string callId, string? signature, string? expires)
    {
        if (string.IsNullOrEmpty(signature) || string.IsNullOrEmpty(expires)
            || !long.TryParse(expires, NumberStyles.None, CultureInfo.InvariantCulture, out var expiresAt))
        {
            return CallbackCheck.BadSignature;
        }

        var expected = Encoding.ASCII.GetBytes(Signature(callId, expires));
        if (!CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signature)))
        {
            return CallbackCheck.BadSignature;
        }

        return clock.GetUtcNow().ToUnixTimeSeconds() > expiresAt ? CallbackCheck.Expired : CallbackCheck.Authentic;
    }

    public bool IsAuthentic(string callId, string? signature, string? expires) => Check(callId, signature, expires) == CallbackCheck.Authentic;

    private string Signature(string callId, string expires) =>
        Base64Url(HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes(Purpose + callId + "\n" + expires)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static Uri WithSlash(Uri uri) => uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");

    /// <summary>
    /// The first address the server listens on, preferring http on loopback; a wildcard host (<c>*</c>, <c>+</c>,
    /// <c>0.0.0.0</c>, <c>[::]</c>) becomes 127.0.0.1, which reaches it from this machine (the in-process emulator's case).
    /// </summary>
    internal static Uri FromListeningAddress(IServer? server)
    {
        var addresses = server?.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var candidates = addresses
            .Select(a => a.Replace("://*", "://127.0.0.1", StringComparison.Ordinal).Replace("://+", "://127.0.0.1", StringComparison.Ordinal))
            .Select(a => Uri.TryCreate(a, UriKind.Absolute, out var uri) ? uri : null)
            .OfType<Uri>()
            .Select(uri => uri.Host is "0.0.0.0" or "[::]" or "::" ? new UriBuilder(uri) { Host = "127.0.0.1" }.Uri : uri)
            .Where(uri => uri.Port != 0)
            .OrderBy(uri => uri.Scheme == Uri.UriSchemeHttp ? 0 : 1)
            .ToList();
        return candidates.Count > 0
            ? WithSlash(candidates[0])
            : throw new InvalidOperationException(
                "Telephony:CallbackBaseUri is not set and this host's listening address is not known (yet): set Telephony:CallbackBaseUri " +
                "to the address the telephony service calls back (e.g. https://app.example.com/).");
    }
}

/// <summary>The outcome of checking a callback URL.</summary>
public enum CallbackCheck
{
    Authentic,
    BadSignature,
    Expired,
}
