namespace AiScheduler.Functions.Hosting.Timers;

internal static partial class Log
{
    [LoggerMessage(EventId = 3601, Level = LogLevel.Information, Message = "Timer {Schedule} scheduled with '{Expression}' in {TimeZone}")]
    public static partial void ScheduleStarted(ILogger logger, string schedule, string expression, string timeZone);

    [LoggerMessage(EventId = 3602, Level = LogLevel.Warning,
        Message = "host.json schedule {Schedule} has no registered timer function; it will not run")]
    public static partial void ScheduleWithoutHandler(ILogger logger, string schedule);

    [LoggerMessage(EventId = 3603, Level = LogLevel.Warning,
        Message = "Timer function {Schedule} has no schedule in host.json 'schedules'; it will not run")]
    public static partial void HandlerWithoutSchedule(ILogger logger, string schedule);

    [LoggerMessage(EventId = 3604, Level = LogLevel.Debug, Message = "Timer {Schedule} ran for {Occurrence:O}")]
    public static partial void Ran(ILogger logger, string schedule, DateTimeOffset occurrence);

    [LoggerMessage(EventId = 3605, Level = LogLevel.Error, Message = "Timer {Schedule} failed for {Occurrence:O}")]
    public static partial void Failed(ILogger logger, Exception exception, string schedule, DateTimeOffset occurrence);

    [LoggerMessage(EventId = 3606, Level = LogLevel.Information, Message = "Timer {Schedule} runs its missed occurrence {Occurrence:O} late")]
    public static partial void PastDue(ILogger logger, string schedule, DateTimeOffset occurrence);

    [LoggerMessage(EventId = 3607, Level = LogLevel.Warning, Message = "Timer {Schedule} cannot reach the store ({Error}); retrying")]
    public static partial void StoreUnavailable(ILogger logger, string schedule, string error);

    [LoggerMessage(EventId = 3608, Level = LogLevel.Information, Message = "Timers are disabled in this process (Timers:Enabled=false)")]
    public static partial void TimersDisabled(ILogger logger);
}
