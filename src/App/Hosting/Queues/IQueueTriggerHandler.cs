using AiScheduler.Functions.Providers.Storage;

namespace AiScheduler.Functions.Hosting.Queues;

/// <summary>
/// A queue-triggered function: registered for one queue with <c>AddQueueTrigger</c>, resolved in its own scope per
/// message. Returning completes (deletes) the message; throwing leaves it for a retry, and after
/// <see cref="QueueTriggerOptions.MaxDequeueCount"/> failures it moves to the poison queue. Messages are delivered at
/// least once, so handlers must be idempotent.
/// </summary>
public interface IQueueTriggerHandler
{
    Task HandleAsync(QueueMessage message, CancellationToken cancellationToken);
}
