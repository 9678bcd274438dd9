namespace AiScheduler.Functions.Meetings.Booking;

internal static partial class Log
{
    [LoggerMessage(EventId = 3711, Level = LogLevel.Warning,
        Message = "The {Provider} calendar's busy time could not be read ({Status} {Reason}); slots are offered from our own meetings and holds for the next {CachePeriod}, and bookings re-check the calendar")]
    public static partial void ExternalBusyUnavailable(ILogger logger, string provider, int status, string reason, TimeSpan cachePeriod, Exception exception);

    [LoggerMessage(EventId = 3712, Level = LogLevel.Warning,
        Message = "The {Provider} calendar's busy time could not be re-checked before booking ({Status} {Reason}); the slot is booked on our own meetings and holds alone")]
    public static partial void ExternalBusyUncheckedAtBooking(ILogger logger, string provider, int status, string reason, Exception exception);

}
