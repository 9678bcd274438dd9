namespace AiScheduler.Functions.Hosting.Queues;

internal static partial class Log
{
    [LoggerMessage(EventId = 3901, Level = LogLevel.Information, Message = "Queue trigger {Handler} listening on queue {Queue}")]
    public static partial void Listening(ILogger logger, string handler, string queue);

    [LoggerMessage(EventId = 3902, Level = LogLevel.Warning,
        Message = "Message {MessageId} on queue {Queue} failed on dequeue {DequeueCount} of {MaxDequeueCount}; it will be retried")]
    public static partial void HandlerFailed(ILogger logger, Exception exception, string messageId, string queue, int dequeueCount, int maxDequeueCount);

    [LoggerMessage(EventId = 3903, Level = LogLevel.Error,
        Message = "Message {MessageId} on queue {Queue} failed {DequeueCount} times; moved to {PoisonQueue}")]
    public static partial void MovedToPoison(ILogger logger, Exception? exception, string messageId, string queue, int dequeueCount, string poisonQueue);

    [LoggerMessage(EventId = 3904, Level = LogLevel.Warning,
        Message = "Message {MessageId} on queue {Queue} was handled but its lease had expired; another receiver may handle it again")]
    public static partial void LeaseLost(ILogger logger, string messageId, string queue);

    [LoggerMessage(EventId = 3905, Level = LogLevel.Warning, Message = "Polling queue {Queue} failed; retrying in {Delay}")]
    public static partial void PollFailed(ILogger logger, Exception exception, string queue, TimeSpan delay);

    [LoggerMessage(EventId = 3906, Level = LogLevel.Warning,
        Message = "Settling message {MessageId} on queue {Queue} failed; it becomes visible again within {Lease}")]
    public static partial void SettleFailed(ILogger logger, Exception exception, string messageId, string queue, TimeSpan lease);

    [LoggerMessage(EventId = 3907, Level = LogLevel.Warning, Message = "Renewing the lease of message {MessageId} on queue {Queue} failed")]
    public static partial void RenewFailed(ILogger logger, Exception exception, string messageId, string queue);
}
