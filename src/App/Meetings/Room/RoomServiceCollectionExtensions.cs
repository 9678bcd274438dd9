using System.Security.Claims;
using AiScheduler.Functions.Security;
using AiScheduler.Functions.Hosting;
using AiScheduler.Functions.Providers.Speech;
using AiScheduler.Functions.Store;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.Meetings.Room;

/// <summary>
/// The meeting room. Both hosts sign room links (<see cref="AddMeetingRoomLinks"/>, <see cref="MapMeetingRoomLinks"/>:
/// the invite's join link and <c>GET /api/meetings/{id}/room</c>); the self-host also serves the room itself
/// (<see cref="AddMeetingRoom"/>, <see cref="UseMeetingRoom"/>: the page, its scripts and the SignalR hub).
/// </summary>
public static class RoomServiceCollectionExtensions
{
    public static IServiceCollection AddMeetingRoomLinks(this IServiceCollection services)
    {
        services.AddOptions<RoomOptions>().BindConfiguration(RoomOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RoomOptions>, RoomOptionsValidation>();
        services.AddSingleton<RoomSigningKey>();
        services.AddSingleton<RoomTokens>();
        return services;
    }

    public static IEndpointRouteBuilder MapMeetingRoomLinks(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/meetings/{id:guid}/room", LinksAsync).WithTags("Meetings").WithName("GetMeetingRoomLinks")
            .WithSummary("The meeting room's signed links: the lead's (as in the invite) and the sales rep's, with their expiry");
        return endpoints;
    }

    /// <summary>The room's hub, its token sign-in, who is in each room and the speech provider for voice (self-host only).</summary>
    public static IServiceCollection AddMeetingRoom(this IServiceCollection services)
    {
        services.AddSignalR(options => options.MaximumReceiveMessageSize = 16 * 1024);
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, RoomAuthenticationHandler>(RoomAuthenticationHandler.SchemeName, configureOptions: null);
        services.AddAuthorization();
        services.AddSpeech();
        services.AddSingleton<RoomPresence>();
        services.AddSingleton<RoomConversation>();
        services.AddHostedService<RoomBroadcaster>();
        return services;
    }

    /// <summary>
    /// The built front end under <c>/web/</c>, the page at <c>/meet/{meetingId}?t=...</c>, the hub at <c>/meet/hub</c> and
    /// voice at <c>/meet/{meetingId}/speech</c> (<see cref="RoomSpeech"/>).
    /// </summary>
    public static WebApplication UseMeetingRoom(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (Directory.Exists(RoomPages.WebRoot))
        {
            app.UseStaticFiles(new StaticFileOptions
            {
                FileProvider = new PhysicalFileProvider(RoomPages.WebRoot),
                RequestPath = "/web",
                OnPrepareResponse = file => file.Context.Response.Headers.XContentTypeOptions = "nosniff",
            });
        }

        app.MapGet("/meet/{meetingId:guid}", PageAsync).WithName("MeetingRoomPage").ExcludeFromDescription()
            .WithMetadata(SelfHostOnly.Instance)
            // The signed room token in ?t= is the credential (checked by the page and the hub).
            .AllowAnonymous();
        app.MapHub<MeetingRoomHub>(MeetingRoomHub.Path).WithMetadata(SelfHostOnly.Instance);
        app.MapRoomSpeech();
        return app;
    }

    private static async Task<IResult> PageAsync(Guid meetingId, HttpContext http, RoomTokens tokens, MeetingStore meetings,
        ILogger<RoomPresence> logger, CancellationToken cancellationToken)
    {
        var headers = http.Response.Headers;
        // The token is in the address: no caching, no referrer, and the page may only talk to this server.
        headers.CacheControl = "no-store";
        headers["Referrer-Policy"] = "no-referrer";
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers.ContentSecurityPolicy = "default-src 'self'; connect-src 'self'; img-src 'self' data:; media-src 'self' blob:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'";

        var (grant, problem) = await tokens.CheckAsync(http.Request.Query["t"].ToString(), meetingId, cancellationToken);
        if (grant is null)
        {
            Log.LinkRefused(logger, meetingId, problem);
            return Html(RoomPages.Refused(RoomTokens.Explain(problem)), StatusCodes.Status401Unauthorized);
        }

        var meeting = await meetings.GetAsync(await meetings.WorkspaceOfAsync(meetingId, cancellationToken) ?? Workspaces.DefaultId, meetingId, cancellationToken);
        if (meeting is null)
        {
            return Html(RoomPages.Refused("This meeting no longer exists."), StatusCodes.Status404NotFound);
        }

        if (meeting.Status == MeetingStatus.Cancelled)
        {
            return Html(RoomPages.Refused("This meeting was cancelled."), StatusCodes.Status410Gone);
        }

        return File.Exists(RoomPages.MeetPage)
            ? TypedResults.PhysicalFile(RoomPages.MeetPage, "text/html; charset=utf-8")
            : Html(RoomPages.NotBuilt(), StatusCodes.Status503ServiceUnavailable);
    }

    private static ContentHttpResult Html(string html, int status) => TypedResults.Content(html, "text/html; charset=utf-8", statusCode: status);

    private static async Task<Results<Ok<RoomLinks>, ProblemHttpResult>> LinksAsync(ClaimsPrincipal caller, Guid id, MeetingStore meetings, RoomTokens tokens,
        CancellationToken cancellationToken)
    {
        var meeting = await meetings.GetAsync(caller.WorkspaceId(), id, cancellationToken);
        if (meeting is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such meeting",
                detail: $"There is no meeting {id} in this workspace; list meetings with GET /api/meetings.");
        }

        return TypedResults.Ok(new RoomLinks(id,
            await tokens.LinkAsync(id, RoomRole.Lead, meeting.EndUtc, cancellationToken),
            await tokens.LinkAsync(id, RoomRole.Rep, meeting.EndUtc, cancellationToken),
            tokens.ExpiryFor(meeting.EndUtc)));
    }
}

/// <summary>The signed links of one meeting room: the lead's (as in the invite) and the sales rep's.</summary>
public sealed record RoomLinks(Guid MeetingId, string Lead, string Rep, DateTimeOffset ExpiresAt);
