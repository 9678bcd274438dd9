using AiScheduler.Functions.Http;
using Microsoft.Azure.Functions.Worker.Http;

namespace AiScheduler.Functions.Meetings;

/// <summary>
/// <c>GET</c>/<c>PATCH /api/meetings/{id}/analysis</c>: each function runs the self-host's endpoint of the same name
/// (<see cref="ApiRoutes"/>) on the same route.
/// </summary>
public sealed class MeetingAnalysisHttp(ApiRoutes routes)
{
    [Function(nameof(GetMeetingAnalysis))]
    public IResult GetMeetingAnalysis(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/meetings/{id:guid}/analysis")] HttpRequest request) =>
        routes.Run(request);

    [Function(nameof(ConfirmMeetingAnalysis))]
    public IResult ConfirmMeetingAnalysis(
        [HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "api/meetings/{id:guid}/analysis")] HttpRequest request) =>
        routes.Run(request);
}
