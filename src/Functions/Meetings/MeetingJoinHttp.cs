using AiScheduler.Functions.Durable;
using AiScheduler.Functions.Http;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.DurableTask.Client;

namespace AiScheduler.Functions.Meetings;

/// <summary>
/// The meeting routes of the AI-join half: create (for an existing or a new lead), update, start now and complete; each
/// starts or signals the meeting's orchestration. Each function runs the self-host's endpoint of the same name
/// (<see cref="ApiRoutes"/>) on the same route.
/// </summary>
public sealed class MeetingJoinHttp(ApiRoutes routes, FunctionsDurableClient durable)
{
    [Function(nameof(CreateMeeting))]
    public IResult CreateMeeting(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/meetings")] HttpRequest request,
        [DurableClient] DurableTaskClient client) =>
        routes.Run(request, durable, client);

    [Function(nameof(UpdateMeeting))]
    public IResult UpdateMeeting(
        [HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "api/meetings/{id:guid}")] HttpRequest request,
        [DurableClient] DurableTaskClient client) =>
        routes.Run(request, durable, client);

    [Function(nameof(StartMeeting))]
    public IResult StartMeeting(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/meetings/{id:guid}/start")] HttpRequest request,
        [DurableClient] DurableTaskClient client) =>
        routes.Run(request, durable, client);

    [Function(nameof(CompleteMeetingNow))]
    public IResult CompleteMeetingNow(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/meetings/{id:guid}/complete")] HttpRequest request,
        [DurableClient] DurableTaskClient client) =>
        routes.Run(request, durable, client);
}
