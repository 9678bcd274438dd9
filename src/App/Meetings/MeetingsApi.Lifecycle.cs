using System.Security.Claims;
using AiScheduler.Functions.Security;
using System.Globalization;
using AiScheduler.Domain.Conversation;
using AiScheduler.Functions.Leads;
using AiScheduler.Functions.Meetings.Booking;
using AiScheduler.Functions.Meetings.Questions;
using AiScheduler.Functions.Meetings.Room;
using AiScheduler.Functions.Store;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;

namespace AiScheduler.Functions.Meetings;

/// <summary>
/// Body of <c>POST /api/meetings</c>: a meeting for an existing lead (<see cref="LeadId"/>) or a new one
/// (<see cref="Lead"/>, validated like <c>POST /api/leads</c>), at <see cref="StartUtc"/> (a free slot of the calendar).
/// </summary>
public sealed record CreateMeetingRequest(
    Guid? LeadId,
    LeadRequest? Lead,
    DateTimeOffset? StartUtc,
    string? JoinMode = null,
    Guid? QuestionSetId = null,
    string? RepEmail = null,
    string? RepName = null);

/// <summary>
/// Body of <c>PATCH /api/meetings/{id}</c>: the fields to change; absent ones stay. A new <see cref="StartUtc"/> is a
/// reschedule (same UID, SEQUENCE + 1, new invite). An empty <see cref="RepEmail"/> removes the rep.
/// </summary>
public sealed record UpdateMeetingRequest(
    DateTimeOffset? StartUtc = null,
    string? JoinMode = null,
    Guid? QuestionSetId = null,
    string? RepEmail = null,
    string? RepName = null);

/// <summary>
/// The services the booking and changing handlers (create, update, status, cancel, reschedule, start, complete) use,
/// bound from the container with <c>[AsParameters]</c>.
/// </summary>
internal readonly record struct MeetingLifecycleServices(
    MeetingStore Meetings,
    QuestionSetStore QuestionSets,
    LeadStore Leads,
    LeadValidator Validator,
    DurableTaskClient Durable,
    IOptions<BookingOptions> Booking,
    RoomTokens Rooms,
    TimeProvider Clock,
    ILoggerFactory Loggers);

/// <summary>Body of <c>POST /api/meetings/{id}/complete</c> (optional).</summary>
public sealed record CompleteMeetingRequest(string? Reason = null);

/// <summary>What <c>POST /api/meetings/{id}/start</c> and <c>/complete</c> answer: the meeting and the signal sent to its orchestration.</summary>
public sealed record MeetingSignal(MeetingDetails Meeting, string Event, string InstanceId);

public static partial class MeetingsApi
{
    public const int MaxRepNameLength = 200;

    private static void MapLifecycle(this RouteGroupBuilder group)
    {
        group.MapPost("/", CreateAsync).WithName("CreateMeeting")
            .WithSummary("Book a meeting for an existing lead (leadId) or a new one (lead), at a free slot; the invite goes out and the AI joins at the start");
        group.MapPatch("/{id:guid}", UpdateAsync).WithName("UpdateMeeting")
            .WithSummary("Change a booked meeting: time (a reschedule), rep, join mode (phone or room), question set");
        group.MapPost("/{id:guid}/start", StartNowAsync).WithName("StartMeeting")
            .WithSummary("The AI joins now instead of at the start time (a rep pressing 'start now')");
        group.MapPost("/{id:guid}/complete", CompleteAsync).WithName("CompleteMeetingNow")
            .WithSummary("The interview is over: analyse it, email the summary, update the lead and mark the meeting completed");
    }

    private static async Task<Results<Created<MeetingDetails>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        ClaimsPrincipal caller, CreateMeetingRequest request,
        [AsParameters] MeetingLifecycleServices services,
        CancellationToken cancellationToken)
    {
        var (meetings, questionSets, leads, validator, durable, booking, rooms, clock, loggers) = services;
        ArgumentNullException.ThrowIfNull(request);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (request.LeadId is null == request.Lead is null)
        {
            errors["leadId"] = ["give either leadId (an existing lead) or lead (a new one), not both and not neither"];
        }

        if (request.StartUtc is null)
        {
            errors["startUtc"] = ["is required, e.g. \"2026-12-01T10:00:00Z\""];
        }

        ValidateSettings(request.JoinMode, request.RepEmail, request.RepName, errors);
        LeadDraft? draft = null;
        if (request.Lead is { } newLead)
        {
            var (validated, leadErrors) = validator.Validate(new LeadInput(newLead.Name, newLead.Phone, newLead.Email, newLead.Company,
                newLead.Language, newLead.TimeZone, newLead.Notes, newLead.CustomFields, newLead.Status, newLead.CampaignId));
            foreach (var group in leadErrors.GroupBy(error => error.Field, StringComparer.Ordinal))
            {
                errors["lead." + group.Key] = group.Select(error => error.Reason).ToArray();
            }

            draft = validated;
        }

        Lead? lead = null;
        if (request.LeadId is { } leadId)
        {
            lead = await leads.GetAsync(caller.WorkspaceId(), leadId, cancellationToken);
            if (lead is null)
            {
                errors["leadId"] = [$"there is no lead {leadId} in this workspace"];
            }
            else if (lead.ErasedAt is not null || lead.Phone is null)
            {
                errors["leadId"] = [$"lead {leadId} was erased; create the meeting with a new lead instead"];
            }
        }

        if (request.QuestionSetId is { } setId && await questionSets.GetAsync(caller.WorkspaceId(), setId, cancellationToken) is null)
        {
            errors["questionSetId"] = [$"there is no question set {setId} in this workspace; list them with GET /api/question-sets"];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, detail: "The meeting was not booked; fix the fields listed in 'errors'.",
                title: "The meeting is not valid");
        }

        var settings = booking.Value;
        var now = clock.GetUtcNow();
        var start = request.StartUtc!.Value.ToUniversalTime();
        var zone = lead?.TimeZone ?? draft!.TimeZone;
        var region = lead?.Region ?? draft!.Region;
        var busy = await meetings.BusyAsync(caller.WorkspaceId(), settings.CalendarId, Guid.Empty, now, now.AddDays(settings.HorizonDays + 1), cancellationToken);
        var free = CalendarSlots.Find(settings, new BookingParty(caller.WorkspaceId(), "api:create", lead?.Id, zone, region), busy, now, start, 3);
        if (free.Count == 0 || free[0].StartUtc != start)
        {
            return SlotUnavailable(Guid.Empty, start, free);
        }

        if (lead is null)
        {
            try
            {
                lead = await leads.InsertAsync(caller.WorkspaceId(), draft!, cancellationToken);
            }
            catch (LeadPhoneTakenException ex)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The phone number belongs to another lead",
                    detail: $"Lead {ex.ExistingLeadId} already has this phone number; book the meeting with leadId {ex.ExistingLeadId} instead.",
                    extensions: new Dictionary<string, object?>(StringComparer.Ordinal) { ["existingLeadId"] = ex.ExistingLeadId });
            }
        }

        var id = Guid.CreateVersion7();
        // The invite's join link: the lead's signed room link, expiring some hours after the end (Meetings:Room).
        var joinUrl = await rooms.LinkAsync(id, RoomRole.Lead, free[0].EndUtc, cancellationToken);
        var created = await meetings.CreateAsync(caller.WorkspaceId(), new NewMeeting(id, settings.CalendarId, lead.Id, lead.Email ?? "",
            free[0].StartUtc, free[0].EndUtc, lead.TimeZone, joinUrl,
            request.JoinMode ?? MeetingJoinMode.Phone, Blank(request.RepEmail), Blank(request.RepName)), cancellationToken);
        if (created is null)
        {
            return SlotUnavailable(Guid.Empty, start, free.Skip(1).ToList());
        }

        if (request.QuestionSetId is { } questionSetId)
        {
            await questionSets.AssignAsync(caller.WorkspaceId(), QuestionSetTarget.Meeting, id, questionSetId, cancellationToken);
            created = await meetings.GetAsync(caller.WorkspaceId(), id, cancellationToken) ?? created;
        }

        await durable.ScheduleNewOrchestrationInstanceAsync(MeetingOrchestration.Name, new MeetingWorkflowInput(id, caller.WorkspaceId()),
            new StartOrchestrationOptions(MeetingWorkflowInput.InstanceIdFor(id)), cancellationToken);
        Log.Requested(loggers.CreateLogger(typeof(MeetingsApi)), id, "create");
        return TypedResults.Created($"/api/meetings/{id}", created);
    }

    private static async Task<Results<Ok<MeetingDetails>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        ClaimsPrincipal caller, Guid id,
        UpdateMeetingRequest request,
        [AsParameters] MeetingLifecycleServices services,
        CancellationToken cancellationToken)
    {
        var (meetings, questionSets) = (services.Meetings, services.QuestionSets);
        ArgumentNullException.ThrowIfNull(request);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        ValidateSettings(request.JoinMode, request.RepEmail, request.RepName, errors);
        if (request.QuestionSetId is { } setId && await questionSets.GetAsync(caller.WorkspaceId(), setId, cancellationToken) is null)
        {
            errors["questionSetId"] = [$"there is no question set {setId} in this workspace; list them with GET /api/question-sets"];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, detail: "The meeting was not changed; fix the fields listed in 'errors'.");
        }

        var (meeting, problem) = await BookedAsync(meetings, caller, id, "Only a booked meeting can be changed",
            found => $"Meeting {id} is {found.Status}; book a new meeting instead.", cancellationToken);
        if (meeting is null)
        {
            return problem!;
        }

        var settings = new MeetingSettings(
            request.JoinMode ?? meeting.JoinMode,
            request.RepEmail is null ? meeting.RepEmail : Blank(request.RepEmail),
            request.RepEmail is { Length: 0 } ? null : request.RepName is null ? meeting.RepName : Blank(request.RepName));
        var (change, updated) = await meetings.UpdateAsync(caller.WorkspaceId(), id, settings, cancellationToken);
        switch (change)
        {
            case MeetingChange.NotFound:
                return NotFound(id);
            case MeetingChange.WrongStatus:
                return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Only a booked meeting can be changed",
                    detail: $"Meeting {id} became {updated!.Status} meanwhile; book a new meeting instead.");
        }

        if (request.QuestionSetId is { } questionSetId && questionSetId != updated!.QuestionSetId)
        {
            await questionSets.AssignAsync(caller.WorkspaceId(), QuestionSetTarget.Meeting, id, questionSetId, cancellationToken);
            updated = await meetings.GetAsync(caller.WorkspaceId(), id, cancellationToken) ?? updated;
        }

        if (request.StartUtc is { } start && start.ToUniversalTime() != updated!.StartUtc)
        {
            // A new time is a reschedule, with all its checks; its answer (moved, or why not) is this request's answer.
            return await RescheduleAsync(caller, id, new RescheduleRequest(start), services, cancellationToken);
        }

        return TypedResults.Ok(updated!);
    }

    private static async Task<Results<Accepted<MeetingSignal>, ProblemHttpResult>> StartNowAsync(
        ClaimsPrincipal caller, Guid id, [AsParameters] MeetingLifecycleServices services, CancellationToken cancellationToken)
    {
        var (meeting, problem) = await BookedAsync(services.Meetings, caller, id, "Only a booked meeting can start",
            found => $"Meeting {id} is {found.Status}.", cancellationToken);
        if (meeting is null)
        {
            return problem!;
        }

        if (meeting.JoinMode == MeetingJoinMode.Phone && meeting.LeadPhone is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The lead cannot be called",
                detail: $"Meeting {id} joins by phone, but its lead has no phone number (erased?); switch it to the room with PATCH /api/meetings/{id} {{\"joinMode\":\"room\"}}.");
        }

        var instanceId = await SignalAsync(services.Durable, caller.WorkspaceId(), meeting, MeetingOrchestration.StartEvent, new MeetingStartNow("api"), cancellationToken);
        Log.Requested(services.Loggers.CreateLogger(typeof(MeetingsApi)), id, "start");
        return TypedResults.Accepted($"/api/meetings/{id}", new MeetingSignal(meeting, MeetingOrchestration.StartEvent, instanceId));
    }

    private static async Task<Results<Accepted<MeetingSignal>, ValidationProblem, ProblemHttpResult>> CompleteAsync(
        ClaimsPrincipal caller, Guid id, [AsParameters] MeetingLifecycleServices services, CancellationToken cancellationToken,
        CompleteMeetingRequest? request = null)
    {
        if (request?.Reason is { Length: > MaxReasonLength })
        {
            return ReasonTooLong();
        }

        var (meeting, problem) = await BookedAsync(services.Meetings, caller, id, "Only a booked meeting can be completed",
            found => found.Status == MeetingStatus.Completed
                ? $"Meeting {id} is already completed; see GET /api/meetings/{id}/analysis."
                : $"Meeting {id} is {found.Status}; to correct a no-show use PATCH /api/meetings/{id}/status.", cancellationToken);
        if (meeting is null)
        {
            return problem!;
        }

        var instanceId = await SignalAsync(services.Durable, caller.WorkspaceId(), meeting, MeetingOrchestration.InterviewEndedEvent,
            new InterviewEnded("api", request?.Reason), cancellationToken);
        Log.Requested(services.Loggers.CreateLogger(typeof(MeetingsApi)), id, "complete");
        return TypedResults.Accepted($"/api/meetings/{id}", new MeetingSignal(meeting, MeetingOrchestration.InterviewEndedEvent, instanceId));
    }

    /// <summary>
    /// Raises <paramref name="eventName"/> on the meeting's orchestration; when none is running (never started, or a
    /// host that ended it before the AI joined) a fresh one starts and finds the event waiting in its buffer.
    /// </summary>
    private static async Task<string> SignalAsync(DurableTaskClient durable, Guid workspaceId, MeetingDetails meeting, string eventName, object payload,
        CancellationToken cancellationToken)
    {
        var instanceId = MeetingWorkflowInput.InstanceIdFor(meeting.Id);
        var instance = await durable.GetInstanceAsync(instanceId, cancellation: cancellationToken);
        if (instance is not { IsRunning: true } && instance?.RuntimeStatus != OrchestrationRuntimeStatus.Pending)
        {
            await durable.ScheduleNewOrchestrationInstanceAsync(MeetingOrchestration.Name, new MeetingWorkflowInput(meeting.Id, workspaceId),
                new StartOrchestrationOptions(instanceId), cancellationToken);
        }

        await durable.RaiseEventAsync(instanceId, eventName, payload, cancellationToken);
        return instanceId;
    }

    private static void ValidateSettings(string? joinMode, string? repEmail, string? repName, Dictionary<string, string[]> errors)
    {
        if (joinMode is not null && !MeetingJoinMode.IsKnown(joinMode))
        {
            errors["joinMode"] = [$"'{joinMode}' is not a join mode; use one of {string.Join(", ", MeetingJoinMode.All)}"];
        }

        if (!string.IsNullOrEmpty(repEmail) && !IsEmail(repEmail))
        {
            errors["repEmail"] = [$"'{repEmail}' is not an email address, e.g. \"rep@example.com\""];
        }

        if (repName is { Length: > MaxRepNameLength } || repName?.Any(char.IsControl) == true)
        {
            errors["repName"] = [string.Create(CultureInfo.InvariantCulture, $"must be one line of at most {MaxRepNameLength} characters")];
        }
    }

    private static bool IsEmail(string value)
    {
        try
        {
            _ = new Providers.Email.EmailAddress(value, null);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
