using AiScheduler.Functions.Durable;
using AiScheduler.Functions.Http;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.DurableTask.Client;

namespace AiScheduler.Functions.Leads;

/// <summary>
/// The leads and lead-import routes (<c>/api/leads</c>, <c>/api/imports</c>).
/// Each function runs the self-host's endpoint of the same name (<see cref="ApiRoutes"/>) on the same route.
/// </summary>
public sealed class LeadsHttp(ApiRoutes routes, FunctionsDurableClient durable)
{
    [Function(nameof(CreateLead))]
    public IResult CreateLead([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/leads")] HttpRequest request) =>
        routes.Run(request);

    [Function(nameof(ListLeads))]
    public IResult ListLeads([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/leads")] HttpRequest request) =>
        routes.Run(request);

    [Function(nameof(ExportLeads))]
    public IResult ExportLeads([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/leads/export")] HttpRequest request) =>
        routes.Run(request);

    [Function(nameof(GetLead))]
    public IResult GetLead([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/leads/{id:guid}")] HttpRequest request) =>
        routes.Run(request);

    [Function(nameof(UpdateLead))]
    public IResult UpdateLead([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/leads/{id:guid}")] HttpRequest request) =>
        routes.Run(request);

    [Function(nameof(EraseLead))]
    public IResult EraseLead(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "api/leads/{id:guid}")] HttpRequest request,
        [DurableClient] DurableTaskClient client) =>
        routes.Run(request, durable, client);

    [Function(nameof(UploadLeads))]
    public IResult UploadLeads(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/leads/upload")] HttpRequest request,
        [DurableClient] DurableTaskClient client) =>
        routes.Run(request, durable, client);

    [Function(nameof(GetLeadImport))]
    public IResult GetLeadImport([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/imports/{id:guid}")] HttpRequest request) =>
        routes.Run(request);

    [Function(nameof(GetLeadImportErrors))]
    public IResult GetLeadImportErrors([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/imports/{id:guid}/errors")] HttpRequest request) =>
        routes.Run(request);
}
