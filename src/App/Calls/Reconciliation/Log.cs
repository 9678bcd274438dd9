namespace AiScheduler.Functions.Calls.Reconciliation;

internal static partial class Log
{
    [LoggerMessage(EventId = 2320, Level = LogLevel.Information,
        Message = "Reconciliation checked {Checked} calls in progress: {Ended} had ended at the telephony service, {Stuck} were stuck and hung up, {Resent} call ends resent")]
    public static partial void Reconciled(ILogger logger, int @checked, int ended, int stuck, int resent);

    [LoggerMessage(EventId = 2321, Level = LogLevel.Warning, Message = "Reconciling call {CallId} failed; tried again next round")]
    public static partial void CallFailed(ILogger logger, Exception exception, string callId);

    [LoggerMessage(EventId = 2322, Level = LogLevel.Warning, Message = "Reconciliation round failed; tried again next round")]
    public static partial void RoundFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2323, Level = LogLevel.Information, Message = "Call {CallId} ({Phase}) has ended at the telephony service; settling it now")]
    public static partial void EndedElsewhere(ILogger logger, string callId, string phase);

    [LoggerMessage(EventId = 2324, Level = LogLevel.Warning, Message = "Call {CallId} ({Phase}) has not moved since {UpdatedAt:o}; hanging it up")]
    public static partial void Stuck(ILogger logger, string callId, string phase, DateTimeOffset updatedAt);
}
