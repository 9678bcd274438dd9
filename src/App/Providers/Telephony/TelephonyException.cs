using System.Net;

namespace AiScheduler.Functions.Providers.Telephony;

/// <summary>The telephony service refused an operation; <see cref="Code"/> is the service's own error code.</summary>
public class TelephonyException : Exception
{
    public TelephonyException(HttpStatusCode status, string code, string message, Exception? inner = null)
        : base(message, inner)
    {
        Status = status;
        Code = code;
    }

    public TelephonyException()
        : this(HttpStatusCode.InternalServerError, "Unknown", "The telephony service failed.")
    {
    }

    public TelephonyException(string message)
        : this(HttpStatusCode.InternalServerError, "Unknown", message)
    {
    }

    public TelephonyException(string message, Exception inner)
        : this(HttpStatusCode.InternalServerError, "Unknown", message, inner)
    {
    }

    public HttpStatusCode Status { get; }

    public string Code { get; }

    internal static TelephonyException From(HttpStatusCode status, string code, string message) => status switch
    {
        HttpStatusCode.NotFound => new CallNotFoundException(code, message),
        HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => new TelephonyAuthenticationException(status, code, message),
        HttpStatusCode.TooManyRequests => new TelephonyUnavailableException(status, code, message),
        >= HttpStatusCode.InternalServerError => new TelephonyUnavailableException(status, code, message),
        _ => new TelephonyRequestException(status, code, message),
    };
}

/// <summary>The call (or recording) no longer exists: it ended, or the id is wrong. Not worth retrying.</summary>
public sealed class CallNotFoundException(string code, string message) : TelephonyException(HttpStatusCode.NotFound, code, message);

/// <summary>The credentials were refused: check Telephony:Acs:ConnectionString (access key) or the managed identity's role.</summary>
public sealed class TelephonyAuthenticationException(HttpStatusCode status, string code, string message) : TelephonyException(status, code, message);

/// <summary>The request itself is wrong (400/409...): retrying it unchanged will fail again.</summary>
public sealed class TelephonyRequestException(HttpStatusCode status, string code, string message) : TelephonyException(status, code, message);

/// <summary>Throttled or failing (429/5xx) even after retries with backoff; try again later.</summary>
public sealed class TelephonyUnavailableException(HttpStatusCode status, string code, string message) : TelephonyException(status, code, message);
