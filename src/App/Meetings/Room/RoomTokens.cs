using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using AiScheduler.Functions.Meetings.Booking;
using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.Meetings.Room;

/// <summary>Who a room link lets in: the lead (who answers the AI) or a sales rep (who listens and sees the analysis).</summary>
public static class RoomRole
{
    public const string Lead = "lead";
    public const string Rep = "rep";

    public static bool IsKnown(string role) => role is Lead or Rep;
}

/// <summary>What a valid room token grants: one meeting, one role, until a time.</summary>
public sealed record RoomGrant(Guid MeetingId, string Role, DateTimeOffset ExpiresAt);

/// <summary>Why a room token was refused, in words a person opening the link can act on.</summary>
public enum RoomTokenProblem
{
    None,
    Missing,
    Malformed,
    BadSignature,
    Expired,
    OtherMeeting,
}

/// <summary>
/// Signs and checks room links' tokens: <c>base64url("v1:{meetingId}:{role}:{expiresUnix}") + "." +
/// base64url(HMAC-SHA256)</c>. Nothing in the token is secret; the MAC makes it unforgeable and the expiry (some hours
/// after the meeting's end, <c>Meetings:Room:LinkHoursAfterEnd</c>) makes an old invite stop opening the room.
/// </summary>
public sealed class RoomTokens(RoomSigningKey key, IOptions<RoomOptions> options, IOptions<BookingOptions> booking, TimeProvider clock)
{
    private const string Version = "v1";

    /// <summary>When a link for a meeting ending at <paramref name="endUtc"/> stops working.</summary>
    public DateTimeOffset ExpiryFor(DateTimeOffset endUtc) => endUtc.ToUniversalTime().AddHours(options.Value.LinkHoursAfterEnd);

    public async Task<string> SignAsync(Guid meetingId, string role, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        if (!RoomRole.IsKnown(role))
        {
            throw new ArgumentException($"'{role}' is not a room role; use {RoomRole.Lead} or {RoomRole.Rep}", nameof(role));
        }

        var payload = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $"{Version}:{meetingId:N}:{role}:{expiresAt.ToUnixTimeSeconds()}"));
        var mac = HMACSHA256.HashData(await key.GetAsync(cancellationToken), payload);
        return Base64Url.EncodeToString(payload) + "." + Base64Url.EncodeToString(mac);
    }

    /// <summary>
    /// The link <c>{base}{meetingId}?t={token}</c> for a meeting ending at <paramref name="endUtc"/> (base:
    /// <c>Booking:JoinUrlBase</c>, which ends in <c>/meet/</c>).
    /// </summary>
    public async Task<string> LinkAsync(Guid meetingId, string role, DateTimeOffset endUtc, CancellationToken cancellationToken)
    {
        var token = await SignAsync(meetingId, role, ExpiryFor(endUtc), cancellationToken);
        return new Uri(booking.Value.JoinUrlBase, meetingId.ToString("D")) + "?t=" + token;
    }

    /// <summary>Checks <paramref name="token"/>; when <paramref name="meetingId"/> is given the token must be for that meeting.</summary>
    public async Task<(RoomGrant? Grant, RoomTokenProblem Problem)> CheckAsync(string? token, Guid? meetingId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(token))
        {
            return (null, RoomTokenProblem.Missing);
        }

        var dot = token.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || token.Length > 512)
        {
            return (null, RoomTokenProblem.Malformed);
        }

        byte[] payload;
        byte[] mac;
        try
        {
            payload = Base64Url.DecodeFromChars(token.AsSpan(0, dot));
            mac = Base64Url.DecodeFromChars(token.AsSpan(dot + 1));
        }
        catch (FormatException)
        {
            return (null, RoomTokenProblem.Malformed);
        }

        var expected = HMACSHA256.HashData(await key.GetAsync(cancellationToken), payload);
        if (!CryptographicOperations.FixedTimeEquals(expected, mac))
        {
            return (null, RoomTokenProblem.BadSignature);
        }

        var parts = Encoding.UTF8.GetString(payload).Split(':');
        if (parts.Length != 4 || parts[0] != Version || !Guid.TryParseExact(parts[1], "N", out var id) || !RoomRole.IsKnown(parts[2])
            || !long.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var expires))
        {
            return (null, RoomTokenProblem.Malformed);
        }

        var grant = new RoomGrant(id, parts[2], DateTimeOffset.FromUnixTimeSeconds(expires));
        if (meetingId is { } expectedMeeting && expectedMeeting != id)
        {
            return (null, RoomTokenProblem.OtherMeeting);
        }

        return clock.GetUtcNow() >= grant.ExpiresAt ? (null, RoomTokenProblem.Expired) : (grant, RoomTokenProblem.None);
    }

    /// <summary>The sentence a refused visitor reads.</summary>
    public static string Explain(RoomTokenProblem problem) => problem switch
    {
        RoomTokenProblem.Missing => "This meeting link has no access token. Open the full link from your invitation email.",
        RoomTokenProblem.Expired => "This meeting link has expired. Ask the organiser for a new invitation.",
        RoomTokenProblem.OtherMeeting => "This access token belongs to another meeting. Open the link exactly as it appears in your invitation.",
        _ => "This meeting link is not valid. Open the full link from your invitation email; it may have been cut or changed.",
    };
}
