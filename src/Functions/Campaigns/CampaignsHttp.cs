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
        routes.Run(nameof(CreateCampaign), request);

    [Function(nameof(ListCampaigns))]
    public IResult ListCampaigns([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/campaigns")] HttpRequest request) =>
        routes.Run(nameof(ListCampaigns), request);

    [Function(nameof(GetCampaign))]
    public IResult GetCampaign([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/campaigns/{id:guid}")] HttpRequest request) =>
        routes.Run(nameof(GetCampaign), request);

    [Function(nameof(GetCampaignStatus))]
    public IResult GetCampaignStatus(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/campaigns/{id:guid}/status")] HttpRequest request,
        [DurableClient] DurableTaskClient client)
    {
        durable.Bind(client);
        return routes.Run(nameof(GetCampaignStatus), request);
    }

    [Function(nameof(StartCampaign))]
    public IResult StartCampaign(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/campaigns/{id:guid}/start")] HttpRequest request,
        [DurableClient] DurableTaskClient client)
    {
        durable.Bind(client);
        return routes.Run(nameof(StartCampaign), request);
    }

    [Function(nameof(PauseCampaign))]
    public IResult PauseCampaign(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/campaigns/{id:guid}/pause")] HttpRequest request,
        [DurableClient] DurableTaskClient client)
    {
        durable.Bind(client);
        return routes.Run(nameof(PauseCampaign), request);
    }

    [Function(nameof(ResumeCampaign))]
    public IResult ResumeCampaign(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/campaigns/{id:guid}/resume")] HttpRequest request,
        [DurableClient] DurableTaskClient client)
    {
        durable.Bind(client);
        return routes.Run(nameof(ResumeCampaign), request);
    }

    [Function(nameof(CancelCampaign))]
    public IResult CancelCampaign(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/campaigns/{id:guid}/cancel")] HttpRequest request,
        [DurableClient] DurableTaskClient client)
    {
        durable.Bind(client);
        return routes.Run(nameof(CancelCampaign), request);
    }

    [Function(nameof(ListDoNotCall))]
    public IResult ListDoNotCall([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/dnc")] HttpRequest request) =>
        routes.Run(nameof(ListDoNotCall), request);

    [Function(nameof(AddDoNotCall))]
    public IResult AddDoNotCall([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/dnc")] HttpRequest request) =>
        routes.Run(nameof(AddDoNotCall), request);

    [Function(nameof(RemoveDoNotCall))]
    public IResult RemoveDoNotCall([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "api/dnc/{phone}")] HttpRequest request) =>
        routes.Run(nameof(RemoveDoNotCall), request);
}
