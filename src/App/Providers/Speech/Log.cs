namespace AiScheduler.Functions.Providers.Speech;

internal static partial class Log
{
    [LoggerMessage(EventId = 2450, Level = LogLevel.Debug, Message = "Speech recognised in {Locale}: {Status}, {Characters} characters")]
    public static partial void Recognized(ILogger logger, string locale, string status, int characters);

    [LoggerMessage(EventId = 2451, Level = LogLevel.Debug, Message = "Speech synthesised in {Locale}: {Bytes} bytes")]
    public static partial void Synthesized(ILogger logger, string locale, int bytes);

    [LoggerMessage(EventId = 2452, Level = LogLevel.Warning, Message = "Azure Speech {Operation} failed with status {Status}")]
    public static partial void Failed(ILogger logger, string operation, int status);
}
