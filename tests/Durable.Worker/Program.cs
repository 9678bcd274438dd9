using AiScheduler.Durable;
using AiScheduler.Durable.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// A durable host process for the crash-safety and scale-out tests: it runs the Pipeline orchestration until it is
// killed. Usage: worker <sqlite|postgres> <durable connection string> <effects connection string> <worker name> [lease ms]
// The effects live in a database of their own on SQLite: they stand for an external system, and SQLite admits one
// writer per file.
if (args.Length < 4)
{
    Console.Error.WriteLine("usage: AiScheduler.Durable.Worker <sqlite|postgres> <durable connection string> <effects connection string> <worker name> [lease ms]");
    return 2;
}

var effects = new EffectLedger(args[0], args[2], args[3]);
await effects.CreateAsync(CancellationToken.None);

var builder = Host.CreateApplicationBuilder();
builder.Logging.ClearProviders().AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
builder.Services.AddSingleton(effects);
builder.Services.AddDurable(durable =>
{
    _ = args[0] == "postgres" ? durable.UsePostgres(args[1]) : durable.UseSqlite(args[1]);
    durable.AddTasks(tasks => tasks.AddOrchestrator<Pipeline>().AddActivity<RecordEffect>()).Configure(options =>
    {
        options.LeaseLength = TimeSpan.FromMilliseconds(args.Length > 4 ? int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture) : 2000);
        options.MinPollingInterval = TimeSpan.FromMilliseconds(10);
        options.MaxPollingInterval = TimeSpan.FromMilliseconds(200);
        options.MaxConcurrentActivities = 16;
        options.MaxConcurrentOrchestrations = 16;
    });
});
using var host = builder.Build();
await host.StartAsync();
Console.WriteLine("ready");
await host.WaitForShutdownAsync();
return 0;
