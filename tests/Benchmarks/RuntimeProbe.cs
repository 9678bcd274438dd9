using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Tracing;
using System.Globalization;
using System.Runtime;

namespace AiScheduler.Benchmarks;

/// <summary>
/// What the runtime did while a benchmark ran, to tell a latency tail's cause: garbage collections (count per generation,
/// total and longest pause, from the runtime's own GC events), bytes allocated, lock contentions, and the thread pool
/// (threads, queued work items, and how long a work item queued every 2 ms waited before it ran - the delay every
/// continuation of the app pays on top of its own work).
/// </summary>
internal sealed class RuntimeProbe : IDisposable
{
    private readonly GcPauseListener gcEvents = new();
    private readonly Thread sampler;
    private readonly ConcurrentBag<double> queueDelays = [];
    private readonly TimeSpan pauseBefore = GC.GetTotalPauseDuration();
    private readonly long allocatedBefore = GC.GetTotalAllocatedBytes();
    private readonly long contentionsBefore = Monitor.LockContentionCount;
    private readonly long completedBefore = ThreadPool.CompletedWorkItemCount;
    private readonly int[] collectionsBefore = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
    private volatile bool running = true;
    private int maxThreads;
    private long maxPending;

    public RuntimeProbe()
    {
        sampler = new Thread(Sample) { IsBackground = true, Name = "runtime-probe" };
        sampler.Start();
    }

    public RuntimeFigures Stop()
    {
        running = false;
        sampler.Join();
        var delays = queueDelays.OrderBy(x => x).ToArray();
        var ticks = gcEvents.AllocationTicks.ToArray();
        var totalTicks = Math.Max(1, ticks.Sum(t => t.Value));
        var top = string.Join(", ", ticks.OrderByDescending(t => t.Value).Take(12)
            .Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Key} {Math.Round(100.0 * t.Value / totalTicks)}%")));
        var pauses = gcEvents.Pauses.OrderBy(x => x).ToArray();
        return new RuntimeFigures(
            GCSettings.IsServerGC ? "server" : "workstation",
            GCSettings.LatencyMode.ToString(),
            GC.CollectionCount(0) - collectionsBefore[0], GC.CollectionCount(1) - collectionsBefore[1], GC.CollectionCount(2) - collectionsBefore[2],
            Math.Round((GC.GetTotalPauseDuration() - pauseBefore).TotalMilliseconds, 1),
            Math.Round(pauses.LastOrDefault(), 2), Math.Round(Percentile(pauses, 0.99), 2),
            (GC.GetTotalAllocatedBytes() - allocatedBefore) / (1024 * 1024),
            Monitor.LockContentionCount - contentionsBefore,
            ThreadPool.CompletedWorkItemCount - completedBefore,
            maxThreads, maxPending,
            Math.Round(Percentile(delays, 0.50), 3), Math.Round(Percentile(delays, 0.99), 2), Math.Round(delays.LastOrDefault(), 2), top);
    }

    public void Dispose()
    {
        running = false;
        gcEvents.Dispose();
    }

    private void Sample()
    {
        while (running)
        {
            var queued = Stopwatch.GetTimestamp();
            ThreadPool.UnsafeQueueUserWorkItem(static state =>
            {
                var (bag, at) = ((ConcurrentBag<double>, long))state!;
                bag.Add(Stopwatch.GetElapsedTime(at).TotalMilliseconds);
            }, (queueDelays, queued));
            maxThreads = Math.Max(maxThreads, ThreadPool.ThreadCount);
            maxPending = Math.Max(maxPending, ThreadPool.PendingWorkItemCount);
            Thread.Sleep(2);
        }
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    /// <summary>The runtime's GC events: each pause from suspension begin to restart end.</summary>
    private sealed class GcPauseListener : EventListener
    {
        private long suspendedAt;

        public ConcurrentBag<double> Pauses { get; } = [];

        public ConcurrentDictionary<string, int> AllocationTicks { get; } = new(StringComparer.Ordinal);

        protected override void OnEventSourceCreated(EventSource eventSource)
        {
            if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
            {
                // Verbose adds GCAllocationTick (about every 100 KB allocated, with the type): a sample of who allocates.
                EnableEvents(eventSource, EventLevel.Verbose, (EventKeywords)0x1);
            }
        }

        protected override void OnEventWritten(EventWrittenEventArgs eventData)
        {
            switch (eventData.EventName)
            {
                case "GCSuspendEEBegin_V1":
                    suspendedAt = eventData.TimeStamp.Ticks;
                    break;
                case "GCAllocationTick_V4" or "GCAllocationTick_V3" when eventData.PayloadNames?.IndexOf("TypeName") is { } index and >= 0:
                    AllocationTicks.AddOrUpdate(eventData.Payload![index] as string ?? "?", 1, (_, n) => n + 1);
                    break;
                case "GCRestartEEEnd_V1" when suspendedAt != 0:
                    Pauses.Add(TimeSpan.FromTicks(eventData.TimeStamp.Ticks - suspendedAt).TotalMilliseconds);
                    suspendedAt = 0;
                    break;
            }
        }
    }
}

/// <summary>The runtime's figures over a run (see <see cref="RuntimeProbe"/>).</summary>
internal sealed record RuntimeFigures(string Gc, string GcLatencyMode, int Gen0, int Gen1, int Gen2, double GcPauseTotalMs, double GcPauseMaxMs,
    double GcPauseP99Ms, long AllocatedMb, long LockContentions, long WorkItems, int MaxPoolThreads, long MaxQueuedWorkItems,
    double PoolDelayP50Ms, double PoolDelayP99Ms, double PoolDelayMaxMs, string TopAllocations)
{
    public string ToText() => string.Create(CultureInfo.InvariantCulture,
        $"runtime: {Gc} GC ({GcLatencyMode}) gen0/1/2 {Gen0}/{Gen1}/{Gen2}, pauses {GcPauseTotalMs} ms total, longest {GcPauseMaxMs} ms " +
        $"(p99 {GcPauseP99Ms}); {AllocatedMb} MB allocated; {LockContentions} lock contentions; thread pool up to {MaxPoolThreads} threads, " +
        $"{MaxQueuedWorkItems} queued, queue delay p50 {PoolDelayP50Ms} / p99 {PoolDelayP99Ms} / max {PoolDelayMaxMs} ms; " +
        $"allocation samples by type: {TopAllocations}");
}

/// <summary>
/// A library's own instruments (for the database driver: connections in use, requests waiting for a pooled connection,
/// command durations): up-down counters as their highest running total, histograms as count and p50/p99/max.
/// </summary>
internal sealed class MeterProbe : IDisposable
{
    private readonly System.Diagnostics.Metrics.MeterListener listener = new();
    private readonly ConcurrentDictionary<string, long> totals = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> peaks = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentQueue<double>> histograms = new(StringComparer.Ordinal);

    public MeterProbe(string meterName)
    {
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == meterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument, value, tags));
        listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Add(instrument, value, tags));
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) =>
        {
            if (instrument is System.Diagnostics.Metrics.Histogram<double>)
            {
                histograms.GetOrAdd(instrument.Name, _ => new ConcurrentQueue<double>()).Enqueue(value * 1000);
            }
        });
        listener.Start();
    }

    public void Reset()
    {
        foreach (var key in peaks.Keys)
        {
            peaks[key] = totals.GetValueOrDefault(key);
        }

        histograms.Clear();
    }

    public string ToText()
    {
        var parts = peaks.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} peak {p.Value}").ToList();
        foreach (var (name, queue) in histograms.OrderBy(h => h.Key, StringComparer.Ordinal))
        {
            var values = queue.ToArray();
            Array.Sort(values);
            double P(double p) => values.Length == 0 ? 0 : Math.Round(values[Math.Min(values.Length - 1, (int)Math.Ceiling(p * values.Length) - 1)], 2);
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{name} {values.Length}x p50 {P(0.5)} / p99 {P(0.99)} / max {P(1)} ms"));
        }

        return string.Join("; ", parts);
    }

    public void Dispose() => listener.Dispose();

    private void Add(System.Diagnostics.Metrics.Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var key = instrument.Name;
        foreach (var tag in tags)
        {
            if (tag.Key.EndsWith(".state", StringComparison.Ordinal))
            {
                key += "[" + tag.Value + "]";
            }
        }

        var total = totals.AddOrUpdate(key, value, (_, t) => t + value);
        peaks.AddOrUpdate(key, total, (_, p) => Math.Max(p, total));
    }
}
