using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.Meetings.Booking;

public static class BookingServiceCollectionExtensions
{
    /// <summary>The built-in calendar's slot holds and bookings (<c>Booking:*</c>, validated on start).</summary>
    public static IServiceCollection AddBooking(this IServiceCollection services)
    {
        services.AddOptions<BookingOptions>().BindConfiguration(BookingOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<BookingOptions>, BookingOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<SlotBooking>();
        return services;
    }
}
