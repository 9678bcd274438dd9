using System.Globalization;
using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.Meetings.Booking;

/// <summary>The built-in calendar's business hours and how calls hold and book its slots. Section <c>Booking</c>.</summary>
public sealed class BookingOptions
{
    public const string SectionName = "Booking";

    /// <summary>Which calendar meetings go on; several workspaces or teams can each have their own.</summary>
    public string CalendarId { get; set; } = "default";

    /// <summary>IANA zone the business hours are written in (the sales team's zone, not the lead's).</summary>
    public string TimeZone { get; set; } = "Europe/London";

    /// <summary>Working days, e.g. "Monday,Tuesday,Wednesday,Thursday,Friday".</summary>
    public string Days { get; set; } = "Monday,Tuesday,Wednesday,Thursday,Friday";

    public string Opens { get; set; } = "09:00";

    public string Closes { get; set; } = "17:00";

    public int MeetingMinutes { get; set; } = 30;

    /// <summary>Free time kept both before and after every meeting, unless one side is set on its own below.</summary>
    public int BufferMinutes { get; set; }

    /// <summary>Free time kept before a meeting's start (preparation); <see cref="BufferMinutes"/> when not set.</summary>
    public int? BufferBeforeMinutes { get; set; }

    /// <summary>Free time kept after a meeting's end (notes); <see cref="BufferMinutes"/> when not set.</summary>
    public int? BufferAfterMinutes { get; set; }

    /// <summary>
    /// The booking grid: a time the lead names ("Wednesday at 9:30") is booked as said when it is free and on this grid
    /// of the calendar's wall clock. It divides the hour (5, 10, 15, 20, 30 or 60).
    /// </summary>
    public int GridMinutes { get; set; } = 15;

    /// <summary>
    /// The grid offers start on, friendlier and coarser than the booking grid (e.g. on the hour); a multiple of
    /// <see cref="GridMinutes"/>, so every offer is bookable.
    /// </summary>
    public int GranularityMinutes { get; set; } = 30;

    /// <summary>The earliest a slot may start after the call, so the team can prepare.</summary>
    public int MinimumNoticeMinutes { get; set; } = 120;

    public int HorizonDays { get; set; } = 14;

    /// <summary>Offers are spread over days: at most this many slots per day in one answer.</summary>
    public int MaxSlotsPerDay { get; set; } = 2;

    /// <summary>Offer only times inside the lead's own working hours (their region's working days, 09:00-18:00 local).</summary>
    public bool RespectLeadHours { get; set; } = true;

    /// <summary>
    /// How long a slot stays held for the call that offered it or whose lead named it. Short on purpose: a hold only
    /// keeps other calls from offering the same time while the lead thinks; see <see cref="SlotBooking"/> for who wins.
    /// </summary>
    public int HoldMinutes { get; set; } = 10;

    /// <summary>
    /// How long offers reuse an external calendar's (Google's) busy time before asking again; bookings always re-check.
    /// 0 asks on every offer.
    /// </summary>
    public int ExternalBusyCacheSeconds { get; set; } = 45;

    /// <summary>Meeting links are this base plus the meeting id.</summary>
    public Uri JoinUrlBase { get; set; } = new("http://localhost:7071/meet/");

    public IReadOnlyList<DayOfWeek> ParsedDays =>
        Days.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(day => Enum.Parse<DayOfWeek>(day, ignoreCase: true)).Distinct().ToList();

    public TimeOnly ParsedOpens => TimeOnly.ParseExact(Opens, "HH:mm", CultureInfo.InvariantCulture);

    public TimeOnly ParsedCloses => TimeOnly.ParseExact(Closes, "HH:mm", CultureInfo.InvariantCulture);

    public TimeZoneInfo Zone => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);

    public TimeSpan BufferBefore => TimeSpan.FromMinutes(BufferBeforeMinutes ?? BufferMinutes);

    public TimeSpan BufferAfter => TimeSpan.FromMinutes(BufferAfterMinutes ?? BufferMinutes);

    /// <summary>The larger buffer: the least free time between two meetings of this calendar.</summary>
    public TimeSpan LargerBuffer => BufferBefore > BufferAfter ? BufferBefore : BufferAfter;
}

public sealed class BookingOptionsValidator : IValidateOptions<BookingOptions>
{
    public ValidateOptionsResult Validate(string? name, BookingOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.CalendarId) || options.CalendarId.Length > 100)
        {
            failures.Add("Booking:CalendarId must be 1 to 100 characters.");
        }

        if (!TimeZoneInfo.TryFindSystemTimeZoneById(options.TimeZone, out _))
        {
            failures.Add($"Booking:TimeZone '{options.TimeZone}' is not a known IANA time zone (e.g. Europe/London).");
        }

        foreach (var day in options.Days.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Enum.TryParse<DayOfWeek>(day, ignoreCase: true, out _) || int.TryParse(day, CultureInfo.InvariantCulture, out _))
            {
                failures.Add($"Booking:Days contains '{day}'; list English day names separated by commas, e.g. Monday,Tuesday.");
            }
        }

        if (options.Days.Split(',', StringSplitOptions.RemoveEmptyEntries).Length == 0)
        {
            failures.Add("Booking:Days must name at least one working day.");
        }

        var opens = TimeOnly.TryParseExact(options.Opens, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var open);
        var closes = TimeOnly.TryParseExact(options.Closes, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var close);
        if (!opens || !closes || open >= close)
        {
            failures.Add($"Booking:Opens '{options.Opens}' and Booking:Closes '{options.Closes}' must be HH:mm with opening before closing.");
        }

        Check(options.MeetingMinutes, 1, 480, "Booking:MeetingMinutes");
        Check(options.BufferMinutes, 0, 240, "Booking:BufferMinutes");
        Check(options.BufferBeforeMinutes ?? 0, 0, 240, "Booking:BufferBeforeMinutes");
        Check(options.BufferAfterMinutes ?? 0, 0, 240, "Booking:BufferAfterMinutes");
        Check(options.GranularityMinutes, 5, 240, "Booking:GranularityMinutes");
        if (options.GridMinutes is < 1 or > 60 || 60 % options.GridMinutes != 0)
        {
            failures.Add($"Booking:GridMinutes is {options.GridMinutes}; it must divide the hour (5, 10, 15, 20, 30 or 60).");
        }
        else if (options.GranularityMinutes % options.GridMinutes != 0)
        {
            failures.Add($"Booking:GranularityMinutes ({options.GranularityMinutes}) must be a multiple of Booking:GridMinutes ({options.GridMinutes}), so every offer can be booked.");
        }

        Check(options.MinimumNoticeMinutes, 0, 10_080, "Booking:MinimumNoticeMinutes");
        Check(options.HorizonDays, 1, 365, "Booking:HorizonDays");
        Check(options.MaxSlotsPerDay, 1, 48, "Booking:MaxSlotsPerDay");
        Check(options.HoldMinutes, 1, 240, "Booking:HoldMinutes");
        Check(options.ExternalBusyCacheSeconds, 0, 600, "Booking:ExternalBusyCacheSeconds");
        if (!options.JoinUrlBase.IsAbsoluteUri)
        {
            failures.Add($"Booking:JoinUrlBase '{options.JoinUrlBase}' must be an absolute URL.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);

        void Check(int value, int min, int max, string setting)
        {
            if (value < min || value > max)
            {
                failures.Add($"{setting} is {value}; use a value between {min} and {max}.");
            }
        }
    }
}
