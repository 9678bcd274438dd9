using System.Diagnostics;

namespace AiScheduler.Functions.Hosting;

/// <summary>
/// The app's one <see cref="ActivitySource"/>, <c>AiScheduler</c>, beside its one meter of the same name. Spans are
/// started only where a listener asks for them: without one, <see cref="ActivitySource.StartActivity(string, ActivityKind)"/>
/// returns null and costs no allocation, which keeps the call turn's hot path as it was.
/// </summary>
public static class AppTracing
{
    public const string SourceName = "AiScheduler";

    public static readonly ActivitySource Source = new(SourceName);

    /// <summary>A span for one agent turn of a call: the brain's answer and the telephony command that speaks it.</summary>
    internal static Activity? StartTurn(string callId, object trigger)
    {
        var span = Source.StartActivity("call turn");
        span?.SetTag("call.id", callId);
        span?.SetTag("call.trigger", trigger.GetType().Name);
        return span;
    }
}
