using System.CommandLine;
using AiScheduler.Benchmarks;

// A verb per benchmark: `dotnet run -c Release --project tests/Benchmarks -- <verb> [options]`.
var root = new RootCommand("AiScheduler benchmarks. Each verb measures one component and prints its figures.")
{
    DurableBenchmark.CreateCommand(),
    PersonaBenchmark.CreateCommand(),
    ImportBenchmark.CreateCommand(),
    CampaignBenchmark.CreateCommand(),
    TurnsBenchmark.CreateCommand(),
    CrashBenchmark.CreateCommand(),
    VoicemailBenchmark.CreateCommand(),
};
return await root.Parse(args).InvokeAsync();
