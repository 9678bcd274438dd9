namespace AiScheduler.Functions.Hosting.Queues;

/// <summary>
/// Queue trigger settings, read from <c>host.json</c> at <c>extensions:queues</c> with the Functions host's names and
/// meanings. Defaults are the Functions host's, except a shorter <see cref="MaxPollingInterval"/> so an idle embedded
/// host still picks up an upload within a couple of seconds.
/// </summary>
public sealed class QueueTriggerOptions
{
    public const string Section = "extensions:queues";

    /// <summary>Messages received (and processed in parallel) at once per queue, 1-32.</summary>
    public int BatchSize { get; set; } = 16;

    /// <summary>Failures after which a message moves to <c>&lt;queue&gt;-poison</c>.</summary>
    public int MaxDequeueCount { get; set; } = 5;

    /// <summary>Delay before a failed message is visible again (Functions' <c>visibilityTimeout</c>; zero retries at once).</summary>
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.Zero;

    /// <summary>Longest wait between polls of an empty queue; waits double from <see cref="MinPollingInterval"/> up to this.</summary>
    public TimeSpan MaxPollingInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>First wait after finding the queue empty.</summary>
    public TimeSpan MinPollingInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// How long a message being handled stays hidden from other host processes; a handler that crashes its process
    /// lets the message come back after this.
    /// </summary>
    public TimeSpan MessageLease { get; set; } = TimeSpan.FromMinutes(10);
}
