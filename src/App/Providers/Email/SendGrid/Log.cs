namespace AiScheduler.Functions.Providers.Email.SendGrid;

// Recipients are personal data: logs carry the tracking id, never an address or the API key.
internal static partial class Log
{
    [LoggerMessage(EventId = 3521, Level = LogLevel.Debug, Message = "SendGrid accepted email {EmailId} as {ProviderMessageId}")]
    public static partial void Accepted(ILogger logger, Guid emailId, string providerMessageId);

    [LoggerMessage(EventId = 3522, Level = LogLevel.Warning, Message = "SendGrid answered {Status} for email {EmailId}; retry {Attempt} in {Delay}")]
    public static partial void Retrying(ILogger logger, int status, Guid emailId, int attempt, TimeSpan delay);
}
