using Microsoft.DurableTask;
using AiScheduler.Functions.Store;

namespace AiScheduler.Functions.Meetings;

/// <summary>The input of the <c>Meeting</c> orchestration: the booked meeting (a row of <c>meetings</c>).</summary>
public sealed record MeetingWorkflowInput
{
    public MeetingWorkflowInput(Guid meetingId, Guid workspaceId)
    {
        if (meetingId == Guid.Empty || workspaceId == Guid.Empty)
        {
            throw new ArgumentException("the Meeting orchestration needs the meeting id and its workspace id");
        }

        MeetingId = meetingId;
        WorkspaceId = workspaceId;
    }

    public Guid MeetingId { get; }

    public Guid WorkspaceId { get; }

    /// <summary>One orchestration per meeting: <c>meeting:{id}</c>.</summary>
    public static string InstanceIdFor(Guid meetingId) => $"meeting:{meetingId:D}";

    /// <summary>For a booking: the meeting in the default workspace.</summary>
    public static MeetingWorkflowInput For(Guid meetingId) => new(meetingId, Workspaces.DefaultId);
}

/// <summary>The meeting as the orchestration last read it, with the reminder plan that was configured then (kept in history).</summary>
public sealed record MeetingSnapshot(
    Guid WorkspaceId,
    MeetingDetails Meeting,
    IReadOnlyList<TimeSpan> ReminderOffsets);

/// <summary>The <c>reschedule</c> event: the meeting was moved; <paramref name="Sequence"/> is its new SEQUENCE.</summary>
public sealed record MeetingRescheduled(int Sequence, DateTimeOffset StartUtc);

/// <summary>The <c>cancel</c> event: the meeting was cancelled; <paramref name="Sequence"/> is the SEQUENCE of the CANCEL.</summary>
public sealed record MeetingCancelled(int Sequence, string? Reason);

/// <summary>
/// How the booking half ended: <c>ready-to-join</c> at the start time (the AI-join half of a later issue continues from
/// there), <c>cancelled</c>, or the meeting's status when it was already completed or a no-show.
/// </summary>
public sealed record MeetingWorkflowResult(Guid MeetingId, string Outcome, int Sequence, int RemindersSent);

/// <summary>
/// Meeting(meetingId), the booking half: creates the calendar event, emails the invite (METHOD:REQUEST), sends reminder
/// emails 24 h and 1 h before the start (durable timers; reminders already in the past are skipped), reacts to
/// <c>reschedule</c> (calendar patch and a new invite with the same UID and a higher SEQUENCE) and <c>cancel</c>
/// (METHOD:CANCEL email, calendar delete), and ends at the start time as <c>ready-to-join</c>. The meetings table is the
/// truth: the API changes the row first and then raises the event, so every step re-reads the meeting.
/// </summary>
[DurableTask(Name)]
public sealed class MeetingOrchestration : TaskOrchestrator<MeetingWorkflowInput, MeetingWorkflowResult>
{
    public const string Name = "Meeting";
    public const string RescheduleEvent = "reschedule";
    public const string CancelEvent = "cancel";
    public const string ReadyToJoin = "ready-to-join";

    private static readonly TaskOptions Retry = TaskOptions.FromRetryPolicy(new RetryPolicy(5, TimeSpan.FromSeconds(2), 2.0, TimeSpan.FromMinutes(1)));

    public override async Task<MeetingWorkflowResult> RunAsync(TaskOrchestrationContext context, MeetingWorkflowInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        // Reminders due before the orchestration started are skipped; one that falls due while the invite is being
        // sent still goes out.
        var handledUntil = context.CurrentUtcDateTime;
        var snapshot = await context.CallActivityAsync<MeetingSnapshot>(LoadMeeting.Name, input, Retry);
        var remindersSent = 0;
        switch (snapshot.Meeting.Status)
        {
            case MeetingStatus.Cancelled:
                return await CancelAsync(context, snapshot, remindersSent);
            case not MeetingStatus.Booked:
                return new MeetingWorkflowResult(input.MeetingId, snapshot.Meeting.Status, snapshot.Meeting.Sequence, remindersSent);
        }

        await context.CallActivityAsync<string>(CreateMeetingEvent.Name, snapshot, Retry);
        await context.CallActivityAsync<string>(SendMeetingEmail.Name, new MeetingEmailRequest(snapshot, MeetingEmailKind.Invite), Retry);

        while (true)
        {
            var meeting = snapshot.Meeting;
            context.SetCustomStatus(new { stage = "scheduled", meeting.StartUtc, meeting.Sequence, remindersSent });
            var reminder = snapshot.ReminderOffsets
                .Select(offset => (Offset: (TimeSpan?)offset, At: meeting.StartUtc.UtcDateTime - offset))
                // Reminders at or before handledUntil are done (sent, or skipped as past); none once the meeting has begun.
                .Where(r => r.At > handledUntil && context.CurrentUtcDateTime < meeting.StartUtc.UtcDateTime)
                .OrderBy(r => r.At)
                .FirstOrDefault();
            var offset = reminder.Offset;
            var at = offset is null ? meeting.StartUtc.UtcDateTime : reminder.At;

            using var race = new CancellationTokenSource();
            var timer = context.CreateTimer(at, race.Token);
            var moved = context.WaitForExternalEvent<MeetingRescheduled>(RescheduleEvent, race.Token);
            var cancelled = context.WaitForExternalEvent<MeetingCancelled>(CancelEvent, race.Token);
            var winner = await Task.WhenAny(timer, moved, cancelled);
            // Synchronously: the cancellation callbacks withdraw the losing waits before the orchestration goes on.
            race.Cancel();

            if (winner == cancelled || winner == moved)
            {
                var latest = await context.CallActivityAsync<MeetingSnapshot>(LoadMeeting.Name, input, Retry);
                if (latest.Meeting.Status == MeetingStatus.Cancelled)
                {
                    return await CancelAsync(context, latest, remindersSent);
                }

                if (latest.Meeting.Status != MeetingStatus.Booked)
                {
                    return new MeetingWorkflowResult(input.MeetingId, latest.Meeting.Status, latest.Meeting.Sequence, remindersSent);
                }

                // An event about a move this orchestration already knows (e.g. it started after the move) changes nothing.
                if (latest.Meeting.Sequence > meeting.Sequence)
                {
                    snapshot = latest;
                    await context.CallActivityAsync<string>(RescheduleMeetingEvent.Name, snapshot, Retry);
                    await context.CallActivityAsync<string>(SendMeetingEmail.Name, new MeetingEmailRequest(snapshot, MeetingEmailKind.Invite), Retry);
                    handledUntil = context.CurrentUtcDateTime;
                }

                continue;
            }

            handledUntil = at;
            if (offset is { } before)
            {
                await context.CallActivityAsync<string>(SendMeetingEmail.Name,
                    new MeetingEmailRequest(snapshot, MeetingEmailKind.Reminder, before), Retry);
                remindersSent++;
                continue;
            }

            context.SetCustomStatus(new { stage = ReadyToJoin, meeting.StartUtc, meeting.Sequence, remindersSent });
            return new MeetingWorkflowResult(input.MeetingId, ReadyToJoin, meeting.Sequence, remindersSent);
        }
    }

    private static async Task<MeetingWorkflowResult> CancelAsync(TaskOrchestrationContext context, MeetingSnapshot snapshot, int remindersSent)
    {
        await context.CallActivityAsync<string>(SendMeetingEmail.Name, new MeetingEmailRequest(snapshot, MeetingEmailKind.Cancel), Retry);
        await context.CallActivityAsync<string>(CancelMeetingEvent.Name, snapshot, Retry);
        context.SetCustomStatus(new { stage = MeetingStatus.Cancelled, snapshot.Meeting.Sequence, remindersSent });
        return new MeetingWorkflowResult(snapshot.Meeting.Id, MeetingStatus.Cancelled, snapshot.Meeting.Sequence, remindersSent);
    }
}
