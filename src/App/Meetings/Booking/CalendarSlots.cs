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
    /// </summary>
    public static IReadOnlyList<SlotOffer> Find(BookingOptions settings, BookingParty party, IReadOnlyList<(DateTimeOffset Start, DateTimeOffset End)> busy,
        DateTimeOffset nowUtc, DateTimeOffset? fromUtc, int count, int? maxPerDay = null)
    {
        var earliest = nowUtc.AddMinutes(settings.MinimumNoticeMinutes);
        var from = fromUtc is { } requested && requested > earliest ? requested : earliest;
        var lastStart = nowUtc.AddDays(settings.HorizonDays);
        if (from >= lastStart)
        {
            return [];
        }

        var request = new SlotRequest(
            new BusinessHours(settings.ParsedDays, settings.ParsedOpens, settings.ParsedCloses, settings.Zone), from,
            TimeZoneInfo.FindSystemTimeZoneById(party.LeadTimeZone))
        {
            // Keep offers inside the lead's own working day, with their region's working week (Sunday-Thursday in Israel).
            AttendeeHours = settings.RespectLeadHours ? CallingWindow.ForRegion(party.LeadRegion) : null,
            MinimumNotice = TimeSpan.Zero,
            HorizonDays = Math.Max(1, (int)Math.Ceiling((lastStart - from).TotalDays)),
            MeetingLength = TimeSpan.FromMinutes(settings.MeetingMinutes),
            Buffer = TimeSpan.FromMinutes(settings.BufferMinutes),
            Granularity = TimeSpan.FromMinutes(settings.GranularityMinutes),
            MaxPerDay = maxPerDay ?? settings.MaxSlotsPerDay,
            Count = Math.Clamp(count, 1, 100),
            Busy = busy.Select(b => new BusyInterval(b.Start, b.End)).ToList(),
        };
        return SlotFinder.Find(request).Select(slot => new SlotOffer(slot.Start, slot.End)).ToList();
    }
}
