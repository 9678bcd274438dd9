using AiScheduler.Domain.Conversation;
using AiScheduler.Domain.Scheduling;

namespace AiScheduler.Functions.Meetings.Booking;

/// <summary>The built-in calendar's free slots: <see cref="SlotFinder"/> over the configured business hours.</summary>
internal static class CalendarSlots
{
    /// <summary>
    /// The next <paramref name="count"/> free slots clear of <paramref name="busy"/>, honouring the minimum notice from
    /// <paramref name="nowUtc"/>, and starting no earlier than <paramref name="fromUtc"/> when the lead asked for a time
    /// (so a free "Tuesday at 10" comes first), within the lead's working hours when <see cref="BookingOptions.RespectLeadHours"/>.
    /// At most <see cref="BookingOptions.MaxSlotsPerDay"/> per day unless <paramref name="maxPerDay"/> says otherwise.
    /// Offers start on the offer grid (<see cref="BookingOptions.GranularityMinutes"/>). <paramref name="busy"/> is the
    /// calendar's own meetings and held slots, which keep their buffers as a new meeting does.
    /// </summary>
    public static IReadOnlyList<SlotOffer> Find(BookingOptions settings, BookingParty party, IReadOnlyList<(DateTimeOffset Start, DateTimeOffset End)> busy,
        DateTimeOffset nowUtc, DateTimeOffset? fromUtc, int count, int? maxPerDay = null) =>
        Find(settings, party, busy.Select(b => new BusyInterval(b.Start, b.End) { KeepsBuffers = true }).ToList(), nowUtc, fromUtc, count, maxPerDay);

    /// <summary>
    /// The next <paramref name="count"/> free slots, as above, clear of <paramref name="busy"/> (own meetings marked
    /// <see cref="BusyInterval.KeepsBuffers"/>, busy time from an external calendar not).
    /// </summary>
    public static IReadOnlyList<SlotOffer> Find(BookingOptions settings, BookingParty party, IReadOnlyList<BusyInterval> busy,
        DateTimeOffset nowUtc, DateTimeOffset? fromUtc, int count, int? maxPerDay = null)
    {
        var earliest = nowUtc.AddMinutes(settings.MinimumNoticeMinutes);
        var from = fromUtc is { } requested && requested > earliest ? requested : earliest;
        var lastStart = nowUtc.AddDays(settings.HorizonDays);
        if (from >= lastStart)
        {
            return [];
        }

        var request = Request(settings, party, busy, from) with
        {
            MinimumNotice = TimeSpan.Zero,
            HorizonDays = Math.Max(1, (int)Math.Ceiling((lastStart - from).TotalDays)),
            MaxPerDay = maxPerDay ?? settings.MaxSlotsPerDay,
            Count = Math.Clamp(count, 1, 100),
        };
        return SlotFinder.Find(request).Select(slot => new SlotOffer(slot.Start, slot.End)).ToList();
    }

    /// <summary>
    /// Whether the meeting the lead named, starting at <paramref name="startUtc"/>, can be booked as said: on the booking
    /// grid (<see cref="BookingOptions.GridMinutes"/>), inside business hours and the lead's hours, after the notice,
    /// within the horizon, and with its buffers clear of <paramref name="busy"/>.
    /// </summary>
    public static SlotAvailability Check(BookingOptions settings, BookingParty party, IReadOnlyList<BusyInterval> busy,
        DateTimeOffset nowUtc, DateTimeOffset startUtc) =>
        SlotFinder.Check(Request(settings, party, busy, nowUtc) with
        {
            MinimumNotice = TimeSpan.FromMinutes(settings.MinimumNoticeMinutes),
            HorizonDays = settings.HorizonDays,
        }, startUtc);

    private static SlotRequest Request(BookingOptions settings, BookingParty party, IReadOnlyList<BusyInterval> busy, DateTimeOffset now) =>
        new(new BusinessHours(settings.ParsedDays, settings.ParsedOpens, settings.ParsedCloses, settings.Zone), now,
            TimeZoneInfo.FindSystemTimeZoneById(party.LeadTimeZone))
        {
            // Keep offers inside the lead's own working day, with their region's working week (Sunday-Thursday in Israel).
            AttendeeHours = settings.RespectLeadHours ? CallingWindow.ForRegion(party.LeadRegion) : null,
            MeetingLength = TimeSpan.FromMinutes(settings.MeetingMinutes),
            BufferBefore = settings.BufferBefore,
            BufferAfter = settings.BufferAfter,
            Granularity = TimeSpan.FromMinutes(settings.GranularityMinutes),
            BookingGrid = TimeSpan.FromMinutes(settings.GridMinutes),
            Busy = busy,
        };
}
