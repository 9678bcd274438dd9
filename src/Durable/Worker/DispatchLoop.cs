using Microsoft.Extensions.Logging;

namespace AiScheduler.Durable;

/// <summary>
/// Leases work while this process has free slots and runs each item on the thread pool. When a lease finds nothing
/// it sleeps until a wake-up signal or the polling delay, which doubles from the minimum to the maximum interval.
/// </summary>
internal sealed class DispatchLoop<T>(
    string kind,
    int capacity,
    Func<int, CancellationToken, Task<IReadOnlyList<T>>> lease,
    Func<T, Task> process,
    WorkSignal signal,
    DurableOptions options,
    ILogger logger)
{
    private readonly WorkSignal _slotFreed = new();
    private readonly HashSet<Task> _running = [];
    private int _inFlight;
    private volatile bool _stopped;
    private volatile bool _backlogged;

    public async Task RunAsync(CancellationToken stopping)
    {
        var delay = options.MinPollingInterval;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                var inFlight = Volatile.Read(ref _inFlight);
                var free = capacity - inFlight;
                // While busy, lease in batches of at least a quarter of the capacity: every lease query scans the
                // candidates, so leasing one item per freed slot would cost a scan per item.
                if (free <= 0 || (inFlight > 0 && free < Math.Max(1, capacity / 4)))
                {
                    await _slotFreed.WaitAsync(options.MaxPollingInterval, stopping);
                    continue;
                }

                var items = await lease(free, stopping);
                // A full lease means more work may be waiting: then work leased elsewhere (Reserve) must leave this
                // loop room, or instances whose steps are not chained through this process would wait indefinitely.
                _backlogged = items.Count >= free;
                if (items.Count == 0)
                {
                    await signal.WaitAsync(delay, stopping);
                    delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, options.MaxPollingInterval.Ticks));
                    continue;
                }

                delay = options.MinPollingInterval;
                foreach (var item in items)
                {
                    Start(item);
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception) when (exception is System.Data.Common.DbException or InvalidOperationException or TimeoutException or IOException)
            {
                Log.DispatchFailed(logger, kind, options.MaxPollingInterval, exception);
                await Task.Delay(options.MaxPollingInterval, stopping).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }

        // Slots reserved for work leased elsewhere are either launched or released; wait for those too.
        _stopped = true;
        while (Volatile.Read(ref _inFlight) > 0)
        {
            await _slotFreed.WaitAsync(TimeSpan.FromMilliseconds(50), CancellationToken.None);
        }

        Task[] remaining;
        lock (_running)
        {
            remaining = [.. _running];
        }

        await Task.WhenAll(remaining);
    }

    /// <summary>Takes up to <paramref name="wanted"/> free slots for work leased elsewhere; returns how many it took.</summary>
    public int Reserve(int wanted)
    {
        while (!_stopped)
        {
            var inFlight = Volatile.Read(ref _inFlight);
            var keep = _backlogged ? Math.Max(1, capacity / 4) : 0;
            var taken = Math.Min(wanted, capacity - keep - inFlight);
            if (taken <= 0)
            {
                return 0;
            }

            if (Interlocked.CompareExchange(ref _inFlight, inFlight + taken, inFlight) == inFlight)
            {
                return taken;
            }
        }

        return 0;
    }

    /// <summary>Gives back reserved slots that were not used.</summary>
    public void Release(int slots)
    {
        if (slots > 0)
        {
            Interlocked.Add(ref _inFlight, -slots);
            _slotFreed.Set();
        }
    }

    /// <summary>Runs an item leased outside this loop in a slot taken with <see cref="Reserve"/>.</summary>
    public void RunReserved(T item) => Launch(item);

    private void Start(T item)
    {
        Interlocked.Increment(ref _inFlight);
        Launch(item);
    }

    private void Launch(T item)
    {
        var task = Task.Run(async () =>
        {
            try
            {
                await process(item);
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
                _slotFreed.Set();
            }
        });
        lock (_running)
        {
            _running.Add(task);
        }

        task.ContinueWith(t =>
        {
            lock (_running)
            {
                _running.Remove(t);
            }
        }, TaskScheduler.Default);
    }
}
