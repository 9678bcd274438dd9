using System.Data.Common;
using System.Globalization;
using System.Text;
using AiScheduler.Domain.Leads;
using AiScheduler.Functions.Meetings.Booking;
using AiScheduler.Functions.Meetings.Room;
using AiScheduler.Functions.Store;
using Dapper;

namespace AiScheduler.Functions.Meetings;

/// <summary>A meeting as the API and the Meeting orchestration see it: the booking plus its lead, sequence and calendar event.</summary>
public sealed record MeetingDetails(
    Guid Id,
    string CalendarId,
    Guid? LeadId,
    string? LeadName,
    string? LeadRegion,
    string? CallId,
    string AttendeeEmail,
    DateTimeOffset StartUtc,
    DateTimeOffset EndUtc,
    string TimeZone,
    string LocalStart,
    string JoinUrl,
    string Status,
    string? StatusReason,
    int Sequence,
    string? CalendarProvider,
    string? CalendarEventId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>How the AI joins: <see cref="MeetingJoinMode.Phone"/> (it calls the lead) or <see cref="MeetingJoinMode.Room"/>.</summary>
    public string JoinMode { get; init; } = MeetingJoinMode.Phone;

    /// <summary>The question set the interview uses; null for the default set.</summary>
    public Guid? QuestionSetId { get; init; }

    /// <summary>The sales rep who owns the meeting (the summary email goes to them too); null when none is assigned.</summary>
    public string? RepEmail { get; init; }

    public string? RepName { get; init; }

    /// <summary>The lead's phone (E.164) for a phone join; null for an erased lead or a meeting without a lead.</summary>
    public string? LeadPhone { get; init; }

    /// <summary>The lead's language (BCP-47), the interview's language.</summary>
    public string? LeadLanguage { get; init; }

    /// <summary>
    /// The meeting's emails and where each stands (<c>GET /api/meetings/{id}</c> only; null elsewhere), so a failed
    /// invite is visible on the meeting with its error.
    /// </summary>
    public IReadOnlyList<MeetingEmailStatus>? Emails { get; init; }
}

/// <summary>One email of a meeting: kind (invite, reminder, cancel...), status (queued, sent, failed), tries and the last error.</summary>
public sealed record MeetingEmailStatus(Guid Id, string Kind, string Status, int Attempts, string? LastError, DateTimeOffset UpdatedAt);

/// <summary>A meeting the API books (<see cref="MeetingStore.CreateAsync"/>).</summary>
public sealed record NewMeeting(Guid Id, string CalendarId, Guid LeadId, string AttendeeEmail, DateTimeOffset StartUtc, DateTimeOffset EndUtc,
    string TimeZone, string JoinUrl, string JoinMode, string? RepEmail, string? RepName);

/// <summary>What <see cref="MeetingStore.UpdateAsync"/> sets on a booked meeting (its question set is the Questions folder's).</summary>
public sealed record MeetingSettings(string JoinMode, string? RepEmail, string? RepName);

/// <summary>Filters and paging for <see cref="MeetingStore.ListAsync"/>.</summary>
public sealed record MeetingQuery(string? Status, Guid? LeadId, DateTimeOffset? FromUtc, DateTimeOffset? ToUtc, int Page, int PageSize);

public sealed record MeetingPage(IReadOnlyList<MeetingDetails> Items, long Total, int Page, int PageSize);

/// <summary>What a reschedule or status change did.</summary>
public enum MeetingChange
{
    Changed,
    NotFound,
    WrongStatus,
    SlotTaken,
}

/// <summary>
/// The meetings table after booking (E2's <c>SlotBooking</c> inserts rows): reads with the lead's name, listing, moves
/// (SEQUENCE + 1, guarded by the same unique index and slot holds that guard booking), cancellation and status changes.
/// </summary>
public sealed class MeetingStore(DataStore store, TimeProvider clock, RoomTokens? rooms = null)
{
    /// <summary>
    /// The attendee address of a meeting whose lead was erased (RFC 2606 <c>.invalid</c>: never deliverable). Invites,
    /// reminders and the calendar feed leave such an attendee out.
    /// </summary>
    public const string ErasedAttendee = "erased@erased.invalid";

    private const string Select = """
        SELECT m.id, m.calendar_id, m.lead_id, l.name AS lead_name, l.region AS lead_region, m.call_id, m.attendee_email,
               m.start_utc, m.end_utc, m.time_zone, m.local_start, m.join_url, m.status, m.status_reason, m.sequence,
               m.calendar_provider, m.calendar_event_id, m.created_at, m.updated_at,
               m.join_mode, m.question_set_id, m.rep_email, m.rep_name, l.phone AS lead_phone, l.language AS lead_language
        FROM meetings m LEFT JOIN leads l ON l.id = m.lead_id AND l.workspace_id = m.workspace_id
        """;

    /// <summary>The workspace of meeting <paramref name="id"/>, or null: for the meeting room, whose signed link names
    /// the meeting (not a workspace) and whose visitors are not signed in.</summary>
    public async Task<Guid?> WorkspaceOfAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(
            "SELECT workspace_id FROM meetings WHERE id = @id", new { id }, cancellationToken: cancellationToken));
    }

    public async Task<MeetingDetails?> GetAsync(Guid workspaceId, Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        return await GetAsync(connection, null, workspaceId, id, cancellationToken);
    }

    public async Task<MeetingPage> ListAsync(Guid workspaceId, MeetingQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var where = new StringBuilder("m.workspace_id = @workspaceId");
        if (query.Status is not null)
        {
            where.Append(" AND m.status = @Status");
        }

        if (query.LeadId is not null)
        {
            where.Append(" AND m.lead_id = @LeadId");
        }

        if (query.FromUtc is not null)
        {
            where.Append(" AND m.start_utc >= @FromUtc");
        }

        if (query.ToUtc is not null)
        {
            where.Append(" AND m.start_utc < @ToUtc");
        }

        var parameters = new
        {
            workspaceId, query.Status, query.LeadId, FromUtc = query.FromUtc?.ToUniversalTime(), ToUtc = query.ToUtc?.ToUniversalTime(),
            Limit = query.PageSize, Offset = (query.Page - 1) * query.PageSize,
        };
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            $"SELECT count(*) FROM meetings m WHERE {where}", parameters, cancellationToken: cancellationToken));
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"{Select} WHERE {where} ORDER BY m.start_utc, m.id LIMIT @Limit OFFSET @Offset", parameters, cancellationToken: cancellationToken));
        return new MeetingPage(rows.Select(row => row.ToDetails()).ToList(), total, query.Page, query.PageSize);
    }

    /// <summary>Meetings of one calendar ending after <paramref name="sinceUtc"/>, booked or cancelled, for the subscribe feed.</summary>
    public async Task<IReadOnlyList<MeetingDetails>> ListCalendarAsync(Guid workspaceId, string calendarId, DateTimeOffset sinceUtc,
        CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"{Select} WHERE m.workspace_id = @workspaceId AND m.calendar_id = @calendarId AND m.end_utc > @sinceUtc ORDER BY m.start_utc, m.id",
            new { workspaceId, calendarId, sinceUtc = sinceUtc.ToUniversalTime() }, cancellationToken: cancellationToken));
        return rows.Select(row => row.ToDetails()).ToList();
    }

    /// <summary>Whether any meeting was ever put on the calendar (a feed of an unknown calendar is a 404).</summary>
    public async Task<bool> CalendarExistsAsync(Guid workspaceId, string calendarId, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<int?>(new CommandDefinition(
            "SELECT 1 FROM meetings WHERE workspace_id = @workspaceId AND calendar_id = @calendarId LIMIT 1",
            new { workspaceId, calendarId }, cancellationToken: cancellationToken)) is not null;
    }

    /// <summary>Booked meetings (other than <paramref name="exceptId"/>) and live slot holds of the calendar overlapping the range.</summary>
    public async Task<IReadOnlyList<(DateTimeOffset Start, DateTimeOffset End)>> BusyAsync(Guid workspaceId, string calendarId, Guid exceptId,
        DateTimeOffset fromUtc, DateTimeOffset toUtc, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<IntervalRow>(new CommandDefinition(
            """
            SELECT start_utc AS start, end_utc AS "end" FROM meetings
            WHERE workspace_id = @workspaceId AND calendar_id = @calendarId AND status = 'booked' AND id <> @exceptId
              AND end_utc > @fromUtc AND start_utc < @toUtc
            UNION ALL
            SELECT slot_start, slot_end FROM slot_holds
            WHERE workspace_id = @workspaceId AND calendar_id = @calendarId AND expires_at > @now AND slot_end > @fromUtc AND slot_start < @toUtc
            """,
            new { workspaceId, calendarId, exceptId, fromUtc = fromUtc.ToUniversalTime(), toUtc = toUtc.ToUniversalTime(), now = clock.GetUtcNow() },
            cancellationToken: cancellationToken));
        return rows.Select(row => (row.Start, row.End)).ToList();
    }

    /// <summary>
    /// Moves a booked meeting and raises its SEQUENCE, in one transaction that re-checks what booking checks: no live
    /// hold of a call on the new start, and the unique index on booked starts.
    /// </summary>
    public async Task<(MeetingChange Change, MeetingDetails? Meeting)> RescheduleAsync(Guid workspaceId, Guid id, DateTimeOffset startUtc,
        DateTimeOffset endUtc, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        // The lead's room link expires some hours after the meeting's end, so a move gets a link signed for the new end.
        var joinUrl = rooms is null ? null : await rooms.LinkAsync(id, RoomRole.Lead, endUtc, cancellationToken);
        try
        {
            return await store.InTransactionAsync(async (connection, transaction) =>
            {
                var meeting = await GetAsync(connection, transaction, workspaceId, id, cancellationToken);
                if (meeting is null)
                {
                    return (MeetingChange.NotFound, null);
                }

                if (meeting.Status != MeetingStatus.Booked)
                {
                    return (MeetingChange.WrongStatus, meeting);
                }

                var held = await connection.ExecuteScalarAsync<int?>(new CommandDefinition(
                    """
                    SELECT 1 FROM slot_holds
                    WHERE workspace_id = @workspaceId AND calendar_id = @CalendarId AND slot_start = @start AND expires_at > @now
                    """,
                    new { workspaceId, meeting.CalendarId, start = startUtc.ToUniversalTime(), now }, transaction,
                    cancellationToken: cancellationToken));
                if (held is not null)
                {
                    return (MeetingChange.SlotTaken, meeting);
                }

                var zone = TimeZoneInfo.FindSystemTimeZoneById(meeting.TimeZone);
                var localStart = TimeZoneInfo.ConvertTime(startUtc, zone).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);
                await connection.ExecuteAsync(new CommandDefinition(
                    """
                    UPDATE meetings SET start_utc = @start, end_utc = @end, local_start = @localStart, sequence = sequence + 1,
                        status_reason = 'rescheduled', updated_at = @now, join_url = COALESCE(@joinUrl, join_url)
                    WHERE workspace_id = @workspaceId AND id = @id AND status = 'booked'
                    """,
                    new { workspaceId, id, start = startUtc.ToUniversalTime(), end = endUtc.ToUniversalTime(), localStart, now, joinUrl }, transaction,
                    cancellationToken: cancellationToken));
                return (MeetingChange.Changed, await GetAsync(connection, transaction, workspaceId, id, cancellationToken));
            }, cancellationToken);
        }
        catch (DbException ex) when (store.Dialect.IsUniqueViolation(ex))
        {
            return (MeetingChange.SlotTaken, await GetAsync(workspaceId, id, cancellationToken));
        }
    }

    /// <summary>
    /// Changes the status when the transition table allows it. Cancelling also raises SEQUENCE (the CANCEL carries the
    /// next one) and frees the slot, since only booked meetings hold their start.
    /// </summary>
    public async Task<(MeetingChange Change, MeetingDetails? Meeting)> ChangeStatusAsync(Guid workspaceId, Guid id, string status, string? reason,
        CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        return await store.InTransactionAsync(async (connection, transaction) =>
        {
            var meeting = await GetAsync(connection, transaction, workspaceId, id, cancellationToken);
            if (meeting is null)
            {
                return (MeetingChange.NotFound, null);
            }

            if (!MeetingStatus.CanChange(meeting.Status, status))
            {
                return (MeetingChange.WrongStatus, meeting);
            }

            var bump = status == MeetingStatus.Cancelled ? 1 : 0;
            await connection.ExecuteAsync(new CommandDefinition(
                """
                UPDATE meetings SET status = @status, status_reason = @reason, sequence = sequence + @bump, updated_at = @now
                WHERE workspace_id = @workspaceId AND id = @id AND status = @from
                """,
                new { workspaceId, id, status, reason, bump, now, from = meeting.Status }, transaction, cancellationToken: cancellationToken));
            return (MeetingChange.Changed, await GetAsync(connection, transaction, workspaceId, id, cancellationToken));
        }, cancellationToken);
    }

    /// <summary>
    /// Books a meeting the API creates (a rep scheduling it, not a call): one transaction that re-checks the span against
    /// booked meetings and live holds, guarded by the unique index on booked starts. Null when the slot was taken.
    /// </summary>
    public async Task<MeetingDetails?> CreateAsync(Guid workspaceId, NewMeeting meeting, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(meeting);
        var now = clock.GetUtcNow();
        var zone = TimeZoneInfo.FindSystemTimeZoneById(meeting.TimeZone);
        var localStart = TimeZoneInfo.ConvertTime(meeting.StartUtc, zone).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);
        try
        {
            return await store.InTransactionAsync(async (connection, transaction) =>
            {
                var overlapping = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                    """
                    SELECT (SELECT COUNT(*) FROM meetings
                            WHERE workspace_id = @workspaceId AND calendar_id = @CalendarId AND status = 'booked'
                              AND start_utc < @End AND end_utc > @Start)
                         + (SELECT COUNT(*) FROM slot_holds
                            WHERE workspace_id = @workspaceId AND calendar_id = @CalendarId AND expires_at > @now
                              AND slot_start < @End AND slot_end > @Start)
                    """,
                    new { workspaceId, meeting.CalendarId, Start = meeting.StartUtc.ToUniversalTime(), End = meeting.EndUtc.ToUniversalTime(), now },
                    transaction, cancellationToken: cancellationToken));
                if (overlapping > 0)
                {
                    return null;
                }

                await InsertAsync(connection, transaction,
                    new Meeting(meeting.Id, workspaceId, meeting.CalendarId, meeting.LeadId, null, meeting.AttendeeEmail,
                        meeting.StartUtc.ToUniversalTime(), meeting.EndUtc.ToUniversalTime(), meeting.TimeZone, localStart, meeting.JoinUrl,
                        MeetingStatus.Booked),
                    new MeetingSettings(meeting.JoinMode, meeting.RepEmail, meeting.RepName), now, cancellationToken);
                return await GetAsync(connection, transaction, workspaceId, meeting.Id, cancellationToken);
            }, cancellationToken);
        }
        catch (DbException ex) when (store.Dialect.IsUniqueViolation(ex))
        {
            return null;
        }
    }

    /// <summary>
    /// Writes a new meeting on the caller's connection inside its transaction: the one statement that creates meetings, for
    /// the API's bookings (<see cref="CreateAsync"/>) and a call's (<see cref="SlotBooking"/>), each after its own overlap
    /// checks in that transaction. Without <paramref name="settings"/> the AI joins as the table's default says.
    /// </summary>
    internal static Task InsertAsync(DbConnection connection, DbTransaction transaction, Meeting meeting, MeetingSettings? settings,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(meeting);
        return connection.ExecuteAsync(new CommandDefinition(
            settings is null ? InsertMeeting : InsertMeetingWithSettings,
            new
            {
                meeting.Id, meeting.WorkspaceId, meeting.CalendarId, meeting.LeadId, meeting.CallId, meeting.AttendeeEmail, meeting.StartUtc,
                meeting.EndUtc, meeting.TimeZone, meeting.LocalStart, meeting.JoinUrl, meeting.Status, Now = now, JoinMode = settings?.JoinMode,
                RepEmail = settings?.RepEmail, RepName = settings?.RepName,
            },
            transaction, cancellationToken: cancellationToken));
    }

    private const string InsertMeeting = """
        INSERT INTO meetings (id, workspace_id, calendar_id, lead_id, call_id, attendee_email, start_utc, end_utc,
            time_zone, local_start, join_url, status, created_at, updated_at)
        VALUES (@Id, @WorkspaceId, @CalendarId, @LeadId, @CallId, @AttendeeEmail, @StartUtc, @EndUtc,
            @TimeZone, @LocalStart, @JoinUrl, @Status, @Now, @Now)
        """;

    private const string InsertMeetingWithSettings = """
        INSERT INTO meetings (id, workspace_id, calendar_id, lead_id, call_id, attendee_email, start_utc, end_utc,
            time_zone, local_start, join_url, status, created_at, updated_at, join_mode, rep_email, rep_name)
        VALUES (@Id, @WorkspaceId, @CalendarId, @LeadId, @CallId, @AttendeeEmail, @StartUtc, @EndUtc,
            @TimeZone, @LocalStart, @JoinUrl, @Status, @Now, @Now, @JoinMode, @RepEmail, @RepName)
        """;

    /// <summary>Changes who owns a booked meeting and how the AI joins it (not its time: that is a reschedule).</summary>
    public async Task<(MeetingChange Change, MeetingDetails? Meeting)> UpdateAsync(Guid workspaceId, Guid id, MeetingSettings settings,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var now = clock.GetUtcNow();
        return await store.InTransactionAsync(async (connection, transaction) =>
        {
            var meeting = await GetAsync(connection, transaction, workspaceId, id, cancellationToken);
            if (meeting is null)
            {
                return (MeetingChange.NotFound, null);
            }

            if (meeting.Status != MeetingStatus.Booked)
            {
                return (MeetingChange.WrongStatus, meeting);
            }

            await connection.ExecuteAsync(new CommandDefinition(
                """
                UPDATE meetings SET join_mode = @JoinMode, rep_email = @RepEmail, rep_name = @RepName, updated_at = @now
                WHERE workspace_id = @workspaceId AND id = @id AND status = 'booked'
                """,
                new { workspaceId, id, settings.JoinMode, settings.RepEmail, settings.RepName, now }, transaction,
                cancellationToken: cancellationToken));
            return (MeetingChange.Changed, await GetAsync(connection, transaction, workspaceId, id, cancellationToken));
        }, cancellationToken);
    }

    /// <summary>Remembers the provider's event id, keeping one already recorded (so a retried activity never makes a second event).</summary>
    public async Task<string> RecordCalendarEventAsync(Guid workspaceId, Guid id, string provider, string eventId, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE meetings SET calendar_provider = @provider, calendar_event_id = @eventId, updated_at = @now
            WHERE workspace_id = @workspaceId AND id = @id AND calendar_event_id IS NULL
            """,
            new { workspaceId, id, provider, eventId, now = clock.GetUtcNow() }, cancellationToken: cancellationToken));
        return await connection.ExecuteScalarAsync<string>(new CommandDefinition(
            "SELECT calendar_event_id FROM meetings WHERE workspace_id = @workspaceId AND id = @id",
            new { workspaceId, id }, cancellationToken: cancellationToken)) ?? eventId;
    }

    private static async Task<MeetingDetails?> GetAsync(DbConnection connection, DbTransaction? transaction, Guid workspaceId, Guid id,
        CancellationToken cancellationToken)
    {
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"{Select} WHERE m.workspace_id = @workspaceId AND m.id = @id", new { workspaceId, id }, transaction,
            cancellationToken: cancellationToken));
        return row?.ToDetails();
    }

    private sealed class IntervalRow
    {
        public DateTimeOffset Start { get; set; }
        public DateTimeOffset End { get; set; }
    }

    private sealed class Row
    {
        public Guid Id { get; set; }
        public string CalendarId { get; set; } = "";
        public Guid? LeadId { get; set; }
        public string? LeadName { get; set; }
        public string? LeadRegion { get; set; }
        public string? CallId { get; set; }
        public string AttendeeEmail { get; set; } = "";
        public DateTimeOffset StartUtc { get; set; }
        public DateTimeOffset EndUtc { get; set; }
        public string TimeZone { get; set; } = "";
        public string LocalStart { get; set; } = "";
        public string JoinUrl { get; set; } = "";
        public string Status { get; set; } = "";
        public string? StatusReason { get; set; }
        public int Sequence { get; set; }
        public string? CalendarProvider { get; set; }
        public string? CalendarEventId { get; set; }
        public DateTimeOffset CreatedAt { get; set; }
        public DateTimeOffset UpdatedAt { get; set; }
        public string JoinMode { get; set; } = MeetingJoinMode.Phone;
        public Guid? QuestionSetId { get; set; }
        public string? RepEmail { get; set; }
        public string? RepName { get; set; }
        public string? LeadPhone { get; set; }
        public string? LeadLanguage { get; set; }

        // Names as typed can hold line breaks or run long; every invite, subject and greeting built from a meeting uses the
        // cleaned one, so none is ever refused (and no header can be injected).
        public MeetingDetails ToDetails() => new(Id, CalendarId, LeadId, DisplayName.Clean(LeadName), LeadRegion, CallId, AttendeeEmail,
            StartUtc.ToUniversalTime(), EndUtc.ToUniversalTime(), TimeZone, LocalStart, JoinUrl, Status, StatusReason, Sequence,
            CalendarProvider, CalendarEventId, CreatedAt, UpdatedAt)
        {
            JoinMode = JoinMode, QuestionSetId = QuestionSetId, RepEmail = RepEmail, RepName = DisplayName.Clean(RepName), LeadPhone = LeadPhone,
            LeadLanguage = LeadLanguage,
        };
    }
}
