using System.CommandLine;
using AiScheduler.Functions.Demo;
using AiScheduler.Functions.Store;
using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.Hosting;

/// <summary>
/// The command line: no verb serves the API (other arguments, e.g. <c>--urls</c>, go to the host); <c>migrate</c>
/// brings the store's schema up to date; <c>demo</c> runs the demo; <c>admin</c> creates workspaces, users and API keys.
/// </summary>
public static class Cli
{
    public static async Task<int> RunAsync(string[] args, TextWriter? output = null, TextWriter? error = null, TextReader? input = null)
    {
        output ??= Console.Out;
        error ??= Console.Error;
        input ??= Console.In;

        var root = new RootCommand("AiScheduler: calls leads in their language, books meetings and qualifies them.")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        root.SetAction((parseResult, cancellationToken) => AppHost.ServeAsync([.. parseResult.UnmatchedTokens], cancellationToken));

        var migrate = new Command("migrate", "Apply pending store migrations (Store:Provider, Store:ConnectionString) and exit.")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        migrate.SetAction((parseResult, cancellationToken) =>
            MigrateAsync([.. parseResult.UnmatchedTokens], output, cancellationToken));
        root.Subcommands.Add(migrate);

        var leads = new Option<FileInfo?>("--leads") { Description = "CSV file of leads (default: the bundled Samples/leads.csv)." };
        var data = new Option<DirectoryInfo>("--data")
        {
            Description = "Directory for the demo's store, blobs and outbox; recreated on every run.",
            DefaultValueFactory = _ => new DirectoryInfo(Path.Combine(".data", "demo")),
        };
        var json = new Option<bool>("--json") { Description = "Print exactly one JSON document on stdout (logs go to stderr)." };
        var personas = new Option<DirectoryInfo?>("--personas") { Description = "Persona JSON files the emulator answers as (default: the bundled library)." };
        var keepRunning = new Option<bool>("--keep-running") { Description = "Serve the API after the run until stopped." };
        var inference = new Option<bool>("--inference") { Description = "Only import and show what was inferred per lead (no calls)." };
        var at = new Option<DateTimeOffset?>("--at")
        {
            Description = "Run as if it were this instant (ISO 8601, e.g. 2026-03-06T16:55-05:00); time moves on from there. Embedded profile only.",
        };
        var demo = new Command("demo", "Import the sample leads, call them with a campaign against the in-process emulator, and summarise from the store.")
        {
            leads, data, json, personas, keepRunning, inference, at,
        };
        demo.SetAction((parseResult, cancellationToken) => DemoCommand.RunAsync(
            new DemoSettings(parseResult.GetValue(leads), parseResult.GetValue(data)!, parseResult.GetValue(json), parseResult.GetValue(personas),
                parseResult.GetValue(keepRunning), parseResult.GetValue(inference), parseResult.GetValue(at)),
            output, error, cancellationToken));
        root.Subcommands.Add(demo);
        root.Subcommands.Add(AdminCommands.Create(input, output, error));

        try
        {
            return await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        }
        catch (OptionsValidationException ex)
        {
            await error.WriteLineAsync($"Configuration error: {string.Join(" ", ex.Failures)}");
            return 2;
        }
    }

    private static async Task<int> MigrateAsync(string[] args, TextWriter output, CancellationToken cancellationToken)
    {
        await using var app = AppHost.Build(args);
        // Resolving the options validates them and reports the setting to fix before touching any database.
        _ = app.Services.GetRequiredService<IOptions<StoreOptions>>().Value;
        var store = app.Services.GetRequiredService<DataStore>();
        var migrator = app.Services.GetRequiredService<SchemaMigrator>();
        var applied = await migrator.MigrateAsync(cancellationToken);
        var versions = await migrator.AppliedVersionsAsync(cancellationToken);
        await output.WriteLineAsync(applied.Count == 0
            ? $"{store.Describe()}: schema already current at version {(versions.Count == 0 ? 0 : versions[^1])}."
            : $"{store.Describe()}: applied {string.Join(", ", applied)}; schema now at version {versions[^1]}.");
        return 0;
    }
}
