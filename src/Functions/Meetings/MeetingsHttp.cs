using AiScheduler.Functions.Durable;
using AiScheduler.Functions.Http;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.DurableTask.Client;

namespace AiScheduler.Functions.Meetings;

/// <summary>
/// The meeting routes (<c>/api/meetings</c>) and the built-in calendar feed; status changes, reschedules and cancels signal the meeting's orchestration.
/// Each function runs the self-host's endpoint of the same name (<see cref="ApiRoutes"/>) on the same route.
/// </summary>
public sealed class MeetingsHttp(ApiRoutes routes, FunctionsDurableClient durable)
{
    [Function(nameof(ListMeetings))]
    public IResult ListMeetings([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/meetings")] HttpRequest request) =>
        routes.Run(request);

    [Function(nameof(GetMeeting))]
    public IResult GetMeeting([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/meetings/{id:guid}")] HttpRequest request) =>
        routes.Run(request);

    [Function(nameof(ChangeMeetingStatus))]
    public IResult ChangeMeetingStatus(
        [HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "api/meetings/{id:guid}/status")] HttpRequest request,
        [DurableClient] DurableTaskClient client) =>
        routes.Run(request, durable, client);

    [Function(nameof(RescheduleMeeting))]
    public IResult RescheduleMeeting(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/meetings/{id:guid}/reschedule")] HttpRequest request,
        [DurableClient] DurableTaskClient client) =>
        routes.Run(request, durable, client);

    [Function(nameof(CancelMeeting))]
    public IResult CancelMeeting(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/meetings/{id:guid}/cancel")] HttpRequest request,
        [DurableClient] DurableTaskClient client) =>
        routes.Run(request, durable, client);

    [Function(nameof(CalendarFeed))]
    public IResult CalendarFeed([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/calendars/{id}/feed.ics")] HttpRequest request) =>
        routes.Run(request);

    [Function(nameof(ListEmails))]
    public IResult ListEmails([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/emails")] HttpRequest request) =>
        routes.Run(request);

    [Function(nameof(GetEmail))]
    public IResult GetEmail([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/emails/{id:guid}")] HttpRequest request) =>
        routes.Run(request);
}
