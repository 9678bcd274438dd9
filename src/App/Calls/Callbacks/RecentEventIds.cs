namespace AiScheduler.Functions.Calls.Callbacks;

/// <summary>
/// The last N event ids seen by this process, to drop duplicate deliveries cheaply. Bounded: the oldest ids are
/// forgotten first, which is why handlers stay idempotent anyway.
/// </summary>
public sealed class RecentEventIds(int capacity)
{
    private readonly HashSet<string> seen = new(StringComparer.Ordinal);
    private readonly Queue<string> order = new();
    private readonly Lock gate = new();

    /// <summary>True the first time an id is offered; false for a repeat still remembered.</summary>
    public bool TryAdd(string eventId)
    {
        lock (gate)
        {
            if (!seen.Add(eventId))
            {
                return false;
            }

            order.Enqueue(eventId);
            if (order.Count > capacity)
            {
                seen.Remove(order.Dequeue());
            }

            return true;
        }
    }
}
