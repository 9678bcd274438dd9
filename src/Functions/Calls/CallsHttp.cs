using AiScheduler.Functions.Durable;
using AiScheduler.Functions.Http;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.DurableTask.Client;

namespace AiScheduler.Functions.Calls;

/// <summary>
/// The call routes, the telephony callback and the Event Grid webhook. The callback and Event Grid functions take the durable client: a call that ends there tells its CallAttempt orchestration.
/// Each function runs the self-host's endpoint of the same name (<see cref="ApiRoutes"/>) on the same route.
/// </summary>
public sealed class CallsHttp(ApiRoutes routes, FunctionsDurableClient durable)
{
    [Function(nameof(ListCalls))]
    public IResult ListCalls([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/calls")] HttpRequest request) =>
        routes.Run(request);

    [Function(nameof(ExportCalls))]
    public IResult ExportCalls([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/calls/export")] HttpRequest request) =>
        routes.Run(request);

    [Function(nameof(GetCall))]
    public IResult GetCall([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/calls/{id}")] HttpRequest request) =>
        routes.Run(request);

    [Function(nameof(HangUpCall))]
    public IResult HangUpCall([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/calls/{id}/hang-up")] HttpRequest request) =>
        routes.Run(request);

    [Function(nameof(GetCallRecording))]
    public IResult GetCallRecording([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/calls/{callId}/recording")] HttpRequest request) =>
        routes.Run(request);

    [Function(nameof(ReceiveAcsCallback))]
    public IResult ReceiveAcsCallback(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/callbacks/acs/{callId}")] HttpRequest request,
        [DurableClient] DurableTaskClient client) =>
        routes.Run(request, durable, client);

    [Function(nameof(ReceiveEventGridEvents))]
    public IResult ReceiveEventGridEvents(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/eventgrid")] HttpRequest request,
        [DurableClient] DurableTaskClient client) =>
        routes.Run(request, durable, client);

    [Function(nameof(EventGridHandshake))]
    public IResult EventGridHandshake([HttpTrigger(AuthorizationLevel.Anonymous, "options", Route = "api/eventgrid")] HttpRequest request) =>
        routes.Run(request);
}
