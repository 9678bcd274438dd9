using System.Threading.Channels;
using AiScheduler.Functions.Providers.Telephony;

namespace AiScheduler.Functions.Calls.Recordings;

/// <summary>
/// Starts call recordings off the turn path: <see cref="ConnectedCalls"/> queues the request and returns, and a few
/// workers here make the provider calls (each with its own retries), so a slow recording service delays no call's
/// conversation. A recording not started is logged; the call goes on without it.
/// </summary>
public sealed class RecordingStarts(ITelephony telephony, ILogger<RecordingStarts> logger) : BackgroundService
{
    private const int Workers = 4;

    private readonly Channel<(string CallId, CallConnection Call)> queue =
        Channel.CreateBounded<(string, CallConnection)>(new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>Queues the recording of <paramref name="call"/>; false when the queue is full (the call is then not recorded).</summary>
    public bool Enqueue(string callId, CallConnection call)
    {
        if (queue.Writer.TryWrite((callId, call)))
        {
            return true;
        }

        Log.RecordingNotStarted(logger, callId, 503, "RecordingQueueFull");
        return false;
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, Workers).Select(_ => WorkAsync(stoppingToken)));

    private async Task WorkAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var (callId, call) in queue.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await telephony.StartRecordingAsync(call, null, stoppingToken);
                }
                catch (TelephonyException e)
                {
                    Log.RecordingNotStarted(logger, callId, (int)e.Status, e.Code);
                }
                catch (Exception e) when (e is HttpRequestException or TimeoutException)
                {
                    Log.RecordingNotStarted(logger, callId, 0, e.GetType().Name);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }
}
