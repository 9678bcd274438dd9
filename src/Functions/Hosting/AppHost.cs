namespace AiScheduler.Functions.Hosting;

/// <summary>
/// Composition root: one <c>AddX</c> per component, one <c>MapX</c> per endpoint group. Each feature folder owns its
/// extension methods; this class only lists them.
/// </summary>
public static class AppHost
{
    public const int DefaultPort = 7071;

    public static async Task<int> RunAsync(string[] args)
    {
        var app = Build(args);
        await app.RunAsync();
        return 0;
    }

    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.WebHost.UseUrls($"http://127.0.0.1:{DefaultPort}");
        configure?.Invoke(builder);

        builder.Services.AddProblemDetails();
        builder.Services.AddHealthChecks();

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapHealthChecks("/healthz");
        return app;
    }
}
