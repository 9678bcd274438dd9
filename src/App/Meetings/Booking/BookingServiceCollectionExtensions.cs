using AiScheduler.Functions.Meetings.Room;
using AiScheduler.Functions.Providers.Calendar;
using AiScheduler.Functions.Store;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.Meetings.Booking;

public static class BookingServiceCollectionExtensions
{
    /// <summary>
    /// The built-in calendar's slot holds and bookings (<c>Booking:*</c>, validated on start). When the host's calendar
    /// port (<c>AddCalendar</c>) is an external calendar such as Google, its busy time is added to what offers avoid; the
    /// built-in calendar is skipped there because its busy time is the meetings table booking already reads.
    /// </summary>
    public static IServiceCollection AddBooking(this IServiceCollection services)
    {
        services.AddOptions<BookingOptions>().BindConfiguration(BookingOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<BookingOptions>, BookingOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        // The built-in calendar's busy time is the meetings booked here.
        services.TryAddSingleton<IBookedMeetings, BookedMeetingTimes>();
        services.AddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptions<BookingOptions>>();
            var clock = provider.GetRequiredService<TimeProvider>();
            var calendar = provider.GetService<ICalendarProvider>();
            var external = calendar is null or BuiltInCalendar
                ? null
                : new ExternalCalendarBusy(calendar, TimeSpan.FromSeconds(options.Value.ExternalBusyCacheSeconds), clock,
                    provider.GetRequiredService<ILogger<ExternalCalendarBusy>>());
            return new SlotBooking(provider.GetRequiredService<DataStore>(), options, clock, external, provider.GetService<RoomTokens>());
        });
        return services;
    }
}
