using System.Data.Common;
using System.Globalization;
using AiScheduler.Domain.Conversation;
using AiScheduler.Functions.Store;
using Dapper;
using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.Meetings.Booking;

/// <summary>A meeting on the built-in calendar: UTC start and end, the lead's zone and local start, and its join link.</summary>
public sealed record Meeting(Guid Id, Guid WorkspaceId, string CalendarId, Guid? LeadId, string? CallId,
    string AttendeeEmail, DateTimeOffset StartUtc, DateTimeOffset EndUtc, string TimeZone, string LocalStart,
    string JoinUrl, string Status);

/// <summary>Who is booking: the call, its lead, the zone the lead hears times in, and the lead's region (for their working days).</summary>
public sealed record BookingParty(Guid WorkspaceId, string CallId, Guid? LeadId, string LeadTimeZone, string? LeadRegion = null);

/// <summary>
/// Holding and booking slots on the built-in calendar, safe under any number of concurrent calls and host processes.
/// Offering a slot holds it for the offering call (one hold per slot, taken atomically, expiring); booking re-checks the
/// hold and inserts the meeting under a unique index, so of two calls racing for one slot exactly one wins and the
/// other gets fresh, held alternatives. A call's remaining holds are released when it books or ends.
/// With an external calendar (<paramref name="external"/>, e.g. Google), its busy time is avoided too: offers use a
/// short-lived copy, and booking re-reads it so a slot that became busy there meanwhile is refused with alternatives.
/// </summary>
public sealed class SlotBooking(DataStore store, IOptions<BookingOptions> options, TimeProvider clock, ExternalCalendarBusy? external = null)
{
    public const string BookedStatus = "booked";

    // Ask the slot finder for more than needed: some candidates may be held by a racing call a moment later.
    private const int CandidateHeadroom = 4;
    private const int HoldRounds = 8;
    private const int AlternativesOffered = 2;

    // The finder's own bound on slots per day: with it, the finder lists every free slot of a day.
    private const int MaxSlotsPerDayUncapped = 48;

    private readonly BookingOptions settings = options.Value;

    /// <summary>Finds free slots for <paramref name="query"/> and holds up to <see cref="SlotQuery.Count"/> of them for the call.</summary>
    public async Task<IReadOnlyList<SlotOffer>> HoldAsync(BookingParty party, SlotQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(party);
        ArgumentNullException.ThrowIfNull(query);
        var now = clock.GetUtcNow();
        var limit = query.Count;
        var held = new List<SlotOffer>(query.Count);
        var (windowFrom, windowTo) = ExternalWindow(now);
        var externalBusy = external is null ? [] : await external.ForOffersAsync(windowFrom, windowTo, cancellationToken);
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        // Racing calls may take candidates between the read and the hold; look again with what they took excluded.
        for (var round = 0; round < HoldRounds && held.Count < limit; round++)
        {
            var busy = (await BusyAsync(connection, party, now, cancellationToken))
                .Concat(externalBusy.Select(b => (b.Start, b.End)))
                .ToList();
            var wanted = Math.Min(100, query.Count * CandidateHeadroom * (round + 1));
            var candidates = CalendarSlots.Find(settings, party, busy, now, query.PreferredStartUtc ?? query.NotBeforeUtc, wanted)
                .Where(candidate => !held.Contains(candidate))
                .ToList();
            if (candidates.Count == 0)
            {
                break;
            }

            if (round == 0 && candidates.Count < wanted && IsScarce(party, busy, now, query, wanted))
            {
                // A nearly full calendar: one held slot per call, so a few calls holding several offers each cannot
                // leave later callers with nothing while most of their holds go unused.
                limit = 1;
            }

            if (round > 0)
            {
                // Under contention every racing call sees the same candidates; starting each call at its own place in
                // the list spreads them out instead of having them collide on the same slots round after round.
                var offset = (int)((uint)StringComparer.Ordinal.GetHashCode(party.CallId) % (uint)candidates.Count);
                candidates = [.. candidates[offset..], .. candidates[..offset]];
            }

            foreach (var candidate in candidates)
            {
                if (held.Count == limit)
                {
                    break;
                }

                if (await TryHoldAsync(connection, party, candidate, now, cancellationToken))
                {
                    held.Add(candidate);
                }
            }
        }

        held.Sort((a, b) => a.StartUtc.CompareTo(b.StartUtc));
        return held;
    }

    /// <summary>
    /// Whether fewer than <paramref name="wanted"/> slots are free and unheld at all. The candidate list alone cannot
    /// tell: it spreads offers over days (<see cref="BookingOptions.MaxSlotsPerDay"/>), so a roomy calendar with a short
    /// horizon, a lead with few overlapping hours, or a caller asking for a day near the horizon yields a short list
    /// although many slots are free; holding one slot then leaves the lead a single offer for no reason.
    /// </summary>
    private bool IsScarce(BookingParty party, IReadOnlyList<(DateTimeOffset Start, DateTimeOffset End)> busy, DateTimeOffset now,
        SlotQuery query, int wanted)
    {
        var everyFreeSlot = CalendarSlots.Find(settings, party, busy, now, query.PreferredStartUtc ?? query.NotBeforeUtc, wanted, MaxSlotsPerDayUncapped);
        return everyFreeSlot.Count < wanted;
    }

    /// <summary>
    /// Books <paramref name="slot"/> for the call when it is still free or held by this call; otherwise answers with
    /// fresh alternatives near it, already held for the call.
    /// </summary>
    public async Task<BookingResult> BookAsync(BookingParty party, SlotOffer slot, string email, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(party);
        ArgumentNullException.ThrowIfNull(slot);
        var now = clock.GetUtcNow();
        if (await BusyInExternalCalendarAsync(slot, now, cancellationToken))
        {
            // Someone filled the slot in the external calendar since it was offered: give the hold back and offer
            // alternatives, which the fresh read above has already made the offers avoid.
            await using (var connection = await store.OpenConnectionAsync(cancellationToken))
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    """
                    DELETE FROM slot_holds
                    WHERE workspace_id = @WorkspaceId AND calendar_id = @CalendarId AND slot_start = @Start AND call_id = @CallId
                    """,
                    new { party.WorkspaceId, settings.CalendarId, Start = slot.StartUtc, party.CallId }, cancellationToken: cancellationToken));
            }

            return await AlternativesAsync(party, slot, now, cancellationToken);
        }

        var meeting = NewMeeting(party, slot, email);
        bool booked;
        try
        {
            booked = await store.InTransactionAsync(async (connection, transaction) =>
            {
                // Claim the slot's hold row rather than only reading it: a reading check lets a concurrent hold (whose
                // snapshot predates this meeting) slip onto a slot booked here (write skew under READ COMMITTED). The
                // claimed row stays until the call ends, so such a hold meets it on the unique key, waits, and backs off.
                var claimed = await connection.ExecuteAsync(new CommandDefinition(
                    """
                    INSERT INTO slot_holds (workspace_id, calendar_id, slot_start, slot_end, call_id, expires_at, created_at)
                    VALUES (@WorkspaceId, @CalendarId, @Start, @End, @CallId, @ExpiresAt, @Now)
                    ON CONFLICT (workspace_id, calendar_id, slot_start) DO UPDATE
                    SET slot_end = excluded.slot_end, call_id = excluded.call_id, expires_at = excluded.expires_at
                    WHERE slot_holds.expires_at <= @Now OR slot_holds.call_id = excluded.call_id
                    """,
                    new
                    {
                        party.WorkspaceId, settings.CalendarId, Start = slot.StartUtc, End = slot.EndUtc, party.CallId,
                        ExpiresAt = now.AddMinutes(settings.HoldMinutes), Now = now,
                    },
                    transaction, cancellationToken: cancellationToken));
                if (claimed == 0)
                {
                    return false;
                }

                await connection.ExecuteAsync(new CommandDefinition(
                    """
                    INSERT INTO meetings (id, workspace_id, calendar_id, lead_id, call_id, attendee_email, start_utc, end_utc,
                        time_zone, local_start, join_url, status, created_at, updated_at)
                    VALUES (@Id, @WorkspaceId, @CalendarId, @LeadId, @CallId, @AttendeeEmail, @StartUtc, @EndUtc,
                        @TimeZone, @LocalStart, @JoinUrl, @Status, @Now, @Now)
                    """,
                    new
                    {
                        meeting.Id, meeting.WorkspaceId, meeting.CalendarId, meeting.LeadId, meeting.CallId, meeting.AttendeeEmail,
                        meeting.StartUtc, meeting.EndUtc, meeting.TimeZone, meeting.LocalStart, meeting.JoinUrl, meeting.Status, Now = now,
                    },
                    transaction, cancellationToken: cancellationToken));

                // The call has chosen: every other slot it was holding goes back to the calendar.
                await connection.ExecuteAsync(new CommandDefinition(
                    """
                    DELETE FROM slot_holds
                    WHERE workspace_id = @WorkspaceId AND calendar_id = @CalendarId AND call_id = @CallId AND slot_start <> @Start
                    """,
                    new { party.WorkspaceId, settings.CalendarId, party.CallId, Start = slot.StartUtc }, transaction, cancellationToken: cancellationToken));
                return true;
            }, cancellationToken);
        }
        catch (DbException ex) when (store.Dialect.IsUniqueViolation(ex))
        {
            booked = false;
        }

        if (booked)
        {
            return new BookingResult.Booked(meeting.Id.ToString("D"), slot, meeting.JoinUrl);
        }

        return await AlternativesAsync(party, slot, now, cancellationToken);
    }

    private async Task<BookingResult> AlternativesAsync(BookingParty party, SlotOffer slot, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var alternatives = await HoldAsync(party, new SlotQuery(slot.StartUtc, now, AlternativesOffered), cancellationToken);
        return new BookingResult.SlotTaken(alternatives.Where(s => s != slot).ToList());
    }

    /// <summary>
    /// Whether the external calendar now has anything within the slot (or its buffer). Reads the whole offer window so
    /// the alternatives that follow a refusal see the same fresh state. An unreachable calendar does not block the
    /// booking: our own meetings and holds still decide, as they do without an external calendar.
    /// </summary>
    private async Task<bool> BusyInExternalCalendarAsync(SlotOffer slot, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (external is null)
        {
            return false;
        }

        var (from, to) = ExternalWindow(now);
        var busy = await external.FreshAsync(from, to, cancellationToken);
        var buffer = TimeSpan.FromMinutes(settings.BufferMinutes);
        return busy is not null && busy.Any(b => b.Start < slot.EndUtc + buffer && b.End > slot.StartUtc - buffer);
    }

    /// <summary>
    /// The range read from the external calendar: whole UTC days covering the offer horizon, so every turn within a day
    /// asks for the same range and the cache can answer it.
    /// </summary>
    private (DateTimeOffset From, DateTimeOffset To) ExternalWindow(DateTimeOffset now)
    {
        var from = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        return (from, from.AddDays(settings.HorizonDays + 2));
    }

    /// <summary>Gives back every slot the call still holds (it ended without choosing them).</summary>
    public async Task<int> ReleaseAsync(string callId, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM slot_holds WHERE call_id = @callId", new { callId }, cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<Meeting>> ListAsync(Guid workspaceId, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<MeetingRow>(new CommandDefinition(
            """
            SELECT id, workspace_id, calendar_id, lead_id, call_id, attendee_email, start_utc, end_utc, time_zone,
                   local_start, join_url, status
            FROM meetings WHERE workspace_id = @workspaceId ORDER BY start_utc
            """,
            new { workspaceId }, cancellationToken: cancellationToken));
        return rows.Select(row => row.ToMeeting()).ToList();
    }

    /// <summary>The offers <paramref name="callId"/> still holds (the slot it booked keeps its claim row but is no offer).</summary>
    public async Task<IReadOnlyList<SlotOffer>> HeldByAsync(string callId, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<IntervalRow>(new CommandDefinition(
            """
            SELECT h.slot_start AS start, h.slot_end AS "end" FROM slot_holds h
            WHERE h.call_id = @callId AND h.expires_at > @now
              AND NOT EXISTS (
                SELECT 1 FROM meetings m
                WHERE m.workspace_id = h.workspace_id AND m.calendar_id = h.calendar_id AND m.start_utc = h.slot_start AND m.status = 'booked')
            ORDER BY h.slot_start
            """,
            new { callId, now = clock.GetUtcNow() }, cancellationToken: cancellationToken));
        return rows.Select(r => new SlotOffer(r.Start, r.End)).ToList();
    }

    /// <summary>Booked meetings, and slots other calls hold, that the finder must work around.</summary>
    private async Task<IReadOnlyList<(DateTimeOffset Start, DateTimeOffset End)>> BusyAsync(DbConnection connection, BookingParty party,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<IntervalRow>(new CommandDefinition(
            """
            SELECT start_utc AS start, end_utc AS "end" FROM meetings
            WHERE workspace_id = @WorkspaceId AND calendar_id = @CalendarId AND status = 'booked' AND end_utc > @Now AND start_utc < @HorizonEnd
            UNION ALL
            SELECT slot_start, slot_end FROM slot_holds
            WHERE workspace_id = @WorkspaceId AND calendar_id = @CalendarId AND expires_at > @Now AND call_id <> @CallId
            """,
            new { party.WorkspaceId, settings.CalendarId, Now = now, HorizonEnd = now.AddDays(settings.HorizonDays + 1), party.CallId },
            cancellationToken: cancellationToken));
        return rows.Select(row => (row.Start, row.End)).ToList();
    }

    /// <summary>
    /// One statement takes the hold: inserted when the slot is unheld and not booked, taken over when the previous hold
    /// expired, refreshed when this call already holds it; a live hold of another call is left alone (0 rows).
    /// </summary>
    private async Task<bool> TryHoldAsync(DbConnection connection, BookingParty party, SlotOffer slot, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var affected = await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO slot_holds (workspace_id, calendar_id, slot_start, slot_end, call_id, expires_at, created_at)
            SELECT @WorkspaceId, @CalendarId, @Start, @End, @CallId, @ExpiresAt, @Now
            WHERE NOT EXISTS (
                SELECT 1 FROM meetings
                WHERE workspace_id = @WorkspaceId AND calendar_id = @CalendarId AND start_utc = @Start AND status = 'booked')
            ON CONFLICT (workspace_id, calendar_id, slot_start) DO UPDATE
            SET slot_end = excluded.slot_end, call_id = excluded.call_id, expires_at = excluded.expires_at
            WHERE slot_holds.expires_at <= @Now OR slot_holds.call_id = excluded.call_id
            """,
            new
            {
                party.WorkspaceId, settings.CalendarId, Start = slot.StartUtc, End = slot.EndUtc, party.CallId,
                ExpiresAt = now.AddMinutes(settings.HoldMinutes), Now = now,
            },
            cancellationToken: cancellationToken));
        return affected == 1;
    }

    private Meeting NewMeeting(BookingParty party, SlotOffer slot, string email)
    {
        var id = Guid.CreateVersion7();
        var zone = TimeZoneInfo.FindSystemTimeZoneById(party.LeadTimeZone);
        var localStart = TimeZoneInfo.ConvertTime(slot.StartUtc, zone).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);
        var joinUrl = new Uri(settings.JoinUrlBase, id.ToString("N")).ToString();
        return new Meeting(id, party.WorkspaceId, settings.CalendarId, party.LeadId, party.CallId, email,
            slot.StartUtc, slot.EndUtc, party.LeadTimeZone, localStart, joinUrl, BookedStatus);
    }

    private sealed class IntervalRow
    {
        public DateTimeOffset Start { get; set; }
        public DateTimeOffset End { get; set; }
    }

    private sealed class MeetingRow
    {
        public Guid Id { get; set; }
        public Guid WorkspaceId { get; set; }
        public string CalendarId { get; set; } = "";
        public Guid? LeadId { get; set; }
        public string? CallId { get; set; }
        public string AttendeeEmail { get; set; } = "";
        public DateTimeOffset StartUtc { get; set; }
        public DateTimeOffset EndUtc { get; set; }
        public string TimeZone { get; set; } = "";
        public string LocalStart { get; set; } = "";
        public string JoinUrl { get; set; } = "";
        public string Status { get; set; } = "";

        public Meeting ToMeeting() => new(Id, WorkspaceId, CalendarId, LeadId, CallId, AttendeeEmail, StartUtc, EndUtc,
            TimeZone, LocalStart, JoinUrl, Status);
    }
}
