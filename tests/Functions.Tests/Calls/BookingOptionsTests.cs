using AiScheduler.Functions.Meetings.Booking;

namespace AiScheduler.Functions.Tests.Calls;

/// <summary>The booking settings are checked when the app starts, each failure naming its setting.</summary>
public class BookingOptionsTests
{
    private static IReadOnlyList<string> Failures(BookingOptions options)
    {
        var result = new BookingOptionsValidator().Validate(null, options);
        return result.Failed ? [.. result.Failures!] : [];
    }

    [Fact]
    public void The_defaults_book_on_a_fifteen_minute_grid_and_offer_on_the_half_hour()
    {
        var defaults = new BookingOptions();

        Assert.Empty(Failures(defaults));
        Assert.Equal(15, defaults.GridMinutes);
        Assert.Equal(30, defaults.GranularityMinutes);
        Assert.Equal(10, defaults.HoldMinutes);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(10)]
    [InlineData(15)]
    [InlineData(20)]
    [InlineData(30)]
    [InlineData(60)]
    public void A_booking_grid_that_divides_the_hour_is_accepted(int grid)
    {
        Assert.Empty(Failures(new BookingOptions { GridMinutes = grid, GranularityMinutes = 60 }));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-15)]
    [InlineData(7)]
    [InlineData(25)]
    [InlineData(45)]
    [InlineData(90)]
    public void A_booking_grid_that_does_not_divide_the_hour_is_refused(int grid)
    {
        var failure = Assert.Single(Failures(new BookingOptions { GridMinutes = grid, GranularityMinutes = 60 }));
        Assert.Contains("Booking:GridMinutes", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Offers_must_sit_on_the_booking_grid()
    {
        var failure = Assert.Single(Failures(new BookingOptions { GridMinutes = 15, GranularityMinutes = 20 }));
        Assert.Contains("Booking:GranularityMinutes", failure, StringComparison.Ordinal);
        Assert.Empty(Failures(new BookingOptions { GridMinutes = 10, GranularityMinutes = 20 }));
    }

    [Fact]
    public void The_meeting_needs_a_length_and_buffers_cannot_be_negative()
    {
        Assert.Contains(Failures(new BookingOptions { MeetingMinutes = 0 }), f => f.Contains("Booking:MeetingMinutes", StringComparison.Ordinal));
        Assert.Contains(Failures(new BookingOptions { BufferMinutes = -5 }), f => f.Contains("Booking:BufferMinutes", StringComparison.Ordinal));
        Assert.Contains(Failures(new BookingOptions { BufferBeforeMinutes = -1 }), f => f.Contains("Booking:BufferBeforeMinutes", StringComparison.Ordinal));
        Assert.Contains(Failures(new BookingOptions { BufferAfterMinutes = -1 }), f => f.Contains("Booking:BufferAfterMinutes", StringComparison.Ordinal));
    }

    [Fact]
    public void Buffers_before_and_after_default_to_the_common_buffer()
    {
        var common = new BookingOptions { BufferMinutes = 10 };
        var split = new BookingOptions { BufferMinutes = 10, BufferBeforeMinutes = 5, BufferAfterMinutes = 20 };

        Assert.Equal((TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(10)), (common.BufferBefore, common.BufferAfter));
        Assert.Equal((TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(20)), (split.BufferBefore, split.BufferAfter));
        Assert.Equal(TimeSpan.FromMinutes(20), split.LargerBuffer);
    }
}
