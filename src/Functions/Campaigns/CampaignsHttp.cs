using AiScheduler.Functions.Durable;
using AiScheduler.Functions.Http;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.DurableTask.Client;

namespace AiScheduler.Functions.Campaigns;

/// <summary>
/// The campaign routes (<c>/api/campaigns</c>); start, pause, resume, cancel and status reach the campaign's orchestration.
/// Each function runs the self-host's endpoint of the same name (<see cref="ApiRoutes"/>) on the same route.
/// </summary>
public sealed class CampaignsHttp(ApiRoutes routes, FunctionsDurableClient durable)
{
    [Function(nameof(CreateCampaign))]
    public IResult CreateCampaign([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/campaigns")] HttpRequest request) =>
        routes.Run(request);

    [Function(nameof(ListCampaigns))]
    public IResult ListCampaigns([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/campaigns")] HttpRequest request) =>
        routes.Run(request);

    [Function(nameof(GetCampaign))]
    public IResult GetCampaign([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/campaigns/{id:guid}")] HttpRequest request) =>
        routes.Run(request);

    [Function(nameof(GetCampaignStatus))]
    public IResult GetCampaignStatus(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/campaigns/{id:guid}/status")] HttpRequest request,
        [DurableClient] DurableTaskClient client) =>
        routes.Run(request, durable, client);

    [Function(nameof(StartCampaign))]
    public IResult StartCampaign(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/campaigns/{id:guid}/start")] HttpRequest request,
        [DurableClient] DurableTaskClient client) =>
        routes.Run(request, durable, client);

    [Function(nameof(PauseCampaign))]
    public IResult PauseCampaign(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/campaigns/{id:guid}/pause")] HttpRequest request,
        [DurableClient] DurableTaskClient client) =>
        routes.Run(request, durable, client);

    [Function(nameof(ResumeCampaign))]
    public IResult ResumeCampaign(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/campaigns/{id:guid}/resume")] HttpRequest request,
        [DurableClient] DurableTaskClient client) =>
        routes.Run(request, durable, client);

    [Function(nameof(CancelCampaign))]
    public IResult CancelCampaign(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/campaigns/{id:guid}/cancel")] HttpRequest request,
        [DurableClient] DurableTaskClient client) =>
        routes.Run(request, durable, client);

    [Function(nameof(ListDoNotCall))]
    public IResult ListDoNotCall([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/dnc")] HttpRequest request) =>
        routes.Run(request);

    [Function(nameof(AddDoNotCall))]
    public IResult AddDoNotCall([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/dnc")] HttpRequest request) =>
        routes.Run(request);

    [Function(nameof(RemoveDoNotCall))]
    public IResult RemoveDoNotCall([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "api/dnc/{phone}")] HttpRequest request) =>
        routes.Run(request);
}
