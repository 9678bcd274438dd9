using System.Security.Cryptography;
using System.Text;
using AiScheduler.Functions.Providers.Telephony;
using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.Calls.Callbacks;

/// <summary>
/// Builds and checks per-call callback URLs: <c>{CallbackBaseUri}api/callbacks/acs/{callId}?sig=...</c> where sig is an
/// HMAC of the call id with the app's callback secret, so any host process can verify it without a store lookup.
/// </summary>
public sealed class CallbackAddresses
{
    private readonly byte[] secret;
    private readonly Uri baseUri;

    public CallbackAddresses(IOptions<TelephonyOptions> options)
    {
        var value = options.Value;
        baseUri = value.CallbackBaseUri.AbsoluteUri.EndsWith('/') ? value.CallbackBaseUri : new Uri(value.CallbackBaseUri.AbsoluteUri + "/");
        // The emulator needs no stable secret; a random one per process is fine there and never reaches configuration.
        secret = string.IsNullOrEmpty(value.CallbackSecret) ? RandomNumberGenerator.GetBytes(32) : Encoding.UTF8.GetBytes(value.CallbackSecret);
    }

    public Uri ForCall(string callId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(callId);
        return new Uri(baseUri, "api/callbacks/acs/" + Uri.EscapeDataString(callId) + "?sig=" + Signature(callId));
    }

    public bool IsAuthentic(string callId, string? signature)
    {
        if (string.IsNullOrEmpty(signature))
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Signature(callId));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signature));
    }

    private string Signature(string callId) =>
        Base64Url(HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes("acs-callback:" + callId)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
