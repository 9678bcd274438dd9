using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

namespace AiScheduler.Durable;

/// <summary>
/// How a SQLite connection waits for another connection's write lock. The bundled e_sqlite3 (3.35.5) is built without
/// usleep, so <c>PRAGMA busy_timeout</c> sleeps in whole seconds: a writer blocked by a 20 ms transaction waited
/// 1000 ms, which put 1-3 s spikes into call turns while the app store and the durable runtime shared the file. This
/// handler retries after 1-5 ms instead and still gives up after the configured timeout. Both the durable runtime's
/// connection and the app store's connections install it, since they share one file in the embedded default.
/// </summary>
public static class SqliteBusyWait
{
    // Kept in a static field so the native side never calls a collected delegate.
    private static readonly BusyHandler Handler = Retry;

    /// <summary>Installs the handler on an open connection (replacing any busy_timeout), waiting up to <paramref name="timeoutMilliseconds"/>.</summary>
    public static void Install(SqliteConnection connection, int timeoutMilliseconds)
    {
        var handle = connection.Handle ?? throw new InvalidOperationException("The SQLite connection must be open before its busy handler is installed.");
        var rc = sqlite3_busy_handler(handle.DangerousGetHandle(), timeoutMilliseconds > 0 ? Handler : null, timeoutMilliseconds);
        SqliteException.ThrowExceptionForRC(rc, handle);
    }

    /// <summary>The nominal time spent after <paramref name="attempts"/> retries (the actual time is at least this).</summary>
    public static int Waited(int attempts) => attempts switch
    {
        <= 10 => attempts,
        <= 50 => 10 + ((attempts - 10) * 2),
        _ => 90 + ((attempts - 50) * 5),
    };

    private static int Retry(nint timeoutMilliseconds, int attempts)
    {
        if (Waited(attempts) >= timeoutMilliseconds)
        {
            return 0;
        }

        // SQLite calls the handler synchronously from inside the statement, so this can only block; the waits are a
        // few milliseconds, the length of another connection's short write transaction.
        Thread.Sleep(attempts < 10 ? 1 : attempts < 50 ? 2 : 5);
        return 1;
    }

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int BusyHandler(nint timeoutMilliseconds, int attempts);

    // The same native library SQLitePCLRaw's e_sqlite3 provider binds to; it does not wrap sqlite3_busy_handler.
    [DllImport("e_sqlite3", EntryPoint = "sqlite3_busy_handler", CallingConvention = CallingConvention.Cdecl)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int sqlite3_busy_handler(nint db, BusyHandler? handler, nint timeoutMilliseconds);
}
