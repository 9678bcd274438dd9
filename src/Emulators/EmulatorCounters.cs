namespace AiScheduler.Emulators;

/// <summary>What the emulator has seen and done; tests read these (e.g. the largest number of simultaneous calls).</summary>
public sealed class EmulatorCounters
{
    private readonly Lock gate = new();
    private long requests;
    private long rejectedSignatures;
    private long injectedServerErrors;
    private long callsCreated;
    private long repeatedCreates;
    private int activeCalls;
    private int maxConcurrentActiveCalls;
    private long callbacksDelivered;
    private long callbacksFailed;
    private long callbacksDropped;
    private long callbacksDuplicated;
    private long callbacksReordered;
    private long eventGridDelivered;

    public long Requests => Interlocked.Read(ref requests);

    public long RejectedSignatures => Interlocked.Read(ref rejectedSignatures);

    public long InjectedServerErrors => Interlocked.Read(ref injectedServerErrors);

    public long CallsCreated => Interlocked.Read(ref callsCreated);

    /// <summary>Creates answered from the repeatability cache instead of placing a second call.</summary>
    public long RepeatedCreates => Interlocked.Read(ref repeatedCreates);

    public int ActiveCalls => Volatile.Read(ref activeCalls);

    public int MaxConcurrentActiveCalls => Volatile.Read(ref maxConcurrentActiveCalls);

    public long CallbacksDelivered => Interlocked.Read(ref callbacksDelivered);

    public long CallbacksFailed => Interlocked.Read(ref callbacksFailed);

    public long CallbacksDropped => Interlocked.Read(ref callbacksDropped);

    public long CallbacksDuplicated => Interlocked.Read(ref callbacksDuplicated);

    public long CallbacksReordered => Interlocked.Read(ref callbacksReordered);

    public long EventGridDelivered => Interlocked.Read(ref eventGridDelivered);

    internal void Request() => Interlocked.Increment(ref requests);

    internal void SignatureRejected() => Interlocked.Increment(ref rejectedSignatures);

    internal void ServerErrorInjected() => Interlocked.Increment(ref injectedServerErrors);

    internal void CreateRepeated() => Interlocked.Increment(ref repeatedCreates);

    internal void CallStarted()
    {
        Interlocked.Increment(ref callsCreated);
        lock (gate)
        {
            activeCalls++;
            maxConcurrentActiveCalls = Math.Max(maxConcurrentActiveCalls, activeCalls);
        }
    }

    internal void CallEnded()
    {
        lock (gate)
        {
            activeCalls--;
        }
    }

    internal void CallbackDelivered() => Interlocked.Increment(ref callbacksDelivered);

    internal void CallbackFailed() => Interlocked.Increment(ref callbacksFailed);

    internal void CallbackDropped() => Interlocked.Increment(ref callbacksDropped);

    internal void CallbackDuplicated() => Interlocked.Increment(ref callbacksDuplicated);

    internal void CallbackReordered() => Interlocked.Increment(ref callbacksReordered);

    internal void EventGridEventDelivered() => Interlocked.Increment(ref eventGridDelivered);

    public object Snapshot() => new
    {
        requests = Requests,
        rejectedSignatures = RejectedSignatures,
        injectedServerErrors = InjectedServerErrors,
        callsCreated = CallsCreated,
        repeatedCreates = RepeatedCreates,
        activeCalls = ActiveCalls,
        maxConcurrentActiveCalls = MaxConcurrentActiveCalls,
        callbacksDelivered = CallbacksDelivered,
        callbacksFailed = CallbacksFailed,
        callbacksDropped = CallbacksDropped,
        callbacksDuplicated = CallbacksDuplicated,
        callbacksReordered = CallbacksReordered,
        eventGridDelivered = EventGridDelivered,
    };
}
