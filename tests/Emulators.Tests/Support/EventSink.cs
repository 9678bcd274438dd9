using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AiScheduler.Emulators.Tests.Support;

/// <summary>A real HTTP endpoint on loopback that records the CloudEvents callbacks and Event Grid events it receives.</summary>
internal sealed class EventSink : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<(string Path, JsonObject Event, IReadOnlyDictionary<string, string> Headers)> received = new();
    private readonly SemaphoreSlim arrived = new(0);

    private EventSink(WebApplication app) => this.app = app;

    public Uri BaseUri { get; private set; } = null!;

    public Uri Callbacks(string name = "call") => new(BaseUri, "callbacks/" + name);

    public Uri EventGrid => new(BaseUri, "eventgrid");

    public IReadOnlyList<JsonObject> Events => received.Select(r => r.Event).ToList();

    public IReadOnlyList<(string Path, JsonObject Event, IReadOnlyDictionary<string, string> Headers)> Deliveries => received.ToList();

    public static async Task<EventSink> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var sink = new EventSink(app);
        app.MapPost("/{**path}", async (HttpContext context) =>
        {
            var body = await JsonNode.ParseAsync(context.Request.Body);
            foreach (var item in body is JsonArray array ? array.OfType<JsonObject>() : [(JsonObject)body!])
            {
                // Kestrel recycles header collections after the request; keep a copy.
                var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
                sink.received.Enqueue((context.Request.Path, (JsonObject)item.DeepClone(), headers));
                sink.arrived.Release();
            }

            return Results.Ok();
        });
        await app.StartAsync();
        sink.BaseUri = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");
        return sink;
    }

    /// <summary>The first received event of <paramref name="type"/> (short name, e.g. CallConnected) matching the filter.</summary>
    public async Task<JsonObject> WaitForAsync(string type, Func<JsonObject, bool>? where = null, int skip = 0)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (true)
        {
            var matches = received.Select(r => r.Event).Where(e => Type(e) == type && (where?.Invoke(e) ?? true)).ToList();
            if (matches.Count > skip)
            {
                return matches[skip];
            }

            try
            {
                await arrived.WaitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"No {type} event arrived; received: {string.Join(", ", received.Select(r => Type(r.Event)))}");
            }
        }
    }

    /// <summary>Short type name: Microsoft.Communication.CallConnected -> CallConnected (CloudEvents or Event Grid schema).</summary>
    public static string Type(JsonObject e) =>
        (e["type"] ?? e["eventType"])!.GetValue<string>().Replace("Microsoft.Communication.", "", StringComparison.Ordinal);

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
