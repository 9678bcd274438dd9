namespace AiScheduler.Functions.Providers.Email.SendGrid;

// Recipients are personal data: logs carry the tracking id, never an address or the API key.
internal static partial class Log
{
    [LoggerMessage(EventId = 3521, Level = LogLevel.Debug, Message = "SendGrid accepted email {EmailId} as {ProviderMessageId}")]
    public static partial void Accepted(ILogger logger, Guid emailId, string providerMessageId);
}
