using System.Collections.Concurrent;

namespace AiScheduler.Durable;

/// <summary>
/// One write gate per SQLite database file for the whole process. SQLite admits one writer per file; writers of this
/// process (the durable runtime's connection and the app store's) take turns here, asynchronously and in order, instead
/// of meeting SQLite's lock and spinning in its busy handler, whose sleeps block a thread-pool thread each. Another
/// process on the same file still meets the lock and waits in the busy handler (see <see cref="SqliteBusyWait"/>).
/// </summary>
public static class SqliteWriteGate
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Gates = new(StringComparer.Ordinal);

    /// <summary>The gate of the file at <paramref name="fullPath"/> (an absolute path, so every opener of a file names it alike).</summary>
    public static SemaphoreSlim For(string fullPath) => Gates.GetOrAdd(fullPath, _ => new SemaphoreSlim(1, 1));
}
