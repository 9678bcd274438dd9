using System.Security.Claims;
using AiScheduler.Functions.Emails;
using AiScheduler.Functions.Security;
using System.Globalization;
using System.Text;
using AiScheduler.Domain.Calendar;
using AiScheduler.Domain.Conversation;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using AiScheduler.Functions.Hosting;
using AiScheduler.Functions.Meetings.Analysis;
using AiScheduler.Functions.Meetings.Booking;
using AiScheduler.Functions.Store;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.Meetings;

/// <summary>Body of <c>POST /api/meetings/{id}/reschedule</c>.</summary>
public sealed record RescheduleRequest(DateTimeOffset? StartUtc, string? Reason = null);

/// <summary>Body of <c>POST /api/meetings/{id}/cancel</c>.</summary>
public sealed record CancelRequest(string? Reason = null);

/// <summary>Body of <c>PATCH /api/meetings/{id}/status</c>.</summary>
public sealed record MeetingStatusRequest(string? Status, string? Reason = null);

/// <summary>The meetings endpoints (<c>/api/meetings</c>), the built-in calendar's feed, and the Meeting orchestration's registration.</summary>
public static partial class MeetingsApi
{
    public const int MaxPageSize = 200;
    public const int MaxReasonLength = 500;

    /// <summary>How far back the subscribe feed reaches: recent history stays visible in subscribed calendars.</summary>
    public static readonly TimeSpan FeedHistory = TimeSpan.FromDays(90);

    /// <summary>Registers the meeting store and the <c>Meetings:*</c> settings the Meeting orchestration's activities use.</summary>
    public static IServiceCollection AddMeetings(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<MeetingOptions>().BindConfiguration(MeetingOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MeetingOptions>, MeetingOptionsValidation>());
        // Business hours and meeting length are the booking settings (Booking:*); bound here too so the API works
        // whether or not the call session component (which adds booking) is part of this host.
        services.AddOptions<BookingOptions>().BindConfiguration(BookingOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BookingOptions>, BookingOptionsValidator>());
        services.TryAddSingleton<MeetingStore>();
        services.AddHostedService<MeetingCallRelay>();
        services.TryAddSingleton<Calls.IMeetingCallInterviewer, PhoneInterviewer>();
        services.AddMeetingAnalysis();
        return services;
    }

    /// <summary>The Meeting orchestration and its activities, for whichever Durable Task worker runs them.</summary>
    public static DurableTaskRegistry AddMeetingTasks(this DurableTaskRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return registry
            .AddOrchestrator<MeetingOrchestration>()
            .AddActivity<LoadMeeting>()
            .AddActivity<CreateMeetingEvent>()
            .AddActivity<RescheduleMeetingEvent>()
            .AddActivity<CancelMeetingEvent>()
            .AddActivity<SendMeetingEmail>()
            .AddActivity<StartMeetingWorkflow>()
            .AddActivity<CallLeadForMeeting>()
            .AddActivity<ReadMeetingCall>()
            .AddActivity<FinishMeeting>()
            .AddActivity<MarkMeetingNoShow>()
            .AddActivity<MarkMeetingOptedOut>()
            .AddActivity<LeadSpokeInMeeting>()
            .AddMeetingCompletionTasks();
    }

    public static IEndpointRouteBuilder MapMeetings(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/meetings").WithTags("Meetings");
        group.MapGet("/", ListAsync).WithName("ListMeetings")
            .WithSummary("List meetings by start time: page/pageSize, filters status, lead and a start range from/to");
        group.MapGet("/{id:guid}", GetAsync).WithName("GetMeeting").WithSummary("One meeting with its lead, SEQUENCE and calendar event");
        group.MapPatch("/{id:guid}/status", ChangeStatusAsync).WithName("ChangeMeetingStatus")
            .WithSummary("Mark a meeting completed or no-show (or cancelled, which sends the cancellation)");
        group.MapPost("/{id:guid}/reschedule", RescheduleAsync).WithName("RescheduleMeeting")
            .WithSummary("Move a booked meeting to a free slot: same UID, SEQUENCE + 1, calendar updated, new invite sent");
        group.MapPost("/{id:guid}/cancel", CancelAsync).WithName("CancelMeeting")
            .WithSummary("Cancel a booked meeting: METHOD:CANCEL email, calendar event deleted, slot freed");

        group.MapLifecycle();

        endpoints.MapGet("/api/calendars/{id}/feed.ics", FeedAsync).WithTags("Meetings").WithName("CalendarFeed")
            .WithSummary("The built-in calendar as an iCalendar subscription (METHOD:PUBLISH): its meetings, cancelled ones marked CANCELLED");
        endpoints.MapMeetingAnalysis();
        return endpoints;
    }

    private static async Task<Results<Ok<MeetingPage>, ValidationProblem>> ListAsync(
        ClaimsPrincipal caller, MeetingStore meetings,
        CancellationToken cancellationToken,
        string? status = null,
        Guid? lead = null,
        DateTimeOffset? from = null,
        DateTimeOffset? to = null,
        int? page = null,
        int? pageSize = null)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (status is not null && !MeetingStatus.IsKnown(status))
        {
            errors["status"] = [$"'{status}' is not a meeting status; use one of {string.Join(", ", MeetingStatus.All)}"];
        }

        if (from is not null && to is not null && to <= from)
        {
            errors["to"] = ["must be after 'from'"];
        }

        var paging = PageRequest.Read(page, pageSize, MaxPageSize, errors);

        if (paging is null || errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, detail: "Fix the query parameters listed in 'errors'.");
        }

        return TypedResults.Ok(await meetings.ListAsync(caller.WorkspaceId(),
            new MeetingQuery(status, lead, from, to, paging.Page, paging.PageSize), cancellationToken));
    }

    private static async Task<Results<Ok<MeetingDetails>, ProblemHttpResult>> GetAsync(ClaimsPrincipal caller, Guid id, MeetingStore meetings, EmailStore emails,
        CancellationToken cancellationToken)
    {
        var meeting = await meetings.GetAsync(caller.WorkspaceId(), id, cancellationToken);
        if (meeting is null)
        {
            return NotFound(id);
        }

        var sent = await emails.ListAsync(caller.WorkspaceId(), new EmailQuery(MeetingId: id, PageSize: 100), cancellationToken);
        return TypedResults.Ok(meeting with
        {
            Emails = [.. sent.Items.OrderBy(email => email.CreatedAt)
                .Select(email => new MeetingEmailStatus(email.Id, email.Kind, email.Status, email.Attempts, email.LastError, email.UpdatedAt))],
        });
    }

    private static async Task<Results<Ok<MeetingDetails>, ValidationProblem, ProblemHttpResult>> ChangeStatusAsync(
        ClaimsPrincipal caller, Guid id, MeetingStatusRequest request, [AsParameters] MeetingLifecycleServices services, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Status is null || !MeetingStatus.IsKnown(request.Status) || request.Status == MeetingStatus.Booked)
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]>(StringComparer.Ordinal)
                {
                    ["status"] = [$"'{request.Status}' cannot be set; use one of {MeetingStatus.Completed}, {MeetingStatus.NoShow}, {MeetingStatus.Cancelled}"],
                },
                detail: "To move a meeting use POST /api/meetings/{id}/reschedule.");
        }

        if (request.Reason is { Length: > MaxReasonLength })
        {
            return ReasonTooLong();
        }

        return await ApplyStatusAsync(caller, id, request.Status, request.Reason, services, cancellationToken);
    }

    private static async Task<Results<Ok<MeetingDetails>, ValidationProblem, ProblemHttpResult>> CancelAsync(
        ClaimsPrincipal caller, Guid id, [AsParameters] MeetingLifecycleServices services, CancellationToken cancellationToken, CancelRequest? request = null)
    {
        if (request?.Reason is { Length: > MaxReasonLength })
        {
            return ReasonTooLong();
        }

        return await ApplyStatusAsync(caller, id, MeetingStatus.Cancelled, request?.Reason ?? "cancelled", services, cancellationToken);
    }

    private static async Task<Results<Ok<MeetingDetails>, ValidationProblem, ProblemHttpResult>> ApplyStatusAsync(
        ClaimsPrincipal caller, Guid id, string status, string? reason, MeetingLifecycleServices services, CancellationToken cancellationToken)
    {
        var (change, meeting) = await services.Meetings.ChangeStatusAsync(caller.WorkspaceId(), id, status, reason, cancellationToken);
        switch (change)
        {
            case MeetingChange.NotFound:
                return NotFound(id);
            case MeetingChange.WrongStatus:
                var next = MeetingStatus.NextOf(meeting!.Status);
                return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The meeting cannot change to that status",
                    detail: next.Count == 0
                        ? $"Meeting {id} is {meeting.Status}, which is final."
                        : $"Meeting {id} is {meeting.Status}; it can only become {string.Join(" or ", next)}.",
                    extensions: new Dictionary<string, object?>(StringComparer.Ordinal) { ["status"] = meeting.Status, ["allowed"] = next });
        }

        if (status == MeetingStatus.Cancelled)
        {
            await NotifyAsync(services.Durable, caller.WorkspaceId(), meeting!, MeetingOrchestration.CancelEvent, new MeetingCancelled(meeting!.Sequence, reason), cancellationToken);
            Log.Cancelled(services.Loggers.CreateLogger(typeof(MeetingsApi)), id, meeting.Sequence);
        }

        return TypedResults.Ok(meeting!);
    }

    private static async Task<Results<Ok<MeetingDetails>, ValidationProblem, ProblemHttpResult>> RescheduleAsync(
        ClaimsPrincipal caller, Guid id, RescheduleRequest request, [AsParameters] MeetingLifecycleServices services, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var meetings = services.Meetings;
        var now = services.Clock.GetUtcNow();
        if (request.StartUtc is not { } requested)
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]>(StringComparer.Ordinal) { ["startUtc"] = ["is required, e.g. \"2026-12-01T10:00:00Z\""] },
                detail: "Send the new start time as an ISO 8601 instant.");
        }

        if (request.Reason is { Length: > MaxReasonLength })
        {
            return ReasonTooLong();
        }

        var (meeting, problem) = await BookedAsync(meetings, caller, id, "Only a booked meeting can be moved",
            found => $"Meeting {id} is {found.Status}; book a new meeting instead.", cancellationToken);
        if (meeting is null)
        {
            return problem!;
        }

        // The same check booking makes: inside business hours and the lead's own hours, on the slot grid, after the
        // minimum notice, within the horizon, and clear of other meetings and of slots calls are holding.
        var settings = services.Booking.Value;
        var start = requested.ToUniversalTime();
        var busy = await meetings.BusyAsync(caller.WorkspaceId(), meeting.CalendarId, id, now, now.AddDays(settings.HorizonDays + 1), cancellationToken);
        var party = new BookingParty(caller.WorkspaceId(), $"reschedule:{id:D}", meeting.LeadId, meeting.TimeZone, meeting.LeadRegion);
        var free = CalendarSlots.Find(settings, party, busy, now, start, 3);
        if (free.Count == 0 || free[0].StartUtc != start)
        {
            return SlotUnavailable(id, start, free);
        }

        var (change, moved) = await meetings.RescheduleAsync(caller.WorkspaceId(), id, start, free[0].EndUtc, cancellationToken);
        switch (change)
        {
            case MeetingChange.NotFound:
                return NotFound(id);
            case MeetingChange.WrongStatus:
                return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Only a booked meeting can be moved",
                    detail: $"Meeting {id} became {moved!.Status} meanwhile; book a new meeting instead.");
            case MeetingChange.SlotTaken:
                return SlotUnavailable(id, start, free.Skip(1).ToList());
        }

        await NotifyAsync(services.Durable, caller.WorkspaceId(), moved!, MeetingOrchestration.RescheduleEvent, new MeetingRescheduled(moved!.Sequence, moved.StartUtc), cancellationToken);
        Log.Rescheduled(services.Loggers.CreateLogger(typeof(MeetingsApi)), id, moved.Sequence);
        return TypedResults.Ok(moved);
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> FeedAsync(
        ClaimsPrincipal caller, string id, MeetingStore meetings, IOptions<BookingOptions> booking, IOptions<MeetingOptions> options, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if (!string.Equals(id, booking.Value.CalendarId, StringComparison.Ordinal) &&
            !await meetings.CalendarExistsAsync(caller.WorkspaceId(), id, cancellationToken))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such calendar",
                detail: $"There is no calendar '{id}'; the built-in calendar is '{booking.Value.CalendarId}' (Booking:CalendarId).");
        }

        var list = await meetings.ListCalendarAsync(caller.WorkspaceId(), id, clock.GetUtcNow() - FeedHistory, cancellationToken);
        var feed = CalendarWriter.WriteFeed(
            list.Select(meeting => MeetingMessages.Invite(meeting, options.Value, meeting.UpdatedAt, InviteMethod.Request)),
            $"{options.Value.OrganizerName} ({id})");
        return TypedResults.Text(feed, "text/calendar; charset=utf-8", Encoding.UTF8);
    }

    /// <summary>
    /// Tells the meeting's orchestration what changed. A running one gets the event (deduplicated per SEQUENCE); when
    /// none is running (never started, or it ended at the start time) a fresh one starts, reads the meeting as it is
    /// now and sends what that state needs (the new invite, or the cancellation).
    /// </summary>
    private static async Task NotifyAsync(DurableTaskClient durable, Guid workspaceId, MeetingDetails meeting, string eventName, object payload,
        CancellationToken cancellationToken)
    {
        var instanceId = MeetingWorkflowInput.InstanceIdFor(meeting.Id);
        var instance = await durable.GetInstanceAsync(instanceId, cancellation: cancellationToken);
        if (instance is { IsRunning: true })
        {
            // A repeated event is harmless: the orchestration acts only on a SEQUENCE newer than the one it handled.
            await durable.RaiseEventAsync(instanceId, eventName, payload, cancellationToken);
            return;
        }

        await durable.ScheduleNewOrchestrationInstanceAsync(MeetingOrchestration.Name, new MeetingWorkflowInput(meeting.Id, workspaceId),
            new StartOrchestrationOptions(instanceId), cancellationToken);
    }

    private static ProblemHttpResult SlotUnavailable(Guid id, DateTimeOffset start, IReadOnlyList<SlotOffer> alternatives) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "That time is not free",
            detail: (id == Guid.Empty
                    ? string.Create(CultureInfo.InvariantCulture, $"A meeting cannot be booked at {start:yyyy-MM-dd'T'HH:mm'Z'}")
                    : string.Create(CultureInfo.InvariantCulture, $"Meeting {id} cannot move to {start:yyyy-MM-dd'T'HH:mm'Z'}")) +
                ": it is taken, held by a call, or outside business hours, the slot grid, the notice or the horizon (Booking:*). " +
                (alternatives.Count == 0 ? "No free slot follows it within the horizon." : "Try one of 'alternatives'."),
            extensions: new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["alternatives"] = alternatives.Select(slot => new { startUtc = slot.StartUtc, endUtc = slot.EndUtc }).ToList(),
            });

    private static ValidationProblem ReasonTooLong() =>
        TypedResults.ValidationProblem(
            new Dictionary<string, string[]>(StringComparer.Ordinal)
            {
                ["reason"] = [string.Create(CultureInfo.InvariantCulture, $"is longer than {MaxReasonLength} characters")],
            },
            detail: "Shorten the reason.");

    /// <summary>
    /// The meeting when it exists and is still booked; otherwise no meeting and the problem to answer: 404, or a 409
    /// titled <paramref name="title"/> whose detail <paramref name="detail"/> writes from the meeting's status.
    /// </summary>
    private static async Task<(MeetingDetails? Meeting, ProblemHttpResult? Problem)> BookedAsync(MeetingStore meetings, ClaimsPrincipal caller, Guid id,
        string title, Func<MeetingDetails, string> detail, CancellationToken cancellationToken)
    {
        var meeting = await meetings.GetAsync(caller.WorkspaceId(), id, cancellationToken);
        if (meeting is null)
        {
            return (null, NotFound(id));
        }

        return meeting.Status == MeetingStatus.Booked
            ? (meeting, null)
            : (null, TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: title, detail: detail(meeting)));
    }

    private static ProblemHttpResult NotFound(Guid id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such meeting",
            detail: $"There is no meeting {id} in this workspace; list meetings with GET /api/meetings.");
}
