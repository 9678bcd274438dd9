using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using AiScheduler.Benchmarks.Personas;
using AiScheduler.Testing;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace AiScheduler.Benchmarks;

/// <summary>
/// The conversation agent on a persona library it was not tuned on: every persona called end to end over the emulator
/// at one fixed call instant, scored on the outcome and, where the caller names a time, on the meeting or callback
/// landing at exactly that local time. Prints the figures per language and overall, and every miss.
/// </summary>
internal static class PersonaBenchmark
{
    // Transcripts in five languages stay readable on a terminal; the output is never embedded in a page.
    private static readonly JsonSerializerOptions JsonOutput = new(JsonSerializerOptions.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static Command CreateCommand()
    {
        var library = new Option<string?>("--library") { Description = "folder of persona JSON files (default: tests/Personas/Holdout)" };
        var store = new Option<string>("--store") { Description = "sqlite or postgres", DefaultValueFactory = _ => "sqlite" };
        store.AcceptOnlyFromAmong("sqlite", "postgres");
        var at = new Option<string?>("--at")
        {
            Description = "call instant: a local time applied in each lead's zone (2026-06-08T10:00, the default) or an instant with an offset (2026-06-08T08:00Z)",
        };
        var concurrency = new Option<int>("--concurrency") { Description = "calls at once", DefaultValueFactory = _ => 8 };
        var json = new Option<bool>("--json") { Description = "print one JSON object on stdout (the summary line goes to stderr)" };
        var command = new Command("personas", "Conversation agent: outcome and named-time accuracy per language on a persona library.")
        {
            library, store, at, concurrency, json,
        };
        command.SetAction((result, cancellationToken) => RunAsync(
            result.GetValue(library) ?? HoldoutLibrary.DefaultDirectory,
            result.GetValue(store)!,
            result.GetValue(at),
            result.GetValue(concurrency),
            result.GetValue(json),
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string libraryDirectory, string store, string? at, int concurrency, bool json, CancellationToken cancellationToken)
    {
        CallInstant instant;
        HoldoutLibrary library;
        try
        {
            instant = at is null ? CallInstant.Default : CallInstant.Parse(at);
            library = HoldoutLibrary.Load(libraryDirectory);
        }
        catch (Exception e) when (e is FormatException or DirectoryNotFoundException)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 2;
        }

        var problems = library.Problems(holdoutRules: false);
        if (problems.Count > 0 || concurrency < 1)
        {
            await Console.Error.WriteLineAsync(string.Join('\n', problems.Append(concurrency < 1 ? "--concurrency must be at least 1" : "").Where(p => p.Length > 0)));
            return 2;
        }

        PostgresServer? server = null;
        var file = Path.Combine(Path.GetTempPath(), "aischeduler-personas-" + Guid.NewGuid().ToString("N")[..8] + ".db");
        try
        {
            Dictionary<string, string?> settings;
            if (store == "postgres")
            {
                server = await PostgresServer.StartAsync(cancellationToken);
                settings = new(StringComparer.Ordinal)
                {
                    ["Store:Provider"] = "postgres",
                    ["Store:ConnectionString"] = await server.CreateDatabaseAsync("personas", cancellationToken),
                };
            }
            else
            {
                settings = new(StringComparer.Ordinal)
                {
                    ["Store:Provider"] = "sqlite",
                    ["Store:ConnectionString"] = "Data Source=" + file,
                    ["Store:BusyTimeoutMilliseconds"] = "60000",
                };
            }

            var results = await PersonaRunner.RunAsync(library.Personas, settings, instant, concurrency, cancellationToken);
            var report = PersonaReport.From(library.Directory, store, instant, results);
            if (json)
            {
                Console.WriteLine(JsonSerializer.Serialize(report, JsonOutput));
                await Console.Error.WriteLineAsync(report.Summary());
            }
            else
            {
                Console.Write(report.ToText());
            }

            return 0;
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            SqliteConnection.ClearAllPools();
            if (server is not null)
            {
                await server.DisposeAsync();
            }

            foreach (var path in new[] { file, file + "-wal", file + "-shm" })
            {
                File.Delete(path);
            }
        }
    }
}
