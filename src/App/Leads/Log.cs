namespace AiScheduler.Functions.Leads;

internal static partial class Log
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Information,
        Message = "Lead import: {Rows} rows, {Imported} imported, {Updated} updated, {Skipped} duplicates merged, {Failed} rejected")]
    public static partial void Imported(ILogger logger, int rows, int imported, int updated, int skipped, int failed);
}
