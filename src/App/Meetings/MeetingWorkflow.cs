using Microsoft.DurableTask;
using AiScheduler.Functions.Meetings.Analysis;
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

    /// <summary>A meeting in the default workspace (tests and single-workspace tools; the API passes the caller's).</summary>
    public static MeetingWorkflowInput For(Guid meetingId) => new(meetingId, Workspaces.DefaultId);
}

/// <summary>The meeting as the orchestration last read it, with the reminder plan that was configured then (kept in history).</summary>
public sealed record MeetingSnapshot(
    Guid WorkspaceId,
    MeetingDetails Meeting,
    IReadOnlyList<TimeSpan> ReminderOffsets)
{
    /// <summary>How the AI joins, as configured when the meeting was read (kept in history like the reminder plan).</summary>
    public MeetingJoinSettings Join { get; init; } = MeetingJoinSettings.Default;
}

/// <summary>
/// The join settings the orchestration follows: the wait before the one retry of an unanswered call, how long a call may
/// run before the orchestration reads its session instead of waiting for its end, and how long the AI waits in the
/// meeting room for the interview to end.
/// </summary>
public sealed record MeetingJoinSettings(TimeSpan NoAnswerRetryDelay, TimeSpan CallTimeout, TimeSpan RoomTimeout)
{
    public static MeetingJoinSettings Default { get; } = new(TimeSpan.FromMinutes(5), TimeSpan.FromHours(2), TimeSpan.FromHours(2));
}

/// <summary>The <c>start</c> event: a rep asked the AI to join now (<c>POST /api/meetings/{id}/start</c>).</summary>
public sealed record MeetingStartNow(string? By = null);

/// <summary>
/// The <c>InterviewEnded</c> event: the interview is over (the meeting room's interview ended, or a rep pressed
/// <c>POST /api/meetings/{id}/complete</c>); the orchestration runs the completion.
/// </summary>
public sealed record InterviewEnded(string Channel, string? Reason = null);

/// <summary>
/// The <c>MeetingCallEnded</c> event: the AI's call to the lead ended. <paramref name="Answered"/>: the lead picked up
/// (the interview ran, fully or until the lead ended it); otherwise the call went unanswered (no answer, busy,
/// rejected, failed or a voicemail box).
/// </summary>
public sealed record MeetingCallEnded(string CallId, bool Answered, string Outcome);

/// <summary>One call of the AI to the lead for the meeting: attempt 1, or 2 after no answer.</summary>
public sealed record MeetingCallRequest(MeetingSnapshot Snapshot, int Attempt);

/// <summary>The <c>reschedule</c> event: the meeting was moved; <paramref name="Sequence"/> is its new SEQUENCE.</summary>
public sealed record MeetingRescheduled(int Sequence, DateTimeOffset StartUtc);

/// <summary>The <c>cancel</c> event: the meeting was cancelled; <paramref name="Sequence"/> is the SEQUENCE of the CANCEL.</summary>
public sealed record MeetingCancelled(int Sequence, string? Reason);

/// <summary>
/// How the meeting ended: <c>completed</c> (the interview ran and was analysed), <c>no-show</c> (two calls unanswered,
/// or nobody in the room), <c>opted-out</c> (the lead asked on the call not to be called again), <c>cancelled</c>, or the meeting's status when it was already completed or a no-show.
/// <see cref="Calls"/> counts the AI's calls to the lead.
/// </summary>
public sealed record MeetingWorkflowResult(Guid MeetingId, string Outcome, int Sequence, int RemindersSent)
{
    public int Calls { get; init; }

    /// <summary>What started the join: <c>scheduled</c> (the start time) or <c>start-now</c> (a rep); null when nobody joined.</summary>
    public string? JoinedBy { get; init; }
}

/// <summary>
/// Meeting(meetingId): creates the calendar event, emails the invite (METHOD:REQUEST), sends reminder emails 24 h and
/// 1 h before the start (durable timers; reminders already in the past are skipped), reacts to <c>reschedule</c>
/// (calendar patch and a new invite with the same UID and a higher SEQUENCE; the start timer moves) and <c>cancel</c>
/// (METHOD:CANCEL email, calendar delete; nobody is called). At the start time, or at once on <c>start</c>, the AI joins
/// in the meeting's join mode: <c>phone</c> - it calls the lead and the call session runs the interview, turn by turn,
/// outside the orchestration; unanswered, one retry after <c>Meetings:NoAnswerRetryDelay</c>, then <c>no-show</c>
/// (sales team told, reschedule email to the lead); a lead who opts out on the call ("stop calling me", the opt-out key)
/// is on the do-not-call list, the meeting <c>opted-out</c> and the sales team told - or <c>room</c>: it waits for the room's <c>InterviewEnded</c>.
/// An interview that ran, fully or until the lead ended it, is completed: analysed, summary emailed, lead updated,
/// meeting <c>completed</c>. The meetings table is the truth: the API changes the row first and then raises the event,
/// so every step re-reads the meeting.
/// </summary>
[DurableTask(Name)]
public sealed class MeetingOrchestration : TaskOrchestrator<MeetingWorkflowInput, MeetingWorkflowResult>
{
    public const string Name = "Meeting";
    public const string RescheduleEvent = "reschedule";
    public const string CancelEvent = "cancel";
    public const string StartEvent = "start";
    public const string InterviewEndedEvent = "InterviewEnded";
    public const string CallEndedEvent = "MeetingCallEnded";

    /// <summary>The stage the orchestration reports while the AI is in the meeting.</summary>
    public const string Joined = "joined";

    /// <summary>At most this many calls to the lead: the first and one retry.</summary>
    public const int MaxCalls = 2;

    /// <summary>The <see cref="MeetingCallEnded.Outcome"/> of a call on which the lead opted out.</summary>
    public const string OptedOutOutcome = "opted-out";

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
            var startNow = context.WaitForExternalEvent<MeetingStartNow>(StartEvent, race.Token);
            var ended = context.WaitForExternalEvent<InterviewEnded>(InterviewEndedEvent, race.Token);
            var winner = await Task.WhenAny(timer, moved, cancelled, startNow, ended);
            // Synchronously: the cancellation callbacks withdraw the losing waits before the orchestration goes on.
            race.Cancel();

            if (winner == startNow || winner == ended)
            {
                // A rep started the meeting early, or completed it by hand before the AI joined: re-read it first, a
                // cancel or a completion may have come before this event.
                var current = await context.CallActivityAsync<MeetingSnapshot>(LoadMeeting.Name, input, Retry);
                if (current.Meeting.Status == MeetingStatus.Cancelled)
                {
                    return await CancelAsync(context, current, remindersSent);
                }

                if (current.Meeting.Status != MeetingStatus.Booked)
                {
                    return new MeetingWorkflowResult(input.MeetingId, current.Meeting.Status, current.Meeting.Sequence, remindersSent);
                }

                return winner == ended
                    ? await CompleteAsync(context, current, remindersSent, calls: 0, joinedBy: null)
                    : await JoinAsync(context, input, current, remindersSent, "start-now");
            }

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

            return await JoinAsync(context, input, snapshot, remindersSent, "scheduled");
        }
    }

    /// <summary>The AI joins: by phone (calls, one retry) or in the room (waits for the interview's end).</summary>
    private static async Task<MeetingWorkflowResult> JoinAsync(TaskOrchestrationContext context, MeetingWorkflowInput input, MeetingSnapshot snapshot,
        int remindersSent, string joinedBy)
    {
        var join = snapshot.Join;
        var meeting = snapshot.Meeting;
        if (meeting.JoinMode == MeetingJoinMode.Room)
        {
            context.SetCustomStatus(new { stage = Joined, mode = MeetingJoinMode.Room, meeting.Sequence, remindersSent });
            using var race = new CancellationTokenSource();
            var ended = context.WaitForExternalEvent<InterviewEnded>(InterviewEndedEvent, race.Token);
            var cancelled = context.WaitForExternalEvent<MeetingCancelled>(CancelEvent, race.Token);
            var timeout = context.CreateTimer(join.RoomTimeout, race.Token);
            var winner = await Task.WhenAny(ended, cancelled, timeout);
            race.Cancel();
            if (winner == cancelled)
            {
                return await CancelAsync(context, await context.CallActivityAsync<MeetingSnapshot>(LoadMeeting.Name, input, Retry), remindersSent);
            }

            if (winner == ended)
            {
                return await CompleteAsync(context, snapshot, remindersSent, calls: 0, joinedBy);
            }

            // Nobody ended the interview in time: whatever the lead said in the room is still analysed; a room the lead
            // never spoke in is a no-show.
            var spoke = await context.CallActivityAsync<bool>(LeadSpokeInMeeting.Name, snapshot, Retry);
            return spoke
                ? await CompleteAsync(context, snapshot, remindersSent, calls: 0, joinedBy)
                : await NoShowAsync(context, snapshot, remindersSent, calls: 0, joinedBy);
        }

        for (var attempt = 1; attempt <= MaxCalls; attempt++)
        {
            context.SetCustomStatus(new { stage = Joined, mode = MeetingJoinMode.Phone, attempt, meeting.Sequence, remindersSent });
            var callId = await context.CallActivityAsync<string>(CallLeadForMeeting.Name, new MeetingCallRequest(snapshot, attempt), Retry);
            var callEnded = await WaitForCallAsync(context, callId, join.CallTimeout);
            if (callEnded.Outcome == OptedOutOutcome)
            {
                return await OptedOutAsync(context, snapshot, remindersSent, attempt, joinedBy);
            }

            if (callEnded.Answered)
            {
                return await CompleteAsync(context, snapshot, remindersSent, attempt, joinedBy);
            }

            if (attempt == MaxCalls)
            {
                break;
            }

            // No answer: one retry after the configured delay, unless the meeting is cancelled meanwhile.
            context.SetCustomStatus(new { stage = "retry-wait", mode = MeetingJoinMode.Phone, attempt, outcome = callEnded.Outcome, meeting.Sequence });
            using var race = new CancellationTokenSource();
            var retry = context.CreateTimer(join.NoAnswerRetryDelay, race.Token);
            var cancelled = context.WaitForExternalEvent<MeetingCancelled>(CancelEvent, race.Token);
            var winner = await Task.WhenAny(retry, cancelled);
            race.Cancel();
            if (winner == cancelled)
            {
                return await CancelAsync(context, await context.CallActivityAsync<MeetingSnapshot>(LoadMeeting.Name, input, Retry), remindersSent);
            }
        }

        return await NoShowAsync(context, snapshot, remindersSent, MaxCalls, joinedBy);
    }

    /// <summary>
    /// Waits for the end of <paramref name="callId"/> (an end of an earlier call arriving late is skipped); after
    /// <paramref name="timeout"/> the session's stored state answers instead (an end the relay missed).
    /// </summary>
    private static async Task<MeetingCallEnded> WaitForCallAsync(TaskOrchestrationContext context, string callId, TimeSpan timeout)
    {
        var deadline = context.CurrentUtcDateTime + timeout;
        while (true)
        {
            using var race = new CancellationTokenSource();
            var ended = context.WaitForExternalEvent<MeetingCallEnded>(CallEndedEvent, race.Token);
            var timer = context.CreateTimer(deadline, race.Token);
            var winner = await Task.WhenAny(ended, timer);
            race.Cancel();
            if (winner == timer)
            {
                return await context.CallActivityAsync<MeetingCallEnded>(ReadMeetingCall.Name, callId, Retry);
            }

            var result = await ended;
            if (string.Equals(result.CallId, callId, StringComparison.Ordinal))
            {
                return result;
            }
        }
    }

    private static async Task<MeetingWorkflowResult> CompleteAsync(TaskOrchestrationContext context, MeetingSnapshot snapshot, int remindersSent,
        int calls, string? joinedBy)
    {
        context.SetCustomStatus(new { stage = "analysing", snapshot.Meeting.Sequence, calls });
        // Analyse, store, update the lead and email the summary (safe to retry: the analysis is reused, each email is
        // keyed), then mark the meeting completed.
        await context.CallActivityAsync<MeetingCompletionResult>(CompleteMeeting.Name,
            new MeetingCompletionRequest(snapshot.WorkspaceId, snapshot.Meeting.Id, snapshot.Meeting.RepEmail), Retry);
        var status = await context.CallActivityAsync<string>(FinishMeeting.Name, snapshot, Retry);
        return Ended(context, snapshot, status, remindersSent, calls, joinedBy);
    }

    /// <summary>
    /// Nobody answered: the meeting becomes <c>no-show</c>, the sales team is told and the lead gets an email offering a
    /// new time (each keyed: sent once).
    /// </summary>
    private static Task<MeetingWorkflowResult> NoShowAsync(TaskOrchestrationContext context, MeetingSnapshot snapshot, int remindersSent,
        int calls, string? joinedBy) =>
        MarkAndNotifyAsync(context, snapshot, remindersSent, calls, joinedBy, MarkMeetingNoShow.Name, MeetingStatus.NoShow, NotifyMeetingNoShow.Name);

    /// <summary>
    /// The lead asked on the call not to be called again (the call session put the number on the do-not-call list and
    /// ended the interview politely): the meeting becomes <c>opted-out</c> and the sales team is told. Nothing is
    /// analysed and the lead gets no further email.
    /// </summary>
    private static Task<MeetingWorkflowResult> OptedOutAsync(TaskOrchestrationContext context, MeetingSnapshot snapshot, int remindersSent,
        int calls, string? joinedBy) =>
        MarkAndNotifyAsync(context, snapshot, remindersSent, calls, joinedBy, MarkMeetingOptedOut.Name, MeetingStatus.OptedOut, NotifyMeetingOptedOut.Name);

    /// <summary>
    /// A meeting that was not held: <paramref name="mark"/> sets its status, and only when that status is
    /// <paramref name="marked"/> (not a meeting someone changed meanwhile) does <paramref name="notify"/> tell people.
    /// </summary>
    private static async Task<MeetingWorkflowResult> MarkAndNotifyAsync(TaskOrchestrationContext context, MeetingSnapshot snapshot, int remindersSent,
        int calls, string? joinedBy, string mark, string marked, string notify)
    {
        var status = await context.CallActivityAsync<string>(mark, snapshot, Retry);
        if (status == marked)
        {
            await context.CallActivityAsync<MeetingNoShowResult>(notify,
                new MeetingNoShowRequest(snapshot.WorkspaceId, snapshot.Meeting.Id, snapshot.Meeting.RepEmail), Retry);
        }

        return Ended(context, snapshot, status, remindersSent, calls, joinedBy);
    }

    /// <summary>The orchestration's last status and result for a meeting that ended in <paramref name="status"/>.</summary>
    private static MeetingWorkflowResult Ended(TaskOrchestrationContext context, MeetingSnapshot snapshot, string status, int remindersSent,
        int calls, string? joinedBy)
    {
        context.SetCustomStatus(new { stage = status, snapshot.Meeting.Sequence, calls });
        return new MeetingWorkflowResult(snapshot.Meeting.Id, status, snapshot.Meeting.Sequence, remindersSent) { Calls = calls, JoinedBy = joinedBy };
    }

    private static async Task<MeetingWorkflowResult> CancelAsync(TaskOrchestrationContext context, MeetingSnapshot snapshot, int remindersSent)
    {
        await context.CallActivityAsync<string>(SendMeetingEmail.Name, new MeetingEmailRequest(snapshot, MeetingEmailKind.Cancel), Retry);
        await context.CallActivityAsync<string>(CancelMeetingEvent.Name, snapshot, Retry);
        context.SetCustomStatus(new { stage = MeetingStatus.Cancelled, snapshot.Meeting.Sequence, remindersSent });
        return new MeetingWorkflowResult(snapshot.Meeting.Id, MeetingStatus.Cancelled, snapshot.Meeting.Sequence, remindersSent);
    }
}
