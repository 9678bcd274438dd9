namespace AiScheduler.Functions.Leads.Imports;

internal static partial class Log
{
    [LoggerMessage(EventId = 2101, Level = LogLevel.Information, Message = "Lead import {ImportId} accepted: {Bytes} bytes stored")]
    public static partial void ImportAccepted(ILogger logger, Guid importId, long bytes);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Information, Message = "Lead import {ImportId} orchestration started (delivery {DequeueCount})")]
    public static partial void ImportStarted(ILogger logger, Guid importId, int dequeueCount);

    [LoggerMessage(EventId = 2103, Level = LogLevel.Information,
        Message = "Lead import {ImportId} completed: {Rows} rows, {Imported} imported, {Updated} updated, {Skipped} duplicates merged, {Failed} rejected")]
    public static partial void ImportCompleted(ILogger logger, Guid importId, int rows, int imported, int updated, int skipped, int failed);

    [LoggerMessage(EventId = 2104, Level = LogLevel.Warning, Message = "Lead import {ImportId} rejected: {Reason}")]
    public static partial void ImportRejected(ILogger logger, Guid importId, string reason);

    [LoggerMessage(EventId = 2105, Level = LogLevel.Information,
        Message = "Lead import {ImportId} resumes after line {Line} ({Imported} imported, {Updated} updated before the interruption)")]
    public static partial void ImportResumed(ILogger logger, Guid importId, long line, int imported, int updated);
}
