using AiScheduler.Functions.Hosting;

return await AppHost.RunAsync(args);
