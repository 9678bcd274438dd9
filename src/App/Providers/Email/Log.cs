namespace AiScheduler.Functions.Providers.Email;

// Recipients are personal data: logs carry the tracking id, never an address.
internal static partial class Log
{
    [LoggerMessage(EventId = 3501, Level = LogLevel.Debug, Message = "Outbox wrote email {EmailId} ({Bytes} bytes)")]
    public static partial void OutboxWritten(ILogger logger, Guid emailId, int bytes);
}
