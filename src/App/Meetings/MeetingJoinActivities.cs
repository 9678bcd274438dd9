using AiScheduler.Domain.Conversation;
using AiScheduler.Functions.Calls;
using AiScheduler.Functions.Leads;
using AiScheduler.Functions.Meetings.Analysis;
using AiScheduler.Functions.Meetings.Interview;
using Microsoft.DurableTask;

namespace AiScheduler.Functions.Meetings;

/// <summary>
/// The AI calls the lead for the meeting's interview: a call session marked with the meeting (its turns go to the
/// interviewer), under the call id <c>meeting-{id}-{attempt}</c>, so a retried activity finds the session and dials nothing new.
/// </summary>
[DurableTask(Name)]
public sealed class CallLeadForMeeting(LeadStore leads, OutboundCalls calls, IHostApplicationLifetime lifetime) : MeetingActivity<MeetingCallRequest, string>(lifetime)
{
    public const string Name = "CallLeadForMeeting";

    public static string CallIdFor(Guid meetingId, int attempt) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"meeting-{meetingId:N}-{attempt}");

    protected override async Task<string> RunAsync(MeetingCallRequest input, CancellationToken ct)
    {
        var meeting = input.Snapshot.Meeting;
        var leadId = meeting.LeadId ?? throw new InvalidOperationException($"Meeting {meeting.Id} has no lead to call.");
        var lead = await leads.GetAsync(input.Snapshot.WorkspaceId, leadId, ct)
            ?? throw new InvalidOperationException($"Lead {leadId} of meeting {meeting.Id} no longer exists.");
        return await calls.PlaceForMeetingAsync(CallTarget.ForLead(lead), CallIdFor(meeting.Id, input.Attempt), meeting.Id,
            ct);
    }
}

/// <summary>
/// The end of a meeting call as its session stored it, for an orchestration whose wait for <c>MeetingCallEnded</c> timed
/// out (the process that settled the call died before relaying it). A session still live counts as answered when the
/// lead has spoken: the interview is analysed as it stands.
/// </summary>
[DurableTask(Name)]
public sealed class ReadMeetingCall(CallSessionStore sessions, IHostApplicationLifetime lifetime) : MeetingActivity<string, MeetingCallEnded>(lifetime)
{
    public const string Name = "ReadMeetingCall";

    protected override async Task<MeetingCallEnded> RunAsync(string input, CancellationToken ct)
    {
        var session = await sessions.GetAsync(input, ct);
        return session is null
            ? new MeetingCallEnded(input, false, CallOutcome.Failed.ToWireName())
            : MeetingCallRelay.EndOf(session);
    }
}

/// <summary>Room mode, nobody ended the interview: whether the lead said anything the completion can analyse.</summary>
[DurableTask(Name)]
public sealed class LeadSpokeInMeeting(MeetingInterviews interviews, IHostApplicationLifetime lifetime) : MeetingActivity<MeetingSnapshot, bool>(lifetime)
{
    public const string Name = "LeadSpokeInMeeting";

    protected override async Task<bool> RunAsync(MeetingSnapshot input, CancellationToken ct)
    {
        var transcript = await interviews.TranscriptAsync(input.WorkspaceId, input.Meeting.Id, ct);
        return transcript.Any(line => line.Speaker == TranscriptSpeakers.Lead && !string.IsNullOrWhiteSpace(line.Text));
    }
}

/// <summary>
/// After the completion (<see cref="CompleteMeeting"/>: analysed, lead updated, summary emailed): the meeting becomes
/// <c>completed</c>. Returns the meeting's status; one no longer booked (a retried activity, a rep's correction) keeps its own.
/// </summary>
[DurableTask(Name)]
public sealed class FinishMeeting(MeetingStore meetings, IHostApplicationLifetime lifetime)
    : MeetingActivity<MeetingSnapshot, string>(lifetime)
{
    public const string Name = "FinishMeeting";

    protected override async Task<string> RunAsync(MeetingSnapshot input, CancellationToken ct)
    {
        var current = await meetings.GetAsync(input.WorkspaceId, input.Meeting.Id, ct)
            ?? throw new InvalidOperationException($"Meeting {input.Meeting.Id} no longer exists.");
        if (current.Status != MeetingStatus.Booked)
        {
            return current.Status;
        }

        var (_, meeting) = await meetings.ChangeStatusAsync(input.WorkspaceId, input.Meeting.Id, MeetingStatus.Completed, "interviewed", ct);
        return meeting?.Status ?? MeetingStatus.Completed;
    }
}

/// <summary>
/// Nobody answered either call (or nobody spoke in the room): the meeting becomes <c>no-show</c> (then
/// <see cref="NotifyMeetingNoShow"/> tells the sales team and emails the lead to reschedule). Returns the meeting's status.
/// </summary>
[DurableTask(Name)]
public sealed class MarkMeetingNoShow(MeetingStore meetings, IHostApplicationLifetime lifetime)
    : MarkMeeting(meetings, lifetime, MeetingStatus.NoShow, "no answer")
{
    public const string Name = "MarkMeetingNoShow";
}

/// <summary>
/// The lead opted out on the AI's meeting call: the meeting becomes <c>opted-out</c> (then <see cref="NotifyMeetingOptedOut"/>
/// tells the sales team). Returns the meeting's status; one no longer booked keeps its own.
/// </summary>
[DurableTask(Name)]
public sealed class MarkMeetingOptedOut(MeetingStore meetings, IHostApplicationLifetime lifetime)
    : MarkMeeting(meetings, lifetime, MeetingStatus.OptedOut, "the lead asked not to be called again")
{
    public const string Name = "MarkMeetingOptedOut";
}

/// <summary>
/// Base of the activities that end a meeting that was not held: the meeting moves to <paramref name="status"/> for
/// <paramref name="reason"/>. Returns the meeting's status after the change (its own, when it was no longer booked).
/// </summary>
public abstract class MarkMeeting(MeetingStore meetings, IHostApplicationLifetime lifetime, string status, string reason)
    : MeetingActivity<MeetingSnapshot, string>(lifetime)
{
    protected sealed override async Task<string> RunAsync(MeetingSnapshot input, CancellationToken ct)
    {
        var (_, meeting) = await meetings.ChangeStatusAsync(input.WorkspaceId, input.Meeting.Id, status, reason, ct);
        return meeting?.Status ?? status;
    }
}
