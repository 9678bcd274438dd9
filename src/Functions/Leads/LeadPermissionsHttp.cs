using AiScheduler.Functions.Http;

namespace AiScheduler.Functions.Leads;

/// <summary>
/// A lead's consent records and call permission: <c>/api/leads/{id}/consents</c>, <c>/call-permission</c> and
/// <c>/call-decisions</c>. Each function runs the self-host's endpoint of the same name (<see cref="ApiRoutes"/>).
/// </summary>
public sealed class LeadPermissionsHttp(ApiRoutes routes)
{
    [Function(nameof(ListLeadConsents))]
    public IResult ListLeadConsents([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/leads/{id:guid}/consents")] HttpRequest request) =>
        routes.Run(request);

    [Function(nameof(AddLeadConsent))]
    public IResult AddLeadConsent([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/leads/{id:guid}/consents")] HttpRequest request) =>
        routes.Run(request);

    [Function(nameof(GetLeadCallPermission))]
    public IResult GetLeadCallPermission(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/leads/{id:guid}/call-permission")] HttpRequest request) =>
        routes.Run(request);

    [Function(nameof(ListLeadCallDecisions))]
    public IResult ListLeadCallDecisions(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/leads/{id:guid}/call-decisions")] HttpRequest request) =>
        routes.Run(request);
}
