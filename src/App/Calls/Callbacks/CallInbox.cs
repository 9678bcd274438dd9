using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;
using AiScheduler.Functions.Hosting;
using AiScheduler.Functions.Providers.Telephony;
using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.Calls.Callbacks;

/// <summary>
/// The durable call inbox. A delivery is written to <c>call_inbox</c> (de-duplicated by source and event id) before the
/// endpoint answers, then handled from there by this process: the entries of one lane (one call) one after another in
/// arrival order, different lanes in parallel. An entry that fails is retried with back-off while its lane waits.
/// Handled entries are marked in batches; one handled again after a crash is harmless because handlers are idempotent.
/// <para>
/// Every entry carries a lease (<see cref="CallInboxOptions.LeaseLength"/>), renewed while this process holds it. A
/// sweep every <see cref="CallInboxOptions.SweepInterval"/> takes over entries whose lease ran out - those of a process
/// that died, including this one before a restart - so nothing accepted is lost.
/// </para>
/// </summary>
public sealed class CallInbox : BackgroundService, ICallEventIntake
{
    public const string AcsSource = "acs";

    private const int ClaimBatch = 500;
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);

    private readonly CallInboxStore store;
    private readonly Dictionary<string, IInboxEntryHandler> handlers;
    private readonly CallInboxOptions settings;
    private readonly TimeProvider clock;
    private readonly ILogger<CallInbox> logger;
    private readonly Dictionary<string, Task> lanes = new(StringComparer.Ordinal);
    private readonly Lock laneGate = new();
    private readonly ConcurrentDictionary<long, byte> held = new();
    private readonly Channel<long> handled = Channel.CreateUnbounded<long>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource stopping = new();

    public CallInbox(CallInboxStore store, IEnumerable<IInboxEntryHandler> handlers, IOptions<CallInboxOptions> options, TimeProvider clock,
        ILogger<CallInbox> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.store = store;
        this.handlers = handlers.ToDictionary(h => h.Source, StringComparer.Ordinal);
        settings = options.Value;
        this.clock = clock;
        this.logger = logger;
    }

    /// <summary>This process's name on the entries it holds.</summary>
    public string Owner { get; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    /// <summary>Entries this process holds right now (accepted or taken over, not yet marked handled).</summary>
    public int Held => held.Count;

    /// <inheritdoc />
    public ValueTask<bool> AcceptAsync(string callId, CallEvent callEvent, string cloudEvent, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(callEvent);
        return AcceptAsync(AcsSource, callEvent.EventId, callId, cloudEvent, ct);
    }

    /// <summary>
    /// Writes an event from <paramref name="source"/> to the inbox and queues it on <paramref name="lane"/>; false when the
    /// inbox has it already. When this returns true the event is durable: it is handled even if this process dies now.
    /// </summary>
    public async ValueTask<bool> AcceptAsync(string source, string eventId, string lane, string body, CancellationToken ct)
    {
        var entry = await store.TryAddAsync(source, eventId, lane, body, Owner, settings.LeaseLength, ct);
        if (entry is null)
        {
            return false;
        }

        Schedule(entry);
        return true;
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // Entries still queued stay in the store with their lease; the next process takes them over.
        await stopping.CancelAsync();
        await base.StopAsync(cancellationToken);
    }

    public override void Dispose()
    {
        stopping.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var marking = MarkHandledAsync(stoppingToken);
        using var timer = new PeriodicTimer(settings.SweepInterval, clock);
        var nextPurge = clock.GetUtcNow();
        do
        {
            try
            {
                await store.RenewAsync(Owner, held.Keys.ToList(), settings.LeaseLength, stoppingToken);
                var recovered = 0;
                IReadOnlyList<InboxEntry> claimed;
                do
                {
                    claimed = await store.ClaimExpiredAsync(Owner, settings.LeaseLength, ClaimBatch, stoppingToken);
                    foreach (var entry in claimed.Where(e => !held.ContainsKey(e.Seq)))
                    {
                        Schedule(entry);
                        recovered++;
                    }
                }
                while (claimed.Count >= ClaimBatch && !stoppingToken.IsCancellationRequested);

                if (recovered > 0)
                {
                    CallbackLog.InboxRecovered(logger, recovered);
                }

                if (clock.GetUtcNow() >= nextPurge)
                {
                    await store.PurgeAsync(settings.Retention, stoppingToken);
                    nextPurge = clock.GetUtcNow() + TimeSpan.FromHours(1);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                CallbackLog.InboxSweepFailed(logger, e);
            }
        }
        while (await WaitAsync(timer, stoppingToken));

        await marking;
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try
        {
            return await timer.WaitForNextTickAsync(ct);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    // Marks handled entries in batches: under load one UPDATE covers many entries; when quiet each is marked at once.
    private async Task MarkHandledAsync(CancellationToken ct)
    {
        var batch = new List<long>();
        try
        {
            while (await handled.Reader.WaitToReadAsync(ct))
            {
                while (batch.Count < 1000 && handled.Reader.TryRead(out var seq))
                {
                    batch.Add(seq);
                }

                try
                {
                    await store.MarkProcessedAsync(batch, ct);
                    foreach (var seq in batch)
                    {
                        held.TryRemove(seq, out _);
                    }

                    batch.Clear();
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // Kept in the batch and written with the next one; handled again after a crash, which is harmless.
                    CallbackLog.InboxSweepFailed(logger, e);
                    await Task.Delay(settings.SweepInterval, ct);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Shutting down; unmarked entries are handled again by the next process.
        }
    }

    private void Schedule(InboxEntry entry)
    {
        if (!held.TryAdd(entry.Seq, 0))
        {
            return;
        }

        // The lane's tail is swapped under the lock; the work itself starts outside it.
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task previous;
        lock (laneGate)
        {
            previous = lanes.TryGetValue(entry.Lane, out var tail) ? tail : Task.CompletedTask;
            lanes[entry.Lane] = done.Task;
        }

        // The request (or sweep) that accepted the entry parents the span of its handling (AppTracing).
        _ = RunInLaneAsync(previous, entry, done, Activity.Current?.Context ?? default);
    }

    private async Task RunInLaneAsync(Task previous, InboxEntry entry, TaskCompletionSource done, ActivityContext acceptedIn)
    {
        try
        {
            await RunAfterAsync(previous, entry, acceptedIn);
        }
        finally
        {
            done.TrySetResult();
            lock (laneGate)
            {
                if (lanes.TryGetValue(entry.Lane, out var tail) && tail == done.Task)
                {
                    lanes.Remove(entry.Lane);
                }
            }
        }
    }

    private async Task RunAfterAsync(Task previous, InboxEntry entry, ActivityContext acceptedIn)
    {
        await previous;
        using var span = AppTracing.Source.HasListeners() ? StartHandling(entry, acceptedIn) : null;
        var ct = stopping.Token;
        if (!handlers.TryGetValue(entry.Source, out var handler))
        {
            CallbackLog.InboxNoSource(logger, entry.Seq, LogValues.Clean(entry.Source));
            await CloseFailedAsync(entry, $"No handler for source '{entry.Source}'.");
            return;
        }

        var attempt = entry.Attempts;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await handler.HandleAsync(entry, ct);
                handled.Writer.TryWrite(entry.Seq);
                return;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                attempt++;
                if (attempt >= settings.MaxAttempts)
                {
                    CallbackLog.InboxGaveUp(logger, e, entry.Seq, entry.Source, LogValues.Clean(entry.EventId), LogValues.Clean(entry.Lane), settings.MaxAttempts);
                    await CloseFailedAsync(entry, e.GetType().Name + ": " + e.Message);
                    return;
                }

                CallbackLog.InboxRetry(logger, e, entry.Seq, entry.Source, LogValues.Clean(entry.EventId), LogValues.Clean(entry.Lane), attempt, settings.MaxAttempts);
                try
                {
                    await store.RecordFailureAsync(entry.Seq, e.GetType().Name + ": " + e.Message, giveUp: false, ct);
                    var delay = settings.RetryDelay * Math.Pow(2, Math.Min(attempt - 1, 16));
                    await Task.Delay(delay < MaxRetryDelay ? delay : MaxRetryDelay, clock, ct);
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception recordFailure) when (recordFailure is not OperationCanceledException)
                {
                    CallbackLog.InboxSweepFailed(logger, recordFailure);
                }
            }
        }
    }

    private static Activity? StartHandling(InboxEntry entry, ActivityContext acceptedIn)
    {
        var span = AppTracing.Source.StartActivity("call-inbox handle", ActivityKind.Consumer, acceptedIn);
        span?.SetTag("messaging.system", "call-inbox");
        span?.SetTag("call.inbox.source", entry.Source);
        span?.SetTag("call.id", entry.Lane);
        return span;
    }

    private async Task CloseFailedAsync(InboxEntry entry, string failure)
    {
        try
        {
            await store.RecordFailureAsync(entry.Seq, failure, giveUp: true, stopping.Token);
            held.TryRemove(entry.Seq, out _);
        }
        catch (Exception e) when (e is not OperationCanceledException || !stopping.IsCancellationRequested)
        {
            CallbackLog.InboxSweepFailed(logger, e);
        }
    }
}
