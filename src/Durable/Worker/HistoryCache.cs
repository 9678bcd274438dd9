using System.Collections.Concurrent;

namespace AiScheduler.Durable;

/// <summary>
/// The histories of instances this process stepped, so that the next step reads only the rows appended since
/// instead of the whole history. An entry is keyed by execution id (ContinueAsNew and reuse start a new one) and is
/// only a hint: the store checks the entry's last event against the row at the same sequence and reads the full
/// history when they differ, and it adds whatever another process appended while it held the instance.
/// </summary>
internal sealed class HistoryCache(int capacity)
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public int Count => _entries.Count;

    /// <summary>The cached history of this execution, or null.</summary>
    public IReadOnlyList<HistoryEvent>? TryGet(string instanceId, string executionId) =>
        _entries.TryGetValue(instanceId, out var entry) && string.Equals(entry.ExecutionId, executionId, StringComparison.Ordinal)
            ? entry.History
            : null;

    /// <summary>The cached history of whatever execution of the instance this process saw last, or null.</summary>
    public (string ExecutionId, IReadOnlyList<HistoryEvent> History)? TryGetAny(string instanceId) =>
        _entries.TryGetValue(instanceId, out var entry) ? (entry.ExecutionId, entry.History) : null;

    /// <summary>Keeps a history that is committed in the database (never one whose checkpoint may have failed).</summary>
    public void Store(string instanceId, string executionId, IReadOnlyList<HistoryEvent> history)
    {
        if (capacity == 0)
        {
            return;
        }

        if (_entries.Count >= capacity && !_entries.ContainsKey(instanceId))
        {
            // Bounded memory without bookkeeping per hit: a full cache drops an arbitrary entry, which only costs
            // that instance one full read.
            foreach (var key in _entries.Keys)
            {
                _entries.TryRemove(key, out _);
                break;
            }
        }

        _entries[instanceId] = new Entry(executionId, history);
    }

    public void Forget(string instanceId) => _entries.TryRemove(instanceId, out _);

    private sealed record Entry(string ExecutionId, IReadOnlyList<HistoryEvent> History);
}
