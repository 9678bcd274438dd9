using AiScheduler.Functions.Http;
using Microsoft.Azure.Functions.Worker.Http;

namespace AiScheduler.Functions.Meetings;

/// <summary>
/// The meeting room's signed links (<c>GET /api/meetings/{id}/room</c>). The room itself (the page at <c>/meet/{id}</c>
/// and its SignalR hub) is served by the self-host, not by this app: see the README's meeting room section.
/// </summary>
public sealed class MeetingRoomHttp(ApiRoutes routes)
{
    [Function(nameof(GetMeetingRoomLinks))]
    public IResult GetMeetingRoomLinks([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/meetings/{id:guid}/room")] HttpRequest request) =>
        routes.Run(request);
}
