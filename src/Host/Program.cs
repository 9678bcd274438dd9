using AiScheduler.Functions.Hosting;

return await Cli.RunAsync(args);
