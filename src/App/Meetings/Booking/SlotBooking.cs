using System.Data.Common;
using System.Globalization;
using AiScheduler.Domain.Conversation;
using AiScheduler.Domain.Scheduling;
using AiScheduler.Functions.Meetings.Room;
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
/// <para>The policy, in order of strength:</para>
/// <list type="number">
/// <item>A <b>booked</b> meeting is final: a booking takes a per-calendar lock (PostgreSQL advisory lock; SQLite's single
/// writer), re-checks that no booked meeting or other call's named time overlaps the slot with its buffers, claims the
/// slot's hold row and inserts the meeting under a unique index, so no time is ever booked twice.</item>
/// <item>A <b>named</b> time (the lead said "Wednesday at 9:30") that is free on the booking grid is held for that call
/// as said, even when another call is only offering it: an offer is not a promise. The named hold is not taken from it
/// by other calls while it lives.</item>
/// <item>An <b>offer</b> hold only keeps other calls from offering the same time while the lead thinks. It is short
/// (<see cref="BookingOptions.HoldMinutes"/>) and few (a call holds only its latest answer: each new request releases the
/// call's earlier holds), and it gives way to another caller who names or books that time. When the offering call's lead
/// then picks it, it is booked only if still free; otherwise the call gets fresh alternatives, already held.</item>
/// </list>
/// A call's holds are released when it books or ends. With an external calendar (<paramref name="external"/>, e.g.
/// Google), its busy time is avoided too: offers use a short-lived copy, and booking re-reads it so a slot that became
/// busy there meanwhile is refused with alternatives.
/// </summary>
public sealed class SlotBooking(DataStore store, IOptions<BookingOptions> options, TimeProvider clock, ExternalCalendarBusy? external = null,
    RoomTokens? rooms = null)
{
    public const string BookedStatus = "booked";

    // The kinds of slot_holds rows (M0210), weakest first.
    private const string OfferHold = "offer";
    private const string NamedHold = "named";
    private const string BookedHold = "booked";

    // Ask the slot finder for more than needed: some candidates may be held by a racing call a moment later.
    private const int CandidateHeadroom = 4;
    private const int HoldRounds = 8;
    private const int AlternativesOffered = 2;

    // The finder's own bound on slots per day: with it, the finder lists every free slot of a day.
    private const int MaxSlotsPerDayUncapped = 48;

    private readonly BookingOptions settings = options.Value;

    /// <summary>
    /// Holds slots for the call and answers them, earliest first. When <see cref="SlotQuery.PreferredStartUtc"/> (the time
    /// the lead named) is free on the booking grid, it is held as said and answered alone, even if another call was only
    /// offering it; otherwise up to <see cref="SlotQuery.Count"/> free offers near it (or from
    /// <see cref="SlotQuery.NotBeforeUtc"/>) on the offer grid. Either way the call's earlier holds are released.
    /// </summary>
    public async Task<IReadOnlyList<SlotOffer>> HoldAsync(BookingParty party, SlotQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(party);
        ArgumentNullException.ThrowIfNull(query);
        var now = clock.GetUtcNow();
        var (windowFrom, windowTo) = ExternalWindow(now);
        var externalBusy = external is null ? [] : await external.ForOffersAsync(windowFrom, windowTo, cancellationToken);
        // The named attempt runs in its own locked transaction before this connection opens: a call never waits on the
        // lock while holding a pooled connection.
        var asSaid = query.PreferredStartUtc is { } named ? await TryHoldNamedAsync(party, named, externalBusy, now, cancellationToken) : null;
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        if (asSaid is not null)
        {
            await KeepOnlyAsync(connection, party, [asSaid], cancellationToken);
            return [asSaid];
        }

        var held = await HoldOffersAsync(connection, party, query, externalBusy, now, cancellationToken);
        await KeepOnlyAsync(connection, party, held, cancellationToken);
        return held;
    }

    /// <summary>
    /// Holds the named start for the call when it can be booked as said: on the booking grid, inside the hours, clear of
    /// booked meetings, of other calls' named times and of external busy time. Other calls' offers do not count. Taken
    /// under the same per-calendar lock as bookings, so a racing booking either came first (and the time is not free) or
    /// sees the hold: the caller who was told "that time is free" can book it while the hold lives.
    /// </summary>
    private async Task<SlotOffer?> TryHoldNamedAsync(BookingParty party, DateTimeOffset start, IReadOnlyList<BusyInterval> externalBusy,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (CalendarSlots.Check(settings, party, externalBusy, now, start) != SlotAvailability.Free)
        {
            return null;
        }

        var slot = new SlotOffer(start, start.AddMinutes(settings.MeetingMinutes));
        return await store.InTransactionAsync(async (connection, transaction) =>
        {
            await LockCalendarAsync(connection, transaction, party, cancellationToken);
            var busy = (await BusyAsync(connection, transaction, party, now, includeOffers: false, cancellationToken)).Concat(externalBusy).ToList();
            return CalendarSlots.Check(settings, party, busy, now, start) == SlotAvailability.Free
                && await TryHoldAsync(connection, transaction, party, slot, now, NamedHold, cancellationToken)
                ? slot
                : null;
        }, cancellationToken);
    }

    /// <summary>
    /// One booking or named hold at a time per calendar, so each one's overlap check sees every meeting and named time
    /// committed before it. SQLite transactions already take the single write lock up front.
    /// </summary>
    private async Task LockCalendarAsync(DbConnection connection, DbTransaction transaction, BookingParty party, CancellationToken cancellationToken)
    {
        if (store.Dialect.Provider == StoreProvider.Postgres)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "SELECT pg_advisory_xact_lock(hashtextextended(@Key, 0))",
                new { Key = string.Create(CultureInfo.InvariantCulture, $"booking:{party.WorkspaceId:D}:{settings.CalendarId}") },
                transaction, cancellationToken: cancellationToken));
        }
    }

    private async Task<List<SlotOffer>> HoldOffersAsync(DbConnection connection, BookingParty party, SlotQuery query,
        IReadOnlyList<BusyInterval> externalBusy, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var limit = query.Count;
        var held = new List<SlotOffer>(query.Count);
        // Racing calls may take candidates between the read and the hold; look again with what they took excluded.
        for (var round = 0; round < HoldRounds && held.Count < limit; round++)
        {
            var busy = (await BusyAsync(connection, null, party, now, includeOffers: true, cancellationToken)).Concat(externalBusy).ToList();
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

                if (await TryHoldAsync(connection, null, party, candidate, now, OfferHold, cancellationToken))
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
    private bool IsScarce(BookingParty party, IReadOnlyList<BusyInterval> busy, DateTimeOffset now, SlotQuery query, int wanted)
    {
        var everyFreeSlot = CalendarSlots.Find(settings, party, busy, now, query.PreferredStartUtc ?? query.NotBeforeUtc, wanted, MaxSlotsPerDayUncapped);
        return everyFreeSlot.Count < wanted;
    }

    /// <summary>
    /// Books <paramref name="slot"/> for the call when it is still free: no booked meeting and no other call's named time
    /// overlaps it with its buffers, and the external calendar (if any) is free then. Another call's unchosen offer does
    /// not stand in the way. Otherwise answers with fresh alternatives near it, already held for the call.
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

        var meeting = await NewMeetingAsync(party, slot, email, cancellationToken);
        bool booked;
        try
        {
            booked = await store.InTransactionAsync(async (connection, transaction) =>
            {
                await LockCalendarAsync(connection, transaction, party, cancellationToken);

                // Meetings on a fine grid can overlap without sharing a start: check the span with the buffers kept
                // between meetings, against booked meetings and other calls' named times (not their offers).
                var overlapping = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                    """
                    SELECT (SELECT COUNT(*) FROM meetings
                            WHERE workspace_id = @WorkspaceId AND calendar_id = @CalendarId AND status = 'booked'
                              AND start_utc < @Until AND end_utc > @From)
                         + (SELECT COUNT(*) FROM slot_holds
                            WHERE workspace_id = @WorkspaceId AND calendar_id = @CalendarId AND call_id <> @CallId
                              AND kind <> @Offer AND expires_at > @Now AND slot_start < @Until AND slot_end > @From)
                    """,
                    new
                    {
                        party.WorkspaceId, settings.CalendarId, party.CallId, Offer = OfferHold, Now = now,
                        From = slot.StartUtc - settings.LargerBuffer, Until = slot.EndUtc + settings.LargerBuffer,
                    },
                    transaction, cancellationToken: cancellationToken));
                if (overlapping > 0)
                {
                    return false;
                }

                // Claim the slot's hold row rather than only reading it: a reading check lets a concurrent hold (whose
                // snapshot predates this meeting) slip onto a slot booked here (write skew under READ COMMITTED). The
                // claimed row stays until the call ends, so such a hold meets it on the unique key, waits, and backs off.
                // The claim takes over another call's unchosen offer, never its named time or booking.
                var claimed = await connection.ExecuteAsync(new CommandDefinition(
                    """
                    INSERT INTO slot_holds (workspace_id, calendar_id, slot_start, slot_end, call_id, expires_at, created_at, kind)
                    VALUES (@WorkspaceId, @CalendarId, @Start, @End, @CallId, @ExpiresAt, @Now, @Booked)
                    ON CONFLICT (workspace_id, calendar_id, slot_start) DO UPDATE
                    SET slot_end = excluded.slot_end, call_id = excluded.call_id, expires_at = excluded.expires_at, kind = excluded.kind
                    WHERE slot_holds.expires_at <= @Now OR slot_holds.call_id = excluded.call_id OR slot_holds.kind = @Offer
                    """,
                    new
                    {
                        party.WorkspaceId, settings.CalendarId, Start = slot.StartUtc, End = slot.EndUtc, party.CallId,
                        ExpiresAt = now.AddMinutes(settings.HoldMinutes), Now = now, Booked = BookedHold, Offer = OfferHold,
                    },
                    transaction, cancellationToken: cancellationToken));
                if (claimed == 0)
                {
                    return false;
                }

                await MeetingStore.InsertAsync(connection, transaction, meeting, null, now, cancellationToken);

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
        // From the refused start on, as offers: the refused time itself is not free, so it is not asked for as named.
        var alternatives = await HoldAsync(party, new SlotQuery(null, slot.StartUtc, AlternativesOffered), cancellationToken);
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
        return busy is not null && busy.Any(b => b.Blocks(slot.StartUtc, slot.EndUtc, settings.BufferBefore, settings.BufferAfter));
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

    /// <summary>
    /// Booked meetings, and slots other calls hold, that the finder must work around; each keeps its buffers. Offers of
    /// other calls count when offering (so two calls do not offer the same time) but not for a named time.
    /// </summary>
    private async Task<IReadOnlyList<BusyInterval>> BusyAsync(DbConnection connection, DbTransaction? transaction, BookingParty party,
        DateTimeOffset now, bool includeOffers, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<IntervalRow>(new CommandDefinition(
            """
            SELECT start_utc AS start, end_utc AS "end" FROM meetings
            WHERE workspace_id = @WorkspaceId AND calendar_id = @CalendarId AND status = 'booked' AND end_utc > @Now AND start_utc < @HorizonEnd
            UNION ALL
            SELECT slot_start, slot_end FROM slot_holds
            WHERE workspace_id = @WorkspaceId AND calendar_id = @CalendarId AND expires_at > @Now AND call_id <> @CallId
              AND (@IncludeOffers OR kind <> @Offer)
            """,
            new
            {
                party.WorkspaceId, settings.CalendarId, Now = now, HorizonEnd = now.AddDays(settings.HorizonDays + 1), party.CallId,
                IncludeOffers = includeOffers, Offer = OfferHold,
            },
            transaction, cancellationToken: cancellationToken));
        return rows.Select(row => new BusyInterval(row.Start, row.End) { KeepsBuffers = true }).ToList();
    }

    /// <summary>
    /// One statement takes the hold: inserted when the slot is unheld and not booked, taken over when the previous hold
    /// expired, refreshed when this call already holds it (keeping a stronger kind), and taken from another call's
    /// unchosen offer when this is a named time; another call's live named time or booking is left alone (0 rows).
    /// </summary>
    private async Task<bool> TryHoldAsync(DbConnection connection, DbTransaction? transaction, BookingParty party, SlotOffer slot,
        DateTimeOffset now, string kind, CancellationToken cancellationToken)
    {
        var affected = await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO slot_holds (workspace_id, calendar_id, slot_start, slot_end, call_id, expires_at, created_at, kind)
            SELECT @WorkspaceId, @CalendarId, @Start, @End, @CallId, @ExpiresAt, @Now, @Kind
            WHERE NOT EXISTS (
                SELECT 1 FROM meetings
                WHERE workspace_id = @WorkspaceId AND calendar_id = @CalendarId AND start_utc = @Start AND status = 'booked')
            ON CONFLICT (workspace_id, calendar_id, slot_start) DO UPDATE
            SET slot_end = excluded.slot_end, call_id = excluded.call_id, expires_at = excluded.expires_at,
                kind = CASE WHEN slot_holds.call_id = excluded.call_id AND slot_holds.expires_at > @Now AND slot_holds.kind <> @Offer
                            THEN slot_holds.kind ELSE excluded.kind END
            WHERE slot_holds.expires_at <= @Now OR slot_holds.call_id = excluded.call_id
               OR (excluded.kind = @Named AND slot_holds.kind = @Offer)
            """,
            new
            {
                party.WorkspaceId, settings.CalendarId, Start = slot.StartUtc, End = slot.EndUtc, party.CallId,
                ExpiresAt = now.AddMinutes(settings.HoldMinutes), Now = now, Kind = kind, Offer = OfferHold, Named = NamedHold,
            },
            transaction, cancellationToken: cancellationToken));
        return affected == 1;
    }

    /// <summary>Releases the call's holds other than <paramref name="keep"/> (its latest answer) and its booking's claim.</summary>
    private async Task KeepOnlyAsync(DbConnection connection, BookingParty party, IReadOnlyList<SlotOffer> keep, CancellationToken cancellationToken)
    {
        var holding = await connection.QueryAsync<DateTimeOffset>(new CommandDefinition(
            """
            SELECT slot_start FROM slot_holds
            WHERE workspace_id = @WorkspaceId AND calendar_id = @CalendarId AND call_id = @CallId AND kind <> @Booked
            """,
            new { party.WorkspaceId, settings.CalendarId, party.CallId, Booked = BookedHold }, cancellationToken: cancellationToken));
        var release = holding.Where(start => !keep.Any(k => k.StartUtc == start))
            .Select(start => new { party.WorkspaceId, settings.CalendarId, party.CallId, Start = start, Booked = BookedHold })
            .ToList();
        if (release.Count > 0)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                DELETE FROM slot_holds
                WHERE workspace_id = @WorkspaceId AND calendar_id = @CalendarId AND call_id = @CallId AND slot_start = @Start AND kind <> @Booked
                """,
                release, cancellationToken: cancellationToken));
        }
    }

    private async Task<Meeting> NewMeetingAsync(BookingParty party, SlotOffer slot, string email, CancellationToken cancellationToken)
    {
        var id = Guid.CreateVersion7();
        var zone = TimeZoneInfo.FindSystemTimeZoneById(party.LeadTimeZone);
        var localStart = TimeZoneInfo.ConvertTime(slot.StartUtc, zone).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);
        // The lead's signed room link (expiring some hours after the end); without the signer, the room's bare address.
        var joinUrl = rooms is null
            ? new Uri(settings.JoinUrlBase, id.ToString("D")).ToString()
            : await rooms.LinkAsync(id, RoomRole.Lead, slot.EndUtc, cancellationToken);
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
