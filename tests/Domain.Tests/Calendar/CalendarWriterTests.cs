using System.Globalization;
using System.Text;
using AiScheduler.Domain.Calendar;

namespace AiScheduler.Domain.Tests.Calendar;

public class CalendarWriterTests
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static DateTimeOffset At(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);

    private static Invite Consultation(InviteMethod method = InviteMethod.Request, int sequence = 0) =>
        new("7f3c2a90-1b2c-4d5e-9f00-1234567890ab@aischeduler", "Consultation with Dr. Levi",
            At("2025-03-10T14:00:00+02:00"), At("2025-03-10T14:30:00+02:00"),
            new CalendarParty("Clinic Scheduling", "scheduling@clinic.example"), At("2025-03-01T12:00:00Z"))
        {
            Method = method,
            Sequence = sequence,
            Description = "Join online: https://meet.example/abc-defg-hij\nOr call +1 425 555 0100, PIN 1234",
            Location = "Online",
            Url = new Uri("https://meet.example/abc-defg-hij"),
            Attendees = [new CalendarParty("Cohen, Dana", "dana@example.com")],
            AlarmMinutesBefore = 15,
        };

    // Logical (unfolded) lines of a calendar object.
    private static string[] Lines(string text)
    {
        Assert.EndsWith("\r\n", text, StringComparison.Ordinal);
        return CalendarText.Unfold(text).Split("\r\n")[..^1];
    }

    [Fact]
    public void A_request_is_written_as_RFC_5546_expects()
    {
        var expected = string.Join("\r\n",
            "BEGIN:VCALENDAR",
            "PRODID:-//AiScheduler//AiScheduler 1.0//EN",
            "VERSION:2.0",
            "CALSCALE:GREGORIAN",
            "METHOD:REQUEST",
            "BEGIN:VEVENT",
            "UID:7f3c2a90-1b2c-4d5e-9f00-1234567890ab@aischeduler",
            "DTSTAMP:20250301T120000Z",
            "SEQUENCE:0",
            "DTSTART:20250310T120000Z",
            "DTEND:20250310T123000Z",
            "SUMMARY:Consultation with Dr. Levi",
            "DESCRIPTION:Join online: https://meet.example/abc-defg-hij\\nOr call +1 425 ",
            " 555 0100\\, PIN 1234",
            "LOCATION:Online",
            "URL:https://meet.example/abc-defg-hij",
            "ORGANIZER;CN=Clinic Scheduling:mailto:scheduling@clinic.example",
            "ATTENDEE;CN=\"Cohen, Dana\";ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=T",
            " RUE:mailto:dana@example.com",
            "STATUS:CONFIRMED",
            "TRANSP:OPAQUE",
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            "DESCRIPTION:Consultation with Dr. Levi",
            "TRIGGER:-PT15M",
            "END:VALARM",
            "END:VEVENT",
            "END:VCALENDAR",
            "");
        Assert.Equal(expected, CalendarWriter.Write(Consultation()));
    }

    [Fact]
    public void A_cancellation_keeps_the_uid_raises_the_sequence_and_drops_the_alarm()
    {
        var lines = Lines(CalendarWriter.Write(Consultation(InviteMethod.Cancel, sequence: 2) with { }));
        Assert.Contains("METHOD:CANCEL", lines);
        Assert.Contains("UID:7f3c2a90-1b2c-4d5e-9f00-1234567890ab@aischeduler", lines);
        Assert.Contains("SEQUENCE:2", lines);
        Assert.Contains("STATUS:CANCELLED", lines);
        Assert.Contains("DTSTART:20250310T120000Z", lines);
        Assert.Contains(lines, l => l.StartsWith("ORGANIZER;", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("ATTENDEE;", StringComparison.Ordinal));
        Assert.DoesNotContain("BEGIN:VALARM", lines);
        Assert.Equal("text/calendar; charset=utf-8; method=CANCEL", CalendarWriter.ContentType(InviteMethod.Cancel));
        Assert.Equal("text/calendar; charset=utf-8; method=REQUEST", CalendarWriter.ContentType(InviteMethod.Request));
    }

    [Fact]
    public void A_cancellation_is_always_cancelled_whatever_status_was_set()
    {
        var invite = Consultation(InviteMethod.Cancel) with { Status = EventStatus.Confirmed };
        Assert.Equal(EventStatus.Cancelled, invite.Status);
        Assert.Equal(EventStatus.Tentative, (Consultation() with { Status = EventStatus.Tentative }).Status);
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a,b", @"a\,b")]
    [InlineData("a;b", @"a\;b")]
    [InlineData(@"C:\path", @"C:\\path")]
    [InlineData("line1\nline2", @"line1\nline2")]
    [InlineData("line1\r\nline2", @"line1\nline2")]
    [InlineData("line1\rline2", @"line1\nline2")]
    [InlineData(@"\;", @"\\\;")]
    [InlineData("a:b \"q\"", "a:b \"q\"")]
    [InlineData("tab\there", "tab\there")]
    [InlineData("bell\u0007", "bell")]
    [InlineData("שלום, עולם; \\ סוף", @"שלום\, עולם\; \\ סוף")]
    public void Text_values_are_escaped(string value, string escaped)
    {
        Assert.Equal(escaped, CalendarText.EscapeText(value));
    }

    [Theory]
    [InlineData("plain")]
    [InlineData("a,b;c\\d")]
    [InlineData("multi\nline\ntext")]
    [InlineData("דנה כהן, מנהלת; מכירות \\ 🎉")]
    public void Escaping_round_trips(string value)
    {
        Assert.Equal(value, CalendarText.UnescapeText(CalendarText.EscapeText(value)));
    }

    [Theory]
    [InlineData("Dana Cohen", "Dana Cohen")]
    [InlineData("Cohen, Dana", "\"Cohen, Dana\"")]
    [InlineData("Dr. Levi: Clinic", "\"Dr. Levi: Clinic\"")]
    [InlineData("A;B", "\"A;B\"")]
    [InlineData("Dana \"DC\" Cohen", "Dana 'DC' Cohen")]
    [InlineData("דנה כהן", "דנה כהן")]
    public void Common_names_are_quoted_when_they_must_be(string name, string written)
    {
        Assert.Equal(written, CalendarText.ParameterValue(name));
    }

    [Fact]
    public void Long_hebrew_and_emoji_text_folds_at_75_octets_without_splitting_characters()
    {
        var summary = string.Concat(Enumerable.Repeat("פגישת היכרות עם דנה כהן מחברת אלפא 🚀🇮🇱 ", 6));
        var description = string.Concat(Enumerable.Repeat("שלום דנה, מצורף קישור לפגישה. נתראה ביום שלישי! 😀👍🏽\n", 5));
        var invite = Consultation() with
        {
            Description = description,
            Attendees = [new CalendarParty("דנה כהן-לוי, סמנכ\"לית מכירות", "dana@example.co.il")],
        };
        invite = new Invite(invite.Uid, summary, invite.Start, invite.End, invite.Organizer, invite.Stamp)
        {
            Description = invite.Description,
            Attendees = invite.Attendees,
        };

        var text = CalendarWriter.Write(invite);
        var physical = text.Split("\r\n")[..^1];
        Assert.True(physical.Length > 20);
        foreach (var line in physical)
        {
            var bytes = Encoding.UTF8.GetBytes(line);
            Assert.True(bytes.Length <= 75, $"{bytes.Length} octets: {line}");
            // Every physical line decodes on its own: no UTF-8 sequence was cut between lines.
            Assert.Equal(line, StrictUtf8.GetString(bytes));
            Assert.DoesNotContain('\n', line);
            Assert.DoesNotContain('\r', line);
        }

        var lines = Lines(text);
        Assert.Contains($"SUMMARY:{CalendarText.EscapeText(summary)}", lines);
        Assert.Equal(summary, CalendarText.UnescapeText(lines.Single(l => l.StartsWith("SUMMARY:", StringComparison.Ordinal))["SUMMARY:".Length..]));
        Assert.Equal(description, CalendarText.UnescapeText(lines.First(l => l.StartsWith("DESCRIPTION:", StringComparison.Ordinal))["DESCRIPTION:".Length..]));
        Assert.Contains("ATTENDEE;CN=\"דנה כהן-לוי, סמנכ'לית מכירות\";ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:dana@example.co.il", lines);
    }

    [Fact]
    public void Lines_end_with_CRLF_only()
    {
        var text = CalendarWriter.Write(Consultation() with { Description = "a\nb\rc\r\nd" });
        Assert.Equal(text.Count(c => c == '\n'), text.Split("\r\n").Length - 1);
        Assert.Equal(text.Count(c => c == '\r'), text.Split("\r\n").Length - 1);
        Assert.DoesNotContain('\uFEFF', text);
    }

    public static TheoryData<int> Seeds => [.. Enumerable.Range(1, 60)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Folding_random_text_keeps_every_line_within_75_octets_and_unfolds_exactly(int seed)
    {
        string[] alphabet = ["a", "Z", " ", ":", ";", "é", "ש", "ל", "ו", "ם", "ж", "中", "文", "😀", "🇮", "🇱", "👍🏽", "ß", "\u200d"];
        var random = new Random(seed);
        var value = string.Concat(Enumerable.Range(0, random.Next(0, 400)).Select(_ => alphabet[random.Next(alphabet.Length)]));
        var line = $"DESCRIPTION:{value}";

        var folded = CalendarText.Fold(line);
        Assert.EndsWith("\r\n", folded, StringComparison.Ordinal);
        var physical = folded.Split("\r\n")[..^1];
        Assert.All(physical, p => Assert.InRange(StrictUtf8.GetByteCount(p), 1, 75));
        Assert.All(physical.Skip(1), p => Assert.StartsWith(" ", p, StringComparison.Ordinal));
        Assert.All(physical, p => Assert.Equal(p, StrictUtf8.GetString(StrictUtf8.GetBytes(p))));
        // Lines are filled: a break happens only when the next character would not fit.
        for (var i = 0; i < physical.Length - 1; i++)
        {
            var next = physical[i + 1][1..].EnumerateRunes().First();
            Assert.True(StrictUtf8.GetByteCount(physical[i]) + next.Utf8SequenceLength > 75);
        }

        Assert.Equal(line + "\r\n", CalendarText.Unfold(folded));
    }

    [Fact]
    public void A_short_line_is_not_folded()
    {
        Assert.Equal("VERSION:2.0\r\n", CalendarText.Fold("VERSION:2.0"));
        var exactly75 = new string('x', 75);
        Assert.Equal(exactly75 + "\r\n", CalendarText.Fold(exactly75));
        Assert.Equal(exactly75 + "\r\n y\r\n", CalendarText.Fold(exactly75 + "y"));
    }

    [Theory]
    [InlineData(15, "TRIGGER:-PT15M")]
    [InlineData(0, "TRIGGER:PT0M")]
    [InlineData(60, "TRIGGER:-PT1H")]
    [InlineData(90, "TRIGGER:-PT90M")]
    [InlineData(1440, "TRIGGER:-P1D")]
    [InlineData(2880, "TRIGGER:-P2D")]
    public void Reminders_are_written_as_durations_before_the_start(int minutes, string trigger)
    {
        Assert.Contains(trigger, Lines(CalendarWriter.Write(Consultation() with { AlarmMinutesBefore = minutes })));
    }

    [Fact]
    public void Optional_properties_are_left_out_when_absent()
    {
        var bare = new Invite("uid-1@aischeduler", "Intro call", At("2026-01-05T10:00:00Z"), At("2026-01-05T10:30:00Z"),
            new CalendarParty(null, "sales@example.com"), At("2026-01-01T00:00:00Z")) { AlarmMinutesBefore = null };
        var lines = Lines(CalendarWriter.Write(bare));
        Assert.Contains("ORGANIZER:mailto:sales@example.com", lines);
        Assert.DoesNotContain(lines, l => l.StartsWith("DESCRIPTION", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.StartsWith("LOCATION", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.StartsWith("URL", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.StartsWith("ATTENDEE", StringComparison.Ordinal));
        Assert.DoesNotContain("BEGIN:VALARM", lines);
    }

    [Fact]
    public void The_feed_publishes_every_event_in_one_calendar()
    {
        var first = Consultation();
        var second = new Invite("second@aischeduler", "Demo, part 2", At("2026-01-06T09:00:00Z"), At("2026-01-06T09:45:00Z"), first.Organizer, At("2026-01-01T00:00:00Z"));
        var cancelled = new Invite("third@aischeduler", "Dropped", At("2026-01-07T09:00:00Z"), At("2026-01-07T09:30:00Z"), first.Organizer, At("2026-01-01T00:00:00Z"))
        {
            Status = EventStatus.Cancelled,
            Sequence = 1,
        };

        var lines = Lines(CalendarWriter.WriteFeed([first, second, cancelled], "Sales meetings; Q1"));
        Assert.Equal("BEGIN:VCALENDAR", lines[0]);
        Assert.Equal("END:VCALENDAR", lines[^1]);
        Assert.Contains("METHOD:PUBLISH", lines);
        Assert.Contains(@"NAME:Sales meetings\; Q1", lines);
        Assert.Contains(@"X-WR-CALNAME:Sales meetings\; Q1", lines);
        Assert.Equal(3, lines.Count(l => l == "BEGIN:VEVENT"));
        Assert.Equal(3, lines.Count(l => l == "END:VEVENT"));
        Assert.Contains(@"SUMMARY:Demo\, part 2", lines);
        Assert.Contains("STATUS:CANCELLED", lines);
        Assert.Single(lines, l => l == "BEGIN:VCALENDAR");
    }

    [Fact]
    public void An_empty_feed_is_still_a_valid_calendar()
    {
        var lines = Lines(CalendarWriter.WriteFeed([], "Empty"));
        Assert.Equal(["BEGIN:VCALENDAR", "PRODID:-//AiScheduler//AiScheduler 1.0//EN", "VERSION:2.0", "CALSCALE:GREGORIAN", "METHOD:PUBLISH", "NAME:Empty", "X-WR-CALNAME:Empty", "END:VCALENDAR"], lines);
    }

    [Theory]
    [InlineData("")]
    [InlineData("dana")]
    [InlineData("@example.com")]
    [InlineData("dana@")]
    [InlineData("da na@example.com")]
    [InlineData("dana@@example.com")]
    [InlineData("dana@example.com\r\nBCC:x@y")]
    public void Parties_need_a_mail_address(string email)
    {
        Assert.Throws<ArgumentException>(() => new CalendarParty("Dana", email));
    }

    [Fact]
    public void Invites_validate_their_values()
    {
        var organizer = new CalendarParty("Sales", "sales@example.com");
        var start = At("2026-01-05T10:00:00Z");
        Assert.Throws<ArgumentException>(() => new Invite("", "x", start, start.AddMinutes(30), organizer, start));
        Assert.Throws<ArgumentException>(() => new Invite("a\r\nb", "x", start, start.AddMinutes(30), organizer, start));
        Assert.Throws<ArgumentException>(() => new Invite("uid", "x", start, start, organizer, start));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Invite("uid", "x", start, start.AddMinutes(30), organizer, start) { Sequence = -1 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new Invite("uid", "x", start, start.AddMinutes(30), organizer, start) { AlarmMinutesBefore = -5 });
        Assert.Equal("Dana", new CalendarParty("  Dana ", " dana@example.com ").Name);
        Assert.Null(new CalendarParty("  ", "dana@example.com").Name);
    }

    [Fact]
    public void Rescheduling_keeps_the_uid_and_raises_the_sequence()
    {
        var original = Consultation();
        var moved = original.Reschedule(At("2025-03-11T09:00:00Z"), At("2025-03-11T09:30:00Z"), At("2025-03-02T08:00:00Z"));
        Assert.Equal(original.Uid, moved.Uid);
        Assert.Equal(1, moved.Sequence);
        Assert.Equal(InviteMethod.Request, moved.Method);
        Assert.Equal(original.Attendees, moved.Attendees);
        var lines = Lines(CalendarWriter.Write(moved));
        Assert.Contains("SEQUENCE:1", lines);
        Assert.Contains("DTSTAMP:20250302T080000Z", lines);
        Assert.Contains("DTSTART:20250311T090000Z", lines);
        Assert.Contains("METHOD:REQUEST", lines);

        var cancelled = moved.Cancel(At("2025-03-03T08:00:00Z"));
        Assert.Equal(2, cancelled.Sequence);
        Assert.Equal(moved.Start, cancelled.Start);
        var cancelLines = Lines(CalendarWriter.Write(cancelled));
        Assert.Contains("METHOD:CANCEL", cancelLines);
        Assert.Contains("STATUS:CANCELLED", cancelLines);
        Assert.Contains("SEQUENCE:2", cancelLines);
        Assert.Contains($"UID:{original.Uid}", cancelLines);
    }
}
