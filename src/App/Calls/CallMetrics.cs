using System.Diagnostics.Metrics;
using AiScheduler.Domain.Conversation;

namespace AiScheduler.Functions.Calls;

/// <summary>The call session's instruments on the product's one meter, <c>AiScheduler</c>.</summary>
public sealed class CallMetrics
{
    public const string MeterName = "AiScheduler";
    public const string TurnLatencyName = "aischeduler.call.turn.latency";

    private readonly Histogram<double> turnLatency;
    private readonly Counter<long> callsSettled;
    private readonly Counter<long> bookings;

    public CallMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        turnLatency = meter.CreateHistogram<double>(TurnLatencyName, unit: "s",
            description: "From a telephony callback arriving to the next call command being sent.");
        callsSettled = meter.CreateCounter<long>("aischeduler.call.settled", unit: "{call}", description: "Calls ended, by outcome.");
        bookings = meter.CreateCounter<long>("aischeduler.bookings", unit: "{meeting}", description: "Meetings booked by calls.");
    }

    public void TurnTook(TimeSpan latency, string trigger) =>
        turnLatency.Record(latency.TotalSeconds, new KeyValuePair<string, object?>("trigger", trigger));

    public void Settled(CallOutcome outcome) =>
        callsSettled.Add(1, new KeyValuePair<string, object?>("outcome", outcome.ToWireName()));

    public void Booked() => bookings.Add(1);
}
