namespace AiScheduler.Functions.Providers.Http;

// Host and method only: paths and queries can carry ids, and query strings signatures.
internal static partial class Log
{
    [LoggerMessage(EventId = 4401, Level = LogLevel.Warning, Message = "Outbound {Method} to {Host} answered {Outcome}; retry {Attempt} in {Delay}")]
    public static partial void Retrying(ILogger logger, string method, string host, string outcome, int attempt, TimeSpan delay);
}
