using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.Meetings.Room;

/// <summary>
/// The room's sign-in: the token of the room link, sent by the SignalR client as <c>Authorization: Bearer</c> (negotiate,
/// long polling) or <c>?access_token=</c> (WebSockets, server-sent events, where browsers cannot set headers).
/// </summary>
public sealed class RoomAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, RoomTokens tokens)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "RoomToken";
    public const string MeetingClaim = "meeting";
    public const string RoleClaim = "room-role";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var token = Request.Query["access_token"].ToString();
        var header = Request.Headers.Authorization.ToString();
        if (token.Length == 0 && header.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            token = header["Bearer ".Length..].Trim();
        }

        if (token.Length == 0)
        {
            return AuthenticateResult.NoResult();
        }

        var (grant, problem) = await tokens.CheckAsync(token, null, Context.RequestAborted);
        if (grant is null)
        {
            return AuthenticateResult.Fail(RoomTokens.Explain(problem));
        }

        var identity = new ClaimsIdentity(
            [
                new Claim(MeetingClaim, grant.MeetingId.ToString("D")),
                new Claim(RoleClaim, grant.Role),
                new Claim("exp", grant.ExpiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)),
            ],
            SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }
}

/// <summary>The room grant of a signed-in hub connection.</summary>
public static class RoomClaims
{
    public static RoomGrant Grant(this ClaimsPrincipal? user)
    {
        var meeting = user?.FindFirst(RoomAuthenticationHandler.MeetingClaim)?.Value;
        var role = user?.FindFirst(RoomAuthenticationHandler.RoleClaim)?.Value;
        var expires = user?.FindFirst("exp")?.Value;
        if (meeting is null || role is null || expires is null)
        {
            throw new InvalidOperationException("The connection is not signed in with a room token.");
        }

        return new RoomGrant(Guid.Parse(meeting), role,
            DateTimeOffset.FromUnixTimeSeconds(long.Parse(expires, CultureInfo.InvariantCulture)));
    }
}
