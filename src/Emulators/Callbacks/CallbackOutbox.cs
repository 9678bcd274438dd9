using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace AiScheduler.Emulators.Calls;

/// <summary>
/// Delivers one call's CloudEvents callbacks in order (ACS posts a JSON array per delivery), applying the configured
/// faults: dropped types, duplicates, swapped neighbours.
/// </summary>
internal sealed class CallbackOutbox
{
    private static readonly TimeSpan ReorderWindow = TimeSpan.FromMilliseconds(150);
    private readonly Channel<(Uri Destination, JsonObject Event)> queue = Channel.CreateUnbounded<(Uri, JsonObject)>(new UnboundedChannelOptions { SingleReader = false });
    private readonly HttpClient http;
    private readonly EmulatorFaults faults;
    private readonly EmulatorCounters counters;
    private readonly ILogger logger;
    private readonly Task pump;

    public CallbackOutbox(HttpClient http, EmulatorFaults faults, EmulatorCounters counters, ILogger logger, CancellationToken stopping)
    {
        this.http = http;
        this.faults = faults;
        this.counters = counters;
        this.logger = logger;
        pump = Task.Run(() => PumpAsync(stopping), CancellationToken.None);
    }

    public Task Completion => pump;

    public void Post(Uri destination, JsonObject cloudEvent)
    {
        var type = cloudEvent["type"]!.GetValue<string>();
        if (faults.DroppedCallbackTypes.Contains(type.Replace("Microsoft.Communication.", "", StringComparison.Ordinal)))
        {
            counters.CallbackDropped();
            Log.CallbackDropped(logger, type);
            return;
        }

        queue.Writer.TryWrite((destination, cloudEvent));
    }

    public void Complete() => queue.Writer.TryComplete();

    private async Task PumpAsync(CancellationToken stopping)
    {
        (Uri Destination, JsonObject Event)? held = null;
        try
        {
            while (await queue.Reader.WaitToReadAsync(stopping))
            {
                while (queue.Reader.TryRead(out var next))
                {
                    if (!faults.ReorderCallbacks)
                    {
                        await DeliverAsync(next.Destination, next.Event, stopping);
                    }
                    else if (held is null)
                    {
                        held = next;
                    }
                    else
                    {
                        counters.CallbackReordered();
                        await DeliverAsync(next.Destination, next.Event, stopping);
                        await DeliverAsync(held.Value.Destination, held.Value.Event, stopping);
                        held = null;
                    }
                }

                if (held is not null && !await MoreArrivesWithinAsync(ReorderWindow, stopping))
                {
                    await DeliverAsync(held.Value.Destination, held.Value.Event, stopping);
                    held = null;
                }
            }

            if (held is not null)
            {
                await DeliverAsync(held.Value.Destination, held.Value.Event, stopping);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The emulator is shutting down; undelivered callbacks are dropped like a real service losing them.
        }
    }

    private async Task<bool> MoreArrivesWithinAsync(TimeSpan window, CancellationToken stopping)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        timeout.CancelAfter(window);
        try
        {
            return await queue.Reader.WaitToReadAsync(timeout.Token) && queue.Reader.Count > 0;
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
        {
            return false;
        }
    }

    private async Task DeliverAsync(Uri destination, JsonObject cloudEvent, CancellationToken stopping)
    {
        var body = new JsonArray(cloudEvent.DeepClone()).ToJsonString();
        var copies = faults.DuplicateCallbacks ? 2 : 1;
        for (var copy = 0; copy < copies; copy++)
        {
            if (copy > 0)
            {
                counters.CallbackDuplicated();
            }

            await SendWithRetriesAsync(destination, body, cloudEvent["type"]!.GetValue<string>(), stopping);
        }
    }

    private async Task SendWithRetriesAsync(Uri destination, string body, string type, CancellationToken stopping)
    {
        // ACS retries failed callback deliveries for a while; three quick attempts keep the emulator responsive.
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            try
            {
                using var content = new StringContent(body, Encoding.UTF8);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                using var response = await http.PostAsync(destination, content, stopping);
                if (response.IsSuccessStatusCode)
                {
                    counters.CallbackDelivered();
                    return;
                }

                Log.CallbackRejected(logger, type, (int)response.StatusCode, attempt);
            }
            catch (HttpRequestException e)
            {
                Log.CallbackUnreachable(logger, type, attempt, e.Message);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100 * attempt), stopping);
        }

        counters.CallbackFailed();
    }
}
