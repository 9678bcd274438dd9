using System.Globalization;
using System.Text;

namespace AiScheduler.Domain.Calendar;

/// <summary>
/// Writes iCalendar objects (RFC 5545) for iTIP (RFC 5546): one VEVENT with METHOD:REQUEST or METHOD:CANCEL for mail
/// invitations, and a METHOD:PUBLISH feed of many events for calendar subscriptions. Times are written in UTC so no
/// VTIMEZONE is needed; every line ends with CRLF and is folded at 75 octets.
/// </summary>
public static class CalendarWriter
{
    public const string DefaultProductId = "-//AiScheduler//AiScheduler 1.0//EN";

    /// <summary>The MIME type to send the object with, including the method clients match against METHOD.</summary>
    public static string ContentType(InviteMethod method) => $"text/calendar; charset=utf-8; method={MethodName(method)}";

    /// <summary>One invitation, update or cancellation.</summary>
    public static string Write(Invite invite, string productId = DefaultProductId)
    {
        ArgumentNullException.ThrowIfNull(invite);
        var output = new StringBuilder();
        Header(output, productId, MethodName(invite.Method), calendarName: null);
        Event(output, invite);
        output.Append(CalendarText.Fold("END:VCALENDAR"));
        return output.ToString();
    }

    /// <summary>A subscribe feed: one VCALENDAR with METHOD:PUBLISH and every event, cancelled ones marked CANCELLED.</summary>
    public static string WriteFeed(IEnumerable<Invite> events, string calendarName, string productId = DefaultProductId)
    {
        ArgumentNullException.ThrowIfNull(events);
        var output = new StringBuilder();
        Header(output, productId, "PUBLISH", calendarName);
        foreach (var invite in events)
        {
            Event(output, invite);
        }

        output.Append(CalendarText.Fold("END:VCALENDAR"));
        return output.ToString();
    }

    private static void Header(StringBuilder output, string productId, string method, string? calendarName)
    {
        Line(output, "BEGIN:VCALENDAR");
        Line(output, $"PRODID:{productId}");
        Line(output, "VERSION:2.0");
        Line(output, "CALSCALE:GREGORIAN");
        Line(output, $"METHOD:{method}");
        if (!string.IsNullOrWhiteSpace(calendarName))
        {
            Line(output, $"NAME:{CalendarText.EscapeText(calendarName)}"); // RFC 7986
            Line(output, $"X-WR-CALNAME:{CalendarText.EscapeText(calendarName)}"); // what Google and Apple display
        }
    }

    private static void Event(StringBuilder output, Invite invite)
    {
        Line(output, "BEGIN:VEVENT");
        Line(output, $"UID:{invite.Uid}");
        Line(output, $"DTSTAMP:{Utc(invite.Stamp)}");
        Line(output, string.Create(CultureInfo.InvariantCulture, $"SEQUENCE:{invite.Sequence}"));
        Line(output, $"DTSTART:{Utc(invite.Start)}");
        Line(output, $"DTEND:{Utc(invite.End)}");
        Line(output, $"SUMMARY:{CalendarText.EscapeText(invite.Summary)}");
        if (!string.IsNullOrEmpty(invite.Description))
        {
            Line(output, $"DESCRIPTION:{CalendarText.EscapeText(invite.Description)}");
        }

        if (!string.IsNullOrEmpty(invite.Location))
        {
            Line(output, $"LOCATION:{CalendarText.EscapeText(invite.Location)}");
        }

        if (invite.Url is not null)
        {
            Line(output, $"URL:{invite.Url.AbsoluteUri}");
        }

        Line(output, $"ORGANIZER{CommonName(invite.Organizer)}:mailto:{invite.Organizer.Email}");
        foreach (var attendee in invite.Attendees)
        {
            Line(output, $"ATTENDEE{CommonName(attendee)};ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:{attendee.Email}");
        }

        Line(output, $"STATUS:{invite.Status.ToString().ToUpperInvariant()}");
        Line(output, invite.Status == EventStatus.Cancelled ? "TRANSP:TRANSPARENT" : "TRANSP:OPAQUE");
        if (invite.AlarmMinutesBefore is { } minutes && invite.Method == InviteMethod.Request)
        {
            Line(output, "BEGIN:VALARM");
            Line(output, "ACTION:DISPLAY");
            Line(output, $"DESCRIPTION:{CalendarText.EscapeText(invite.Summary.Length > 0 ? invite.Summary : "Reminder")}");
            Line(output, $"TRIGGER:{Before(minutes)}");
            Line(output, "END:VALARM");
        }

        Line(output, "END:VEVENT");
    }

    private static string MethodName(InviteMethod method) => method switch
    {
        InviteMethod.Request => "REQUEST",
        InviteMethod.Cancel => "CANCEL",
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, "unknown iTIP method"),
    };

    private static string CommonName(CalendarParty party) =>
        party.Name is null ? "" : $";CN={CalendarText.ParameterValue(party.Name)}";

    private static string Utc(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    // RFC 5545 durations: whole days and hours read better in clients than a large minute count.
    private static string Before(int minutes) => minutes switch
    {
        0 => "PT0M",
        _ when minutes % 1440 == 0 => string.Create(CultureInfo.InvariantCulture, $"-P{minutes / 1440}D"),
        _ when minutes % 60 == 0 => string.Create(CultureInfo.InvariantCulture, $"-PT{minutes / 60}H"),
        _ => string.Create(CultureInfo.InvariantCulture, $"-PT{minutes}M"),
    };

    private static void Line(StringBuilder output, string line) => output.Append(CalendarText.Fold(line));
}
