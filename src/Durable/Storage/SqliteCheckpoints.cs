using Microsoft.Data.Sqlite;

namespace AiScheduler.Durable;

/// <summary>
/// Moves SQLite's WAL checkpoints off the writers' path. By default the commit that takes the write-ahead log past 1,000
/// pages copies them into the database file and syncs it, inside that writer's transaction: on this project's disks that
/// took 0.3-0.5 s, during which every other writer of the process waited at the file's <see cref="SqliteWriteGate"/>
/// (the long tails of call turns and durable steps). While a store has the file open, one background thread per file
/// runs a PASSIVE checkpoint (it never blocks writers or readers) every <see cref="Interval"/>, and the connections
/// raise their own automatic checkpoint to <see cref="AutoCheckpointPages"/>, a bound that only applies if this
/// thread falls far behind.
/// </summary>
public static class SqliteCheckpoints
{
    /// <summary>How often the background checkpoint runs.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    /// <summary>The connections' own automatic checkpoint threshold (pages; 4 KB each): a backstop, about 64 MB of log.</summary>
    public const int AutoCheckpointPages = 16_000;

    private static readonly Dictionary<string, Checkpointer> Running = new(StringComparer.Ordinal);
    private static readonly Lock Gate = new();

    /// <summary>The pragma a connection on a checkpointed file runs once when opened.</summary>
    public static string Pragma => $"PRAGMA wal_autocheckpoint = {AutoCheckpointPages};";

    /// <summary>Starts (or joins) the background checkpoint of the file at <paramref name="fullPath"/>; dispose to leave it.</summary>
    public static IDisposable Start(string fullPath)
    {
        lock (Gate)
        {
            if (!Running.TryGetValue(fullPath, out var checkpointer))
            {
                checkpointer = new Checkpointer(fullPath);
                Running[fullPath] = checkpointer;
            }

            checkpointer.Users++;
            return new Lease(fullPath);
        }
    }

    private static void Leave(string fullPath)
    {
        lock (Gate)
        {
            if (Running.TryGetValue(fullPath, out var checkpointer) && --checkpointer.Users == 0)
            {
                Running.Remove(fullPath);
                checkpointer.Stop();
            }
        }
    }

    private sealed class Lease(string fullPath) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                Leave(fullPath);
            }
        }
    }

    private sealed class Checkpointer
    {
        private readonly string _connectionString;
        private readonly CancellationTokenSource _stop = new();

        public Checkpointer(string fullPath)
        {
            // ReadWrite, never Create: a file deleted under a store that was not disposed is not brought back.
            _connectionString = new SqliteConnectionStringBuilder { DataSource = fullPath, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ConnectionString;
            new Thread(Run) { IsBackground = true, Name = "sqlite-checkpoint" }.Start();
        }

        public int Users { get; set; }

        public void Stop() => _stop.Cancel();

        private void Run()
        {
            SqliteConnection? connection = null;
            try
            {
                while (!_stop.Token.WaitHandle.WaitOne(Interval))
                {
                    try
                    {
                        if (connection is null)
                        {
                            if (!File.Exists(new SqliteConnectionStringBuilder(_connectionString).DataSource))
                            {
                                continue;
                            }

                            connection = new SqliteConnection(_connectionString);
                            connection.Open();
                        }

                        using var command = connection.CreateCommand();
                        command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
                        command.ExecuteNonQuery();
                    }
                    catch (SqliteException)
                    {
                        // Not a WAL file yet, or the file went away: try again next time with a fresh connection.
                        connection?.Dispose();
                        connection = null;
                    }
                }
            }
            finally
            {
                connection?.Dispose();
                _stop.Dispose();
            }
        }
    }
}
