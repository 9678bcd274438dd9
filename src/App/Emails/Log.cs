namespace AiScheduler.Functions.Emails;

// Recipients are personal data: logs carry the tracking id, never an address.
internal static partial class Log
{
    [LoggerMessage(EventId = 3502, Level = LogLevel.Information, Message = "Email {EmailId} ({Kind}) sent by {Provider} on attempt {Attempt}")]
    public static partial void EmailSent(ILogger logger, Guid emailId, string kind, string provider, int attempt);

    [LoggerMessage(EventId = 3503, Level = LogLevel.Warning, Message = "Email {EmailId} ({Kind}) attempt {Attempt} failed: {Error}")]
    public static partial void EmailAttemptFailed(ILogger logger, Guid emailId, string kind, int attempt, string error);

    [LoggerMessage(EventId = 3504, Level = LogLevel.Error, Message = "Email {EmailId} ({Kind}) failed after {Attempts} attempts")]
    public static partial void EmailFailed(ILogger logger, Guid emailId, string kind, int attempts);
}
