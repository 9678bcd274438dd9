namespace AiScheduler.Functions.Store;

internal static partial class Log
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Applied store migration {Version} ({Name})")]
    public static partial void MigrationApplied(ILogger logger, int version, string name);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Store ready: {Store}, schema at version {Version}")]
    public static partial void StoreReady(ILogger logger, string store, int version);
}
