using AiScheduler.Functions.Providers.Http;
using AiScheduler.Functions.Tests.Infrastructure;

namespace AiScheduler.Functions.Tests.Http;

/// <summary>
/// HttpClients as the app makes them: from the factory, with the shared outbound resilience handler
/// (<see cref="OutboundHttp.AddOutboundHttp"/>) configured from <c>Http:Resilience:*</c> settings and driven by
/// <paramref name="time"/> (by default a clock that starts at <see cref="TestClocks.Default"/>). Retry backoff defaults to 10 ms here so retry tests count requests, not seconds.
/// </summary>
internal sealed class OutboundClients(
    IDictionary<string, string?>? settings = null, TimeProvider? time = null, ILoggerProvider? log = null, Action<IServiceCollection>? configure = null)
    : IDisposable
{
    private readonly ServiceProvider services = Build(settings, time, log, configure);

    public HttpClient Create(string name = "test") => services.GetRequiredService<IHttpClientFactory>().CreateClient(name);

    public void Dispose() => services.Dispose();

    private static ServiceProvider Build(IDictionary<string, string?>? settings, TimeProvider? time, ILoggerProvider? log, Action<IServiceCollection>? configure)
    {
        var configuration = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase) { ["Http:Resilience:Retry:Delay"] = "00:00:00.010" };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }

        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(configuration).Build());
        services.AddSingleton(time ?? TestClocks.StartingAt(TestClocks.Default));
        services.AddLogging(b =>
        {
            if (log is not null)
            {
                b.AddProvider(log);
            }
        });
        services.AddOutboundHttp();
        configure?.Invoke(services);
        return services.BuildServiceProvider();
    }
}
