using System.Net;

namespace AiScheduler.Emulators.Http;

/// <summary>An operation refused the way ACS refuses it: a status code and an <c>{"error":{"code","message"}}</c> body.</summary>
internal sealed class AcsErrorException(HttpStatusCode status, string code, string message) : Exception(message)
{
    public HttpStatusCode Status { get; } = status;

    public string Code { get; } = code;

    public static AcsErrorException BadRequest(string message) => new(HttpStatusCode.BadRequest, "BadRequest", message);

    public static AcsErrorException CallNotFound(string callConnectionId) =>
        new(HttpStatusCode.NotFound, "8522", $"Call {callConnectionId} was not found; it may have ended or the id is wrong.");

    public static IResult ToResult(HttpStatusCode status, string code, string message, IDictionary<string, string>? headers = null) =>
        new AcsErrorResult((int)status, code, message, headers);

    private sealed class AcsErrorResult(int status, string code, string message, IDictionary<string, string>? headers) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = status;
            foreach (var (name, value) in headers ?? new Dictionary<string, string>())
            {
                httpContext.Response.Headers[name] = value;
            }

            return httpContext.Response.WriteAsJsonAsync(new { error = new { code, message } }, httpContext.RequestAborted);
        }
    }
}
