using System.Globalization;
using System.Net;

namespace AiScheduler.Emulators.Http;

/// <summary>Adds latency and answers an exact, evenly spread fraction of REST requests with 503 (deterministic for tests).</summary>
internal sealed class FaultInjection(EmulatorFaults faults, TimeProvider time, EmulatorCounters counters)
{
    private long served;

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (!HmacVerification.Protects(context.Request.Path))
        {
            await next(context);
            return;
        }

        counters.Request();
        if (faults.AddedLatency > TimeSpan.Zero)
        {
            await Task.Delay(faults.AddedLatency, time, context.RequestAborted);
        }

        var n = Interlocked.Increment(ref served) - 1;
        var rate = faults.ServerErrorRate;
        if (rate > 0 && Math.Floor((n + 1) * rate) > Math.Floor(n * rate))
        {
            counters.ServerErrorInjected();
            var headers = faults.RetryAfterSeconds is { } seconds
                ? new Dictionary<string, string> { ["Retry-After"] = seconds.ToString(CultureInfo.InvariantCulture) }
                : null;
            await AcsErrorException.ToResult(HttpStatusCode.ServiceUnavailable, "ServiceUnavailable", "The service is temporarily unavailable (injected fault); retry with backoff.", headers)
                .ExecuteAsync(context);
            return;
        }

        await next(context);
    }
}
