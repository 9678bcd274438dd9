namespace AiScheduler.Functions.Providers.Telephony;

internal static partial class Log
{
    [LoggerMessage(4003, LogLevel.Warning, "Refused to download a recording from {Origin}: not the telephony service or the configured storage; nothing was sent there")]
    public static partial void RecordingLocationRefused(ILogger logger, string origin);
}
