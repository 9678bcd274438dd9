using System.Globalization;

namespace AiScheduler.Domain.Scheduling;

/// <summary>
/// A time the calendar is taken, as instants. <see cref="KeepsBuffers"/> marks one of the calendar's own meetings (or a
/// slot held for one): it keeps the same buffers a new meeting keeps, so the free time after it and before the next
/// meeting is at least the larger of the two buffers whichever is booked first. Busy time from elsewhere (an external
/// calendar) only has to stay out of the new meeting's buffers.
/// </summary>
public sealed record BusyInterval
{
    public BusyInterval(DateTimeOffset start, DateTimeOffset end)
    {
        if (end <= start)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"a busy interval must end after it starts ({start:o} - {end:o})"), nameof(end));
        }

        Start = start;
        End = end;
    }

    public DateTimeOffset Start { get; }

    public DateTimeOffset End { get; }

    /// <summary>True for the calendar's own meetings and held slots: they keep their buffers too.</summary>
    public bool KeepsBuffers { get; init; }

    public bool Overlaps(DateTimeOffset start, DateTimeOffset end) => Start < end && start < End;

    /// <summary>
    /// Whether a meeting from <paramref name="start"/> to <paramref name="end"/>, keeping <paramref name="before"/> free
    /// before it and <paramref name="after"/> free after it, collides with this interval (and its own buffers when it
    /// <see cref="KeepsBuffers"/>).
    /// </summary>
    public bool Blocks(DateTimeOffset start, DateTimeOffset end, TimeSpan before, TimeSpan after) =>
        Overlaps(start - before, end + after) || (KeepsBuffers && Start - before < end && start < End + after);
}

/// <summary>A bookable meeting time; both ends are expressed in the zone the slots were presented in.</summary>
public sealed record Slot
{
    public Slot(DateTimeOffset start, DateTimeOffset end)
    {
        if (end <= start)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"a slot must end after it starts ({start:o} - {end:o})"), nameof(end));
        }

        Start = start;
        End = end;
    }

    public DateTimeOffset Start { get; }

    public DateTimeOffset End { get; }
}

/// <summary>The calendar's business hours: days of the week and local hours in the calendar's own zone.</summary>
public sealed record BusinessHours
{
    public BusinessHours(IEnumerable<DayOfWeek> days, TimeOnly open, TimeOnly close, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        Window = new CallingWindow(days, open, close); // same shape and validation: days plus a same-day hour range
        Zone = zone;
    }

    public CallingWindow Window { get; }

    public IReadOnlySet<DayOfWeek> Days => Window.Days;

    public TimeOnly Open => Window.Start;

    public TimeOnly Close => Window.End;

    public TimeZoneInfo Zone { get; }
}

/// <summary>What to look for: the calendar's rules, the meeting, and how to spread the offers.</summary>
public sealed record SlotRequest
{
    private readonly TimeSpan _meetingLength = TimeSpan.FromMinutes(30);
    private readonly TimeSpan _bufferBefore = TimeSpan.Zero;
    private readonly TimeSpan _bufferAfter = TimeSpan.Zero;
    private readonly TimeSpan _bookingGrid = TimeSpan.FromMinutes(15);
    private readonly TimeSpan _minimumNotice = TimeSpan.FromHours(2);
    private readonly int _horizonDays = 14;
    private readonly int _count = 3;
    private readonly int _maxPerDay = 1;
    private readonly TimeSpan _granularity = TimeSpan.FromMinutes(30);

    private readonly BusinessHours _hours;
    private readonly TimeZoneInfo _presentIn;

    public SlotRequest(BusinessHours hours, DateTimeOffset now, TimeZoneInfo presentIn)
    {
        _hours = hours ?? throw new ArgumentNullException(nameof(hours));
        _presentIn = presentIn ?? throw new ArgumentNullException(nameof(presentIn));
        Now = now;
    }

    public BusinessHours Hours { get => _hours; init => _hours = value ?? throw new ArgumentNullException(nameof(Hours)); }

    /// <summary>The instant the search starts from (the call's current time).</summary>
    public DateTimeOffset Now { get; init; }

    /// <summary>The zone the slots are expressed in: the lead's, so "Tuesday at 10" means their Tuesday.</summary>
    public TimeZoneInfo PresentIn { get => _presentIn; init => _presentIn = value ?? throw new ArgumentNullException(nameof(PresentIn)); }

    public TimeSpan MeetingLength { get => _meetingLength; init => _meetingLength = Positive(value, nameof(MeetingLength), TimeSpan.FromHours(12)); }

    /// <summary>Free time kept before the meeting's start: no busy interval may reach into it.</summary>
    public TimeSpan BufferBefore { get => _bufferBefore; init => _bufferBefore = NonNegative(value, nameof(BufferBefore)); }

    /// <summary>Free time kept after the meeting's end: no busy interval may start in it.</summary>
    public TimeSpan BufferAfter { get => _bufferAfter; init => _bufferAfter = NonNegative(value, nameof(BufferAfter)); }

    /// <summary>How far ahead of <see cref="Now"/> the earliest slot may start.</summary>
    public TimeSpan MinimumNotice { get => _minimumNotice; init => _minimumNotice = NonNegative(value, nameof(MinimumNotice)); }

    /// <summary>How many days ahead of <see cref="Now"/> slots may start.</summary>
    public int HorizonDays { get => _horizonDays; init => _horizonDays = InRange(value, 1, 366, nameof(HorizonDays)); }

    public IReadOnlyList<BusyInterval> Busy { get; init; } = [];

    /// <summary>
    /// Hours the attendee can meet, read in <see cref="PresentIn"/>; null for any time. Keeps a calendar in Jerusalem
    /// from offering a New York lead a 02:00 meeting.
    /// </summary>
    public CallingWindow? AttendeeHours { get; init; }

    /// <summary>How many slots to offer.</summary>
    public int Count { get => _count; init => _count = InRange(value, 1, 100, nameof(Count)); }

    /// <summary>At most this many slots on one local day of the calendar, so offers spread across days.</summary>
    public int MaxPerDay { get => _maxPerDay; init => _maxPerDay = InRange(value, 1, 48, nameof(MaxPerDay)); }

    /// <summary>
    /// Offers start on this grid of the calendar's wall clock (every 30 minutes, on the hour...): a friendly, coarse
    /// grid. It must be a multiple of <see cref="BookingGrid"/>, so every offer is also a bookable time.
    /// </summary>
    public TimeSpan Granularity { get => _granularity; init => _granularity = Positive(value, nameof(Granularity), TimeSpan.FromHours(12)); }

    /// <summary>
    /// The fine grid a named time must sit on to be booked as said (every 15 minutes by default, so "9:30" or "quarter
    /// past ten" is honoured even when offers are on the hour), counted on the calendar's wall clock from midnight.
    /// </summary>
    public TimeSpan BookingGrid { get => _bookingGrid; init => _bookingGrid = Positive(value, nameof(BookingGrid), TimeSpan.FromHours(12)); }

    private static TimeSpan Positive(TimeSpan value, string name, TimeSpan max) =>
        value > TimeSpan.Zero && value <= max ? value : throw new ArgumentOutOfRangeException(name, value, $"{name} must be more than zero and at most {max}");

    private static TimeSpan NonNegative(TimeSpan value, string name) =>
        value >= TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(name, value, $"{name} cannot be negative");

    private static int InRange(int value, int min, int max, string name) =>
        value >= min && value <= max ? value : throw new ArgumentOutOfRangeException(name, value, $"{name} must be between {min} and {max}");
}

/// <summary>Why a proposed meeting time can or cannot be booked.</summary>
public enum SlotAvailability
{
    Free,
    TooSoon,
    BeyondHorizon,
    OutsideBusinessHours,
    OutsideAttendeeHours,
    Conflict,

    /// <summary>The start is not on the booking grid (e.g. 9:07 on a 15-minute grid).</summary>
    OffGrid,
}

/// <summary>
/// Finds free meeting slots: inside business hours on the calendar's wall clock, after the minimum notice and within
/// the horizon, clear of busy intervals by the buffers, starting on the (coarse) offer grid, at most a few per day so
/// the offers spread across days (and, within a day, across its parts: with two per day, one in each half); and checks
/// a time the lead named against the same rules on the (fine) booking grid. Deterministic: the same request always
/// yields the same answer.
/// </summary>
public static class SlotFinder
{
    public static IReadOnlyList<Slot> Find(SlotRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Granularity.Ticks % request.BookingGrid.Ticks != 0)
        {
            throw new ArgumentException(
                $"The offer grid ({request.Granularity}) must be a multiple of the booking grid ({request.BookingGrid}), so every offer can be booked.",
                nameof(request));
        }

        var hours = request.Hours;
        var zone = hours.Zone;
        var earliest = request.Now + request.MinimumNotice;
        var horizon = request.Now.AddDays(request.HorizonDays);
        var busy = request.Busy.OrderBy(b => b.Start).ToList();
        var found = new List<(DateTimeOffset Start, DateTimeOffset End)>();

        var date = DateOnly.FromDateTime(WallClock.ToLocal(earliest, zone));
        for (; found.Count < request.Count && WallClock.ToInstant(date, TimeOnly.MinValue, zone) < horizon; date = date.AddDays(1))
        {
            if (!hours.Window.Includes(date.DayOfWeek))
            {
                continue;
            }

            var open = WallClock.ToInstant(date, hours.Open, zone);
            var close = WallClock.ToInstant(date, hours.Close, zone);
            if (open >= close)
            {
                continue;
            }

            // Split the day into MaxPerDay equal parts and take the first free start in each part.
            var part = (close - open) / request.MaxPerDay;
            var candidates = Candidates(date, hours, zone, request.Granularity).ToList();
            for (var p = 0; p < request.MaxPerDay && found.Count < request.Count; p++)
            {
                var partStart = open + (part * p);
                var partEnd = p == request.MaxPerDay - 1 ? close : partStart + part;
                foreach (var start in candidates)
                {
                    if (start < partStart || start >= partEnd)
                    {
                        continue;
                    }

                    var end = start + request.MeetingLength;
                    if (start >= earliest && start < horizon && end <= close
                        && SuitsAttendee(request, start, end)
                        && IsClear(busy, start, end, request.BufferBefore, request.BufferAfter)
                        && found.TrueForAll(f => !new BusyInterval(f.Start, f.End) { KeepsBuffers = true }.Blocks(start, end, request.BufferBefore, request.BufferAfter)))
                    {
                        found.Add((start, end));
                        break;
                    }
                }
            }
        }

        return [.. found.OrderBy(f => f.Start).Select(f => new Slot(TimeZoneInfo.ConvertTime(f.Start, request.PresentIn), TimeZoneInfo.ConvertTime(f.End, request.PresentIn)))];
    }

    /// <summary>
    /// Checks a specific start the lead named ("Wednesday at 9:30") against the same rules, on the fine
    /// <see cref="SlotRequest.BookingGrid"/> rather than the offer grid: any free grid time inside business hours is
    /// bookable as said, the whole meeting inside the hours and its buffers clear of busy time.
    /// </summary>
    public static SlotAvailability Check(SlotRequest request, DateTimeOffset start)
    {
        ArgumentNullException.ThrowIfNull(request);
        var end = start + request.MeetingLength;
        if (start < request.Now + request.MinimumNotice)
        {
            return SlotAvailability.TooSoon;
        }

        if (start >= request.Now.AddDays(request.HorizonDays))
        {
            return SlotAvailability.BeyondHorizon;
        }

        var hours = request.Hours;
        var local = WallClock.ToLocal(start, hours.Zone);
        if (local.TimeOfDay.Ticks % request.BookingGrid.Ticks != 0)
        {
            return SlotAvailability.OffGrid;
        }

        var date = DateOnly.FromDateTime(local);
        if (!hours.Window.Includes(date.DayOfWeek)
            || start < WallClock.ToInstant(date, hours.Open, hours.Zone)
            || end > WallClock.ToInstant(date, hours.Close, hours.Zone))
        {
            return SlotAvailability.OutsideBusinessHours;
        }

        if (!SuitsAttendee(request, start, end))
        {
            return SlotAvailability.OutsideAttendeeHours;
        }

        return IsClear(request.Busy.OrderBy(b => b.Start).ToList(), start, end, request.BufferBefore, request.BufferAfter)
            ? SlotAvailability.Free
            : SlotAvailability.Conflict;
    }

    // Grid points of the calendar's wall clock from midnight, inside business hours; wall times skipped by a DST jump
    // are not offered, and a repeated wall time is offered once (its first occurrence).
    private static IEnumerable<DateTimeOffset> Candidates(DateOnly date, BusinessHours hours, TimeZoneInfo zone, TimeSpan granularity)
    {
        var first = TimeSpan.FromTicks((hours.Open.ToTimeSpan().Ticks + granularity.Ticks - 1) / granularity.Ticks * granularity.Ticks);
        for (var time = first; time < hours.Close.ToTimeSpan(); time += granularity)
        {
            var local = date.ToDateTime(TimeOnly.FromTimeSpan(time));
            if (!zone.IsInvalidTime(local))
            {
                yield return WallClock.ToInstant(local, zone);
            }
        }
    }

    // The whole meeting must sit inside one opening of the attendee's hours: open at the start and still open at the
    // last moment before the end.
    private static bool SuitsAttendee(SlotRequest request, DateTimeOffset start, DateTimeOffset end) =>
        request.AttendeeHours is not { } hours
        || (hours.IsOpen(start, request.PresentIn) && hours.IsOpen(end.AddTicks(-1), request.PresentIn)
            && hours.NextClosing(start, request.PresentIn) >= end);

    private static bool IsClear(List<BusyInterval> sortedBusy, DateTimeOffset start, DateTimeOffset end, TimeSpan before, TimeSpan after)
    {
        // Nothing starting at or after this point can reach the meeting or its buffers (nor its own buffers reach back).
        var beyond = end + (before > after ? before : after);
        foreach (var interval in sortedBusy)
        {
            if (interval.Start >= beyond)
            {
                return true;
            }

            if (interval.Blocks(start, end, before, after))
            {
                return false;
            }
        }

        return true;
    }
}
