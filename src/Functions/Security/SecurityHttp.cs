using AiScheduler.Functions.Http;
using Microsoft.Azure.Functions.Worker.Http;

namespace AiScheduler.Functions.Security;

/// <summary>
/// Sign-in, users and API keys. Each function runs the self-host's endpoint of the same name (<see cref="ApiRoutes"/>),
/// which applies the same authentication and authorization. Microsoft Entra ID sign-in starts here but its callback
/// (<c>Auth:Entra:CallbackPath</c>) is handled by the self-host's authentication middleware (README, Security).
/// </summary>
public sealed class SecurityHttp(ApiRoutes routes)
{
    [Function(nameof(SignIn))]
    public IResult SignIn([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/auth/sign-in")] HttpRequest request) =>
        routes.Run(request);

    [Function(nameof(SignOut))]
    public IResult SignOut([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/auth/sign-out")] HttpRequest request) =>
        routes.Run(request);

    [Function(nameof(GetMe))]
    public IResult GetMe([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/auth/me")] HttpRequest request) =>
        routes.Run(request);

    [Function(nameof(SwitchWorkspace))]
    public IResult SwitchWorkspace([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/auth/workspace")] HttpRequest request) =>
        routes.Run(request);

    [Function(nameof(GetAntiforgeryToken))]
    public IResult GetAntiforgeryToken([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/auth/antiforgery")] HttpRequest request) =>
        routes.Run(request);

    [Function(nameof(SignInWithEntra))]
    public IResult SignInWithEntra([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/auth/entra/sign-in")] HttpRequest request) =>
        routes.Run(request);

    [Function(nameof(ListUsers))]
    public IResult ListUsers([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/users")] HttpRequest request) =>
        routes.Run(request);

    [Function(nameof(CreateUser))]
    public IResult CreateUser([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/users")] HttpRequest request) =>
        routes.Run(request);

    [Function(nameof(ChangeUser))]
    public IResult ChangeUser([HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "api/users/{id:guid}")] HttpRequest request) =>
        routes.Run(request);

    [Function(nameof(RemoveUser))]
    public IResult RemoveUser([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "api/users/{id:guid}")] HttpRequest request) =>
        routes.Run(request);

    [Function(nameof(ListApiKeys))]
    public IResult ListApiKeys([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/api-keys")] HttpRequest request) =>
        routes.Run(request);

    [Function(nameof(CreateApiKey))]
    public IResult CreateApiKey([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/api-keys")] HttpRequest request) =>
        routes.Run(request);

    [Function(nameof(RevokeApiKey))]
    public IResult RevokeApiKey([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "api/api-keys/{id:guid}")] HttpRequest request) =>
        routes.Run(request);
}
