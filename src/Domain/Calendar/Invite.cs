using System.Globalization;

namespace AiScheduler.Domain.Calendar;

/// <summary>The iTIP method of a calendar object (RFC 5546).</summary>
public enum InviteMethod
{
    /// <summary>A new invitation or an update (same UID, higher SEQUENCE).</summary>
    Request,

    /// <summary>Cancels the event with the same UID.</summary>
    Cancel,
}

/// <summary>STATUS of a VEVENT.</summary>
public enum EventStatus
{
    Confirmed,
    Tentative,
    Cancelled,
}

/// <summary>An organizer or attendee: a display name and a mail address.</summary>
public sealed record CalendarParty
{
    public CalendarParty(string? name, string email)
    {
        var address = email?.Trim() ?? "";
        var at = address.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0 || at != address.LastIndexOf('@') || at == address.Length - 1 || address.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            throw new ArgumentException($"'{email}' is not a mail address (name@example.com)", nameof(email));
        }

        Name = string.IsNullOrWhiteSpace(name) ? null : name.Trim();
        Email = address;
    }

    /// <summary>Display name, written as the CN parameter; null when unknown.</summary>
    public string? Name { get; }

    public string Email { get; }
}

/// <summary>
/// One meeting as a calendar event: what the iCalendar writer needs for an invitation (REQUEST), its updates and its
/// cancellation (CANCEL), or an entry of the subscribe feed. Times are instants and are written in UTC.
/// </summary>
public sealed record Invite
{
    private readonly int _sequence;
    private readonly int? _alarmMinutesBefore = 15;
    private readonly EventStatus? _status;

    public Invite(string uid, string summary, DateTimeOffset start, DateTimeOffset end, CalendarParty organizer, DateTimeOffset stamp)
    {
        if (string.IsNullOrWhiteSpace(uid) || uid.Any(char.IsControl))
        {
            throw new ArgumentException("an event needs a UID without line breaks, stable for the meeting's whole life", nameof(uid));
        }

        if (end <= start)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"the event must end after it starts ({start:o} - {end:o})"), nameof(end));
        }

        Uid = uid.Trim();
        Summary = summary ?? "";
        Start = start;
        End = end;
        Organizer = organizer ?? throw new ArgumentNullException(nameof(organizer));
        Stamp = stamp;
    }

    /// <summary>Globally unique, kept across reschedules and the cancellation ("7f3c...@aischeduler").</summary>
    public string Uid { get; }

    /// <summary>Revision number: 0 for the first invitation, incremented by every update and by the cancellation.</summary>
    public int Sequence
    {
        get => _sequence;
        init => _sequence = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(Sequence), value, "SEQUENCE cannot be negative");
    }

    public InviteMethod Method { get; init; } = InviteMethod.Request;

    public string Summary { get; }

    public string? Description { get; init; }

    public DateTimeOffset Start { get; }

    public DateTimeOffset End { get; }

    public CalendarParty Organizer { get; }

    /// <summary>Invited people; each gets RSVP=TRUE, PARTSTAT=NEEDS-ACTION, ROLE=REQ-PARTICIPANT.</summary>
    public IReadOnlyList<CalendarParty> Attendees { get; init; } = [];

    /// <summary>Where to join (a meeting link).</summary>
    public Uri? Url { get; init; }

    public string? Location { get; init; }

    /// <summary>Minutes before the start for a display reminder; null for none.</summary>
    public int? AlarmMinutesBefore
    {
        get => _alarmMinutesBefore;
        init => _alarmMinutesBefore = value is null or >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(AlarmMinutesBefore), value, "a reminder cannot come after the start");
    }

    /// <summary>When this version of the object was created (DTSTAMP), from the caller's clock.</summary>
    public DateTimeOffset Stamp { get; }

    /// <summary>CONFIRMED for a request and CANCELLED for a cancellation unless set; a cancellation is always CANCELLED.</summary>
    public EventStatus Status
    {
        get => Method == InviteMethod.Cancel ? EventStatus.Cancelled : _status ?? EventStatus.Confirmed;
        init => _status = value;
    }

    /// <summary>
    /// The update that moves the meeting: same UID, SEQUENCE one higher (clients ignore updates that do not raise it),
    /// a fresh DTSTAMP, METHOD:REQUEST.
    /// </summary>
    public Invite Reschedule(DateTimeOffset start, DateTimeOffset end, DateTimeOffset stamp) => Next(start, end, stamp, InviteMethod.Request);

    /// <summary>The cancellation: same UID and times, SEQUENCE one higher, a fresh DTSTAMP, METHOD:CANCEL.</summary>
    public Invite Cancel(DateTimeOffset stamp) => Next(Start, End, stamp, InviteMethod.Cancel);

    /// <summary>The next version of this invite: the same event and people, SEQUENCE one higher, the status its method implies.</summary>
    private Invite Next(DateTimeOffset start, DateTimeOffset end, DateTimeOffset stamp, InviteMethod method) =>
        new(Uid, Summary, start, end, Organizer, stamp)
        {
            Sequence = Sequence + 1,
            Method = method,
            Description = Description,
            Attendees = Attendees,
            Url = Url,
            Location = Location,
            AlarmMinutesBefore = AlarmMinutesBefore,
        };
}
